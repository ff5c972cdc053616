"""Personal data never in the log: a session full of forced failures, then the log is searched for every value."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pytest

from organizer.cli import main
from organizer.logs import PrivateFormatter, log_file
from organizer.services import person_input
from organizer.services.importing import prepare_child
from tests.service.importing_helpers import write_csv, write_xlsx

GIVEN, FAMILY, EMAIL, PHONE = "Zebulon", "Quillfeather", "zeb.quill@privacy-probe.org", "919-555-0199"
GIVEN2, FAMILY2, EMAIL2, PHONE2 = "Marisol", "Okonkwo-Vance", "mokv@privacy-probe.org", "(984) 555-0142"
SECRETS = (GIVEN, FAMILY, "zeb.quill", "privacy-probe", GIVEN2, "Okonkwo", "mokv",
           "555-0199", "5550199", "555 0199", "555-0142", "5550142", "555 0142")
ROWS = [["First Name", "Last Name", "Email", "Phone"], [GIVEN, FAMILY, EMAIL, PHONE], [GIVEN2, FAMILY2, EMAIL2, PHONE2]]


def broken_preparer(conn: Connection, request: dict[str, Any]) -> None:
    """A people import's reading child whose cell conversion fails, quoting the cells it was given."""
    from organizer.files.reading import worker

    def broken_row_texts(values: list[object], offset: int = 0) -> list[str]:
        raise ValueError(f"cannot convert {values!r}")

    worker.row_texts = broken_row_texts
    prepare_child.prepare_main(conn, request)


@pytest.fixture
def everything_logged(tmp_path: Path) -> Iterator[Path]:
    """Every log record at every level, written as the app's log writes them, to a file of its own."""
    path = tmp_path / "all.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(PrivateFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    yield path
    root.removeHandler(handler)
    handler.close()
    root.setLevel(level)


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = int(exc.code or 0)
    logging.getLogger().setLevel(logging.DEBUG)  # after main() set up the app's own log
    return code, capsys.readouterr().err


def test_a_session_of_failures_logs_no_name_email_or_phone(tmp_path: Path, everything_logged: Path,
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "c.db")
    assert cli(capsys, "--db", db, "init", "--chapter", "Riverside")[0] == 0
    before = log_file().read_text(encoding="utf-8") if log_file().exists() else ""
    add = ("people", "add", "--given", GIVEN, "--family", FAMILY, "--phone", PHONE)
    codes = [
        cli(capsys, "--db", db, *add, "--email", EMAIL)[0],  # fine
        cli(capsys, "--db", db, *add, "--email", "zeb.quill@@privacy-probe.org")[0],  # a failed validation
        cli(capsys, "--db", db, "people", "list", "--search", FAMILY * 400)[0],  # a search too long
    ]
    bad_csv = tmp_path / "bad.csv"
    bad_csv.write_text("Name,Email\n" + f'"{GIVEN} {FAMILY},{EMAIL}\n' * 3, encoding="utf-8")  # a quote never closed
    fake_xlsx = tmp_path / "fake.xlsx"
    fake_xlsx.write_bytes(b"PK\x03\x04" + f"{GIVEN} {FAMILY} {EMAIL} {PHONE}".encode() * 50)
    good_csv = write_csv(tmp_path / "good.csv", ROWS)
    good_xlsx = write_xlsx(tmp_path / "good.xlsx", list(map(list, ROWS)))
    codes += [cli(capsys, "--db", db, "import", "people", str(p))[0] for p in (bad_csv, fake_xlsx)]  # bad files
    with monkeypatch.context() as patched:  # a bug in the reading child process
        patched.setattr(prepare_child, "prepare_main", broken_preparer)
        codes.append(cli(capsys, "--db", db, "import", "people", str(good_xlsx))[0])
    with monkeypatch.context() as patched:  # a bug whose message quotes the value it choked on
        def choke(value: str) -> str:
            raise ValueError(f"cannot handle {value!r}")
        patched.setattr(person_input, "normalize_email", choke)
        codes.append(cli(capsys, "--db", db, "people", "add", "--given", GIVEN2, "--email", EMAIL2)[0])
    con = sqlite3.connect(db)  # a database error on every new person
    con.execute("CREATE TRIGGER refuse BEFORE INSERT ON people BEGIN SELECT RAISE(ABORT, 'refused'); END")
    con.commit()
    con.close()
    codes.append(cli(capsys, "--db", db, "people", "add", "--given", GIVEN2, "--family", FAMILY2,
                     "--email", EMAIL2, "--phone", PHONE2)[0])
    codes.append(cli(capsys, "--db", db, "import", "people", str(good_csv))[0])
    assert codes == [0, 2, 2, 2, 2, 1, 1, 1, 1], codes  # the failures happened, and the bugs were bugs

    app_log = log_file().read_text(encoding="utf-8")[len(before):]
    full_log = everything_logged.read_text(encoding="utf-8")
    assert "Traceback" in app_log and "ValueError" in app_log and "IntegrityError" in full_log  # bugs were logged
    for text in (app_log, full_log):
        leaked = [s for s in SECRETS if s.casefold() in text.casefold()]
        assert not leaked, (leaked, text[-3000:])


def test_a_database_error_keeps_its_statement_but_not_its_values() -> None:
    from organizer.logs import WITHHELD, private_traceback

    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE t (email TEXT UNIQUE)")
    con.execute("INSERT INTO t VALUES (?)", (EMAIL,))
    try:
        try:
            con.execute("INSERT INTO t VALUES (?)", (EMAIL,))
        except sqlite3.IntegrityError as exc:
            raise RuntimeError(f"could not store {EMAIL}") from exc
    except RuntimeError as exc:
        text = private_traceback(exc)
    assert "IntegrityError" in text and "RuntimeError" in text and "UNIQUE constraint failed: t.email" in text
    assert WITHHELD in text and EMAIL not in text.replace("{EMAIL}", "") and "test_log_privacy.py" in text
