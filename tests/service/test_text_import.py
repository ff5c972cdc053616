"""Control and invisible characters through the import, the person form, search and exports."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest

from organizer.errors import ValidationFailed
from organizer.files.reading.api import read_workbook
from organizer.services.container import Services
from organizer.services.people import PeopleQuery
from organizer.services.people_export import ExportRequest
from organizer.services.person_input import PersonInput
from tests.service.importing_helpers import write_csv

CONTROLS = "\x1b[2J\x07\x0b\x0c\x7f\x9b\x1f"
CONTROL_SET = set("\x1b\x07\x0b\x0c\x7f\x9b\x1f\x00")


@pytest.mark.sqlite_only  # reads the file with sqlite3
def test_an_import_removes_controls_warns_and_keeps_what_came_in_its_record(services: Services, tmp_path: Path) -> None:
    filler = [[f"Person{i}", "Plain", f"p{i}@example.org", "", ""] for i in range(20)]  # a text file, not binary
    path = write_csv(tmp_path / "in.csv", [["First Name", "Last Name", "Email", "Notes", "Employer"],
                                           [f"Ana{CONTROLS}", "Silva", "ana@example.org", "one\x0btwo", "Acme\x1b]0;x\x07"],
                                           *filler])
    report = services.imports.run(path, "people")
    assert report.created == 21 and report.rejected == 0
    [row] = services.people.rows(services.people.search_ids(PeopleQuery(text="silva")))
    stored = [row.given_name, row.family_name, row.notes, *map(str, row.custom_fields.values())]
    assert not any(ch in value for value in stored for ch in CONTROL_SET), stored
    assert row.given_name == "Ana[2J" and row.notes == "one\ntwo"
    warned = {w.column: w.value for w in report.warnings}
    assert warned == {"First Name": f"Ana{CONTROLS}", "Notes": "one\x0btwo", "Employer": "Acme\x1b]0;x\x07"}
    assert all("control characters" in w.reason for w in report.warnings)
    con = sqlite3.connect(services.db.path)  # the batch's own record keeps the values as they came
    [(kept,)] = con.execute("SELECT report FROM import_batches").fetchall()
    con.close()
    assert {w["value"] for w in json.loads(kept)["warnings"]} == set(warned.values())


def test_a_name_of_zero_width_characters_identifies_nobody(services: Services, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "in.csv", [["Name", "Email"], ["\u200b\ufeff\u200d", ""], ["Ana Silva", ""]])
    report = services.imports.run(path, "people")
    assert (report.created, report.rejected) == (1, 1)
    with pytest.raises(ValidationFailed):
        services.people.add(PersonInput(given_name="\u200b\u00ad", family_name="\u2060"))


def test_the_person_form_removes_controls_and_search_sees_through_zero_width(services: Services) -> None:
    row = services.people.add(PersonInput(given_name="Jo\u200bhn\x1b[31m", family_name="Sm\u00adith\x00",
                                          notes="a\x07b", custom_fields={"Employer\x1b": "Acme\x9b"}))
    assert (row.given_name, row.family_name, row.notes) == ("Jo\u200bhn[31m", "Sm\u00adith", "ab")
    assert row.custom_fields == {"Employer": "Acme"}
    for query in ("john", "smith", "jo\u200bhn"):
        assert services.people.search_ids(PeopleQuery(text=query)) == [row.id], query


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.sqlite_only  # reads the file with sqlite3
def test_a_value_an_older_version_stored_never_reaches_an_export(services: Services, tmp_path: Path,
                                                                  suffix: str) -> None:
    row = services.people.add(PersonInput(given_name="Ana", family_name="Silva", custom_fields={"Employer": "x"}))
    con = sqlite3.connect(services.db.path)
    con.execute("UPDATE people SET given_name = ?, notes = ?, custom_fields = ? WHERE id = ?",
                ("Ana\x00\x1b[2J", "bell\x07", json.dumps({"Employer\x1b": "Acme\x00"}), row.id))
    con.commit()
    con.close()
    path = tmp_path / f"people{suffix}"
    assert services.exports.people(ExportRequest(path)).people == 1
    if suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as fh:
            cells = [c for r in csv.reader(fh) for c in r]
    else:
        cells = [c for sheet in read_workbook(path) for r in sheet.rows for c in r]
    assert not any(ch in c for c in cells for ch in "\x00\x1b\x07"), cells
    assert "Ana[2J" in cells and "bell" in cells and "Acme" in cells and "Employer" in cells
