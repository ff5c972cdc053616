"""The demo chapter: every part of the model filled, realistic shares, valid keys, seeded."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import phonenumbers
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from organizer.domain import codes
from organizer.errors import ValidationFailed
from organizer.services.demo import DemoNeedsEmptyChapter, fill_demo
from organizer.storage.database import Database
from organizer.storage.location import SqliteFile
from organizer.storage.models import (
    Attendance,
    Base,
    ContactAttempt,
    EmailAddress,
    Event,
    Person,
    Petition,
    PetitionSheet,
    PhoneNumber,
    PostalAddress,
    Prospect,
    ProspectStageChange,
    Shift,
    Signature,
    Tag,
    Tagging,
    Volunteer,
    Voter,
)
from organizer.storage.opening import create_database, open_database

TODAY = date(2026, 11, 23)


def _new_db(path: Path) -> Database:
    return create_database(path, {"chapter_name": "Demo", "phone_region": "US"})


@pytest.fixture(scope="module")
def empty_chapter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "empty.db"
    _new_db(path).close()
    return path


def _copy(template: Path, path: Path) -> Database:
    """A fresh empty chapter without running the migrations again."""
    SqliteFile(template).backup_to(path)
    return open_database(path)


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, dict[str, int]]]:
    db = _new_db(tmp_path_factory.mktemp("demo") / "c.db")
    counts = fill_demo(db, today=TODAY)
    yield db, counts
    db.close()


@pytest.fixture
def session(filled: tuple[Database, dict[str, int]]) -> Iterator[Session]:
    with filled[0].read() as s:
        yield s


def _count(session: Session, model: type[Base]) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def test_every_table_has_rows_and_counts_are_realistic(
    filled: tuple[Database, dict[str, int]], session: Session
) -> None:
    models: list[type[Base]] = [
        Person, EmailAddress, PhoneNumber, PostalAddress, Tag, Tagging, Volunteer, Prospect,
        ProspectStageChange, Petition, PetitionSheet, Signature, Event, Shift, Attendance, Voter, ContactAttempt,
    ]
    for model in models:
        assert _count(session, model) > 0, model.__tablename__
    assert _count(session, Person) == 300
    assert 75 <= _count(session, Volunteer) <= 105
    assert _count(session, Prospect) == 12
    assert 1100 <= _count(session, Voter) <= 1300
    assert 17 <= _count(session, Event) <= 23
    assert 400 <= _count(session, Attendance) <= 900
    assert 250 <= _count(session, ContactAttempt) <= 380
    assert _count(session, Tag) == 12
    counts = filled[1]
    assert counts["people"] == 300 and counts["voters"] == _count(session, Voter)
    assert counts["attendances"] == _count(session, Attendance)


def test_phones_are_valid_e164_and_never_shared(session: Session) -> None:
    numbers = list(session.execute(select(PhoneNumber.person_id, PhoneNumber.number)))
    assert len({n for _, n in numbers}) == len(numbers)
    for _, number in numbers:
        assert re.fullmatch(r"\+1(919|984|252|336)55501\d\d", number), number
        assert phonenumbers.is_valid_number(phonenumbers.parse(number, None))
    with_phone = len({p for p, _ in numbers})
    assert 0.5 <= with_phone / 300 <= 0.7
    assert any(n.startswith("+1919") for _, n in numbers)


def test_people_have_keys_names_and_realistic_details(session: Session) -> None:
    people = list(session.scalars(select(Person)))
    assert all(p.name_key and p.search_text and p.source == "demo" for p in people)
    names = {p.given_name for p in people} | {p.family_name for p in people}
    assert any(not n.isascii() for n in names), "some names carry accents"
    assert sum(1 for p in people if p.custom_fields) > 20
    assert sum(1 for p in people if p.gender_pronouns) > 20
    assert sum(1 for p in people if p.notes) > 10
    assert any(p.do_not_call or p.do_not_email or p.do_not_walk or p.do_not_text for p in people)
    emails = list(session.scalars(select(EmailAddress.address)))
    assert all(e.split("@")[1] in {"example.org", "example.com", "example.net"} for e in emails)
    shared = [e for e, k in Counter(emails).items() if k > 1]
    assert shared, "some couples share an email"
    precincts = set(session.scalars(select(PostalAddress.precinct)))
    assert {"01-01", "01-02", "04-03"} <= precincts
    tagged = session.scalar(select(func.count(func.distinct(Tagging.person_id))))
    assert 100 <= (tagged or 0) <= 280


def test_volunteers_have_statuses_levels_and_point_people(session: Session) -> None:
    volunteers = list(session.scalars(select(Volunteer)))
    statuses = Counter(v.status for v in volunteers)
    assert statuses["active"] > statuses["inactive"] > 0
    assert len({v.engagement_level for v in volunteers}) == 5
    ids = {v.person_id for v in volunteers}
    assert all(v.point_person_id in ids and v.point_person_id != v.person_id
               for v in volunteers if v.point_person_id)
    assert any(v.recruited_by_id for v in volunteers)
    assert all(v.skills and v.availability for v in volunteers)


def test_no_volunteer_stands_below_what_their_attendance_shows(session: Session) -> None:
    from organizer.domain.engagement import higher
    from organizer.services.events.growth import records

    volunteers = {v.person_id: v.engagement_level for v in session.scalars(select(Volunteer))}
    shown = records(session, list(volunteers))
    assert shown and all(higher(volunteers[pid], r.level.value) == volunteers[pid] for pid, r in shown.items())


def test_prospects_span_the_pipeline_with_history(session: Session) -> None:
    prospects = list(session.scalars(select(Prospect)))
    assert len({p.stage for p in prospects}) >= 8
    assert any(p.election_date and p.election_date.year == 2027 for p in prospects)
    assert any(p.next_step_due and p.next_step_due < TODAY for p in prospects), "some next steps overdue"
    assert all(p.office and p.jurisdiction and p.organizer_id and p.referral_source for p in prospects)
    history = Counter(session.scalars(select(ProspectStageChange.prospect_id)))
    assert set(history) == {p.id for p in prospects}
    for p in prospects:
        last = session.scalars(select(ProspectStageChange).where(ProspectStageChange.prospect_id == p.id)
                               .order_by(ProspectStageChange.changed_on.desc())).first()
        assert last is not None and last.to_stage == p.stage


def test_petitions_sheets_and_signatures(session: Session) -> None:
    petitions = {p.kind: p for p in session.scalars(select(Petition))}
    assert set(petitions) == {"issue", "ballot_access"}
    issue, ballot = petitions["issue"], petitions["ballot_access"]
    assert ballot.district == "District 2" and ballot.required_signatures == 250
    assert ballot.deadline is not None and ballot.deadline > TODAY
    sheets = list(session.scalars(select(PetitionSheet).where(PetitionSheet.petition_id == ballot.id)))
    assert len(sheets) == 10 and any(not s.circulator_statement_complete for s in sheets)
    assert not list(session.scalars(select(PetitionSheet).where(PetitionSheet.petition_id == issue.id)))
    signatures = list(session.scalars(select(Signature).where(Signature.petition_id == ballot.id)))
    assert 120 <= len(signatures) <= 180
    assert all(s.sheet_id and s.line and 1 <= s.line <= 15 for s in signatures)
    statuses = Counter(s.status for s in signatures)
    assert statuses["valid"] > len(signatures) / 3
    assert {"not_registered", "unchecked"} <= set(statuses)
    assert len(set(statuses) - {"valid"}) >= 4
    valid_voters = set(session.scalars(select(Voter.id).where(Voter.district == "District 2")))
    assert all(s.voter_row_id in valid_voters for s in signatures if s.status == "valid")
    issue_statuses = set(session.scalars(select(Signature.status).where(Signature.petition_id == issue.id)))
    assert issue_statuses == {"unchecked", "valid"}


def test_voter_roll_links_demo_people(session: Session) -> None:
    voters = list(session.scalars(select(Voter)))
    assert all(re.fullmatch(r"NC\d{9}", v.voter_id) for v in voters)
    assert {v.precinct for v in voters} == {"01-01", "01-02", "04-03", "04-04"}
    assert {v.district for v in voters} == {"District 1", "District 2"}
    assert {"DEM", "REP", "UNA"} <= {v.party for v in voters}
    assert all(v.name_key and v.family_key and v.street_key and v.street_name for v in voters)
    assert all(v.postal_code.startswith("276") for v in voters)
    linked = [v for v in voters if v.person_id is not None]
    assert 0.3 <= len(linked) / 300 <= 0.5
    for voter in linked:
        person = session.get(Person, voter.person_id)
        assert person is not None and person.name_key == voter.name_key
        assert person.addresses[0].street_key == voter.street_key
        assert person.addresses[0].postal_code == voter.postal_code


def test_events_attendance_and_shifts(session: Session) -> None:
    now = datetime(2026, 11, 23, 12, tzinfo=UTC)
    events = list(session.scalars(select(Event)))
    assert any(_utc(e.starts_at) < now for e in events) and any(_utc(e.starts_at) > now for e in events)
    assert all(e.time_zone == "America/New_York" for e in events)
    assert Counter(e.status for e in events)["cancelled"] == 1
    assert Counter(e.status for e in events)["tentative"] == 1
    assert {"meeting", "training", "canvass", "phone_bank", "rally", "house_party"} <= {e.event_type for e in events}
    for event in events:
        shifts = list(session.scalars(select(Shift).where(Shift.event_id == event.id)))
        assert (2 <= len(shifts) <= 3) if event.event_type == "canvass" else not shifts
        rows = list(session.scalars(select(Attendance).where(Attendance.event_id == event.id)))
        assert rows
        if _utc(event.starts_at) > now:
            assert all(r.attended is None for r in rows)
        elif event.status == "confirmed":
            assert any(r.attended for r in rows) and any(r.attended is False for r in rows)
            assert all(r.checked_in_at for r in rows if r.attended)
    assert session.scalar(select(func.count()).where(Attendance.walk_in.is_(True)))


def test_contact_attempts_and_last_contacted(session: Session) -> None:
    attempts = list(session.scalars(select(ContactAttempt)))
    assert {a.channel for a in attempts} == {"door", "phone"}
    for a in attempts:
        assert a.result_code in {c.value for c in (codes.DoorResult if a.channel == "door" else codes.PhoneResult)}
        assert (a.support_level is not None) == (a.result_code == "canvassed")
        assert a.canvasser_id is not None
    volunteers = set(session.scalars(select(Volunteer.person_id)))
    assert all(a.canvasser_id in volunteers for a in attempts)
    contacted = {a.person_id for a in attempts if a.person_id}
    people = {p.id: p for p in session.scalars(select(Person))}
    assert all(people[pid].last_contacted_at is not None for pid in contacted)
    assert all(p.last_contacted_at is None for pid, p in people.items() if pid not in contacted)


def test_same_seed_same_chapter_and_progress(tmp_path: Path, empty_chapter: Path) -> None:
    def names(db: Database) -> list[tuple[str, str]]:
        with db.read() as s:
            return [(g, f) for g, f in s.execute(select(Person.given_name, Person.family_name).order_by(Person.id))]

    seen: list[tuple[int, int, str]] = []
    first, second = _copy(empty_chapter, tmp_path / "a.db"), _copy(empty_chapter, tmp_path / "b.db")
    fill_demo(first, seed=3, people=60, today=TODAY, progress=lambda d, t, m: seen.append((d, t, m)))
    fill_demo(second, seed=3, people=60, today=TODAY)
    assert names(first) == names(second) and len(names(first)) == 60
    assert seen[-1][0] == seen[-1][1] and [d for d, _, _ in seen] == sorted(d for d, _, _ in seen)
    third = _copy(empty_chapter, tmp_path / "c.db")
    fill_demo(third, seed=4, people=60, today=TODAY)
    assert names(third) != names(first)
    for db in (first, second, third):
        db.close()


def test_a_chapter_with_people_is_refused_and_left_alone(tmp_path: Path, empty_chapter: Path) -> None:
    db = _copy(empty_chapter, tmp_path / "twice.db")
    fill_demo(db, seed=1, people=120, today=TODAY)
    with db.read() as s:
        before = (_count(s, Person), _count(s, Tag), _count(s, PhoneNumber))
    with pytest.raises(DemoNeedsEmptyChapter, match="already has people"):
        fill_demo(db, seed=2, people=120, today=TODAY)
    with db.read() as s:
        assert (_count(s, Person), _count(s, Tag), _count(s, PhoneNumber)) == before
    db.close()


def test_the_demo_command_refuses_a_chapter_with_people(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from organizer.cli.main import main

    path = tmp_path / "real.db"
    assert main(["--db", str(path), "init", "--chapter", "Riverside"]) == 0
    assert main(["--db", str(path), "people", "add", "--given", "Ana", "--family", "Silva"]) == 0
    capsys.readouterr()
    assert main(["--db", str(path), "demo"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error:") and "already has people" in err[0]
    assert main(["--db", str(path), "stats", "--json"]) == 0
    assert '"people": 1' in capsys.readouterr().out


@pytest.mark.parametrize(
    ("column", "vocabulary"),
    [
        (EmailAddress.status, codes.EmailStatus), (PhoneNumber.number_type, codes.PhoneType),
        (Volunteer.status, codes.VolunteerStatus), (Volunteer.engagement_level, codes.EngagementLevel),
        (Prospect.stage, codes.ProspectStage), (ProspectStageChange.to_stage, codes.ProspectStage),
        (Petition.kind, codes.PetitionKind), (PetitionSheet.status, codes.SheetStatus),
        (Signature.status, codes.SignatureStatus), (Event.event_type, codes.EventType),
        (Event.status, codes.EventStatus), (Event.visibility, codes.Visibility),
        (Attendance.status, codes.AttendanceStatus), (ContactAttempt.channel, codes.ContactChannel),
        (Voter.status, codes.VoterStatus),
    ],
)
def test_every_stored_code_is_in_the_domain_vocabulary(
    session: Session, column: Any, vocabulary: type[codes.Code]
) -> None:
    stored = set(session.scalars(select(column).distinct()))
    assert stored and stored <= {c.value for c in vocabulary}


def test_too_few_people_is_refused(tmp_path: Path, empty_chapter: Path) -> None:
    db = _copy(empty_chapter, tmp_path / "small.db")
    with pytest.raises(ValidationFailed):
        fill_demo(db, people=5, today=TODAY)
    with db.read() as s:
        assert _count(s, Person) == 0
    fill_demo(db, people=30, today=TODAY)
    db.close()
