"""Walk lists built from the roll and from People: doors, order, suppressions, turfs, printing, results."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from organizer.domain.vote_history import VoteRule
from organizer.errors import UserError
from organizer.services.container import Services
from organizer.services.people import PeopleQuery, PersonInput
from organizer.services.walklists import Outputs, WalkFilters
from organizer.services.walklists.results import import_results
from tests.service.importing_helpers import write_csv

HEADER = ["voter_reg_num", "last_name", "first_name", "res_street_address", "zip_code", "precinct_abbrv",
          "voter_status_desc"]
ROLL = [
    ["V1", "SILVA", "ANA", "12 N. Main St. Apt 2B", "27601", "01-01", "ACTIVE"],
    ["V2", "SILVA", "LEO", "12 North Main Street #2b", "27601", "01-01", "ACTIVE"],  # the same door
    ["V3", "SILVA", "ANA", "15 N MAIN ST", "27601", "01-01", "ACTIVE"],  # the same name, another door
    ["V4", "CHEN", "WEI", "14 N MAIN ST", "27601", "01-01", "ACTIVE"],
    ["V5", "CHEN", "MAY", "3 N MAIN ST", "27601", "01-01", "ACTIVE"],
    ["V6", "BOX", "PAT", "PO Box 77", "27601", "01-01", "ACTIVE"],
    ["V7", "GONE", "SAM", "9 N MAIN ST", "27601", "01-01", "INACTIVE"],
    ["V8", "LOT", "KIM", "Lot 5 Shady Acres", "27601", "01-01", "ACTIVE"],  # unparsed: kept, last
    ["V9", "OTHER", "LEE", "1 ELM ST", "27605", "02-01", "ACTIVE"],
]


@pytest.fixture
def roll(services: Services, tmp_path: Path) -> Services:
    services.imports.run(write_csv(tmp_path / "roll.txt", [HEADER, *ROLL], delimiter="\t"), "voters")
    return services


def _lines(path: Path) -> list[dict[str, str]]:
    book = openpyxl.load_workbook(path)
    out = []
    for ws in book.worksheets:
        rows = [[("" if c is None else str(c)) for c in r] for r in ws.iter_rows(values_only=True)]
        head = next(i for i, r in enumerate(rows) if "Short id" in r)
        for row in rows[head + 1 :]:
            out.append({**dict(zip(rows[head], row, strict=False)), "_sheet": ws.title})
    return out


def test_a_precinct_becomes_doors_in_walking_order_with_households_together(roll: Services, tmp_path: Path) -> None:
    out = tmp_path / "walk.xlsx"
    result = roll.walklists.build(WalkFilters(precincts=("01-01",)), 50, "Spring", Outputs(out))
    assert (result.turfs, result.doors, result.people) == (1, 5, 6)
    assert result.skipped["po_box"] == 1 and result.skipped["inactive"] == 1
    lines = _lines(out)
    ids = [line["Voter ID"] for line in lines]
    # odd side first (3, 15), then even (12 # 2B with both Silvas, 14), the unparsed line last
    assert ids == ["V5", "V3", "V1", "V2", "V4", "V8"]
    addresses = [line["Address"] for line in lines if line["Address"]]
    assert addresses == ["3 N MAIN ST", "15 N MAIN ST", "12 N MAIN ST # 2B", "14 N MAIN ST", "Lot 5 Shady Acres"]


def test_a_person_who_asked_not_to_be_walked_is_left_off_before_any_result_links_them(roll: Services,
                                                                                      tmp_path: Path) -> None:
    roll.people.add(PersonInput(given_name="May", family_name="Chen", street="3 North Main Street", postal_code="27601",
                                flags=["do_not_walk"]))
    roll.people.add(PersonInput(given_name="Wei", family_name="Chen", street="99 Oak Ave", postal_code="27601",
                                flags=["deceased"]))  # the same name elsewhere: another person
    result = roll.walklists.build(WalkFilters(precincts=("01-01",)), 50, "Spring", Outputs(tmp_path / "walk.xlsx"))
    assert (result.people, result.skipped["do_not_walk"], result.skipped["deceased"]) == (5, 1, 0)
    assert "V5" not in [line["Voter ID"] for line in _lines(tmp_path / "walk.xlsx")]


def test_the_workbook_is_print_ready(roll: Services, tmp_path: Path) -> None:
    out = tmp_path / "walk.xlsx"
    roll.walklists.build(WalkFilters(), 2, "Spring", Outputs(out), script="Hi, I'm a neighbour",
                         questions=["Will you vote?"])
    book = openpyxl.load_workbook(out)
    assert len(book.worksheets) >= 3  # the big precinct in parts, the other whole
    ws = book.worksheets[0]
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
    head = next(r[0].row for r in ws.iter_rows() if r[0].value == "Door")
    assert ws.print_title_rows == f"${head}:${head}" and ws.freeze_panes == f"A{head + 1}"
    assert ws.oddFooter.center.text == "Page &P of &N" and ws.print_options.gridLines
    text = " ".join(str(c) for r in ws.iter_rows(values_only=True) for c in r if c)
    assert "Hi, I'm a neighbour" in text and "Q1: Will you vote?" in text and "NH = Not home" in text
    assert "01-01 · part 1 of" in text


def test_a_new_list_prints_as_it_prints_again_later(roll: Services, tmp_path: Path) -> None:
    roll.people.add(PersonInput(given_name="Ana", family_name="Silva", street="12 Main St", postal_code="27601"))
    roll.people.add(PersonInput(given_name="Ana", family_name="Silva", street="12 Main St", postal_code="27601"))
    roll.people.add(PersonInput(given_name="Leo", family_name="Silva", street="Lot 5 Shady Acres",
                                postal_code="27601"))
    for source in ("voters", "people"):
        built = roll.walklists.build(WalkFilters(source=source), 2, source, Outputs(tmp_path / f"{source}.xlsx"),
                                     script="Hello", questions=["Sign?"])
        roll.walklists.export(built.list_id, Outputs(tmp_path / f"{source}-again.xlsx"))
        first, again = (openpyxl.load_workbook(tmp_path / name) for name in (f"{source}.xlsx", f"{source}-again.xlsx"))
        assert first.sheetnames == again.sheetnames and len(first.sheetnames) == built.turfs
        for a, b in zip(first.worksheets, again.worksheets, strict=True):
            assert list(a.iter_rows(values_only=True)) == list(b.iter_rows(values_only=True))
    assert [line["Name"] for line in _lines(tmp_path / "people.xlsx")] == ["Silva, Ana", "Silva, Ana", "Silva, Leo"]
    assert len(openpyxl.load_workbook(tmp_path / "voters.xlsx").sheetnames) >= 3


def test_the_workbook_opens_in_calamine(roll: Services, tmp_path: Path) -> None:
    calamine = pytest.importorskip("python_calamine")
    out = tmp_path / "walk.xlsx"
    roll.walklists.build(WalkFilters(precincts=("01-01",)), None, "Spring", Outputs(out))
    rows = calamine.CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    head = next(i for i, row in enumerate(rows) if "Voter ID" in row)
    ids = [row[rows[head].index("Voter ID")] for row in rows[head + 1 :]]
    assert ids == ["V5", "V3", "V1", "V2", "V4", "V8"]


def test_outputs_are_never_replaced_without_force(roll: Services, tmp_path: Path) -> None:
    out = tmp_path / "walk.xlsx"
    out.write_bytes(b"keep me")
    with pytest.raises(UserError):
        roll.walklists.build(WalkFilters(), None, "x", Outputs(out))
    assert out.read_bytes() == b"keep me" and roll.walklists.count() == 0
    roll.walklists.build(WalkFilters(), None, "x", Outputs(out, tmp_path / "walk.pdf", force=True))
    assert (tmp_path / "walk.pdf").read_bytes().startswith(b"%PDF")


def test_results_come_back_once_and_can_be_undone(roll: Services, tmp_path: Path) -> None:
    out = tmp_path / "walk.xlsx"
    built = roll.walklists.build(WalkFilters(precincts=("01-01",)), None, "Spring", Outputs(out))
    book = openpyxl.load_workbook(out)
    ws = book.worksheets[0]
    header = next(r for r in ws.iter_rows() if any(c.value == "Short id" for c in r))
    col = {c.value: c.column - 1 for c in header}
    for row in ws.iter_rows(min_row=header[0].row + 1):
        vid = row[col["Voter ID"]].value
        if vid == "V1":
            row[col["Result"]].value, row[col["Support"]].value, row[col["Notes"]].value = "c", 1, "=yes"
        elif vid == "V4":
            row[col["Result"]].value = "Do Not Walk"
        elif vid == "V5":
            row[col["NH"]].value = "x"
        elif vid == "V3":
            row[col["Result"]].value = "maybe"
    ws.append([""] * (col["Voter ID"]) + ["V9"])  # on another list: reported, never guessed
    ws.cell(ws.max_row, col["Result"] + 1, "C")
    filled = tmp_path / "filled.xlsx"
    book.save(filled)

    first = import_results(roll, filled)
    assert (first.created, first.rejected) == (3, 2)
    again = import_results(roll, filled)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    progress = roll.walklists.turfs(built.list_id)[0]
    assert (progress.knocked, progress.contacts) == (3, 1)
    people = roll.people.search_ids(PeopleQuery())
    assert len(people) == 1  # the voter reached at the door became a person

    # the next list leaves out the door that asked not to be walked
    second = roll.walklists.build(WalkFilters(precincts=("01-01",)), None, "Again", Outputs(tmp_path / "w2.xlsx"))
    assert second.skipped["do_not_walk"] == 1
    reprint = tmp_path / "reprint.xlsx"
    roll.walklists.export(built.list_id, Outputs(reprint), reprint=True)
    knocked = {line["Voter ID"]: line["Knocked"] for line in _lines(reprint)}
    assert "V4" not in knocked and knocked["V5"].startswith("NH") and knocked["V1"].startswith("C")

    roll.imports.undo(again.batch or 0)
    roll.imports.undo(first.batch or 0)
    assert roll.walklists.turfs(built.list_id)[0].knocked == 0
    assert roll.people.search_ids(PeopleQuery()) == []


def test_a_workbook_that_is_not_a_walk_list_is_refused(roll: Services, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "x.csv", [["Name", "Result"], ["Ana", "C"]])
    with pytest.raises(UserError, match="not a walk list"):
        import_results(roll, path)


def test_people_with_addresses_and_their_flags(services: Services, tmp_path: Path) -> None:
    ana = services.people.add(PersonInput(given_name="Ana", family_name="Silva", street="12 Main St",
                                          postal_code="27601"))
    services.people.add(PersonInput(given_name="Ana", family_name="Silva", street="14 Main St", postal_code="27601"))
    services.people.add(PersonInput(given_name="Bo", family_name="Box", street="PO Box 1", postal_code="27601"))
    assert ana.id
    result = services.walklists.build(WalkFilters(source="people"), None, "People", Outputs(tmp_path / "p.xlsx"))
    assert (result.doors, result.people, result.skipped["po_box"]) == (2, 2, 1)
    assert {line["Person ID"] for line in _lines(tmp_path / "p.xlsx")} >= {ana.uuid}
    with pytest.raises(UserError):
        services.walklists.preview(WalkFilters(source="people", parties=("DEM",)), None)


def test_vote_history_from_ohio_columns(services: Services, tmp_path: Path) -> None:
    header = ["SOS_VOTERID", "LAST_NAME", "FIRST_NAME", "RESIDENTIAL_ADDRESS1", "RESIDENTIAL_ZIP", "PRECINCT_NAME",
              "GENERAL-11/07/2023", "PRIMARY-05/02/2023", "GENERAL-11/08/2022", "GENERAL-11/03/2020",
              "GENERAL-11/06/2018"]
    rows = [["OH1", "A", "A", "1 Oak St", "43004", "P1", "X", "", "D", "", ""],  # 2 of the last 3
            ["OH2", "B", "B", "2 Oak St", "43004", "P1", "", "X", "", "", "X"],  # 0 of the last 3
            ["OH3", "C", "C", "3 Oak St", "43004", "P1", "", "", "R", "X", ""]]  # 2 of the last 3
    services.imports.run(write_csv(tmp_path / "oh.csv", [header, *rows]), "voters")
    two_of_three = services.walklists.preview(WalkFilters(vote=VoteRule(2, 3)), None)
    assert two_of_three.people == 2
    municipal = services.walklists.preview(WalkFilters(vote=VoteRule(voted_last_municipal=True)), None)
    assert municipal.people == 1


def test_vote_history_from_a_separate_file(roll: Services, tmp_path: Path) -> None:
    header = ["county_id", "voter_reg_num", "election_lbl", "election_desc", "voting_method", "voted_party_cd", "ncid"]
    rows = [["1", "V1", "11/08/2022", "11/08/2022 GENERAL", "IN-PERSON", "DEM", "NC1"],
            ["1", "V1", "11/03/2020", "11/03/2020 GENERAL", "ABSENTEE", "DEM", "NC1"],
            ["1", "V4", "11/03/2020", "11/03/2020 GENERAL", "IN-PERSON", "REP", "NC4"],
            ["1", "V4", "", "", "", "", "NC4"]]
    report = roll.imports.run(write_csv(tmp_path / "ncvhis.txt", [header, *rows], delimiter="\t"), "vote-history")
    assert (report.created, report.rejected) == (3, 1)
    assert roll.walklists.preview(WalkFilters(vote=VoteRule(2, 2)), None).people == 1
    assert roll.walklists.preview(WalkFilters(vote=VoteRule(1, 2)), None).people == 2
    again = roll.imports.run(write_csv(tmp_path / "ncvhis2.txt", [header, *rows], delimiter="\t"), "vote-history")
    assert again.unchanged == 3
    roll.imports.undo(again.batch or 0)
    roll.imports.undo(report.batch or 0)
    assert roll.walklists.preview(WalkFilters(vote=VoteRule(1, 2)), None).people == 0


def test_assigning_a_canvasser_shows_on_the_turf(roll: Services, tmp_path: Path) -> None:
    built = roll.walklists.build(WalkFilters(), None, "x", Outputs(tmp_path / "w.xlsx"))
    kim = roll.people.add(PersonInput(given_name="Kim", family_name="Lee"))
    turf = roll.walklists.turfs(built.list_id)[0]
    roll.walklists.assign(turf.id, kim.uuid)
    assert roll.walklists.turfs(built.list_id)[0].canvasser == "Kim Lee"
    with pytest.raises(UserError):
        roll.walklists.assign(turf.id, "no-such-uuid")


def test_survey_answers_are_kept_under_their_questions(roll: Services, tmp_path: Path) -> None:
    from sqlalchemy import select

    from organizer.storage.models import ContactAttempt

    out = tmp_path / "walk.xlsx"
    roll.walklists.build(WalkFilters(precincts=("02-01",)), None, "Q", Outputs(out), questions=["Yard sign?"])
    book = openpyxl.load_workbook(out)
    ws = book.worksheets[0]
    header = next(r for r in ws.iter_rows() if any(c.value == "Short id" for c in r))
    col = {c.value: c.column for c in header}
    ws.cell(header[0].row + 1, col["Q1"], "yes")
    ws.cell(header[0].row + 1, col["Support"], "2")
    book.save(tmp_path / "filled.xlsx")
    result = import_results(roll, tmp_path / "filled.xlsx")
    assert result.created == 1
    with roll.db.read() as session:
        attempt = session.scalars(select(ContactAttempt)).one()
        assert (attempt.result_code, attempt.support_level, attempt.survey_answers) == (
            "canvassed", 2, {"Yard sign?": "yes"})


def test_undoing_results_names_a_person_they_made_who_was_checked_in_since(roll: Services, tmp_path: Path) -> None:
    from sqlalchemy import update

    from organizer.services.events import EventInput
    from organizer.services.imports import EditedSinceImport
    from organizer.storage.models import Voter

    out = tmp_path / "walk.xlsx"
    roll.walklists.build(WalkFilters(precincts=("01-01",)), None, "Spring", Outputs(out))
    book = openpyxl.load_workbook(out)
    ws = book.worksheets[0]
    header = next(r for r in ws.iter_rows() if any(c.value == "Short id" for c in r))
    col = {c.value: c.column - 1 for c in header}
    for row in ws.iter_rows(min_row=header[0].row + 1):
        if row[col["Voter ID"]].value == "V1":
            row[col["Result"]].value = "c"
    book.save(tmp_path / "filled.xlsx")
    with roll.db.write() as session:  # a roll loaded in the county's capitals
        session.execute(update(Voter).where(Voter.voter_id == "V1").values(given_name="ANA", family_name="SILVA"))
    report = import_results(roll, tmp_path / "filled.xlsx")
    [person] = roll.people.search_ids(PeopleQuery())
    made = roll.people.get(person)
    assert (made.given_name, made.family_name) == ("Ana", "Silva")  # in name case, as a person's names are
    event = roll.events.create(EventInput(title="Meeting", event_type="meeting", start="2027-03-09 19:00",
                                          time_zone="America/New_York"))[0].id
    roll.attendance.check_in(event, person)
    with pytest.raises(EditedSinceImport):
        roll.imports.undo(report.batch or 0)
    assert roll.people.search_ids(PeopleQuery()) == [person] and len(roll.attendance.roster(event)) == 1


def test_a_build_that_matches_no_door_saves_and_writes_nothing(roll: Services, tmp_path: Path) -> None:
    out = tmp_path / "none.xlsx"
    with pytest.raises(UserError, match="No door to walk"):
        roll.walklists.build(WalkFilters(precincts=("no-such-precinct",)), None, "Nothing", Outputs(out))
    assert not out.exists() and roll.walklists.lists() == []


def test_a_pdf_that_cannot_be_written_takes_the_new_workbook_with_it(roll: Services, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import organizer.files.walk_list_pdf as pdf_writer

    def disk_full(*_args: object, **_kw: object) -> None:
        raise UserError("The disk is full: nothing was written.")

    monkeypatch.setattr(pdf_writer, "stage_walk_list_pdf", disk_full)
    out, pdf = tmp_path / "walk.xlsx", tmp_path / "walk.pdf"
    with pytest.raises(UserError, match="disk is full"):
        roll.walklists.build(WalkFilters(precincts=("01-01",)), None, "Spring", Outputs(out, pdf))
    assert not out.exists() and not pdf.exists() and roll.walklists.lists() == []
    # Replacing last week's files: they stay as they were, whether for a new list or a reprint.
    monkeypatch.undo()
    first = roll.walklists.build(WalkFilters(precincts=("01-01",)), None, "Last week", Outputs(out, pdf))
    before = out.read_bytes(), pdf.read_bytes()
    monkeypatch.setattr(pdf_writer, "stage_walk_list_pdf", disk_full)
    with pytest.raises(UserError, match="disk is full"):
        roll.walklists.build(WalkFilters(precincts=("01-01",)), None, "Sunday", Outputs(out, pdf, force=True))
    with pytest.raises(UserError, match="disk is full"):
        roll.walklists.export(first.list_id, Outputs(out, pdf, force=True), reprint=True)
    assert (out.read_bytes(), pdf.read_bytes()) == before and [r.name for r in roll.walklists.lists()] == ["Last week"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
