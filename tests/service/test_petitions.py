"""Petitions end to end over a real database: lines, signers as people, the check, decisions, undo, exports."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from organizer.errors import UserError, ValidationFailed
from organizer.services.container import Services
from organizer.services.person_input import PersonInput
from organizer.services.petitions import LineTaken, NoVoterRoll, PetitionInput, SheetInput, SignatureInput
from tests.service.importing_helpers import write_csv

ROLL = [["voter_reg_num", "last_name", "first_name", "res_street_address", "zip_code", "status_cd", "party_cd",
         "district"],
        ["V1", "SILVA", "ANA", "12 N MAIN ST", "27601", "A", "DEM", "Wake"],
        ["V2", "SILVA", "LEO", "12 N MAIN ST", "27601", "A", "DEM", "Wake"],
        ["V3", "GARCIA", "MARIA", "40 OAK AVE", "27601", "A", "DEM", "Wake"],
        ["V4", "GARCIA", "MARIA", "77 ELM ST", "27601", "A", "REP", "Wake"],  # the same name, another voter
        ["V5", "CHEN", "WEI", "15 N MAIN ST APT 2", "27601", "I", "DEM", "Wake"],
        ["V6", "OKAFOR", "JOY", "3 PINE RD", "27601", "A", "DEM", "Durham"]]


@pytest.fixture
def roll(services: Services, tmp_path: Path) -> Services:
    services.imports.run(write_csv(tmp_path / "roll.csv", ROLL), "voters")
    return services


def petition(services: Services, **kw: object) -> int:
    data = PetitionInput(**{"title": "Fair Maps", "kind": "ballot_access", "required": 4, **kw})  # type: ignore[arg-type]
    return services.petitions.create(data).id


def sign(services: Services, pid: int, given: str, family: str, address: str, sheet: int | None = 1,
         line: int | None = None, signed: date | None = None) -> int:
    return services.petitions.add_signature(
        pid, SignatureInput(given, family, address, "27601", sheet, line, signed)).id


def statuses(services: Services, pid: int) -> list[tuple[str, str, str | None]]:
    return [(r.printed_name, r.status, r.voter_id) for r in services.petitions.signatures(pid)]


def test_each_status_with_repeated_names(roll: Services) -> None:
    pid = petition(roll, district="Wake", party="Democratic")
    sign(roll, pid, "Ana", "Silva", "12 North Main Street", line=1)
    sign(roll, pid, "Maria", "Garcia", "77 Elm Street", line=2)  # registered Republican
    sign(roll, pid, "Maria", "Garcia", "40 Oak Avenue", line=3)
    sign(roll, pid, "Wei", "Chen", "15 N Main St", line=4)  # inactive
    sign(roll, pid, "Joy", "Okafor", "3 Pine Road", line=5)  # Durham
    sign(roll, pid, "Ana", "Silva", "12 N Main St", line=6)  # signed twice
    sign(roll, pid, "Ana", "Silva", "999 Nowhere Ln", line=7)  # same name, not at her address
    sign(roll, pid, "Ana", "Slva", "12 N Main St", line=8)  # a slip: review
    result = roll.petitions.check(pid)
    assert result.total == 8 and sum(result.counts.values()) == 8
    assert statuses(roll, pid) == [
        ("Ana Silva", "valid", "V1"), ("Maria Garcia", "wrong_party", "V4"), ("Maria Garcia", "valid", "V3"),
        ("Wei Chen", "inactive", "V5"), ("Joy Okafor", "outside_district", "V6"), ("Ana Silva", "duplicate", "V1"),
        ("Ana Silva", "not_registered", None), ("Ana Slva", "needs_review", None)]
    reasons = [r.reason for r in roll.petitions.signatures(pid)]
    assert reasons == ["", "wrong_party", "", "inactive_voter", "outside_district", "signed_twice",
                       "registered_elsewhere", "weak_match"]


def test_no_voter_roll_changes_nothing(services: Services) -> None:
    pid = petition(services)
    sign(services, pid, "Ana", "Silva", "12 N Main St", line=1)
    with pytest.raises(NoVoterRoll, match="No voter roll is loaded"):
        services.petitions.check(pid)
    assert [r.status for r in services.petitions.signatures(pid)] == ["unchecked"]


def test_a_line_number_used_twice_on_a_sheet_is_refused(services: Services) -> None:
    pid = petition(services)
    sign(services, pid, "Ana", "Silva", "12 N Main St", sheet=2, line=4)
    with pytest.raises(LineTaken, match="Line 4 of sheet 2"):
        sign(services, pid, "Leo", "Silva", "12 N Main St", sheet=2, line=4)
    sign(services, pid, "Leo", "Silva", "12 N Main St", sheet=3, line=4)
    assert len(services.petitions.signatures(pid)) == 2


def test_a_line_a_person_decided_stays_the_voters_first_when_an_earlier_line_is_keyed_later(roll: Services) -> None:
    pid = petition(roll)
    slip = sign(roll, pid, "Ana", "Slva", "12 N Main St", sheet=2, line=3)
    roll.petitions.check(pid)
    [candidate, *_] = roll.petitions.candidates(slip)
    roll.petitions.decide(slip, candidate.voter_row_id)
    sign(roll, pid, "Ana", "Silva", "12 N Main St", sheet=1, line=11)
    roll.petitions.check(pid)
    assert sorted(statuses(roll, pid)) == [("Ana Silva", "duplicate", "V1"), ("Ana Slva", "valid", "V1")]


def test_bad_petitions_are_refused_in_one_line(services: Services) -> None:
    with pytest.raises(ValidationFailed, match="title"):
        services.petitions.create(PetitionInput("  "))
    with pytest.raises(ValidationFailed, match="maximum"):
        services.petitions.create(PetitionInput("X", required=10, maximum=5))
    with pytest.raises(UserError, match="no petition with number 99"):
        services.petitions.check(99)


def test_a_persons_decision_survives_a_recheck(roll: Services) -> None:
    pid = petition(roll)
    line = sign(roll, pid, "Ana", "Slva", "12 N Main St", line=1)
    roll.petitions.check(pid)
    [candidate, *_] = roll.petitions.candidates(line)
    assert candidate.voter_id == "V1"
    decided = roll.petitions.decide(line, candidate.voter_row_id)
    assert (decided.status, decided.voter_id, decided.decided) == ("valid", "V1", True)
    roll.petitions.check(pid)
    assert statuses(roll, pid) == [("Ana Slva", "valid", "V1")]
    roll.petitions.decide(line, None)
    roll.petitions.check(pid)
    assert statuses(roll, pid) == [("Ana Slva", "not_registered", None)]


def test_the_signing_window_and_a_lines_without_address(roll: Services) -> None:
    pid = petition(roll, opens_on=date(2026, 1, 10))
    roll.petitions.save_sheet(pid, SheetInput(1, filed_on=date(2026, 3, 1), statement_complete=True))
    sign(roll, pid, "Ana", "Silva", "12 N Main St", line=1, signed=date(2026, 1, 2))
    sign(roll, pid, "Leo", "Silva", "12 N Main St", line=2, signed=date(2026, 3, 5))
    sign(roll, pid, "Maria", "Garcia", "", line=3)
    roll.petitions.check(pid)
    assert [(r.status, r.reason) for r in roll.petitions.signatures(pid)] == [
        ("needs_review", "signed_before_opening"), ("needs_review", "signed_after_filing"),
        ("needs_review", "no_address")]


def test_an_incomplete_circulator_statement_puts_the_sheet_at_risk(roll: Services) -> None:
    pid = petition(roll, notary_required=True)
    roll.petitions.save_sheet(pid, SheetInput(1, statement_complete=True, notarized=False))
    sign(roll, pid, "Ana", "Silva", "12 N Main St", line=1)
    result = roll.petitions.check(pid)
    [sheet] = roll.petitions.sheets(pid)
    assert sheet.problems == ("not_notarized",) and result.at_risk == 1 and result.projected_valid == 0
    roll.petitions.save_sheet(pid, SheetInput(1, statement_complete=True, notarized=True), sheet.id)
    assert roll.petitions.counts(pid).at_risk == 0 and roll.petitions.counts(pid).projected_valid == 1


def test_signers_become_or_match_people_tagged_as_signers(roll: Services) -> None:
    from organizer.services.people import PeopleQuery

    ana = roll.people.add(PersonInput(given_name="Ana", family_name="Silva", street="12 N Main St",
                                      postal_code="27601"))
    other = roll.people.add(PersonInput(given_name="Ana", family_name="Silva", street="400 Oak Ave",
                                        postal_code="27601"))
    pid = petition(roll)
    sign(roll, pid, "ana", "SILVA", "12 North Main Street", line=1)
    sign(roll, pid, "Joy", "Okafor", "3 Pine Rd", line=2)
    people = [r.person_id for r in roll.petitions.signatures(pid)]
    assert people[0] == ana.id and people[0] != other.id and people[1] not in (ana.id, other.id)
    tagged = roll.people.search_ids(PeopleQuery(tag="Signer: Fair Maps"))
    assert sorted(tagged) == sorted(people)


def test_import_with_sheets_lines_report_and_undo(roll: Services, tmp_path: Path) -> None:
    from organizer.services.imports import ImportOptions

    pid = petition(roll)
    rows = [["Sheet", "Line", "First Name", "Last Name", "Address", "Zip", "Date"],
            ["1", "1", "Ana", "Silva", "12 North Main Street", "27601", "03/02/2026"],
            ["1", "2", "Maria", "Garcia", "40 Oak Ave", "27601", "2026-03-02"],
            ["1", "2", "Joy", "Okafor", "3 Pine Rd", "27601", ""],  # line 2 again
            ["2", "1", "", "", "5 Elm St", "27601", ""]]
    path = write_csv(tmp_path / "sig.csv", rows)
    report = roll.imports.run(path, "signatures", ImportOptions(target=str(pid)))
    assert (report.rows, report.created, report.rejected) == (4, 2, 2)
    assert "used twice" in report.errors[0].reason
    assert [(r.sheet, r.line, r.date_signed) for r in roll.petitions.signatures(pid)] == [
        (1, 1, date(2026, 3, 2)), (1, 2, date(2026, 3, 2))]
    again = roll.imports.run(path, "signatures", ImportOptions(target=str(pid)))
    assert (again.created, again.unchanged) == (0, 2)
    roll.imports.undo(again.batch or 0)
    roll.imports.undo(report.batch or 0)
    assert roll.petitions.signatures(pid) == [] and roll.petitions.sheets(pid) == []


def test_an_imported_signers_zip_kept_as_a_number_gets_its_zero_back(services: Services, tmp_path: Path) -> None:
    from organizer.services.imports import ImportOptions
    from tests.service.importing_helpers import write_xlsx

    pid = petition(services)
    path = write_xlsx(tmp_path / "sig.xlsx", [["Sheet", "Line", "First Name", "Last Name", "Address", "Zip"],
                                               [1, 1, "Ana", "Lee", "12 Main St", 2134],
                                               [1, 2, "Bo", "Chen", "4 Elm St", "ABCDEFGHIJKLM"]])
    report = services.imports.run(path, "signatures", ImportOptions(target=str(pid)))
    assert [r.postal_code for r in services.petitions.signatures(pid)] == ["02134", "ABCDEFGHIJKLM"]
    assert [(w.row, w.value) for w in report.warnings] == [(3, "ABCDEFGHIJKLM")]


def test_a_signatures_import_needs_a_petition(services: Services, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "sig.csv", [["First Name", "Last Name"], ["Ana", "Silva"]])
    with pytest.raises(UserError, match="goes into one petition"):
        services.imports.run(path, "signatures")


def test_a_new_voter_roll_checks_petitions_again(roll: Services, tmp_path: Path) -> None:
    pid = petition(roll)
    sign(roll, pid, "Kim", "Lee", "5 Elm St", line=1)
    roll.petitions.check(pid)
    assert statuses(roll, pid) == [("Kim Lee", "not_registered", None)]
    registered = [*ROLL, ["V7", "LEE", "KIM", "5 ELM ST", "27601", "A", "DEM", "Wake"]]
    roll.imports.run(write_csv(tmp_path / "roll2.csv", registered), "voters")
    assert statuses(roll, pid) == [("Kim Lee", "valid", "V7")]


def test_undoing_the_only_voter_roll_leaves_checked_petitions_without_an_error(
        services: Services, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    loaded = services.imports.run(write_csv(tmp_path / "roll.csv", ROLL), "voters")
    pid = petition(services)
    sign(services, pid, "Ana", "Silva", "12 N Main St", line=1)
    services.petitions.check(pid)
    caplog.clear()
    services.imports.undo(loaded.batch or 0)
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
    assert [status for _name, status, _voter in statuses(services, pid)] == ["valid"]


def test_a_line_with_only_its_printed_name_is_checked_by_it(roll: Services) -> None:
    """Lines keyed before names were kept apart (and older chapter files) have only the printed name."""
    from sqlalchemy import update

    from organizer.storage.models import Signature

    pid = petition(roll)
    line = sign(roll, pid, "Ana", "Silva", "12 N Main St", line=1)
    with roll.db.write() as session:
        session.execute(update(Signature).where(Signature.id == line).values(given_name="", family_name=""))
    roll.petitions.check(pid)
    assert statuses(roll, pid) == [("Ana Silva", "valid", "V1")]


def test_progress_sample_tallies_and_exports(roll: Services, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    pid = petition(roll, required=2, deadline=date.today())
    circulator = roll.people.add(PersonInput(given_name="Cy", family_name="Rivera"))
    roll.petitions.save_sheet(pid, SheetInput(1, circulator_id=circulator.id, statement_complete=True))
    sign(roll, pid, "Ana", "Silva", "12 N Main St", line=1)
    sign(roll, pid, "Kim", "Lee", "5 Elm St", line=2)
    roll.petitions.check(pid)
    figures = roll.petitions.progress(pid).figures
    assert (figures.raw, figures.checked, figures.valid, figures.projected_valid, figures.gap_to_required,
            figures.days_left) == (2, 2, 1, 1, 1, 0)
    sample = roll.petitions.sample(pid, seed=1)
    assert (sample.sample_size, sample.valid_in_sample, sample.outcome) == (2, 1, "fails")
    [tally] = roll.petitions.tallies(pid, "circulator")
    assert (tally.key, tally.lines, tally.valid, tally.reasons) == ("Cy Rivera", 2, 1, {"no_voter": 1})
    out = tmp_path / "sig.xlsx"
    assert roll.petitions.export(pid, out) == 2
    sheet = load_workbook(out).active
    assert sheet is not None and [c.value for c in sheet[2]][6:8] == ["valid", None]
    with pytest.raises(UserError):
        roll.petitions.export(pid, out)  # no overwrite without force
