"""Every bad argument is one `error:` line and exit 2: never "something went wrong", never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from organizer.cli import main
from tests.service.importing_helpers import write_csv


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse's own exit
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_error_line(code: int, err: str) -> None:
    assert code == 2, err
    assert err.startswith("error:") and err.count("\n") == 1, err
    assert "Traceback" not in err and "went wrong" not in err, err
    assert err.isprintable() or err[:-1].isprintable(), err


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "c.db")
    assert run(capsys, "--db", path, "init", "--chapter", "Riverside")[0] == 0
    write_csv(tmp_path / "p.csv", [["Name", "Email"], ["Ana Silva", "ana@example.org"]])
    return path


BAD = [
    ("import", "undo", "99999999999999999999999"),
    ("import", "undo", "-99999999999999999999999"),
    ("import", "undo", "0"),
    ("import", "undo", "-1"),
    ("import", "undo", "1e3"),
    ("import", "people", "{tmp}/p.csv", "--encoding", "nope"),
    ("import", "people", "{tmp}/p.csv", "--encoding", "hex"),
    ("import", "people", "{tmp}/p.csv", "--encoding", "rot13"),
    ("import", "people", "{tmp}/p.csv", "--encoding", ""),
    ("import", "people", "{tmp}/p.csv", "--header-row", "99999999999999999999999"),
    ("import", "people", "{tmp}/p.csv", "--sheet", "--dry-run"),
    ("import", "people", "--json"),
    ("people", "add", "--given", "--family", "Silva"),
    ("people", "list", "--search", "--json"),
    ("people", "export", "--json"),
    ("people", "add", "--given", "Ana\udcff"),
    ("people", "list", "--search", "\udcff"),
    ("import", "people", "{tmp}/p\udcff.csv"),
    ("--db", "{tmp}/\udcff.db", "stats"),
    ("people", "list", "--search", "a" * 1_000_000),
    ("people", "list", "--json", "--search", " ".join(["ab"] * 500_000)),
    ("people", "export", "{tmp}/out.csv", "--search", "x" * 1_000_000),
    ("\x1b[31mred",),
    ("people", "list", "--bogus\x1b]0;title\x07"),
]


@pytest.mark.parametrize("args", BAD, ids=lambda a: " ".join(a)[:60].encode("unicode_escape").decode())
def test_a_bad_argument_is_one_error_line(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         args: tuple[str, ...]) -> None:
    filled = [a.replace("{tmp}", str(tmp_path)) for a in args]
    if filled[0] != "--db":
        filled = ["--db", db, *filled]
    code, out, err = run(capsys, *filled)
    assert_one_error_line(code, err)
    assert out == ""


def test_an_id_that_fits_is_still_looked_up(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "--db", db, "import", "undo", str(2**31 - 1))
    assert_one_error_line(code, err)
    assert "no import" in err
    for command in (("import", "undo"), ("event", "show"), ("petition", "show")):  # past what a server's ids hold
        code, _out, err = run(capsys, "--db", db, *command, str(2**31))
        assert_one_error_line(code, err)
        assert "there is no record with id '2147483648'" in err


def test_bytes_that_are_not_text_in_a_real_argv(db: str, tmp_path: Path) -> None:
    organizer = Path(sys.executable).with_name("organizer")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    for argv in ([b"people", b"add", b"--given", b"Ana\xff"], [b"people", b"list", b"--search", b"\xc3\x28"]):
        done = subprocess.run([os.fsencode(organizer), b"--db", os.fsencode(db), *argv], capture_output=True,
                              env=env, check=False, timeout=120)
        err = done.stderr.decode()
        assert done.returncode == 2 and err.startswith("error:") and err.count("\n") == 1, err
        assert "not text" in err


def test_text_output_escapes_what_a_terminal_would_act_on(db: str, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--db", db, "people", "add", "--given", "\u202eevil", "--family", "Ana\u2066x")[0] == 0
    code, out, _ = run(capsys, "--db", db, "people", "list")
    assert code == 0 and all(line.replace("\t", "").isprintable() for line in out.splitlines())
    assert "\\u202e" in out
    code, out, _ = run(capsys, "--db", db, "people", "list", "--json")
    assert code == 0 and out.strip().isprintable()
    assert json.loads(out)[0]["given_name"] == "\u202eevil"
    filler = [[f"P{i}", f"p{i}@example.org", ""] for i in range(20)]
    path = write_csv(tmp_path / "evil\x1b[2J.csv", [["Name", "Email", "Notes"],
                                                     ["Bo\x1b[31m Li", "bo@example.org", "x\x07"], *filler])
    code, out, err = run(capsys, "--db", db, "import", "people", str(path), "--dry-run")
    assert code == 0, err
    assert "control characters" in out
    assert all(line.isprintable() for line in out.splitlines()), out
    code, out, _ = run(capsys, "--db", db, "import", "people", str(path), "--dry-run", "--json")
    assert code == 0 and out.strip().isprintable()
    assert {w["value"] for w in json.loads(out)["warnings"]} == {"Bo\x1b[31m Li", "x\x07"}


def test_an_empty_database_name_never_stands_for_the_default(capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    code, _out, err = run(capsys, "--db", "", "stats")
    assert_one_error_line(code, err)
    assert "--db is empty" in err
    monkeypatch.setenv("ORGANIZER_DB", "  ")
    code, _out, err = run(capsys, "stats")
    assert_one_error_line(code, err)
    assert "ORGANIZER_DB is set but empty" in err


@pytest.mark.parametrize("args", [
    ("event", "create", "--title", "T", "--type", "meeting", "--start", "9999-12-31 23:59", "--tz", "America/New_York"),
    ("event", "create", "--title", "T", "--type", "meeting", "--start", "0001-01-01 10:00"),
    ("prospect", "reminders", "--days", "3000000"),
    ("prospect", "reminders", "--days", "-5"),
])
def test_out_of_range_dates_and_days_are_one_error_line(capsys: pytest.CaptureFixture[str], db: str,
                                                        args: tuple[str, ...]) -> None:
    code, _out, err = run(capsys, "--db", db, *args)
    assert_one_error_line(code, err)
