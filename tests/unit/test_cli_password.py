"""`import people|voters --password-env VAR`: the workbook's password from the environment, never the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from organizer.cli import main
from organizer.services.container import open_chapter
from organizer.services.imports import ImportOptions, SourceOptions

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PASSWORD = "Riverside-2024"  # tests/fixtures/make_encrypted_fixtures.py


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def chapter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    db = str(tmp_path / "c.db")
    assert run(capsys, "--db", db, "init", "--chapter", "Riverside")[0] == 0
    shutil.copy(FIXTURES / "encrypted_signin.xlsx", tmp_path / "signin.xlsx")
    shutil.copy(FIXTURES / "encrypted_libreoffice.xls", tmp_path / "signin.xls")
    return db


def nothing_written(capsys: pytest.CaptureFixture[str], db: str) -> bool:
    people = json.loads(run(capsys, "--db", db, "people", "list", "--json")[1])
    batches = json.loads(run(capsys, "--db", db, "import", "list", "--json")[1])
    return people == [] and batches == []


def test_the_right_password_imports(chapter: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SIGNIN_PASSWORD", PASSWORD)
    code, out, err = run(capsys, "--db", chapter, "import", "people", str(tmp_path / "signin.xlsx"),
                         "--password-env", "SIGNIN_PASSWORD", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["created"] == 4
    people = json.loads(run(capsys, "--db", chapter, "people", "list", "--json")[1])
    assert sorted(p["given_name"] for p in people) == ["Ana", "Bob", "Cé", "Dee"]
    assert PASSWORD not in out


def test_the_right_password_dry_run_of_an_xls(chapter: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("XLS_PASSWORD", "secret")
    code, out, _err = run(capsys, "--db", chapter, "import", "people", str(tmp_path / "signin.xls"), "--sheet",
                          "Members", "--password-env", "XLS_PASSWORD", "--dry-run", "--json")
    assert code == 0 and json.loads(out)["rows"] > 0
    assert nothing_written(capsys, chapter)


def test_the_right_password_reaches_the_voter_file_reader(chapter: str, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PW", PASSWORD)
    code, out, err = run(capsys, "--db", chapter, "import", "voters", str(tmp_path / "signin.xlsx"),
                         "--password-env", "PW", "--dry-run", "--json", "--map", "Email=voter_id")
    assert (code, err) == (0, "")
    assert json.loads(out)["rows"] == 4  # the sign-in sheet's data rows, read through the decryption


@pytest.mark.parametrize("kind", ["people", "voters"])
@pytest.mark.parametrize("name", ["signin.xlsx", "signin.xls"])
def test_a_wrong_password_is_one_line_exit_2_and_nothing_written(
        chapter: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        kind: str, name: str) -> None:
    monkeypatch.setenv("PW", "riverside-2024")
    code, out, err = run(capsys, "--db", chapter, "import", kind, str(tmp_path / name), "--password-env", "PW",
                         "--errors", str(tmp_path / "rejected.xlsx"))
    assert code == 2 and out == ""
    assert err.startswith("error:") and err.count("\n") == 1 and "password" in err and "wrong" in err
    assert "riverside-2024" not in err
    assert not (tmp_path / "rejected.xlsx").exists()
    assert nothing_written(capsys, chapter)


@pytest.mark.parametrize("kind", ["people", "voters"])
def test_no_password_says_one_is_needed(chapter: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        kind: str) -> None:
    code, _out, err = run(capsys, "--db", chapter, "import", kind, str(tmp_path / "signin.xlsx"))
    assert code == 2 and err.startswith("error:") and err.count("\n") == 1 and "password-protected" in err
    assert nothing_written(capsys, chapter)


def test_an_unset_variable_is_named(chapter: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("NOT_THERE", raising=False)
    code, _out, err = run(capsys, "--db", chapter, "import", "people", str(tmp_path / "signin.xlsx"),
                          "--password-env", "NOT_THERE")
    assert code == 2 and err.count("\n") == 1
    assert err.startswith("error: The environment variable NOT_THERE is not set")
    assert nothing_written(capsys, chapter)


def test_the_password_is_never_an_argument(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["import", "people", "--help"])
    text = capsys.readouterr().out
    assert "--password-env VAR" in text and "--password " not in text


def test_preview_opens_a_password_protected_workbook(chapter: str, tmp_path: Path) -> None:
    services = open_chapter(Path(chapter))
    try:
        options = ImportOptions(SourceOptions(password=PASSWORD))
        preview = services.imports.preview(tmp_path / "signin.xlsx", "people", options)
        assert ("Ana", "Núñez", "9195550101", "ana@example.org", "2024-03-05") in preview.head
        assert PASSWORD not in repr(options)
    finally:
        services.close()
