"""A bug in the reading child reaches the log with its traceback (no cell values), not a "re-save the file" line."""

from __future__ import annotations

import logging
import shutil
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pytest

from organizer.cli import main
from organizer.files.reading import FileProblem, ReaderBug, inspect_file, iter_rows, read_workbook, sandbox
from organizer.logs import log_file
from organizer.services.importing import prepare_child

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CELL_VALUES = ("Ana", "Núñez", "9195550101", "ana@example.org")


def _break_row_texts() -> None:
    """Run in the child: make the program's own cell conversion fail on the first row."""
    from organizer.files.reading import worker

    def broken_row_texts(values: list[object], offset: int = 0) -> list[str]:
        raise ValueError(f"cannot convert {values!r}")

    worker.row_texts = broken_row_texts


def broken_reader(conn: Connection, request: dict[str, Any]) -> None:
    """The workbook reader's child, with a bug injected."""
    from organizer.files.reading import worker

    _break_row_texts()
    worker.child_main(conn, request)


def broken_preparer(conn: Connection, request: dict[str, Any]) -> None:
    """A people import's reading-and-cleaning child, with a bug injected."""
    _break_row_texts()
    prepare_child.prepare_main(conn, request)


def assert_logged_without_values(caplog: pytest.LogCaptureFixture) -> None:
    text = caplog.text
    assert "The file-reading process failed" in text
    assert "broken_row_texts" in text and "ValueError" in text  # the traceback, and what was raised
    assert not any(value in text for value in CELL_VALUES)


def test_a_bug_in_the_reader_child_is_logged_and_not_blamed_on_the_file(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(sandbox, "child_main", broken_reader)
    source = inspect_file(FIXTURES / "signin_libreoffice.xlsx")
    with caplog.at_level(logging.ERROR), pytest.raises(ReaderBug) as info:
        list(iter_rows(source))
    assert not isinstance(info.value, FileProblem)
    assert_logged_without_values(caplog)


def test_a_bug_while_reading_every_sheet_is_logged(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(sandbox, "child_main", broken_reader)
    with caplog.at_level(logging.ERROR), pytest.raises(ReaderBug):
        read_workbook(FIXTURES / "multisheet_libreoffice.ods")
    assert_logged_without_values(caplog)


def test_a_damaged_file_is_still_the_files_fault(tmp_path: Path) -> None:
    """The parser's own errors stay FileProblem (the control for the tests above)."""
    path = tmp_path / "cut.xls"
    path.write_bytes((FIXTURES / "signin_libreoffice.xls").read_bytes()[:3000])
    with pytest.raises(FileProblem):
        list(iter_rows(inspect_file(path)))


def test_cli_import_with_a_child_bug_says_something_went_wrong(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
        capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "c.db")
    assert main(["--db", db, "init", "--chapter", "Riverside"]) == 0
    shutil.copy(FIXTURES / "signin_libreoffice.xlsx", tmp_path / "signin.xlsx")
    monkeypatch.setattr(prepare_child, "prepare_main", broken_preparer)
    capsys.readouterr()
    with caplog.at_level(logging.ERROR):
        code = main(["--db", db, "import", "people", str(tmp_path / "signin.xlsx")])
    err = capsys.readouterr().err
    assert code == 1
    assert err.lower().startswith("error: something went wrong") and str(log_file()) in err and err.count("\n") == 1
    assert "re-save" not in err and "save it" not in err
    assert_logged_without_values(caplog)
    monkeypatch.undo()
    assert main(["--db", db, "people", "list", "--json"]) == 0
    assert capsys.readouterr().out.strip() == "[]"  # nothing was written
