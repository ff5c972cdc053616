"""Reading an event's people: the roster, its turnout, and the door's search (names only, never contacts)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from organizer.domain.codes import AttendanceStatus
from organizer.domain.event_times import aware
from organizer.domain.search import search_terms
from organizer.services.events.rows import KioskMatch, RosterRow, Turnout
from organizer.services.people_rows import load_rows
from organizer.storage.models import Attendance, Event, Person, PostalAddress, Shift

RSVP_CODES = (AttendanceStatus.REGISTERED.value, AttendanceStatus.CONFIRMED.value)
NOT_COMING = (AttendanceStatus.DECLINED.value, AttendanceStatus.CANCELLED.value)


def roster_rows(session: Session, event_id: int, region: str) -> list[RosterRow]:
    """Everyone on an event's roster, in name order, with their first email and phone."""
    stmt = (select(Attendance, Shift.name).outerjoin(Shift, Shift.id == Attendance.shift_id)
            .join(Person, Person.id == Attendance.person_id).where(Attendance.event_id == event_id)
            .order_by(Person.family_key, Person.name_key, Person.id, Attendance.id))
    found = list(session.execute(stmt))
    people = {p.id: p for p in load_rows(session, list(dict.fromkeys(a.person_id for a, _s in found)), region)}
    first_timers = _first_timers(session, event_id)
    out = []
    for a, shift_name in found:
        p = people.get(a.person_id)
        if p is None:
            continue
        out.append(RosterRow(
            a.id, a.uuid, a.person_id, p.uuid, p.given_name, p.family_name, p.emails[0] if p.emails else "",
            p.phones_display[0] if p.phones_display else "", a.status, a.attended, a.walk_in,
            aware(a.checked_in_at), a.shift_id, shift_name or "", a.role, a.comment,
            bool(a.attended) and a.person_id in first_timers))
    return out


def _first_timers(session: Session, event_id: int) -> set[int]:
    """People present at this event and at no event that started before it."""
    start = session.scalar(select(Event.starts_at).where(Event.id == event_id))
    present = set(session.scalars(select(Attendance.person_id).where(
        Attendance.event_id == event_id, Attendance.attended.is_(True))))
    if not present or start is None:
        return present
    before = set(session.scalars(
        select(Attendance.person_id).join(Event, Event.id == Attendance.event_id)
        .where(Attendance.person_id.in_(present), Attendance.attended.is_(True), Event.starts_at < start,
               Event.id != event_id)))
    return present - before


def turnout(session: Session, event: Event) -> Turnout:
    """Counts of one event's roster, each person once."""
    rows = list(session.execute(select(Attendance.person_id, Attendance.status, Attendance.attended,
                                       Attendance.walk_in).where(Attendance.event_id == event.id)))
    by_person: dict[int, list[Any]] = {}
    for pid, status, came, walked_in in rows:
        seen = by_person.setdefault(pid, [set(), False, False])
        seen[0].add(status)
        seen[1] = seen[1] or bool(came)
        seen[2] = seen[2] or bool(walked_in)
    rsvp = {p for p, (s, _a, w) in by_person.items() if s & set(RSVP_CODES) and not w}
    attended = {p for p, (_s, a, _w) in by_person.items() if a}
    walk_ins = {p for p, (_s, a, w) in by_person.items() if a and w}
    return Turnout(
        event_id=event.id,
        invited=sum(1 for s, _a, _w in by_person.values() if AttendanceStatus.INVITED.value in s),
        rsvps=len(rsvp), declined=sum(1 for s, _a, _w in by_person.values() if s & set(NOT_COMING)),
        attended=len(attended), rsvp_attended=len(rsvp & attended), walk_ins=len(walk_ins),
        first_timers=len(_first_timers(session, event.id)), no_shows=len(rsvp - attended),
        capacity=event.capacity,
    )


def kiosk_matches(session: Session, event_id: int, text: str, limit: int) -> list[KioskMatch]:
    """The door's search: people expected at the event first, then anyone in the chapter, in name order.

    Each term must be in the person's search text (names, emails, phone digits, ZIP), but what comes
    back is a name, a town and the RSVP: nothing a person signing in could read someone else's
    contact details from.
    """
    terms = search_terms(text)
    expected = _matching(select(Person.id).join(Attendance, Attendance.person_id == Person.id)
                         .where(Attendance.event_id == event_id), terms)
    ids = list(dict.fromkeys(session.scalars(expected.order_by(Person.family_key, Person.name_key, Person.id)
                                             .limit(limit))))
    if len(ids) < limit:
        # `+ ""` keeps SQLite off the name-order index (walking it reads the table row of everyone who does
        # not match a rare word): the narrow search index is scanned once and its few matches sorted.
        family: Any = Person.family_key + ""
        anyone = _matching(select(Person.id), terms).order_by(family, Person.name_key, Person.id)
        for pid in session.scalars(anyone.limit(limit + len(ids))):
            if pid not in ids:
                ids.append(pid)
            if len(ids) >= limit:
                break
    return _matches(session, event_id, ids)


def _matching(stmt: Select[Any], terms: list[str]) -> Select[Any]:
    for term in terms:
        stmt = stmt.where(Person.search_text.contains(term, autoescape=True))
    return stmt


def _matches(session: Session, event_id: int, ids: list[int]) -> list[KioskMatch]:
    if not ids:
        return []
    names = {pid: " ".join(p for p in (g, f) if p) or "(no name)" for pid, g, f in session.execute(
        select(Person.id, Person.given_name, Person.family_name).where(Person.id.in_(ids)))}
    towns: dict[int, str] = {}
    for pid, town in session.execute(select(PostalAddress.person_id, PostalAddress.locality)
                                     .where(PostalAddress.person_id.in_(ids))
                                     .order_by(PostalAddress.primary.desc(), PostalAddress.id)):
        towns.setdefault(pid, town or "")
    rsvps: dict[int, tuple[str, bool]] = {}
    for pid, status, attended in session.execute(
            select(Attendance.person_id, Attendance.status, Attendance.attended)
            .where(Attendance.event_id == event_id, Attendance.person_id.in_(ids)).order_by(Attendance.id)):
        was = rsvps.get(pid, ("", False))
        rsvps[pid] = (was[0] or status, was[1] or bool(attended))
    return [KioskMatch(pid, names[pid], towns.get(pid, ""), *rsvps.get(pid, ("", False))) for pid in ids
            if pid in names]


def attendance_count(session: Session, event_id: int) -> int:
    """How many are checked in."""
    return int(session.scalar(select(func.count(Attendance.id)).where(
        Attendance.event_id == event_id, Attendance.attended.is_(True))) or 0)


__all__ = ["attendance_count", "kiosk_matches", "roster_rows", "turnout"]
