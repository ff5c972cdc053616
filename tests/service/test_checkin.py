"""Check-in at the door: once per person, walk-ins matched by email or phone (never a name alone), a
contact under another name asked about, capacity a warning, the door's search shows no contacts."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from organizer.services.changes import PEOPLE, Change
from organizer.services.container import Services
from organizer.services.events import DifferentName, EventInput, WalkIn
from organizer.services.people import PeopleQuery, PersonInput
from organizer.services.volunteers import VolunteerInput
from organizer.storage.models import Attendance, PossibleDuplicate


@pytest.fixture
def event_id(services: Services) -> int:
    return services.events.create(EventInput(title="Monthly meeting", start="2027-03-09 19:00",
                                             time_zone="America/New_York", capacity=2))[0].id


def people_count(services: Services) -> int:
    return services.people.count(PeopleQuery())


def test_checking_in_twice_makes_one_record_and_says_so(services: Services, event_id: int) -> None:
    pid = services.people.add(PersonInput(given_name="Ana", family_name="Silva")).id
    first = services.attendance.check_in(event_id, pid)
    again = services.attendance.check_in(event_id, pid)
    assert not first.already_checked_in and again.already_checked_in
    assert "already checked in" in again.greeting
    with services.db.read() as session:
        assert session.scalar(select(func.count(Attendance.id))) == 1


def test_a_walk_in_with_a_known_email_is_welcomed_back_not_duplicated(services: Services, event_id: int) -> None:
    known = services.people.add(PersonInput(given_name="Maria", family_name="Garcia", emails=["maria@example.org"]))
    result = services.attendance.walk_in(event_id, WalkIn("Maria", "Garcia", email=" MARIA@example.org "))
    assert result.person_id == known.id and not result.created and result.welcome_back
    assert result.greeting == "Welcome back, Maria!"
    assert people_count(services) == 1


def test_a_name_alone_never_matches_real_lists_repeat_names(services: Services, event_id: int) -> None:
    services.people.add(PersonInput(given_name="Maria", family_name="Garcia", emails=["one@example.org"]))
    services.people.add(PersonInput(given_name="Maria", family_name="Garcia", emails=["two@example.org"]))
    result = services.attendance.walk_in(event_id, WalkIn("Maria", "Garcia"))
    assert result.created and people_count(services) == 3
    with services.db.read() as session:  # each namesake is put beside the new one for review, never merged
        pairs = session.execute(select(PossibleDuplicate.person_id, PossibleDuplicate.reason)).all()
    assert len(pairs) == 2 and {pid for pid, _reason in pairs} == {result.person_id}
    assert all("same name" in reason for _pid, reason in pairs)


def test_the_same_name_only_walk_in_checked_in_twice_is_one_person(services: Services, event_id: int) -> None:
    first = services.attendance.walk_in(event_id, WalkIn("Maria", "Garcia"))
    again = services.attendance.walk_in(event_id, WalkIn("maría", "GARCIA"))
    assert first.created and not again.created and again.already_checked_in
    assert again.person_id == first.person_id and people_count(services) == 1
    other_event = services.events.create(EventInput(title="Canvass", start="2027-03-10 10:00",
                                                    time_zone="America/New_York"))[0].id
    elsewhere = services.attendance.walk_in(other_event, WalkIn("Maria", "Garcia"))
    assert elsewhere.created and people_count(services) == 2  # a name alone still never matches


def test_a_phone_held_under_another_name_is_asked_about_not_merged(services: Services, event_id: int) -> None:
    seen: list[Change] = []
    services.changes.subscribe(seen.append)
    other = services.people.add(PersonInput(given_name="Jose", family_name="Ruiz", phones=["919-555-0101"])).id
    with pytest.raises(DifferentName):
        services.attendance.walk_in(event_id, WalkIn("Ana", "Silva", phone="(919) 555-0101"))
    assert people_count(services) == 1 and services.attendance.roster(event_id) == []
    added = services.attendance.walk_in(event_id, WalkIn("Ana", "Silva", phone="(919) 555-0101"), new=True)
    assert added.created and added.person_id != other
    with services.db.read() as session:
        pair = session.execute(select(PossibleDuplicate.person_id, PossibleDuplicate.other_person_id)).one()
    assert tuple(pair) == (added.person_id, other)
    assert any(c.touches(PEOPLE) for c in seen)


def test_a_walk_in_becomes_a_real_contact_with_interests_and_a_volunteer_profile(services: Services,
                                                                                  event_id: int) -> None:
    result = services.attendance.walk_in(event_id, WalkIn("Kim", "Lee", "kim@example.org", "919 555 0123", "02134",
                                                          volunteer=True, interests=["Canvassing"]))
    person = services.people.get(result.person_id)
    assert person.emails == ("kim@example.org",) and person.phones == ("+19195550123",)
    assert person.postal_code == "02134" and person.tags == ("Canvassing",)
    assert person.volunteer_status == "active"
    row = services.attendance.roster(event_id)[0]
    assert row.walk_in and row.attended and row.first_time


def test_capacity_is_a_warning_at_the_door_never_a_refusal(services: Services, event_id: int) -> None:
    results = [services.attendance.walk_in(event_id, WalkIn("Guest", str(i), email=f"g{i}@example.org"))
               for i in range(3)]
    assert [r.over_capacity for r in results] == [False, False, True]
    assert services.attendance.turnout(event_id).attended == 3


def test_rsvps_then_turnout_counts_no_shows_walk_ins_and_first_timers(services: Services, event_id: int) -> None:
    a = services.people.add(PersonInput(given_name="Ana", family_name="Silva")).id
    b = services.people.add(PersonInput(given_name="Bo", family_name="Chen")).id
    c = services.people.add(PersonInput(given_name="Cy", family_name="Park")).id
    services.attendance.set_rsvp(event_id, a, "registered")
    services.attendance.set_rsvp(event_id, b, "confirmed")
    services.attendance.set_rsvp(event_id, c, "declined")
    services.attendance.check_in(event_id, a)
    services.attendance.walk_in(event_id, WalkIn("Di", "Moss", email="di@example.org"))
    t = services.attendance.turnout(event_id)
    assert (t.rsvps, t.attended, t.rsvp_attended, t.walk_ins, t.no_shows, t.declined) == (2, 2, 1, 1, 1, 1)
    assert t.first_timers == 2
    roster = services.attendance.roster(event_id)
    assert [r.family_name for r in roster] == ["Chen", "Moss", "Park", "Silva"]
    assert not next(r for r in roster if r.person_id == a).walk_in


def test_the_door_search_finds_by_name_email_or_phone_but_shows_no_contacts(services: Services,
                                                                            event_id: int) -> None:
    expected = services.people.add(PersonInput(given_name="Maria", family_name="Garcia", emails=["mg@example.org"],
                                               locality="Durham", street="1 Main St", postal_code="27701")).id
    other = services.people.add(PersonInput(given_name="Maria", family_name="Garcia", phones=["919-555-0199"])).id
    services.attendance.set_rsvp(event_id, expected, "registered")
    found = services.attendance.find_for_kiosk(event_id, "mar gar")
    assert [m.person_id for m in found] == [expected, other]  # the one expected first
    assert found[0].rsvp == "registered" and found[0].hint == "Durham"
    assert [m.person_id for m in services.attendance.find_for_kiosk(event_id, "5550199")] == [other]
    assert [m.person_id for m in services.attendance.find_for_kiosk(event_id, "mg@example")] == [expected]
    shown = " ".join(f"{m.name} {m.hint} {m.rsvp}" for m in found)
    assert "@" not in shown and "555" not in shown
    assert services.attendance.find_for_kiosk(event_id, "  ") == []


def test_attendance_raises_a_volunteer_up_the_ladder_never_down(services: Services, event_id: int) -> None:
    pid = services.people.add(PersonInput(given_name="Ana", family_name="Silva")).id
    services.volunteers.save(pid, VolunteerInput())
    canvass = services.events.create(EventInput(title="Canvass", event_type="canvass", start="2027-03-13 10:00",
                                                time_zone="UTC"))[0].id
    services.attendance.check_in(event_id, pid)
    assert services.growth.level_of(pid) == "attended"
    services.attendance.set_rsvp(canvass, pid, "registered", role="Shift lead")
    services.attendance.check_in(canvass, pid)
    assert services.growth.level_of(pid) == "led_shift"
    with services.db.read() as session:
        from organizer.storage.models import Volunteer
        assert session.scalar(select(Volunteer.engagement_level).where(Volunteer.person_id == pid)) == "led_shift"


def test_growth_lists_who_attended_twice_and_never_took_a_shift(services: Services) -> None:
    meetings = services.events.create(EventInput(title="Meeting", start="2027-01-01 19:00", time_zone="UTC",
                                                 repeat="weekly", occurrences=3))
    canvass = services.events.create(EventInput(title="Canvass", event_type="canvass", start="2027-02-01 10:00",
                                                time_zone="UTC"))[0]
    twice = services.people.add(PersonInput(given_name="Ana", family_name="Silva")).id
    worker = services.people.add(PersonInput(given_name="Bo", family_name="Silva")).id
    once = services.people.add(PersonInput(given_name="Cy", family_name="Silva")).id
    for m in meetings[:2]:
        services.attendance.check_in(m.id, twice)
        services.attendance.check_in(m.id, worker)
    services.attendance.check_in(canvass.id, worker)
    services.attendance.check_in(meetings[2].id, once)
    from organizer.services.events import GrowthQuery
    rows = services.growth.rows(GrowthQuery(min_attended=2, max_shifts=0))
    assert [r.person_id for r in rows] == [twice]
    assert rows[0].attended == 2 and rows[0].level == "attended"
    assert {r.person_id for r in services.growth.rows(GrowthQuery(level="took_shift"))} == {worker}


def test_taking_someone_off_the_roster_leaves_one_tombstone(services: Services, event_id: int) -> None:
    from organizer.storage.models import Tombstone

    pid = services.people.add(PersonInput(given_name="Ana", family_name="Silva")).id
    services.attendance.set_rsvp(event_id, pid, "invited")
    [row] = services.attendance.roster(event_id)
    assert services.attendance.remove([row.id, 999]) == 1
    assert services.attendance.roster(event_id) == []
    with services.db.read() as session:
        assert list(session.scalars(select(Tombstone.uuid))) == [row.uuid]


def test_every_count_of_rsvps_is_people_once_and_leaves_walk_ins_out(services: Services, event_id: int) -> None:
    morning = services.events.add_shift(event_id, "Morning", "2027-03-09 19:00", "2027-03-09 20:00").id
    evening = services.events.add_shift(event_id, "Evening", "2027-03-09 20:00", "2027-03-09 21:00").id
    ana = services.people.add(PersonInput(given_name="Ana", family_name="Silva")).id
    services.attendance.set_rsvp(event_id, ana, "registered", morning)
    services.attendance.set_rsvp(event_id, ana, "registered", evening)  # one person, two shifts
    services.attendance.walk_in(event_id, WalkIn("Bo", "Chen"))
    row = services.events.rows([event_id])[0]
    turnout = services.attendance.turnout(event_id)
    assert (row.rsvps, row.attended) == (turnout.rsvps, turnout.attended) == (1, 1)


def test_declining_the_event_declines_every_shift_signed_up_for(services: Services, event_id: int) -> None:
    morning = services.events.add_shift(event_id, "Morning", "2027-03-09 19:00", "2027-03-09 20:00").id
    ana = services.people.add(PersonInput(given_name="Ana", family_name="Silva")).id
    services.attendance.set_rsvp(event_id, ana, "registered", morning)
    services.attendance.set_rsvp(event_id, ana, "declined")
    assert [(r.status, r.shift_name) for r in services.attendance.roster(event_id)] == [("declined", "Morning")]
    turnout = services.attendance.turnout(event_id)
    assert (turnout.rsvps, turnout.declined) == (0, 1)


def test_a_shift_has_a_name_of_its_own_and_starts_on_the_events_day(services: Services, event_id: int) -> None:
    from organizer.errors import ValidationFailed

    services.events.add_shift(event_id, "Setup", "2027-03-09 17:30")  # before the meeting, on its day
    with pytest.raises(ValidationFailed) as twin:
        services.events.add_shift(event_id, "setup")
    assert "already has a shift" in twin.value.problems["name"]
    with pytest.raises(ValidationFailed) as elsewhere:
        services.events.add_shift(event_id, "Before", "2026-01-01 10:00")
    assert "not on the event's day (2027-03-09)" in elsewhere.value.problems["start"]
    assert [s.name for s in services.events.shifts(event_id)] == ["Setup"]


def test_two_doors_checking_in_one_new_person_at_once_make_one_person(services: Services, event_id: int,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """On a server two check-ins run side by side: both would find nobody and add the person twice."""
    import threading
    import time

    from organizer.services.events import attendance

    real = attendance.find_walk_in

    def slow_find(*args: object, **kwargs: object) -> object:
        found = real(*args, **kwargs)  # type: ignore[arg-type]
        time.sleep(0.5)  # the other door looks meanwhile
        return found
    monkeypatch.setattr(attendance, "find_walk_in", slow_find)
    results: list[object] = []

    def door() -> None:
        try:
            results.append(services.attendance.walk_in(event_id, WalkIn("Kim", "Lee", email="kim@example.org")))
        except Exception as exc:  # told by the assertion below
            results.append(exc)
    doors = [threading.Thread(target=door) for _ in range(2)]
    for each in doors:
        each.start()
    for each in doors:
        each.join(timeout=60)
    assert people_count(services) == 1 and len(results) == 2
    assert sorted(getattr(r, "created", None) for r in results) == [False, True], results
