"""A workbook whose people are on another sheet than the first: the refusal names it and says --sheet."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from organizer.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "c.db")
    assert run(capsys, "--db", path, "init", "--chapter", "Riverside")[0] == 0
    return path


def workbook(path: Path, first: list[list[str]], *, hidden: bool = False, people: bool = True) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Instructions"
    for row in first:
        sheet.append(row)
    if hidden:
        book.create_sheet("Old list").append(["Name", "Email"])
        book["Old list"].append(["Cy Doe", "cy@example.org"])
        book["Old list"].sheet_state = "hidden"
    book.create_sheet("Blank")
    if people:
        signin = book.create_sheet("Sign-in")
        signin.append(["Name", "Email", "Phone"])
        signin.append(["Ana Silva", "ana@example.org", "919-555-1111"])
    book.save(path)
    return path


INSTRUCTIONS = [["Please fill in the sign-in sheet on the next tab"], ["Thanks!"]]


def test_the_refusal_names_the_other_sheets_with_data_and_says_sheet(db: str, tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = workbook(tmp_path / "w.xlsx", INSTRUCTIONS, hidden=True)
    code, out, err = run(capsys, "--db", db, "import", "people", str(path))
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith("error: No column of the sheet “Instructions” of “w.xlsx” holds a name, email or phone")
    assert "its other sheet with data is “Sign-in”;" in err and '--sheet NAME (as in --sheet "Sign-in")' in err
    assert "Blank" not in err and "Old list" not in err  # empty and hidden sheets are not offered
    code, out, _err = run(capsys, "--db", db, "import", "people", str(path), "--sheet", "Sign-in", "--json")
    assert code == 0 and json.loads(out)["created"] == 1


def test_a_sheet_with_headers_and_no_rows_says_so_too(db: str, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = workbook(tmp_path / "w.xlsx", [["Name", "Email"]])
    code, _out, err = run(capsys, "--db", db, "import", "people", str(path))
    assert code == 2 and err.count("\n") == 1
    assert err.startswith("error: The sheet “Instructions” of “w.xlsx” has no rows under its headers (row 1)")
    assert '--sheet "Sign-in"' in err


def test_without_another_sheet_with_data_the_refusal_is_as_before(db: str, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    path = workbook(tmp_path / "w.xlsx", INSTRUCTIONS, people=False)
    code, _out, err = run(capsys, "--db", db, "import", "people", str(path))
    assert code == 2 and err.startswith("error: No column of “w.xlsx” holds a name, email or phone")
    assert "--sheet" not in err and "--map" in err
