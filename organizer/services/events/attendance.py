"""RSVPs and attendance: invite, register, check in at the door (people known or walk-ins), the roster."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from organizer.domain.codes import AttendanceStatus
from organizer.domain.search import search_terms
from organizer.errors import NotFound, ValidationFailed
from organizer.services.changes import ATTENDANCE, EVENTS, PEOPLE, REVIEW, VOLUNTEERS, Change, ChangeHub
from organizer.services.events.growth import raise_levels
from organizer.services.events.roster import NOT_COMING, kiosk_matches, roster_rows, turnout
from organizer.services.events.rows import CheckinResult, KioskMatch, RosterRow, Turnout, WalkIn
from organizer.services.events.walkins import add_walk_in, find_walk_in, namesake_checked_in
from organizer.services.settings import SettingsService
from organizer.storage.database import Database
from organizer.storage.identity import person_id_for_uuid
from organizer.storage.models import Attendance, Event, Person, Shift
from organizer.storage.models.base import utcnow
from organizer.storage.writer_lock import one_at_a_time

KIOSK_LIMIT = 8


class AttendanceService:
    """Use cases on who comes to what; every method is one short transaction."""

    def __init__(self, db: Database, settings: SettingsService, changes: ChangeHub) -> None:
        self._db = db
        self._settings = settings
        self._changes = changes

    def person_id(self, uuid: str) -> int:
        """The person with this uuid (a merged one's survivor); raises NotFound."""
        with self._db.read() as session:
            found = person_id_for_uuid(session, uuid.strip().lower())
        if found is None:
            raise NotFound(f"There is no person with uuid {uuid.strip()}: see 'organizer people list'.")
        return found

    def check_in(self, event_id: int, person_id: int, shift_id: int | None = None) -> CheckinResult:
        """Mark a known person present (once: a second check-in says they are in already)."""
        with self._db.write() as session:
            event = _event(session, event_id)
            person = session.get(Person, person_id)
            if person is None:
                raise NotFound(f"There is no person with id {person_id}.")
            result = _check_in(session, event, person, shift_id, created=False, welcome_back=False)
        self._publish(result, people=False)
        return result

    def walk_in(self, event_id: int, walk_in: WalkIn, *, new: bool = False) -> CheckinResult:
        """Check in someone from the door's form: the person holding their email or phone (same name),
        or a new person. A contact held under another name raises DifferentName unless `new`."""
        region = self._settings.phone_region()
        with self._db.write() as session:
            one_at_a_time(session.connection(), "walk-in")  # two check-ins of one new person make one person
            event = _event(session, event_id)
            found = find_walk_in(session, walk_in, region, new=new)
            again = None if new else namesake_checked_in(session, walk_in, found, event.id)
            if again is not None:
                found = replace(found, person_id=again)
            created = found.person_id is None
            pid = found.person_id if found.person_id is not None else add_walk_in(
                session, walk_in, found, region, f"walk-in: {event.title}"[:100])
            person = session.get(Person, pid)
            assert person is not None
            result = _check_in(session, event, person, None, created=created, welcome_back=not created)
        self._publish(result, people=created)
        return result

    def set_rsvp(self, event_id: int, person_id: int, status: str, shift_id: int | None = None,
                 role: str = "") -> None:
        """Invite or register someone (or record that they declined or cancelled)."""
        code = AttendanceStatus.parse(status).value
        with self._db.write() as session:
            event = _event(session, event_id)
            if session.get(Person, person_id) is None:
                raise NotFound(f"There is no person with id {person_id}.")
            _check_shift(session, event.id, shift_id)
            row = _attendance(session, event.id, person_id, shift_id)
            if shift_id is None and code in NOT_COMING:  # not coming at all: every shift they signed up for too
                theirs = list(session.scalars(select(Attendance).where(Attendance.event_id == event.id,
                                                                       Attendance.person_id == person_id)))
                for each in theirs:
                    each.status = code
                if theirs:
                    row = row or theirs[0]
            if row is None:
                session.add(Attendance(event_id=event.id, person_id=person_id, shift_id=shift_id, status=code,
                                       role=role.strip()[:100], source="manual entry"))
            else:
                row.status = code
                row.role = role.strip()[:100] or row.role
        self._changes.publish(Change.of(EVENTS, ATTENDANCE, ids=[person_id]))

    def set_attended(self, attendance_id: int, attended: bool | None) -> None:
        """Mark one attendance as present, absent, or not yet known (the roster's checkbox)."""
        with self._db.write() as session:
            row = session.get(Attendance, attendance_id)
            if row is None:
                raise NotFound(f"There is no attendance with id {attendance_id}.")
            row.attended = attended
            row.checked_in_at = (row.checked_in_at or utcnow()) if attended else None
            person_id = row.person_id
            raise_levels(session, [person_id])
        self._changes.publish(Change.of(EVENTS, ATTENDANCE, VOLUNTEERS, ids=[person_id]))

    def remove(self, attendance_ids: Sequence[int]) -> int:
        """Take people off an event's roster (each leaves a tombstone, as every ORM delete does)."""
        ids = list(attendance_ids)
        with self._db.write() as session:
            rows = list(session.scalars(select(Attendance).where(Attendance.id.in_(ids))))
            found = [row.id for row in rows]
            for row in rows:
                session.delete(row)
        if found:
            self._changes.publish(Change.of(EVENTS, ATTENDANCE))
        return len(found)

    def roster(self, event_id: int) -> list[RosterRow]:
        """Everyone invited, registered or present, in name order."""
        with self._db.read() as session:
            _event(session, event_id)
            return roster_rows(session, event_id, self._settings.phone_region())

    def turnout(self, event_id: int) -> Turnout:
        """RSVPs against attendance, walk-ins and first-timers."""
        with self._db.read() as session:
            return turnout(session, _event(session, event_id))

    def find_for_kiosk(self, event_id: int, text: str, limit: int = KIOSK_LIMIT) -> list[KioskMatch]:
        """People whose name, email or phone holds every typed word: those expected first, then anyone."""
        if not search_terms(text):
            return []
        with self._db.read() as session:
            return kiosk_matches(session, event_id, text, limit)

    def _publish(self, result: CheckinResult, *, people: bool) -> None:
        kinds = [EVENTS, ATTENDANCE, VOLUNTEERS] + ([PEOPLE, REVIEW] if people else [])
        self._changes.publish(Change.of(*kinds, ids=[result.person_id]))


def _event(session: Session, event_id: int) -> Event:
    event = session.get(Event, event_id)
    if event is None:
        raise NotFound(f"There is no event with id {event_id}: see 'organizer event list'.")
    return event


def _check_shift(session: Session, event_id: int, shift_id: int | None) -> None:
    if shift_id is not None and session.scalar(
            select(Shift.id).where(Shift.id == shift_id, Shift.event_id == event_id)) is None:
        raise ValidationFailed({"shift": f"Event {event_id} has no shift with id {shift_id}."})


def _attendance(session: Session, event_id: int, person_id: int, shift_id: int | None) -> Attendance | None:
    shift = Attendance.shift_id.is_(None) if shift_id is None else Attendance.shift_id == shift_id
    return session.scalar(select(Attendance).where(Attendance.event_id == event_id,
                                                   Attendance.person_id == person_id, shift))


def _check_in(session: Session, event: Event, person: Person, shift_id: int | None, *, created: bool,
              welcome_back: bool) -> CheckinResult:
    _check_shift(session, event.id, shift_id)
    rows = list(session.scalars(select(Attendance).where(Attendance.event_id == event.id,
                                                         Attendance.person_id == person.id).order_by(Attendance.id)))
    if shift_id is not None:
        rows = [r for r in rows if r.shift_id == shift_id]
    name = " ".join(p for p in (person.given_name, person.family_name) if p)
    if any(r.attended for r in rows):
        return CheckinResult(person.id, person.uuid, name, created, True, welcome_back)
    over = _over_capacity(session, event)
    now = utcnow()
    if rows:
        row = rows[0]
        row.attended, row.checked_in_at = True, now
    else:
        session.add(Attendance(event_id=event.id, person_id=person.id, shift_id=shift_id, status="registered",
                               attended=True, checked_in_at=now, walk_in=True, source="check-in"))
    session.flush()
    raise_levels(session, [person.id])
    return CheckinResult(person.id, person.uuid, name, created, False, welcome_back, over)


def _over_capacity(session: Session, event: Event) -> bool:
    if event.capacity is None:
        return False
    present = session.scalar(select(func.count(Attendance.id)).where(
        and_(Attendance.event_id == event.id, Attendance.attended.is_(True))))
    return int(present or 0) >= event.capacity


__all__ = ["KIOSK_LIMIT", "AttendanceService"]
