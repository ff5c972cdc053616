"""`organizer event …`: the contract's shapes, files never overwritten unasked, bad input one `error:` line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from organizer.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "c.db")
    assert run(capsys, "--db", path, "init", "--chapter", "Riverside")[0] == 0
    return path


def create(capsys: pytest.CaptureFixture[str], db: str, *extra: str) -> dict[str, object]:
    code, out, err = run(capsys, "--db", db, "event", "create", "--title", "Meeting", "--type", "meeting",
                         "--start", "2027-03-09 19:00", "--tz", "America/New_York", *extra, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert isinstance(data, dict)
    return data


def test_create_checkin_roster_as_the_contract_says(capsys: pytest.CaptureFixture[str], db: str) -> None:
    event = str(create(capsys, db)["id"])
    walk_in = ("--db", db, "event", "checkin", event, "--given", "Kim", "--family", "Lee", "--email",
               "kim@example.org", "--json")
    first = json.loads(run(capsys, *walk_in)[1])
    assert (first["created"], first["already_checked_in"]) == (True, False)
    again = json.loads(run(capsys, *walk_in)[1])
    assert (again["person"], again["created"], again["already_checked_in"]) == (first["person"], False, True)
    by_uuid = json.loads(run(capsys, "--db", db, "event", "checkin", event, "--person", first["person"], "--json")[1])
    assert by_uuid["already_checked_in"] is True
    roster = json.loads(run(capsys, "--db", db, "event", "roster", event, "--json")[1])
    assert isinstance(roster, list) and len(roster) == 1
    assert {k: roster[0][k] for k in ("person", "status", "attended", "walk_in")} == {
        "person": first["person"], "status": "registered", "attended": True, "walk_in": True}
    listed = json.loads(run(capsys, "--db", db, "event", "list", "--json")[1])
    assert isinstance(listed, list) and listed[0]["title"] == "Meeting" and listed[0]["attended"] == 1


def test_a_repeating_meeting_on_the_command_line(capsys: pytest.CaptureFixture[str], db: str) -> None:
    made = create(capsys, db, "--repeat", "monthly on the second Tuesday", "--count", "3")
    assert len(made["ids"]) == 3  # type: ignore[arg-type]
    starts = [e["start"][:10] for e in made["events"]]  # type: ignore[attr-defined, union-attr]
    assert starts == ["2027-03-09", "2027-04-13", "2027-05-11"]


@pytest.mark.parametrize("args", [
    ("--end", "2027-03-09 18:00"),
    ("--tz", "Mars/Olympus"),
    ("--type", "picnic"),
    ("--capacity", "-3"),
    ("--count", "3"),
])
def test_bad_event_input_is_one_error_line_and_nothing_saved(capsys: pytest.CaptureFixture[str], db: str,
                                                            args: tuple[str, ...]) -> None:
    code, out, err = run(capsys, "--db", db, "event", "create", "--title", "T", "--type", "meeting",
                         "--start", "2027-03-09 19:00", *args)
    assert code == 2 and err.startswith("error:") and err.count("\n") == 1 and "Traceback" not in err + out
    assert json.loads(run(capsys, "--db", db, "event", "list", "--json")[1]) == []


def test_a_phone_under_another_name_is_refused_then_added_with_new(capsys: pytest.CaptureFixture[str],
                                                                  db: str) -> None:
    event = str(create(capsys, db)["id"])
    base = ("--db", db, "event", "checkin", event, "--phone", "919-555-0101", "--json")
    assert run(capsys, *base, "--given", "Jose", "--family", "Ruiz")[0] == 0
    code, _out, err = run(capsys, *base, "--given", "Ana", "--family", "Silva")
    assert code == 2 and "different name" in err
    added = json.loads(run(capsys, *base, "--given", "Ana", "--family", "Silva", "--new")[1])
    assert added["created"] is True


def test_files_are_written_once_and_never_replaced_unasked(capsys: pytest.CaptureFixture[str], db: str,
                                                          tmp_path: Path) -> None:
    event = str(create(capsys, db)["id"])
    run(capsys, "--db", db, "event", "checkin", event, "--given", "Kim", "--family", "Lee", "--email", "k@example.org")
    for command, name in (("host-packet", "p.xlsx"), ("signin-sheet", "s.pdf")):
        out = tmp_path / name
        assert run(capsys, "--db", db, "event", command, event, str(out))[0] == 0
        before = out.read_bytes()
        code, _o, err = run(capsys, "--db", db, "event", command, event, str(out))
        assert code == 2 and "already exists" in err and out.read_bytes() == before
        assert run(capsys, "--db", db, "event", command, event, str(out), "--force")[0] == 0
    assert (tmp_path / "s.pdf").read_bytes().startswith(b"%PDF")
    ics = tmp_path / "cal.ics"
    assert run(capsys, "--db", db, "event", "export-ics", str(ics), "--event", event)[0] == 0
    text = ics.read_bytes().decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and "DTSTART:20270310T000000Z" in text
    code, _o, err = run(capsys, "--db", db, "event", "export-ics", str(tmp_path / "cal.txt"))
    assert code == 2 and err.startswith("error:")
    code, _o, err = run(capsys, "--db", db, "event", "host-packet", event, db)
    assert code == 2 and "database" in err


def test_import_attendance_prints_the_import_report_with_attendances(capsys: pytest.CaptureFixture[str], db: str,
                                                                    tmp_path: Path) -> None:
    event = str(create(capsys, db)["id"])
    sheet = tmp_path / "rsvps.csv"
    sheet.write_text("First Name,Last Name,Email,Status,Attended\nAna,Silva,ana@example.org,registered,yes\n"
                     "Bo,Chen,bo@example.org,registered,no\n", encoding="utf-8")
    code, out, err = run(capsys, "--db", db, "event", "import-attendance", event, str(sheet), "--dry-run", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["batch"] is None and report["attendances"] == {"created": 2, "updated": 0}
    assert {"rows", "created", "updated", "unchanged", "rejected", "errors", "warnings"} <= set(report)
    report = json.loads(run(capsys, "--db", db, "event", "import-attendance", event, str(sheet), "--json")[1])
    assert report["batch"] == 1 and report["created"] == 2
    code, _o, err = run(capsys, "--db", db, "event", "import-attendance", "99", str(sheet))
    assert code == 2 and "no event with id 99" in err
    turnout = json.loads(run(capsys, "--db", db, "event", "turnout", event, "--json")[1])
    assert (turnout["rsvps"], turnout["attended"], turnout["no_shows"]) == (2, 1, 1)


def test_edit_show_shifts_rsvp_growth_and_delete(capsys: pytest.CaptureFixture[str], db: str) -> None:
    event = str(create(capsys, db, "--end", "2027-03-09 21:00", "--location", "Grace Church")["id"])
    code, out, err = run(capsys, "--db", db, "event", "edit", event, "--title", "Kickoff", "--json")
    assert code == 0, err
    edited = json.loads(out)
    assert (edited["title"], edited["location"], edited["start"]) == ("Kickoff", "Grace Church",
                                                                     "2027-03-09T19:00:00-05:00")
    shift = json.loads(run(capsys, "--db", db, "event", "shift-add", event, "--name", "Setup", "--json")[1])
    person = json.loads(run(capsys, "--db", db, "event", "checkin", event, "--given", "Ana", "--family", "Silva",
                            "--phone", "919-555-0101", "--json")[1])["person"]
    assert run(capsys, "--db", db, "event", "rsvp", event, "--person", person, "--shift", str(shift["id"]),
               "--role", "Shift lead")[0] == 0
    shifts = json.loads(run(capsys, "--db", db, "event", "shifts", event, "--json")[1])
    assert shifts == [{**shift, "taken": 1}]
    assert json.loads(run(capsys, "--db", db, "event", "growth", "--json")[1])[0]["attended"] == 1
    code, _o, err = run(capsys, "--db", db, "event", "rsvp", event, "--person", person, "--status", "maybe")
    assert code == 2 and err.startswith("error:")
    code, _o, err = run(capsys, "--db", db, "event", "delete", event)
    assert code == 2 and "--yes" in err
    assert run(capsys, "--db", db, "event", "delete", event, "--yes")[0] == 0
    code, _o, err = run(capsys, "--db", db, "event", "show", event)
    assert code == 2 and "no event" in err


def test_text_lists_are_tab_separated_with_a_header(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, _out, err = run(capsys, "--db", db, "event", "create", "--title", "Tab\there", "--type", "meeting",
                          "--start", "2027-03-09 19:00", "--tz", "America/New_York")
    assert code == 0, err
    lines = run(capsys, "--db", db, "event", "list")[1].splitlines()
    assert lines[0].split("\t") == ["Id", "Start", "Type", "Status", "Title", "Place"]
    assert lines[1].split("\t")[1:5] == ["2027-03-09 19:00", "meeting", "confirmed", "Tab here"]
    run(capsys, "--db", db, "event", "checkin", "1", "--given", "Kim", "--family", "Lee")
    roster = run(capsys, "--db", db, "event", "roster", "1")[1].splitlines()
    assert roster[0].split("\t") == ["Name", "RSVP", "Present", "Walk-in", "Shift"]
    assert roster[1].split("\t") == ["Kim Lee", "registered", "present", "walk-in", ""]


def test_the_calendar_of_upcoming_events_leaves_private_ones_out(capsys: pytest.CaptureFixture[str], db: str,
                                                                 tmp_path: Path) -> None:
    create(capsys, db)
    private = str(create(capsys, db, "--visibility", "private", "--location", "Ana's house")["id"])
    everything = tmp_path / "all.ics"
    code, out, _err = run(capsys, "--db", db, "event", "export-ics", str(everything))
    text = everything.read_bytes().decode("utf-8")
    assert code == 0 and out.startswith("Wrote 1 event to") and "Ana's house" not in text and "CLASS:PUBLIC" in text
    one = tmp_path / "one.ics"
    assert run(capsys, "--db", db, "event", "export-ics", str(one), "--event", private)[0] == 0
    assert "CLASS:PRIVATE" in one.read_bytes().decode("utf-8")
