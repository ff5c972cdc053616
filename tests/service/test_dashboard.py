"""The dashboard: each panel from the tables, empty sections said to be empty, a failing panel alone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from organizer.services import dashboard as dash
from organizer.services.person_input import PersonInput
from organizer.services.prospects_offices import OfficeInput
from organizer.services.prospects_rows import ProspectInput
from organizer.storage.models import Attendance, Event, MergeConflict, Petition, Signature

TODAY = date.today()


def test_an_empty_chapter_says_every_section_is_empty(services: Any) -> None:
    board = services.dashboard.build()
    assert {p.key for p in board.panels} == {"attention", "people", "events", "petitions", "prospects",
                                             "canvass", "review"}
    assert all(p.empty and not p.unavailable for p in board.panels)
    data = board.to_json()
    assert data["as_of"] == TODAY.isoformat() and data["people"]["empty"] is True


def test_people_and_new_this_month(services: Any) -> None:
    for given in ("Ana", "Ana", "Bo"):  # repeated names count as people each
        services.people.add(PersonInput(given_name=given, family_name="Silva"))
    panel = services.dashboard.panel("people")
    assert not panel.empty
    assert (panel.figures["people"], panel.figures["new_people_this_month"]) == (3, 3)
    assert panel.figures["growth"][-1] == {"month": TODAY.strftime("%Y-%m"), "new_people": 3}
    assert len(panel.figures["growth"]) == dash.MONTHS


def test_prospects_funnel_overdue_and_open_seats(services: Any) -> None:
    a = services.people.add(PersonInput(given_name="Ana", family_name="Silva")).id
    b = services.people.add(PersonInput(given_name="Bo", family_name="Chen")).id
    services.prospects.add(a, ProspectInput(office="School Board", next_step="Call",
                                            next_step_due=TODAY - timedelta(days=2)))
    row = services.prospects.add(b, ProspectInput(office="City Council", filing_deadline=TODAY + timedelta(days=3),
                                                  election_date=TODAY + timedelta(days=60)))
    services.prospects.move(row.id, "vetting")
    services.offices.add(OfficeInput(name="Water Board", election_date=TODAY + timedelta(days=90)))
    figures = services.dashboard.panel("prospects").figures
    assert figures["by_stage"]["identified"] == 1 and figures["by_stage"]["vetting"] == 1
    assert next(iter(figures["by_stage"])) == "identified" and len(figures["by_stage"]) == 12
    assert (figures["overdue_next_steps"], figures["filing_deadlines_14_days"]) == (1, 1)
    assert figures["open_seats_without_prospect"] == ["Water Board"]
    attention = services.dashboard.panel("attention").figures
    assert [i["kind"] for i in attention["items"]] == ["overdue_follow_up", "filing_deadline"]
    assert attention["items"][0]["text"] == "Ana Silva (School Board): Call"


def test_a_filing_deadline_that_passed_before_the_prospect_filed_needs_attention(services: Any) -> None:
    a = services.people.add(PersonInput(given_name="Ana", family_name="Silva")).id
    b = services.people.add(PersonInput(given_name="Bo", family_name="Chen")).id
    c = services.people.add(PersonInput(given_name="Cy", family_name="Ray")).id
    services.prospects.add(a, ProspectInput(office="School Board", filing_deadline=TODAY - timedelta(days=6)))
    services.prospects.add(b, ProspectInput(office="Parks Board", filing_deadline=TODAY - timedelta(days=90)))
    filed = services.prospects.add(c, ProspectInput(office="City Council", filing_deadline=TODAY - timedelta(days=6)))
    services.prospects.move(filed.id, "filed")
    attention = services.dashboard.panel("attention")
    assert not attention.empty and attention.figures["missed_filing_deadlines"] == 1
    assert [i["text"] for i in attention.figures["items"]] == ["Filing deadline passed: Ana Silva (School Board)"]


def test_an_open_seat_whose_filing_closes_soon_counts_as_a_deadline(services: Any) -> None:
    services.offices.add(OfficeInput(name="Water Board", filing_closes=TODAY + timedelta(days=10)))
    services.offices.add(OfficeInput(name="Parks Board", filing_closes=TODAY + timedelta(days=40)))
    figures = services.dashboard.panel("prospects").figures
    assert figures["filing_deadlines_14_days"] == 1
    reminders = [r for r in services.prospects.reminders() if r.kind == "office_filing"]
    assert len(reminders) == 1  # the Candidates section counts the same one


def test_the_same_office_twice_is_refused_so_its_seat_is_listed_once(services: Any) -> None:
    from organizer.errors import UserError

    services.offices.add(OfficeInput(name="Water Board", seat="Seat 1", jurisdiction="Wake County",
                                     election_date=TODAY + timedelta(days=90)))
    with pytest.raises(UserError, match="already Water Board, Seat 1"):
        services.offices.add(OfficeInput(name="water  board", seat="Seat 1"))
    services.offices.add(OfficeInput(name="Water Board", seat="Seat 2"))  # another seat is another office
    services.offices.add(OfficeInput(name="Water Board", seat="Seat 1", election_date=TODAY + timedelta(days=800)))
    figures = services.dashboard.panel("prospects").figures
    assert sorted(figures["open_seats_without_prospect"]) == ["Water Board, Seat 1", "Water Board, Seat 1",
                                                              "Water Board, Seat 2"]


def test_events_petitions_and_review_from_their_tables(services: Any) -> None:
    pid = services.people.add(PersonInput(given_name="Ana", family_name="Silva")).id
    soon = datetime.now(UTC) + timedelta(days=3)
    with services.db.write() as session:
        event = Event(title="Meeting", starts_at=soon)
        gone = Event(title="Cancelled", starts_at=soon, status="cancelled")
        petition = Petition(title="Libraries", required_signatures=10, target_buffer=1.4,
                            deadline=TODAY + timedelta(days=5))
        session.add_all([event, gone, petition])
        session.flush()
        session.add(Attendance(event_id=event.id, person_id=pid, status="confirmed"))
        session.add_all([Signature(petition_id=petition.id, status="valid"),
                         Signature(petition_id=petition.id, status="duplicate")])
        session.add(MergeConflict(person_id=pid, field="email"))
    events = services.dashboard.panel("events").figures
    assert [(e["title"], e["rsvps"]) for e in events["upcoming"]] == [("Meeting", 1)]
    petitions = services.dashboard.panel("petitions").figures["petitions"]
    assert [(p["valid"], p["signatures"], p["required"], p["goal"], p["days_left"]) for p in petitions] == [
        (1, 2, 10, 14, 5)]
    review = services.dashboard.panel("review")
    assert not review.empty and review.figures["conflicts"] == 1
    assert services.dashboard.panel("attention").figures["deadlines_this_week"] == 1


def test_a_panel_that_cannot_be_read_leaves_the_others(services: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_session: Any, _today: date) -> dict[str, Any]:
        raise OperationalError("SELECT", {}, Exception("no such table"))

    panels = tuple((k, t, broken if k == "events" else q) for k, t, q in dash.PANELS)
    monkeypatch.setattr(dash, "PANELS", panels)
    board = services.dashboard.build()
    assert board.panel("events").unavailable
    assert board.to_json()["events"] == {"empty": True, "unavailable": True}
    assert not board.panel("people").unavailable
