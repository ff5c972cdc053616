"""One error model: every user error derives from UserError, and explain() alone tells them from bugs."""

from __future__ import annotations

import argparse
import logging
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import insert, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.exc import OperationalError as SAOperationalError

from organizer import errors
from organizer.cli.main import EXIT_BAD_INPUT, EXIT_BUG, run
from organizer.domain.errors import InvalidValue
from organizer.domain.phones import normalize_phone
from organizer.errors import DatabaseProblem, NotFound, UserError, ValidationFailed, explain
from organizer.files.reading.errors import FileProblem
from organizer.logs import log_file, setup_logging
from organizer.progress import NEVER, Cancelled, CancelToken, NeverCancelled
from organizer.storage.models import PhoneNumber, Setting
from organizer.storage.opening import open_database


@pytest.mark.parametrize(
    "exc",
    [
        InvalidValue("not a phone number"),
        FileProblem("This file is empty."),
        Cancelled(),
        DatabaseProblem("The disk is full."),
        ValidationFailed({"email": "missing @"}),
        NotFound("There is no person 7."),
    ],
    ids=lambda e: type(e).__name__,
)
def test_every_user_error_derives_from_the_one_base(exc: Exception) -> None:
    assert isinstance(exc, UserError)
    assert explain(exc) == errors.Explained(True, str(exc))


def test_invalid_value_is_still_a_value_error() -> None:
    with pytest.raises(ValueError, match="has letters") as info:
        normalize_phone("call me", "US")
    assert isinstance(info.value, UserError)


def test_a_user_error_is_told_on_one_line() -> None:
    assert explain(UserError("The file\nis locked:\n\tclose it.")).message == "The file is locked: close it."


@pytest.mark.parametrize("exc", [ValueError("bug"), KeyError("x"), RuntimeError(), OSError(28, "No space")])
def test_anything_else_is_a_bug_that_points_at_the_log(exc: Exception) -> None:
    explained = explain(exc)
    assert explained.user_error is False
    assert explained.message.startswith("Something went wrong")
    assert str(log_file()) in explained.message and "report" in explained.message


# --- cancel tokens -----------------------------------------------------------------------------

def test_never_cannot_be_cancelled_by_anyone() -> None:
    assert type(NEVER) is NeverCancelled and type(NEVER) is not CancelToken
    with pytest.raises(TypeError):
        NEVER.cancel()
    NEVER._event.set()  # even reaching inside does not change it
    try:
        assert NEVER.cancelled is False
        NEVER.raise_if_cancelled()
    finally:
        NEVER._event.clear()


def test_a_token_of_its_own_still_cancels() -> None:
    token = CancelToken()
    token.raise_if_cancelled()
    token.cancel()
    assert token.cancelled
    with pytest.raises(Cancelled):
        token.raise_if_cancelled()


# --- SQLite conditions, by result code ---------------------------------------------------------

def real_error(tmp_path: Path, condition: str) -> sqlite3.Error:
    """Make SQLite itself fail in the named way and return the driver's exception."""
    db = tmp_path / "x.db"
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("CREATE TABLE t (v TEXT)")
    try:
        if condition == "busy":
            con.execute("BEGIN IMMEDIATE")
            other = sqlite3.connect(db, timeout=0, isolation_level=None)
            other.execute("BEGIN IMMEDIATE")
        elif condition == "read-only":
            ro = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
            ro.execute("INSERT INTO t VALUES ('x')")
        elif condition == "full":
            con.execute("PRAGMA max_page_count = 2")
            con.execute("INSERT INTO t VALUES (?)", ("x" * 100_000,))
        elif condition == "can't open":
            sqlite3.connect(tmp_path / "no such folder" / "x.db")
        elif condition == "not a database":
            junk = tmp_path / "junk.db"
            junk.write_bytes(b"this is not a database at all" * 100)
            sqlite3.connect(junk).execute("SELECT * FROM sqlite_master")
        elif condition == "constraint":
            con.execute("CREATE TABLE u (v TEXT UNIQUE)")
            con.execute("INSERT INTO u VALUES ('a')")
            con.execute("INSERT INTO u VALUES ('a')")
    except sqlite3.Error as exc:
        return exc
    finally:
        con.close()
    raise AssertionError(f"SQLite did not fail with {condition}")


@pytest.mark.parametrize(
    ("condition", "words"),
    [
        ("busy", "Close it"),
        ("read-only", "read-only: copy it"),
        ("full", "free some disk space"),
        ("can't open", "cannot be opened"),
        ("not a database", "restore a backup"),
    ],
)
def test_known_sqlite_conditions_become_plain_problems(tmp_path: Path, condition: str, words: str) -> None:
    exc = real_error(tmp_path, condition)
    wrapped = SAOperationalError("INSERT INTO t VALUES (?)", ("secret",), exc)  # as SQLAlchemy raises it
    for raised in (exc, wrapped):
        explained = explain(raised)
        assert explained.user_error, condition
        assert words in explained.message
        assert "secret" not in explained.message


def test_a_damaged_file_points_at_its_backups_folder(tmp_path: Path) -> None:
    exc = sqlite3.DatabaseError("database disk image is malformed")
    exc.sqlite_errorcode = 11  # SQLITE_CORRUPT
    problem = errors.database_problem(exc, tmp_path / "backups")
    assert problem is not None and f"restore a backup from {tmp_path / 'backups'}" in str(problem)


def test_extended_codes_are_read_by_their_primary_code() -> None:
    exc = sqlite3.OperationalError("cannot start a read transaction")
    exc.sqlite_errorcode = 517  # SQLITE_BUSY_SNAPSHOT
    assert "busy" in explain(exc).message


def test_translation_goes_by_code_not_by_message_text() -> None:
    exc = sqlite3.OperationalError("database is locked and the disk is full and read-only")
    exc.sqlite_errorcode = 1  # SQLITE_ERROR: a bug, whatever the text says
    assert explain(exc).user_error is False
    assert explain(sqlite3.OperationalError("database is locked")).user_error is False  # no code at all


def test_other_sqlite_errors_are_bugs(tmp_path: Path) -> None:
    exc = real_error(tmp_path, "constraint")
    assert explain(exc).user_error is False
    assert explain(IntegrityError("INSERT", {}, exc)).user_error is False


# --- a bug's log line never carries personal data ----------------------------------------------

PHONE, EXTENSION = "+19195550143", "0143"


def failing_phone_insert(_args: argparse.Namespace, db_path: Path) -> int:
    db = open_database(db_path)
    try:
        with db.write() as session:  # person 999999 does not exist: the foreign key fails
            session.execute(insert(PhoneNumber).values(person_id=999_999, number=PHONE, extension=EXTENSION))
    finally:
        db.close()
    return 0


def test_a_bug_is_logged_with_its_traceback_but_without_parameter_values(
        db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    setup_logging()
    args = argparse.Namespace(db=str(db_path), command="phones", handler=failing_phone_insert)
    assert run(args) == EXIT_BUG
    for handler in logging.getLogger().handlers:
        handler.flush()
    logged = log_file().read_text(encoding="utf-8")
    tail = logged[logged.rindex("Unexpected error in command phones"):]
    assert "Traceback" in tail and "IntegrityError" in tail and "foreign key" in tail.lower()
    assert "5550143" not in tail and EXTENSION not in tail
    err = capsys.readouterr().err
    assert err.startswith("error: Something went wrong") and str(log_file()) in err and err.count("\n") == 1


def test_a_file_problem_is_bad_input_in_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    def unreadable(_args: argparse.Namespace, _db: Path) -> int:
        raise FileProblem("This file is empty.")

    assert run(argparse.Namespace(db=None, command="x", handler=unreadable)) == EXIT_BAD_INPUT
    assert capsys.readouterr().err == "error: This file is empty.\n"


@pytest.mark.sqlite_only  # SQLite's page limit stands in for a full disk
def test_a_full_disk_during_a_write_is_a_plain_problem(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        with pytest.raises(DatabaseProblem, match="free some disk space"), db.write() as session:
            pages = session.execute(text("PRAGMA page_count")).scalar_one()
            session.execute(text(f"PRAGMA max_page_count = {pages}"))  # the "disk" holds no more pages
            session.execute(insert(Setting).values(key="padding", value="x" * 1_000_000))
    finally:
        db.close()
