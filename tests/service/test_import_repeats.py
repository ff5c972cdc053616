"""Files that come back: a saved rejected-rows file, a file imported twice, and files that are no spreadsheet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from organizer.cli import main
from organizer.errors import UserError
from organizer.services.container import Services
from organizer.services.imports import ImportOptions
from organizer.storage.models import ImportBatch, Person
from tests.service.importing_helpers import write_csv, write_xlsx

# Repeated names, as real lists have them: two Ana Silvas told apart by their email.
ROWS = [["Name", "Email", "Phone"], ["Ana Silva", "ana@example.org", "919-555-0101"],
        ["Ana Silva", "ana.silva@example.net", ""], ["Bo Chen", "bo@example.org", ""],
        ["", "not-an-email", "12"]]


def batches(services: Services) -> int:
    with services.db.read() as session:
        return session.scalar(select(func.count()).select_from(ImportBatch)) or 0


def people(services: Services) -> list[tuple[str, str, dict[str, str]]]:
    with services.db.read() as session:
        found = session.scalars(select(Person).order_by(Person.id)).all()
        return [(p.given_name, p.family_name, dict(p.custom_fields or {})) for p in found]


def test_a_saved_rejected_rows_file_imports_back_without_its_row_and_reason(services: Services,
                                                                             tmp_path: Path) -> None:
    report = services.imports.run(write_csv(tmp_path / "list.csv", ROWS), "people")
    assert report.rejected == 1
    saved = tmp_path / "rejected.xlsx"
    assert services.imports.save_rejected(report, saved) == 1
    fixed = tmp_path / "fixed.xlsx"
    write_xlsx(fixed, [["Row", "Reason", "Name", "Email", "Phone"],
                       ["5", report.rejected_rows[0].reason, "Cara Diaz", "cara@example.org", "12"]])
    again = services.imports.run(fixed, "people")
    assert again.mapping["Row"] == again.mapping["Reason"] == "ignore"
    assert again.created == 1
    cara = [p for p in people(services) if p[0] == "Cara"]
    assert cara and "Row" not in cara[0][2] and "Reason" not in cara[0][2]
    # The file exactly as saved: its own "Row" and "Reason" are left out too.
    back = services.imports.run(saved, "people", ImportOptions(dry_run=True))
    assert back.mapping["Row"] == back.mapping["Reason"] == "ignore"


def test_a_row_or_reason_column_elsewhere_stays_a_custom_field(services: Services, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "notes.csv", [["Name", "Email", "Reason"], ["Ana Silva", "ana@example.org", "Moved"]])
    report = services.imports.run(path, "people")
    assert report.mapping["Reason"] == "custom"
    assert people(services)[0][2] == {"Reason": "Moved"}


def test_a_file_imported_again_warns_and_its_rows_come_out_unchanged(services: Services, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "list.csv", ROWS)
    first = services.imports.run(path, "people")
    assert first.notices == () and first.imported_before == ()
    before = people(services)
    copy = tmp_path / "same list, renamed.csv"
    copy.write_bytes(path.read_bytes())
    second = services.imports.run(copy, "people")
    assert second.imported_before == (first.batch,)
    assert (second.created, second.updated, second.unchanged, second.rejected) == (0, 0, 3, 1)
    assert second.conflicts == 0 and people(services) == before
    assert "imported before" in second.notices[0] and f"import {first.batch} (" in second.notices[0]
    shown = second.to_json()
    assert shown["imported_before"] == [first.batch]
    assert shown["warnings"][0]["reason"] == second.notices[0]
    stored = services.imports.report(second.batch or 0)
    assert stored.imported_before == (first.batch,)


def test_a_dry_run_warns_but_is_no_import_to_repeat(services: Services, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "list.csv", ROWS)
    assert services.imports.run(path, "people", ImportOptions(dry_run=True)).notices == ()
    assert services.imports.run(path, "people").notices == ()
    assert services.imports.run(path, "people", ImportOptions(dry_run=True)).imported_before != ()


def test_an_undone_import_or_another_file_or_target_is_no_repeat(services: Services, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "list.csv", ROWS)
    first = services.imports.run(path, "people")
    assert first.batch is not None
    services.imports.undo(first.batch)
    assert services.imports.run(path, "people").imported_before == ()
    edited = write_csv(tmp_path / "list.csv", [*ROWS, ["Dee Park", "dee@example.org", ""]])  # same name, new content
    assert services.imports.run(edited, "people").imported_before == ()
    into_one = services.imports.run(edited, "people", ImportOptions(target="petition:1"))
    assert into_one.imported_before == () and into_one.target == "petition:1"
    into_other = services.imports.run(edited, "people", ImportOptions(target="petition:2"))
    assert into_other.imported_before == ()
    assert services.imports.run(edited, "people", ImportOptions(target="petition:1")).imported_before == (
        into_one.batch,)


def test_the_command_line_prints_the_warning(services: Services, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    db, path = str(services.db.location), str(write_csv(tmp_path / "list.csv", ROWS))
    assert main(["--db", db, "import", "people", path]) == 0
    assert "imported before" not in capsys.readouterr().out
    assert main(["--db", db, "import", "people", path]) == 0
    assert "warning: This file was imported before, as import 1" in capsys.readouterr().out
    assert main(["--db", db, "import", "people", path, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["imported_before"] == [1, 2] and "imports 1 (" in shown["warnings"][0]["reason"]


NOT_SPREADSHEETS = {
    "notes.txt": "hello world\nthis is a note, not a list\n",
    "README.md": "# Chapter Organizer\n\nAn app for chapters.\n\n- People: names, emails\n- Imports\n",
    "script.py": "def main(a, b):\n    return a + b\n\nprint(main(1, 2))\n",
    "data.json": '{"people": [{"name": "Ana Silva"}]}\n',
    "list.json": '[{"name": "Ana Silva", "email": "ana@example.org"}]\n',
    "logo.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><title>Logo</title></svg>\n',
    "headers only.csv": "Name,Email,Phone\n",
}


@pytest.mark.parametrize("name", sorted(NOT_SPREADSHEETS))
def test_a_file_that_is_no_spreadsheet_is_refused_in_one_line(services: Services, tmp_path: Path, name: str,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / name
    path.write_text(NOT_SPREADSHEETS[name], encoding="utf-8")
    for dry_run in (True, False):
        with pytest.raises(UserError):
            services.imports.run(path, "people", ImportOptions(dry_run=dry_run))
    assert main(["--db", str(services.db.location), "import", "people", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("error: ") and err.count("\n") == 1
    assert batches(services) == 0 and people(services) == []


def test_a_list_of_names_in_one_column_is_still_a_spreadsheet(services: Services, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "names.txt", [["Name"], ["Ana Silva"], ["Bo Chen"], ["Cara Diaz"]])
    assert services.imports.run(path, "people").created == 3


def test_formulas_whose_result_was_never_saved_are_told_not_dropped_silently(services: Services,
                                                                             tmp_path: Path) -> None:
    # A workbook written by a script keeps formulas without their results: the parser reads them as empty.
    path = write_xlsx(tmp_path / "scripted.xlsx", [["Name", "Email", "Phone"], ["Ana Silva", "ana@example.org", ""],
                                                    ["Bo Chen", "bo@example.org", "=9195550102"]])
    report = services.imports.run(path, "people")
    assert report.created == 2
    assert report.notices == ("1 cell holds a formula whose result was never saved (the first in row 3, Phone), "
                              "read as empty: open the file in Excel or LibreOffice, save it, and import it again "
                              "to keep those values.",)
    plain = services.imports.run(write_xlsx(tmp_path / "plain.xlsx", ROWS), "people")
    assert plain.notices == ()
