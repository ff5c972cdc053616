"""A value that begins with an apostrophe ("'Bama", "'90s club") is exported as it is, and imported back so."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from organizer.cli.main import main
from organizer.services.container import open_chapter
from organizer.services.person_input import PersonInput

GIVEN, FAMILY, NOTE = "'Bama", "'90s club", "''twice"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def chapter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    db = tmp_path / "c.db"
    assert run(capsys, "--db", str(db), "init", "--chapter", "Riverside")[0] == 0
    services = open_chapter(db)
    try:
        services.people.add(PersonInput(given_name=GIVEN, family_name=FAMILY, emails=["bama@example.org"],
                                        notes=NOTE))
    finally:
        services.close()
    return str(db)


def xlsx_rows(path: Path) -> list[dict[str, object]]:
    ws = openpyxl.load_workbook(path).active
    assert ws is not None
    values = [list(r) for r in ws.iter_rows(values_only=True)]
    return [dict(zip(values[0], row, strict=False)) for row in values[1:]]


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_xlsx_exports_show_the_value_as_stored(chapter: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--db", chapter, "people", "export", str(tmp_path / "p.xlsx"))[0] == 0
    [person] = xlsx_rows(tmp_path / "p.xlsx")
    assert (person["First Name"], person["Last Name"]) == (GIVEN, FAMILY)
    for preset in ("nationbuilder", "actionnetwork"):
        out = tmp_path / f"{preset}.xlsx"
        assert run(capsys, "--db", chapter, "export", "people", str(out), "--format", preset)[0] == 0
        [row] = xlsx_rows(out)
        assert (row["first_name"], row["last_name"]) == (GIVEN, FAMILY)


@pytest.mark.parametrize("preset", ["nationbuilder", "actionnetwork"])
def test_national_tool_uploads_carry_the_value_as_stored(chapter: str, tmp_path: Path, preset: str,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"{preset}.csv"
    assert run(capsys, "--db", chapter, "export", "people", str(out), "--format", preset)[0] == 0
    [row] = csv_rows(out)
    assert (row["first_name"], row["last_name"]) == (GIVEN, FAMILY)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_then_import_gives_back_the_same_values(chapter: str, tmp_path: Path, suffix: str,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / f"p{suffix}"
    assert run(capsys, "--db", chapter, "people", "export", str(path))[0] == 0
    other = str(tmp_path / "other.db")
    assert run(capsys, "--db", other, "init", "--chapter", "Hillside")[0] == 0
    assert run(capsys, "--db", other, "import", "people", str(path))[0] == 0
    code, out, _err = run(capsys, "--db", other, "people", "list", "--json")
    [person] = json.loads(out)
    assert code == 0 and (person["given_name"], person["family_name"]) == (GIVEN, FAMILY)
    assert person["notes"] == NOTE
