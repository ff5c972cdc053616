"""Events: created once or as a series, checked, edited, deleted with tombstones; shifts; the change hub."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from organizer.errors import NotFound, ValidationFailed
from organizer.services.changes import Change
from organizer.services.container import Services
from organizer.services.events import EVENTS, EventInput, EventQuery
from organizer.storage.models import Tombstone


def meeting(**kw: object) -> EventInput:
    values: dict[str, object] = {"title": "Monthly meeting", "event_type": "meeting", "start": "2027-03-09 19:00",
                                 "end": "2027-03-09 20:30", "time_zone": "America/Chicago"}
    values.update(kw)
    return EventInput(**values)  # type: ignore[arg-type]


def test_an_event_is_stored_in_utc_and_shown_on_its_own_clock(services: Services) -> None:
    seen: list[Change] = []
    services.changes.subscribe(seen.append)
    row = services.events.create(meeting(location_name="Grace Church", capacity=40))[0]
    assert row.starts_at == datetime(2027, 3, 10, 1, 0, tzinfo=UTC)
    assert row.local_start().hour == 19
    assert row.place == "Grace Church"
    assert services.events.get(row.id).capacity == 40
    assert any(c.touches(EVENTS) for c in seen)


def test_a_repeating_meeting_is_made_once_as_a_series(services: Services) -> None:
    rows = services.events.create(meeting(start="2027-01-01 19:00", end="2027-01-01 21:00",
                                          repeat="monthly on the second Tuesday", occurrences=6))
    assert len(rows) == 6 and len({r.series_uuid for r in rows}) == 1 and rows[0].series_uuid
    local = [r.local_start() for r in rows]
    assert all(d.weekday() == 1 and 8 <= d.day <= 14 and d.hour == 19 for d in local)
    assert all(r.ends_at is not None and (r.ends_at - r.starts_at).seconds == 7200 for r in rows)
    assert rows[0].recurrence == "Monthly on the second Tuesday"


@pytest.mark.parametrize(("kw", "field"), [
    ({"end": "2027-03-09 18:00"}, "end"),
    ({"time_zone": "Mars/Olympus"}, "time_zone"),
    ({"title": "  "}, "title"),
    ({"event_type": "picnic"}, "event_type"),
    ({"start": "next tuesday"}, "start"),
    ({"capacity": 0}, "capacity"),
    ({"virtual_link": "zoom me"}, "virtual_link"),
    ({"repeat": "sometimes", "occurrences": 3}, "repeat"),
])
def test_bad_input_is_refused_and_nothing_is_saved(services: Services, kw: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.events.create(meeting(**kw))
    assert field in caught.value.problems
    assert services.events.count() == 0


def test_edit_changes_one_event_and_delete_leaves_tombstones(services: Services) -> None:
    rows = services.events.create(meeting(repeat="weekly", occurrences=2))
    changed = services.events.update(rows[0].id, meeting(title="Kickoff", start="2027-03-09 18:00", end=""))
    assert changed.title == "Kickoff" and changed.ends_at is None
    assert services.events.get(rows[1].id).title == "Monthly meeting"
    shift = services.events.add_shift(rows[0].id, "Setup", "2027-03-09 17:00", "2027-03-09 18:00", 3)
    assert [s.name for s in services.events.shifts(rows[0].id)] == ["Setup"]
    assert services.events.delete([rows[0].id]) == 1
    with pytest.raises(NotFound):
        services.events.get(rows[0].id)
    with services.db.read() as session:
        gone = set(session.scalars(select(Tombstone.uuid)))
    assert rows[0].uuid in gone and len(gone) == 2  # the event and its shift
    assert shift.capacity == 3


def test_a_shift_ending_before_it_starts_is_refused(services: Services) -> None:
    event = services.events.create(meeting())[0]
    with pytest.raises(ValidationFailed):
        services.events.add_shift(event.id, "Late", "2027-03-09 18:00", "2027-03-09 17:00")


def test_lists_by_when_and_words(services: Services) -> None:
    past = services.events.create(meeting(title="Old canvass", event_type="canvass", start="2020-05-01 10:00", end=""))[0]
    soon = services.events.create(meeting(title="Phone bank", event_type="phone_bank", start="2099-05-01 10:00", end=""))[0]
    assert services.events.search_ids(EventQuery(when="upcoming")) == [soon.id]
    assert services.events.search_ids(EventQuery(when="past")) == [past.id]
    assert services.events.search_ids(EventQuery(text="canvass")) == [past.id]
    assert services.events.search_ids(EventQuery(event_type="phone_bank")) == [soon.id]
    assert [r.id for r in services.events.upcoming()] == [soon.id]
    assert [r.id for r in services.events.in_month(2099, 5)] == [soon.id]
