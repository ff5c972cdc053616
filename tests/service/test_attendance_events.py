"""An attendance file naming several events (a chapter's whole Mobilize export): each row goes to the event it
names, and a row for an event the chapter does not have is left out with the reason, never recorded on another."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import update

from organizer.services.container import Services
from organizer.services.events import EventInput
from organizer.services.people import PeopleQuery
from organizer.storage.models import Event
from tests.service.importing_helpers import write_csv

HEADERS = ["event_id", "event__title", "event_date", "user__given_name", "user__family_name", "user__email_address",
           "timeslot_id", "status", "attended"]


def _event(services: Services, title: str, start: str) -> int:
    return services.events.create(EventInput(title=title, event_type="canvass", start=start,
                                             time_zone="America/New_York"))[0].id


@pytest.fixture
def spring(services: Services) -> int:
    return _event(services, "Spring canvass", "2026-03-08 10:00")


def test_each_row_goes_to_the_event_it_names_and_one_the_chapter_does_not_have_is_left_out(
        services: Services, spring: int, tmp_path: Path) -> None:
    phone_bank = _event(services, "Phone bank", "2026-03-10 18:00")
    _event(services, "Spring canvass", "2026-04-12 10:00")  # the same name another day is another event
    kickoff = ["303", "Canvass kickoff", "2026-05-02", "Bo", "Li", "bo@example.org", "7001", "CONFIRMED", "true"]
    path = write_csv(tmp_path / "participations.csv", [HEADERS,
        ["101", "Spring canvass", "2026-03-08", "Ana", "Silva", "ana@example.org", "5001", "CONFIRMED", "true"],
        # An export's start in UTC: 22:30 on the 10th is 18:30 in New York, the phone bank's day.
        ["202", "phone  BANK", "2026-03-10T22:30:00Z", "Kim", "Lee", "kim@example.org", "6001", "REGISTERED", "false"],
        kickoff,
        ["104", "Spring canvass", "2026-04-12", "Cy", "Ho", "cy@example.org", "", "REGISTERED", ""]])
    report = services.event_files.import_attendance(spring, path)

    assert [r.email for r in services.attendance.roster(spring)] == ["ana@example.org"]
    assert [(r.email, r.attended, r.shift_name) for r in services.attendance.roster(phone_bank)] == [
        ("kim@example.org", False, "Timeslot 6001")]
    assert (report.rows, report.created, report.rejected) == (4, 3, 1)
    assert [(e.row, e.column, e.value, e.reason) for e in report.errors] == [
        (4, "event__title", "Canvass kickoff", "for another event, “Canvass kickoff” on 2026-05-02, which this "
                                               "chapter does not have: add it, then import again")]
    assert report.rejected_rows[0].cells == tuple(kickoff)
    assert services.people.count(PeopleQuery()) == 3  # Bo's row was left out whole
    assert any("2 rows of the file are for other events of this chapter and go to them: “Phone bank” on 2026-03-10 "
               "(1 row), “Spring canvass” on 2026-04-12 (1 row)." in n for n in report.notices)

    services.imports.undo(report.batch or 0)
    assert services.attendance.roster(phone_bank) == [] and services.attendance.roster(spring) == []


def test_a_name_alone_picks_the_event_imported_into_and_no_other(services: Services, spring: int,
                                                                  tmp_path: Path) -> None:
    phone_bank = _event(services, "Phone bank", "2026-03-10 18:00")
    path = write_csv(tmp_path / "participations.csv", [HEADERS,
        ["101", "Spring canvass", "", "Ana", "Silva", "ana@example.org", "", "CONFIRMED", "true"],
        ["202", "Phone bank", "", "Kim", "Lee", "kim@example.org", "", "REGISTERED", "false"]])
    report = services.event_files.import_attendance(spring, path)
    assert [r.email for r in services.attendance.roster(spring)] == ["ana@example.org"]
    assert services.attendance.roster(phone_bank) == []
    assert [e.reason for e in report.errors] == [
        "for another event, “Phone bank”, and the file gives no date to tell which of this chapter's events of "
        "that name it is: import the file from that event to record its rows there"]
    services.event_files.import_attendance(phone_bank, path)  # as the reason says: each event takes its rows
    assert [r.email for r in services.attendance.roster(phone_bank)] == ["kim@example.org"]
    assert [r.email for r in services.attendance.roster(spring)] == ["ana@example.org"]


def test_an_event_id_the_chapter_keeps_names_the_event_and_one_it_does_not_cannot_be_told_apart(
        services: Services, spring: int, tmp_path: Path) -> None:
    phone_bank = _event(services, "Phone bank", "2026-03-10 18:00")
    with services.db.write() as session:
        session.execute(update(Event).where(Event.id == phone_bank).values(external_id="202"))
    path = write_csv(tmp_path / "participations.csv", [
        ["event_id", "first_name", "last_name", "email", "status"],
        ["202", "Kim", "Lee", "kim@example.org", "REGISTERED"],
        ["303", "Bo", "Li", "bo@example.org", "REGISTERED"]])
    report = services.event_files.import_attendance(spring, path)
    assert [r.email for r in services.attendance.roster(phone_bank)] == ["kim@example.org"]
    assert services.attendance.roster(spring) == []
    assert [(e.column, e.value) for e in report.errors] == [("event_id", "303")]
    assert report.errors[0].reason.startswith("for the event with id 303 in the file, which no event of this "
                                              "chapter is known by")


def test_a_file_of_one_event_goes_whole_into_the_event_imported_into(services: Services, spring: int,
                                                                     tmp_path: Path) -> None:
    path = write_csv(tmp_path / "participations.csv", [HEADERS,
        ["909", "Saturday doors", "2026-03-07", "Ana", "Silva", "ana@example.org", "", "CONFIRMED", "true"],
        ["909", "Saturday doors", "2026-03-07", "Kim", "Lee", "kim@example.org", "", "REGISTERED", ""],
        ["", "", "", "Bo", "Li", "bo@example.org", "", "", "yes"]])
    report = services.event_files.import_attendance(spring, path)
    assert report.rejected == 0 and report.count("attendances_created") == 3
    assert len(services.attendance.roster(spring)) == 3
    assert "event__title" not in services.people.get(services.attendance.roster(spring)[0].person_id).custom_fields
