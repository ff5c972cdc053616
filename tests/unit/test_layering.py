"""The layers point one way: ui -> services -> storage -> domain, files beside storage, launcher on top.

Every .py file of organizer/, ui/ and launcher/ is read with `ast` (relative imports resolved, imports
inside functions and TYPE_CHECKING blocks counted), and each package may import only what lies below it:

    launcher/            the only place that knows both organizer.cli and ui
    ui/                  organizer.services.* (not its importing internals), domain, errors, progress...
    organizer.cli        never ui or Qt
    organizer.services   never organizer.cli or ui
    organizer.storage    never services, cli or files
    organizer.files      never storage, services or cli (it knows no database)
    organizer.domain     only organizer.domain and organizer.errors
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("organizer", "ui", "launcher")
QT = {"PySide6", "PyQt5", "PyQt6", "shiboken6", "qtawesome", "superqt", "ui"}

# What the desktop app may use of the core: the services and the small public modules beneath them.
UI_MAY_IMPORT = ("organizer.services", "organizer.domain", "organizer.errors", "organizer.progress",
                 "organizer.paths", "organizer.logs")
UI_MAY_NOT_IMPORT = ("organizer.services.importing", "organizer.storage", "organizer.files", "organizer.cli")

# Known breaks of the ui rule while one is being removed (none left): an entry names the file and the
# modules it may still import; test_allowed_breaks_are_still_needed fails once an entry is no longer
# needed, so the list only ever shrinks. Never add an entry to make new code pass.
UI_ALLOWED_BREAKS: dict[str, set[str]] = {}
# Names that mean the desktop app holds the database itself rather than asking a service.
UI_FORBIDDEN_NAMES = {"Database", "Session", "sessionmaker", "Engine", "create_engine", "sqlite3"}
UI_FORBIDDEN_ATTRIBUTES = {"db", "engine", "session"}


def module_name(path: Path) -> str:
    """`organizer.services.people` for organizer/services/people.py (a package is its __init__)."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, module: str | None = None) -> set[str]:
    """Every module a file imports, relative imports made absolute."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module = module if module is not None else module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            names.add(base)
            if node.module is None:  # `from . import errors`: the names are modules
                names.update(f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in {
            "import_module", "__import__",
        }:
            names.update(a.value for a in node.args[:1] if isinstance(a, ast.Constant) and isinstance(a.value, str))
    return names


def files(*packages: str) -> list[Path]:
    return sorted(p for package in packages for p in (ROOT / package).rglob("*.py"))


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def under(module: str, *prefixes: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def breaks(path: Path, forbidden: tuple[str, ...]) -> set[str]:
    return {m for m in imported_modules(path) if under(m, *forbidden)}


def ids(path: Path) -> str:
    return rel(path)


# The core ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", files("organizer"), ids=ids)
def test_core_never_imports_qt_or_ui(path: Path) -> None:
    bad = {m for m in imported_modules(path) if m.split(".")[0] in QT}
    assert not bad, f"{rel(path)} imports {bad}"


@pytest.mark.parametrize("path", files("organizer/cli"), ids=ids)
def test_cli_never_imports_ui_or_qt(path: Path) -> None:
    bad = {m for m in imported_modules(path) if m.split(".")[0] in QT}
    assert not bad, f"{rel(path)} imports {bad}"


@pytest.mark.parametrize("path", files("organizer/services"), ids=ids)
def test_services_never_import_cli_or_ui(path: Path) -> None:
    bad = breaks(path, ("organizer.cli", "ui", "launcher"))
    assert not bad, f"{rel(path)} imports {bad}"


@pytest.mark.parametrize("path", files("organizer/storage"), ids=ids)
def test_storage_never_imports_services_cli_or_files(path: Path) -> None:
    bad = breaks(path, ("organizer.services", "organizer.cli", "organizer.files"))
    assert not bad, f"{rel(path)} imports {bad}"


@pytest.mark.parametrize("path", files("organizer/files"), ids=ids)
def test_files_know_no_database(path: Path) -> None:
    bad = breaks(path, ("organizer.storage", "organizer.services", "organizer.cli"))
    bad |= {m for m in imported_modules(path) if m.split(".")[0] in {"sqlalchemy", "alembic", "sqlite3"}}
    assert not bad, f"{rel(path)} imports {bad}"


@pytest.mark.parametrize("path", files("organizer/domain"), ids=ids)
def test_domain_imports_only_domain_and_errors(path: Path) -> None:
    modules = imported_modules(path)
    bad = {m for m in modules if under(m, "organizer") and not under(m, "organizer.domain", "organizer.errors")}
    bad |= {m for m in modules if m.split(".")[0] in {"sqlalchemy", "alembic", "sqlite3"}}
    assert not bad, f"{rel(path)} imports {bad}"


BOTTOM = ("organizer.errors", "organizer.progress", "organizer.paths", "organizer.logs")


@pytest.mark.parametrize("name", ["errors.py", "progress.py", "paths.py", "logs.py"])
def test_the_bottom_modules_stay_at_the_bottom(name: str) -> None:
    """errors, progress, paths and logs sit below every layer (the domain may import errors): they
    import only one another."""
    bad = {m for m in imported_modules(ROOT / "organizer" / name) if under(m, "organizer") and not under(m, *BOTTOM)}
    assert not bad, f"organizer/{name} imports {bad}"


# The desktop app -----------------------------------------------------------------------------------

@pytest.mark.parametrize("path", files("ui"), ids=ids)
def test_ui_uses_only_the_public_core(path: Path) -> None:
    modules = {m for m in imported_modules(path) if under(m, "organizer")}
    allowed = UI_ALLOWED_BREAKS.get(rel(path), set())
    bad = {m for m in modules if under(m, *UI_MAY_NOT_IMPORT) or not under(m, *UI_MAY_IMPORT)} - allowed
    assert not bad, f"{rel(path)} imports {bad}: ask a service for what it needs instead"


@pytest.mark.parametrize("path", files("ui"), ids=ids)
def test_ui_never_holds_the_database(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = {f"line {n.lineno}: {n.id}" for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id in UI_FORBIDDEN_NAMES}
    bad |= {f"line {n.lineno}: .{n.attr}" for n in ast.walk(tree)
            if isinstance(n, ast.Attribute) and n.attr in UI_FORBIDDEN_ATTRIBUTES}
    assert not bad, f"{rel(path)} reaches for the database: {sorted(bad)}"


def test_allowed_breaks_are_still_needed() -> None:
    """An entry whose file no longer breaks the rule (or is gone) must be removed."""
    stale = {}
    for name, modules in UI_ALLOWED_BREAKS.items():
        path = ROOT / name
        used = imported_modules(path) if path.exists() else set()
        if not modules & used:
            stale[name] = modules
        elif modules - used:
            stale[name] = modules - used
    assert not stale, f"remove these from UI_ALLOWED_BREAKS: {stale}"


# The launcher ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", files(*PACKAGES), ids=ids)
def test_only_the_launcher_knows_both_the_command_line_and_the_app(path: Path) -> None:
    modules = imported_modules(path)
    both = any(under(m, "organizer.cli") for m in modules) and any(m.split(".")[0] in QT for m in modules)
    assert not both or rel(path).startswith("launcher/"), f"{rel(path)} imports both organizer.cli and ui"


@pytest.mark.parametrize("path", files("ui"), ids=ids)
def test_ui_never_imports_the_cli_or_the_launcher(path: Path) -> None:
    bad = breaks(path, ("organizer.cli", "launcher"))
    assert not bad, f"{rel(path)} imports {bad}"


def test_the_launcher_knows_both() -> None:
    modules = imported_modules(ROOT / "launcher" / "__init__.py")
    assert any(under(m, "organizer.cli") for m in modules) and any(under(m, "ui") for m in modules)


# The check itself --------------------------------------------------------------------------------------

def test_the_check_sees_every_kind_of_import(tmp_path: Path) -> None:
    package = tmp_path / "organizer" / "services"
    package.mkdir(parents=True)
    sample = package / "sample.py"
    sample.write_text(
        "from typing import TYPE_CHECKING\n"
        "from PySide6.QtCore import QObject\nimport ui.app\n"
        "from . import people\nfrom ..storage.models import Person\nfrom .importing.report import RowIssue\n"
        "if TYPE_CHECKING:\n    from organizer.cli import main\n"
        "def later():\n    import importlib\n    importlib.import_module('organizer.files.reading')\n"
    )
    found = imported_modules(sample, "organizer.services.sample")
    assert {"PySide6.QtCore", "ui.app", "organizer.services.people", "organizer.storage.models",
            "organizer.services.importing.report", "organizer.cli", "organizer.files.reading"} <= found


def test_the_ui_rule_refuses_internals_and_unknown_core_modules() -> None:
    def refused(module: str) -> bool:
        return under(module, *UI_MAY_NOT_IMPORT) or not under(module, *UI_MAY_IMPORT)

    assert refused("organizer.storage.database")
    assert refused("organizer.services.importing.report")
    assert refused("organizer.files.reading")
    assert refused("organizer.newthing")
    assert not refused("organizer.services.people")
    assert not refused("organizer.services.importing_kinds")  # a sibling module, not the package
    assert not refused("organizer.domain.codes")
