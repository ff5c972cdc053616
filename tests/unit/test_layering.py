"""The core never imports Qt or the UI; storage never imports services; domain imports neither."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "organizer"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module":
            names.update(a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str))
    return names


def core_files() -> list[Path]:
    return sorted(CORE.rglob("*.py"))


@pytest.mark.parametrize("path", core_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_core_never_imports_qt_or_ui(path: Path) -> None:
    bad = {m for m in imported_modules(path) if m.split(".")[0] in {"PySide6", "PyQt5", "PyQt6", "ui", "qtawesome", "superqt"}}
    assert not bad, f"{path} imports {bad}"


@pytest.mark.parametrize("path", sorted((CORE / "storage").rglob("*.py")), ids=lambda p: p.name)
def test_storage_never_imports_services(path: Path) -> None:
    bad = {m for m in imported_modules(path) if m.startswith(("organizer.services", "organizer.cli", "organizer.services.importing"))}
    assert not bad, f"{path} imports {bad}"


@pytest.mark.parametrize("path", sorted((CORE / "domain").rglob("*.py")), ids=lambda p: p.name)
def test_domain_imports_no_other_layer(path: Path) -> None:
    # organizer.errors is the one error model every layer shares, the domain rules included.
    allowed = ("organizer.domain", "organizer.errors")
    bad = {m for m in imported_modules(path) if m.startswith("organizer.") and not m.startswith(allowed)}
    bad |= {m for m in imported_modules(path) if m.split(".")[0] in {"sqlalchemy", "alembic"}}
    assert not bad, f"{path} imports {bad}"


def test_the_check_sees_a_qt_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from PySide6.QtCore import QObject\nimport ui.app\n")
    assert {"PySide6.QtCore", "ui.app"} <= imported_modules(sample)
