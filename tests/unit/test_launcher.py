"""The console command runs commands without Qt; only the bare command starts the app."""

from __future__ import annotations

import json
import subprocess
import sys
import types
from pathlib import Path

import pytest

import launcher


def test_a_command_never_imports_qt(db_path: Path) -> None:
    # -X importtime lists every module the process imports, on stderr.
    script = "import sys, launcher; sys.exit(launcher.main())"
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", script, "--db", str(db_path), "stats", "--json"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout)["people"] == 0
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert {"launcher", "organizer.cli.main", "sqlalchemy"} <= imported  # the listing is real
    assert not {name for name in imported if name.split(".")[0] in {"PySide6", "shiboken6", "ui"}}


def test_the_launcher_alone_imports_nothing_of_the_app() -> None:
    # A child process the app spawns (the file reader) runs the launcher again as its main module.
    script = "import sys, launcher; print(sorted(m for m in sys.modules if m.split('.')[0] in ('organizer', 'ui')))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip() == "[]"


def test_a_bad_command_line_is_one_error_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = launcher.main(["--db", str(tmp_path / "missing.db"), "stats"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("error: There is no chapter database") and err.count("\n") == 1


def test_no_command_starts_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[str | None] = []
    fake = types.ModuleType("ui.app")
    fake.run_app = lambda db: started.append(db) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ui.app", fake)
    assert launcher.main(["--db", "c.db"]) == 0
    assert started == ["c.db"]


def test_ctrl_c_while_the_app_is_still_loading_is_one_line_not_a_traceback(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import organizer.logs

    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(organizer.logs, "setup_logging", interrupted)
    assert launcher.main(["stats"]) == 2
    assert capsys.readouterr().err == "error: interrupted: nothing was changed.\n"
