"""The attendance import: Mobilize participations, a host's packet and a keyed-back sign-in sheet, people
matched as a people import matches them, attendance recorded on the event, and undone whole."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from organizer.errors import UserError
from organizer.services.container import Services
from organizer.services.events import EventInput
from organizer.services.imports import ImportOptions
from organizer.services.people import PeopleQuery, PersonInput
from tests.service.importing_helpers import write_csv

MOBILIZE = ["user__given_name", "user__family_name", "user__email_address", "user__phone_number",
            "user__postal_code", "event_id", "timeslot_id", "status", "attended", "referrer__utm_source"]


@pytest.fixture
def event_id(services: Services) -> int:
    return services.events.create(EventInput(title="Canvass launch", event_type="canvass",
                                             start="2027-03-13 10:00", time_zone="America/New_York"))[0].id


def test_mobilize_participations_match_people_and_record_rsvps_and_attendance(services: Services, event_id: int,
                                                                             tmp_path: Path) -> None:
    known = services.people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["ana@example.org"])).id
    path = write_csv(tmp_path / "participations.csv", [MOBILIZE,
        ["Ana", "Silva", "ana@example.org", "9195550101", "27601", "555", "901", "CONFIRMED", "true", "email"],
        ["Maria", "Garcia", "maria1@example.org", "", "27601", "555", "901", "REGISTERED", "false", ""],
        ["Maria", "Garcia", "maria2@example.org", "", "27603", "555", "902", "CANCELLED", "", ""],
        ["", "", "", "", "", "555", "901", "REGISTERED", "", ""]])
    report = services.event_files.import_attendance(event_id, path)
    assert (report.rows, report.created, report.updated, report.rejected) == (4, 2, 1, 1)
    assert report.count("attendances_created") == 3
    roster = {r.email: r for r in services.attendance.roster(event_id)}
    assert roster["ana@example.org"].person_id == known and roster["ana@example.org"].attended is True
    assert roster["ana@example.org"].status == "confirmed"
    assert roster["maria1@example.org"].attended is False and roster["maria2@example.org"].status == "cancelled"
    assert {r.shift_name for r in roster.values()} == {"Timeslot 901", "Timeslot 902"}
    person = services.people.get(known)
    assert "event_id" not in person.custom_fields and "status" not in person.custom_fields


def test_the_host_packet_goes_out_and_comes_back_in_with_walk_ins(services: Services, event_id: int,
                                                                  tmp_path: Path) -> None:
    ana = services.people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["ana@example.org"])).id
    twin = services.people.add(PersonInput(given_name="Ana", family_name="Silva", phones=["919-555-0111"])).id
    stranger = services.people.add(PersonInput(given_name="Zed", family_name="Hidden", emails=["zed@example.org"]))
    for pid in (ana, twin):
        services.attendance.set_rsvp(event_id, pid, "registered")
    packet = tmp_path / "packet.xlsx"
    assert services.event_files.write_host_packet(event_id, packet) == 2
    book = openpyxl.load_workbook(packet)
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == ["Person id", "First name", "Last name", "Email", "Phone", "RSVP status",
                                           "Attended"]
    cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert stranger.uuid not in cells and "zed@example.org" not in cells  # only this event's RSVPs
    by_uuid = {sheet.cell(r, 1).value: r for r in (2, 3)}
    sheet.cell(by_uuid[services.people.get(ana).uuid], 7).value = "yes"
    sheet.cell(by_uuid[services.people.get(twin).uuid], 7).value = "no"
    sheet.cell(4, 2).value, sheet.cell(4, 3).value, sheet.cell(4, 4).value = "Maria", "Garcia", "maria@example.org"
    filled = tmp_path / "packet-back.xlsx"
    book.save(filled)
    report = services.event_files.import_attendance(event_id, filled)
    assert report.created == 1 and report.count("attendances_updated") == 2
    roster = {r.person_id: r for r in services.attendance.roster(event_id)}
    assert roster[ana].attended is True and roster[twin].attended is False
    walk_in = next(r for r in roster.values() if r.email == "maria@example.org")
    assert walk_in.walk_in and walk_in.attended

    undone = services.imports.undo(report.batch or 0)
    assert undone.removed == 1
    roster = {r.person_id: r for r in services.attendance.roster(event_id)}
    assert set(roster) == {ana, twin} and roster[ana].attended is None and roster[twin].attended is None
    assert services.people.count(PeopleQuery()) == 3


def test_a_sign_in_sheet_keyed_back_marks_everyone_present(services: Services, event_id: int, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "signin.csv", [["Name", "Email", "Phone #", "Volunteer?"],
                                                ["Ana Silva", "ana@example.org", "", "Y"],
                                                ["Bo Chen", "", "919-555-0102", ""]])
    dry = services.event_files.import_attendance(event_id, path, ImportOptions(dry_run=True))
    assert dry.batch is None and dry.count("attendances_created") == 2
    assert services.attendance.roster(event_id) == []
    services.event_files.import_attendance(event_id, path)
    roster = services.attendance.roster(event_id)
    assert [(r.name, r.attended, r.walk_in) for r in roster] == [("Bo Chen", True, True), ("Ana Silva", True, True)]
    again = services.event_files.import_attendance(event_id, path)
    assert again.imported_before and again.count("attendances_created") == 0


def test_rsvp_words_of_other_tools_are_read_and_an_unknown_one_never_marks_anyone_present(
        services: Services, event_id: int, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "rsvps.csv", [["Email", "First", "Last", "Status"],
                                               ["a1@example.org", "Al", "One", "Not Attending"],
                                               ["a2@example.org", "Bea", "Two", "Waitlisted"],
                                               ["a3@example.org", "Cy", "Three", "No-show"],
                                               ["a4@example.org", "Di", "Four", "Can't go"],
                                               ["a5@example.org", "Ed", "Five", "Checked in"],
                                               ["a6@example.org", "Flo", "Six", ""]])
    report = services.event_files.import_attendance(event_id, path)
    assert [(w.row, w.value) for w in report.warnings] == [(3, "Waitlisted")]
    assert "not marked present" in report.warnings[0].reason
    roster = {r.email: (r.status, r.attended, r.walk_in) for r in services.attendance.roster(event_id)}
    assert roster == {"a1@example.org": ("declined", None, False), "a2@example.org": ("registered", None, False),
                      "a3@example.org": ("registered", False, False), "a4@example.org": ("declined", None, False),
                      "a5@example.org": ("registered", True, False), "a6@example.org": ("registered", True, True)}


def test_an_attendance_import_needs_its_event(services: Services, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "signin.csv", [["Name", "Email"], ["Ana Silva", "ana@example.org"]])
    with pytest.raises(UserError, match="event import-attendance"):
        services.imports.run(path, "attendance")
    with pytest.raises(UserError, match="no event"):
        services.event_files.import_attendance(999, path)
    assert services.people.count(PeopleQuery()) == 0


def test_undo_puts_back_the_rungs_the_import_raised_but_not_one_set_since(services: Services, event_id: int,
                                                                          tmp_path: Path) -> None:
    from organizer.services.volunteers import VolunteerInput

    ana = services.people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["ana@example.org"])).id
    ana2 = services.people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["ana2@example.org"])).id
    for pid in (ana, ana2):
        services.volunteers.save(pid, VolunteerInput())
    path = write_csv(tmp_path / "signin.csv", [["Name", "Email"], ["Ana Silva", "ana@example.org"],
                                                ["Ana Silva", "ana2@example.org"]])
    report = services.event_files.import_attendance(event_id, path)
    assert [services.growth.level_of(p) for p in (ana, ana2)] == ["took_shift", "took_shift"]  # a canvass is work
    assert {services.volunteers.get(p).engagement_level for p in (ana, ana2)} == {"took_shift"}
    services.volunteers.save(ana2, VolunteerInput(engagement_level="leads_team"))  # set by hand since
    services.imports.undo(report.batch)
    assert services.volunteers.get(ana).engagement_level == "signed_up"
    assert services.volunteers.get(ana2).engagement_level == "leads_team"
    assert services.attendance.roster(event_id) == []


def test_a_job_column_is_the_persons_occupation_kept_with_them_not_their_role_at_the_event(
        services: Services, event_id: int, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "signin.csv", [["Name", "Email", "Job", "Role"],
                                                ["Ana Silva", "ana@example.org", "Teacher", "Greeter"],
                                                ["Bo Li", "bo@example.org", "Nurse", ""]])
    report = services.event_files.import_attendance(event_id, path)
    assert report.mapping["Job"] == "custom" and report.mapping["Role"] == "role"
    roster = {r.email: r for r in services.attendance.roster(event_id)}
    assert roster["ana@example.org"].role == "Greeter" and roster["bo@example.org"].role == ""
    jobs = {services.people.get(r.person_id).custom_fields.get("Job") for r in roster.values()}
    assert jobs == {"Teacher", "Nurse"}


def test_a_status_or_mark_that_cannot_be_read_is_kept_in_the_attendance_comment_and_said_so(
        services: Services, event_id: int, tmp_path: Path) -> None:
    bo = services.people.add(PersonInput(given_name="Bo", family_name="Li", emails=["bo@example.org"])).id
    services.attendance.set_rsvp(event_id, bo, "registered")
    path = write_csv(tmp_path / "members.csv", [["Name", "Email", "Status", "Attended"],
                                                 ["Ana Silva", "ana@example.org", "Member", ""],
                                                 ["Bo Li", "bo@example.org", "Student", "sort of"]])
    report = services.event_files.import_attendance(event_id, path)
    assert [(w.row, w.column, w.value) for w in report.warnings] == [
        (2, "Status", "Member"), (3, "Status", "Student"), (3, "Attended", "sort of")]
    assert all("kept as typed in the attendance's comment" in w.reason for w in report.warnings)
    assert "not marked present" in report.warnings[0].reason
    roster = {r.email: r for r in services.attendance.roster(event_id)}
    assert (roster["ana@example.org"].comment, roster["ana@example.org"].attended) == ("Status: Member", None)
    assert roster["bo@example.org"].comment == "Status: Student; Attended: sort of"

    again = services.event_files.import_attendance(event_id, path)
    assert again.count("attendances_updated") == 0  # kept once, not once per import
    services.imports.undo(again.batch or 0)
    services.imports.undo(report.batch or 0)
    assert [(r.email, r.comment) for r in services.attendance.roster(event_id)] == [("bo@example.org", "")]
