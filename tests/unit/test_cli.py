"""The CLI contract: exit codes, one `error:` line, JSON shapes."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from organizer.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse's own exit for unknown commands
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_init_add_list_stats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "c.db")
    assert run(capsys, "--db", db, "init", "--chapter", "Riverside", "--region", "US")[0] == 0
    code, out, _ = run(capsys, "--db", db, "people", "add", "--given", "Ana", "--family", "Silva",
                       "--email", "ana@example.org", "--phone", "919 555 0101")
    assert code == 0 and len(out.strip()) == 36
    code, out, _ = run(capsys, "--db", db, "people", "list", "--json")
    [person] = json.loads(out)
    assert person["phones"] == ["+19195550101"] and person["emails"] == ["ana@example.org"]
    assert {"uuid", "given_name", "family_name", "postal_code", "tags", "custom_fields", "notes"} <= set(person)
    code, out, _ = run(capsys, "--db", db, "stats", "--json")
    assert json.loads(out)["people"] == 1


@pytest.mark.parametrize(
    "args",
    [
        ("init", "--chapter", "Again"),
        ("people", "add", "--given", "Ana", "--email", "not-an-email"),
        ("people", "add"),
        ("import", "people", "missing.csv"),
        ("import", "undo", "99"),
        ("import", "people", "{tmp}/empty.xlsx"),
        ("import", "people", "{tmp}/p.csv", "--map", "Nope=email"),
        ("nonsense",),
    ],
)
def test_bad_input_is_one_error_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                args: tuple[str, ...]) -> None:
    db = str(tmp_path / "c.db")
    run(capsys, "--db", db, "init", "--chapter", "Riverside")
    (tmp_path / "empty.xlsx").write_bytes(b"")
    (tmp_path / "p.csv").write_text("Email\nana@example.org\n")
    code, _out, err = run(capsys, "--db", db, *(a.replace("{tmp}", str(tmp_path)) for a in args))
    assert code == 2
    assert err.startswith("error:") and err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize(("table", "command"), [("people", ["stats"]), ("events", ["event", "list"]),
                                               ("email_addresses", ["people", "list"])])
def test_a_chapter_file_missing_a_table_is_damaged_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                              table: str, command: list[str]) -> None:
    path = str(tmp_path / "c.db")
    assert run(capsys, "--db", path, "init", "--chapter", "Riverside")[0] == 0
    assert run(capsys, "--db", path, "people", "add", "--given", "Ana", "--email", "ana@example.org")[0] == 0
    with closing(sqlite3.connect(path)) as con:
        con.execute(f"DROP TABLE {table}")
    code, _out, err = run(capsys, "--db", path, *command)
    assert code == 2 and err.count("\n") == 1 and "damaged" in err and "restore a backup" in err


@pytest.mark.parametrize("content", [b"", b"not a database" * 50, b"SQLite format 3\x00" + b"\x00" * 200])
def test_files_that_are_not_chapter_databases(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              content: bytes) -> None:
    path = tmp_path / "x.db"
    path.write_bytes(content)
    code, _out, err = run(capsys, "--db", str(path), "stats", "--json")
    assert code == 2 and "not a Chapter Organizer database" in err
    assert path.read_bytes() == content


def test_a_database_with_other_tables_is_refused_untouched(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (id INTEGER)")
    con.commit()
    con.close()
    before = path.read_bytes()
    code, _out, err = run(capsys, "--db", str(path), "people", "list", "--json")
    assert code == 2 and err.startswith("error:")
    assert path.read_bytes() == before


def test_a_read_only_database_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import os

    db = tmp_path / "c.db"
    run(capsys, "--db", str(db), "init", "--chapter", "Riverside")
    db.chmod(0o444)
    try:
        if os.access(db, os.W_OK):
            pytest.skip("running as a user who can write read-only files")
        code, _out, err = run(capsys, "--db", str(db), "stats")
        assert code == 2 and "read-only" in err
    finally:
        db.chmod(0o644)


def test_a_locked_database_gives_a_plain_message(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from organizer.storage import engine

    db = tmp_path / "c.db"
    run(capsys, "--db", str(db), "init", "--chapter", "Riverside")
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 100)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        code, _out, err = run(capsys, "--db", str(db), "people", "add", "--given", "Ana")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 2 and "busy" in err


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0 and "organizer" in capsys.readouterr().out


def test_an_import_of_one_row_says_one_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "c.db")
    run(capsys, "--db", db, "init", "--chapter", "Riverside", "--region", "US")
    one = tmp_path / "one.csv"
    one.write_text("Name,Email\nAna Silva,ana@example.org\n", encoding="utf-8")
    code, out, _ = run(capsys, "--db", db, "import", "people", str(one))
    assert code == 0 and "one.csv: 1 row — 1 created" in out
    code, out, _ = run(capsys, "--db", db, "import", "list")
    assert code == 0 and "1 row" in out and "1 rows" not in out
