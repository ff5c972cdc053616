"""Events: create (once or as a repeating series), edit, delete, list, shifts, links."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Select, and_, case, delete, func, or_, select
from sqlalchemy.orm import Session

from organizer.domain.codes import AttendanceStatus, RecordKind
from organizer.domain.errors import InvalidValue
from organizer.domain.event_times import aware, in_zone, parse_local, to_utc
from organizer.domain.search import search_terms
from organizer.domain.text import fold
from organizer.errors import NotFound, ValidationFailed
from organizer.services.changes import EVENTS, Change, ChangeHub
from organizer.services.events.checks import clean_event
from organizer.services.events.rows import EventInput, EventRow, ShiftRow
from organizer.storage.database import Database
from organizer.storage.identity import record_tombstones_where
from organizer.storage.models import Attendance, Event, Person, Petition, Shift, WalkList
from organizer.storage.models.base import new_uuid, utcnow

RSVP_CODES = (AttendanceStatus.REGISTERED.value, AttendanceStatus.CONFIRMED.value)
WHEN_CHOICES = ("upcoming", "past", "all")


@dataclass(frozen=True, slots=True)
class EventQuery:
    """What the Events list or `event list` asks for."""

    text: str = ""
    when: str = "all"  # "upcoming" (not ended yet), "past", "all"
    event_type: str = ""
    descending: bool = False


class EventService:
    """Use cases on events; every method is one short transaction."""

    def __init__(self, db: Database, changes: ChangeHub) -> None:
        self._db = db
        self._changes = changes

    def create(self, data: EventInput) -> list[EventRow]:
        """Make the event, or each meeting of a repeating series; raises ValidationFailed."""
        clean = clean_event(data)
        series = new_uuid() if len(clean.times) > 1 or clean.rule is not None else ""
        with self._db.write() as session:
            _check_links(session, clean.values)
            events = [Event(**clean.values, starts_at=start, ends_at=end, series_uuid=series)
                      for start, end in clean.times]
            session.add_all(events)
            session.flush()
            ids = [e.id for e in events]
        self._changes.publish(Change.of(EVENTS))
        return self.rows(ids)

    def update(self, event_id: int, data: EventInput) -> EventRow:
        """Replace one event's fields (the rest of its series stays as it is)."""
        clean = clean_event(data, single=True)
        start, end = clean.times[0]
        with self._db.write() as session:
            event = _load(session, event_id)
            _check_links(session, clean.values)
            values = {k: v for k, v in clean.values.items() if k != "recurrence"}
            for key, value in {**values, "starts_at": start, "ends_at": end}.items():
                setattr(event, key, value)
        self._changes.publish(Change.of(EVENTS))
        return self.get(event_id)

    def delete(self, event_ids: Sequence[int]) -> int:
        """Delete events with their shifts and attendance, leaving tombstones; how many."""
        ids = list(event_ids)
        with self._db.write() as session:
            conn = session.connection()
            record_tombstones_where(conn, Attendance, RecordKind.ATTENDANCE, Attendance.event_id.in_(ids))
            record_tombstones_where(conn, Shift, RecordKind.SHIFT, Shift.event_id.in_(ids))
            record_tombstones_where(conn, Event, RecordKind.EVENT, Event.id.in_(ids))
            session.execute(delete(Attendance).where(Attendance.event_id.in_(ids)))
            session.execute(delete(Shift).where(Shift.event_id.in_(ids)))
            gone = session.execute(delete(Event).where(Event.id.in_(ids))).rowcount  # type: ignore[attr-defined]
        if gone:
            self._changes.publish(Change.of(EVENTS))
        return int(gone or 0)

    def get(self, event_id: int) -> EventRow:
        """One event; raises NotFound."""
        rows = self.rows([event_id])
        if not rows:
            raise NotFound(f"There is no event with id {event_id}: see 'organizer event list'.")
        return rows[0]

    def rows(self, ids: Sequence[int]) -> list[EventRow]:
        """Rows for these ids, in this order (a page of a table)."""
        with self._db.read() as session:
            return event_rows(session, ids)

    def search_ids(self, query: EventQuery) -> list[int]:
        """Ids of the matching events by start (newest first when descending)."""
        stmt = _filtered(select(Event.id), query)
        order = (Event.starts_at.desc(), Event.id.desc()) if query.descending else (Event.starts_at, Event.id)
        with self._db.read() as session:
            return list(session.scalars(stmt.order_by(*order)))

    def count(self) -> int:
        """How many events the chapter has."""
        with self._db.read() as session:
            return int(session.scalar(select(func.count(Event.id))) or 0)

    def upcoming(self, limit: int = 10) -> list[EventRow]:
        """The next events not cancelled (the dashboard's list)."""
        ids = self.search_ids(EventQuery(when="upcoming"))
        return [r for r in self.rows(ids[: limit * 2]) if r.status != "cancelled"][:limit]

    def in_month(self, year: int, month: int) -> list[EventRow]:
        """The events starting in a calendar month on their own clocks."""
        first = datetime(year, month, 1, tzinfo=UTC) - timedelta(days=1)  # a day's margin for any zone
        after = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=UTC) + timedelta(days=1)
        with self._db.read() as session:
            ids = list(session.scalars(select(Event.id).where(Event.starts_at >= first, Event.starts_at < after)
                                       .order_by(Event.starts_at, Event.id)))
            rows = event_rows(session, ids)
        return [r for r in rows if (r.local_start().year, r.local_start().month) == (year, month)]

    def add_shift(self, event_id: int, name: str, start: str = "", end: str = "",
                  capacity: int | None = None) -> ShiftRow:
        """A shift or role slot ("10:00 canvass", "Driver"); times on the event's clock."""
        label = " ".join(name.split())[:200]
        if not label:
            raise ValidationFailed({"name": "The shift needs a name (\"Morning\", \"Driver\")."})
        if capacity is not None and capacity < 1:
            raise ValidationFailed({"capacity": "The capacity is a number of people from 1 up."})
        with self._db.write() as session:
            event = _load(session, event_id)
            starts, ends = _shift_times(start, end, event.time_zone)
            _check_shift_fits(session, event, label, starts)
            shift = Shift(event_id=event_id, name=label, starts_at=starts, ends_at=ends, capacity=capacity)
            session.add(shift)
            session.flush()
            row = ShiftRow(shift.id, event_id, label, starts, ends, capacity)
        self._changes.publish(Change.of(EVENTS))
        return row

    def shifts(self, event_id: int) -> list[ShiftRow]:
        """An event's shifts in time order, with how many are signed up for each."""
        taken = (select(func.count(Attendance.id)).where(Attendance.shift_id == Shift.id,
                                                         Attendance.status.in_(RSVP_CODES)).scalar_subquery())
        with self._db.read() as session:
            _load(session, event_id)
            rows = session.execute(select(Shift, taken).where(Shift.event_id == event_id)
                                   .order_by(Shift.starts_at, Shift.id))
            return [ShiftRow(s.id, s.event_id, s.name, aware(s.starts_at), aware(s.ends_at), s.capacity, int(n or 0))
                    for s, n in rows]

    def link_walk_list(self, event_id: int, walk_list_id: int | None) -> None:
        """Name the event a walk list is for (None: unlink every walk list from the event)."""
        with self._db.write() as session:
            _load(session, event_id)
            if walk_list_id is None:
                for wl in session.scalars(select(WalkList).where(WalkList.event_id == event_id)):
                    wl.event_id = None
            else:
                walk_list = session.get(WalkList, walk_list_id)
                if walk_list is None:
                    raise NotFound(f"There is no walk list with id {walk_list_id}.")
                walk_list.event_id = event_id
        self._changes.publish(Change.of(EVENTS))


def _check_links(session: Session, values: dict[str, object]) -> None:
    contact, petition = values.get("contact_id"), values.get("petition_id")
    if contact is not None and session.get(Person, contact) is None:
        raise ValidationFailed({"contact": f"There is no person with id {contact} to be the contact."})
    if petition is not None and session.get(Petition, petition) is None:
        raise ValidationFailed({"petition": f"There is no petition with id {petition}."})


def _shift_times(start: str, end: str, zone_name: str) -> tuple[datetime | None, datetime | None]:
    try:
        starts = to_utc(parse_local(start), zone_name) if start.strip() else None
        ends = to_utc(parse_local(end), zone_name) if end.strip() else None
    except InvalidValue as exc:
        raise ValidationFailed({"start": str(exc)}) from None
    if starts is not None and ends is not None and ends <= starts:
        raise ValidationFailed({"end": "The shift ends before it starts: give an end after the start."})
    return starts, ends


def _check_shift_fits(session: Session, event: Event, label: str, starts: datetime | None) -> None:
    """A shift has a name of its own within its event, and starts on one of the event's days (its clock's)."""
    taken = session.scalar(select(Shift.id).where(Shift.event_id == event.id,
                                                  func.lower(Shift.name) == label.lower()).limit(1))
    if taken is not None:
        raise ValidationFailed({"name": f"This event already has a shift called {label!r}: name this one otherwise."})
    if starts is None:
        return
    first = in_zone(event.starts_at, event.time_zone).date()
    last = in_zone(event.ends_at, event.time_zone).date() if event.ends_at is not None else first
    day = in_zone(starts, event.time_zone).date()
    if not first <= day <= last:
        raise ValidationFailed({"start": f"The shift starts on {day:%Y-%m-%d}, not on the event's day "
                                         f"({first:%Y-%m-%d}" + (f" to {last:%Y-%m-%d})" if last != first else ")")})


def _load(session: Session, event_id: int) -> Event:
    event = session.get(Event, event_id)
    if event is None:
        raise NotFound(f"There is no event with id {event_id}: see 'organizer event list'.")
    return event


def _filtered(stmt: Select[tuple[int]], query: EventQuery) -> Select[tuple[int]]:
    now = utcnow()
    ended = func.coalesce(Event.ends_at, Event.starts_at)
    if query.when == "upcoming":
        stmt = stmt.where(ended >= now)
    elif query.when == "past":
        stmt = stmt.where(ended < now)
    if query.event_type:
        stmt = stmt.where(Event.event_type == query.event_type)
    for term in search_terms(query.text):
        pattern = f"%{fold(term)}%"
        stmt = stmt.where(or_(func.lower(Event.title).like(pattern), func.lower(Event.location_name).like(pattern),
                              func.lower(Event.address).like(pattern)))
    return stmt


def event_rows(session: Session, ids: Sequence[int]) -> list[EventRow]:
    """Rows with their RSVP and attendance counts, in the order of `ids`."""
    if not ids:
        return []
    # Each person once (one RSVP per shift is one person coming), and a walk-in is no RSVP: as the turnout counts.
    rsvp = Attendance.status.in_(RSVP_CODES) & Attendance.walk_in.is_not(True)
    counts = (select(Attendance.event_id,
                     func.count(func.distinct(case((rsvp, Attendance.person_id), else_=None))),
                     func.count(func.distinct(case((Attendance.attended.is_(True), Attendance.person_id), else_=None))))
              .where(Attendance.event_id.in_(list(ids))).group_by(Attendance.event_id))
    counted = {eid: (int(r or 0), int(a or 0)) for eid, r, a in session.execute(counts)}
    stmt = (select(Event, Person.given_name, Person.family_name)
            .outerjoin(Person, and_(Person.id == Event.contact_id)).where(Event.id.in_(list(ids))))
    found = {e.id: (e, " ".join(p for p in (g, f) if p)) for e, g, f in session.execute(stmt)}
    out = []
    for event_id in ids:
        if event_id in found:
            e, contact = found[event_id]
            rsvps, attended = counted.get(event_id, (0, 0))
            out.append(_row(e, contact or "", rsvps, attended))
    return out


def _row(e: Event, contact: str, rsvps: int, attended: int) -> EventRow:
    starts = aware(e.starts_at)
    assert starts is not None
    return EventRow(e.id, e.uuid, e.title, e.event_type, e.status, starts, aware(e.ends_at), e.time_zone,
                    e.location_name, e.address, e.virtual_link, e.capacity, e.contact_id, contact, e.description,
                    e.visibility, e.recurrence, e.series_uuid, e.petition_id, rsvps, attended)


__all__ = ["WHEN_CHOICES", "EventQuery", "EventService", "event_rows"]
