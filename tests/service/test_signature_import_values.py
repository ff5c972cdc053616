"""A signatures import keeps everything a line carries: contact details, the circulator, a date it cannot read."""

from __future__ import annotations

from pathlib import Path

from organizer.services.container import Services
from organizer.services.imports import ImportOptions, ImportResult
from organizer.services.person_input import PersonInput
from organizer.services.petitions import PetitionInput, SheetInput
from tests.service.importing_helpers import write_csv

HEADER = ["Sheet", "Line", "Printed Name", "Address", "City", "ZIP", "Email", "Phone", "Date Signed", "Circulator",
          "Notes"]
ROWS = [HEADER,
        ["1", "1", "Ana Silva", "12 Elm St", "Raleigh", "27601", "ana@example.org", "919-555-1111", "3/4/2025",
         "Kim Lee", ""],
        ["1", "2", "Bo Li", "5 Oak Ave", "Raleigh", "27603", "bo@example.org", "919-555-2222", "4 Mar 2025",
         "Kim Lee", "smudged"],
        ["1", "3", "Cy Doe", "7 Pine Rd", "", "27603", "not an email", "", "", "Kim Leigh", ""],
        ["2", "1", "Di Roe", "9 Ash Ct", "Cary", "27513", "", "", "", "Nobody Known", ""]]


def _import(services: Services, tmp_path: Path) -> tuple[int, ImportResult]:
    pid = services.petitions.create(PetitionInput("Ballot")).id
    report = services.imports.run(write_csv(tmp_path / "sig.csv", ROWS), "signatures", ImportOptions(target=str(pid)))
    return pid, report


def test_every_column_is_kept_on_the_line_as_typed(services: Services, tmp_path: Path) -> None:
    pid, report = _import(services, tmp_path)
    lines = services.petitions.signatures(pid)
    assert [line.as_typed for line in lines] == [
        {"City": "Raleigh", "Email": "ana@example.org", "Phone": "919-555-1111", "Circulator": "Kim Lee"},
        {"City": "Raleigh", "Email": "bo@example.org", "Phone": "919-555-2222", "Circulator": "Kim Lee",
         "Notes": "smudged", "Date Signed": "4 Mar 2025"},
        {"Email": "not an email", "Circulator": "Kim Leigh"},
        {"City": "Cary", "Circulator": "Nobody Known"}]
    assert [str(line.date_signed) for line in lines] == ["2025-03-04", "None", "None", "None"]
    assert lines[1].to_json()["as_typed"] == lines[1].as_typed
    warnings = {(w.row, w.column): w.reason for w in report.warnings}
    assert warnings[(3, "Date Signed")] == "not a date; kept as typed on the line"
    assert warnings[(4, "Email")].endswith("; kept as typed on the line")


def test_new_signers_get_their_email_phone_and_city(services: Services, tmp_path: Path) -> None:
    pid, _report = _import(services, tmp_path)
    people = {p.given_name: p for p in services.people.iter_all()}
    ana = services.people.get(people["Ana"].id)
    assert (ana.emails, ana.phones, ana.locality) == (("ana@example.org",), ("+19195551111",), "Raleigh")
    cy = services.people.get(people["Cy"].id)
    assert (cy.emails, cy.phones) == ((), ())  # an email that is no email stays on the line only
    assert {line.person_id for line in services.petitions.signatures(pid)} == {p.id for p in people.values()}


def test_the_circulator_fills_a_sheet_without_one_and_undo_empties_it(services: Services, tmp_path: Path) -> None:
    kim = services.people.add(PersonInput(given_name="Kim", family_name="Lee"))
    services.people.add(PersonInput(given_name="Di", family_name="Roe"))
    pid = services.petitions.create(PetitionInput("Ballot")).id
    services.petitions.save_sheet(pid, SheetInput(1))  # keyed before the import: it stays after an undo
    path = write_csv(tmp_path / "sig.csv", ROWS)
    report = services.imports.run(path, "signatures", ImportOptions(target=str(pid)))
    sheets = {s.number: s for s in services.petitions.sheets(pid)}
    assert (sheets[1].circulator_id, sheets[1].circulator) == (kim.id, "Kim Lee")
    assert sheets[2].circulator_id is None  # no one of that name in People: left for a person to choose
    warnings = {(w.row, w.column): w.reason for w in report.warnings}
    assert "another circulator" in warnings[(4, "Circulator")]
    assert "no one in People has this name" in warnings[(5, "Circulator")]
    services.imports.undo(report.batch or 0)
    assert [(s.number, s.circulator_id) for s in services.petitions.sheets(pid)] == [(1, None)]


def test_a_suppression_list_on_file_applies_to_new_signers(services: Services, tmp_path: Path) -> None:
    listed = write_csv(tmp_path / "optouts.csv", [["email", "reason"], ["ana@example.org", "unsubscribed"]])
    services.imports.run(listed, "suppressions", ImportOptions())
    _import(services, tmp_path)
    flags = {p.given_name: services.people.get(p.id).flags for p in services.people.iter_all()}
    assert "do_not_email" in flags["Ana"] and "do_not_email" not in flags["Bo"]


def _columns(*headers: str) -> list[list[str]]:
    keep = [HEADER.index(h) for h in headers]
    return [[row[i] for i in keep] for row in ROWS]


def test_a_file_imported_again_with_more_columns_adds_their_values_undoably(services: Services,
                                                                            tmp_path: Path) -> None:
    kim = services.people.add(PersonInput(given_name="Kim", family_name="Lee"))
    pid = services.petitions.create(PetitionInput("Ballot")).id
    narrow = write_csv(tmp_path / "narrow.csv", _columns("Sheet", "Line", "Printed Name", "Address", "Date Signed"))
    services.imports.run(narrow, "signatures", ImportOptions(target=str(pid)))
    decided = services.petitions.decide(services.petitions.signatures(pid)[0].id, None)  # a person's decision
    wide = write_csv(tmp_path / "wide.csv", _columns("Sheet", "Line", "Printed Name", "Address", "Date Signed",
                                                     "Email", "Circulator", "Notes"))
    again = services.imports.run(wide, "signatures", ImportOptions(target=str(pid)))
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 4, 0, 0)
    lines = services.petitions.signatures(pid)
    assert [line.as_typed for line in lines] == [
        {"Email": "ana@example.org", "Circulator": "Kim Lee"},
        {"Date Signed": "4 Mar 2025", "Email": "bo@example.org", "Circulator": "Kim Lee", "Notes": "smudged"},
        {"Email": "not an email", "Circulator": "Kim Leigh"},
        {"Circulator": "Nobody Known"}]
    assert (lines[0].status, lines[0].decided) == (decided.status, True)  # the rest of the line stays as it was
    assert services.petitions.sheets(pid)[0].circulator_id == kim.id
    services.petitions.decide(lines[1].id, None)  # decided after the re-import: its undo leaves that alone
    third = services.imports.run(wide, "signatures", ImportOptions(target=str(pid)))
    assert (third.updated, third.unchanged) == (0, 4)
    services.imports.undo(third.batch or 0)
    services.imports.undo(again.batch or 0)
    lines = services.petitions.signatures(pid)
    assert [line.as_typed for line in lines] == [{}, {"Date Signed": "4 Mar 2025"}, {}, {}]
    assert [(line.status, line.decided) for line in lines[:3]] == [(decided.status, True)] * 2 + [("unchecked", False)]
    assert services.petitions.sheets(pid)[0].circulator_id is None


def test_a_value_typed_differently_in_the_file_again_replaces_the_kept_one(services: Services,
                                                                           tmp_path: Path) -> None:
    pid, _first = _import(services, tmp_path)
    fixed = [list(row) for row in ROWS]
    fixed[3][HEADER.index("Email")] = "cy@example.org"
    again = services.imports.run(write_csv(tmp_path / "fixed.csv", fixed), "signatures",
                                 ImportOptions(target=str(pid)))
    assert (again.updated, again.unchanged) == (1, 3)
    assert services.petitions.signatures(pid)[2].as_typed == {"Email": "cy@example.org", "Circulator": "Kim Leigh"}
