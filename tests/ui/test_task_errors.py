"""A background job's user error shows its one line; a bug is logged once and shows where the log is."""

from __future__ import annotations

import logging
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy.exc import OperationalError

import ui.app
from organizer.errors import BUSY, ValidationFailed
from organizer.logs import log_file
from organizer.progress import CancelToken, Progress
from ui.shared import widgets
from ui.shared.tasks import failure_text, run_in_background


def busy_error(tmp_path: Path) -> OperationalError:
    db = tmp_path / "busy.db"
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        sqlite3.connect(db, timeout=0, isolation_level=None).execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        return OperationalError("BEGIN IMMEDIATE", None, exc)
    finally:
        holder.close()
    raise AssertionError("the database was not busy")


def run_failing(qtbot: QtBot, error: BaseException) -> tuple[QLabel, list[BaseException]]:
    """Run a job that raises `error`; the screen's on_error shows the failure in a label."""
    label = QLabel()
    qtbot.addWidget(label)
    received: list[BaseException] = []

    def on_error(exc: BaseException) -> None:
        received.append(exc)
        label.setText(failure_text(exc))

    def job(_p: Progress, _c: CancelToken) -> None:
        raise error

    handle = run_in_background(label, job, lambda _v: None, on_error)
    with qtbot.waitSignal(handle.finished, timeout=10_000):
        pass
    return label, received


def task_log(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "ui.shared.tasks"]


def test_a_user_error_shows_its_line_and_is_not_logged(qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    error = ValidationFailed({"email": "missing @"})
    label, received = run_failing(qtbot, error)
    assert received == [error]
    assert label.text() == "email: missing @"
    assert task_log(caplog) == []


def test_a_database_condition_shows_what_to_do(qtbot: QtBot, tmp_path: Path,
                                               caplog: pytest.LogCaptureFixture) -> None:
    label, _ = run_failing(qtbot, busy_error(tmp_path))
    assert label.text() == BUSY
    assert task_log(caplog) == []


def test_a_bug_is_logged_once_and_shows_where_the_log_is(qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    error = KeyError("no such column")
    label, received = run_failing(qtbot, error)
    assert received == [error]
    assert label.text().startswith("Something went wrong") and str(log_file()) in label.text()
    [record] = task_log(caplog)
    assert record.exc_info is not None and record.exc_info[1] is error


def test_the_excepthook_tells_user_errors_from_bugs(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    shown: list[Any] = []
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    monkeypatch.setattr(ui.app.QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    monkeypatch.setattr(ui.app, "show_bug_dialog", lambda _parent: shown.append("bug dialog"))
    ui.app.install_excepthook()
    error = ValidationFailed({"chapter": "The chapter needs a name."})
    sys.excepthook(type(error), error, None)
    assert shown == ["chapter: The chapter needs a name."]
    assert not [r for r in caplog.records if r.name == "ui.app"]
    bug = RuntimeError("bug")
    sys.excepthook(type(bug), bug, None)
    assert shown[-1] == "bug dialog"
    assert [r.levelname for r in caplog.records if r.name == "ui.app"] == ["CRITICAL"]


def test_show_problem_uses_the_one_decision(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(widgets.QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    monkeypatch.setattr(widgets, "show_bug_dialog", lambda _parent: shown.append("bug dialog"))
    widgets.show_problem(None, busy_error(tmp_path))
    widgets.show_problem(None, ValueError("bug"))
    assert shown == [BUSY, "bug dialog"]


def test_a_form_problem_names_its_field_in_words(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(widgets.QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    widgets.show_problem(None, ValidationFailed({"election_date": "'2027-02-30' is not a date",
                                                 "title": "A petition needs a title."}))
    assert shown == ["Election date: '2027-02-30' is not a date\nTitle: A petition needs a title."]
