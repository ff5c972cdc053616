"""Volunteer growth: what each person's attendance shows, the profile's rung raised to it, and lists by it
("attended twice, never took a shift")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from organizer.domain.codes import EngagementLevel
from organizer.domain.engagement import higher, is_lead_role, level_from_attendance, took_shift
from organizer.domain.event_times import aware
from organizer.services.events.rows import GrowthRow
from organizer.storage.database import Database
from organizer.storage.models import Attendance, Event, Person, Volunteer

CHUNK = 500


@dataclass(slots=True)
class Record:
    """One person's attendance, counted: events present at, shifts taken and led, and when last."""

    events: set[int] = field(default_factory=set)
    shifts: int = 0
    led: int = 0
    last: datetime | None = None

    @property
    def level(self) -> EngagementLevel:
        """The rung this attendance shows."""
        return level_from_attendance(len(self.events), self.shifts, self.led)


@dataclass(frozen=True, slots=True)
class GrowthQuery:
    """Who to list: at least `min_attended` events, at most `max_shifts` shifts (None: any), a rung."""

    min_attended: int = 1
    max_shifts: int | None = None
    level: str = ""


def records(session: Session, person_ids: Iterable[int] | None = None) -> dict[int, Record]:
    """Attendance counted per person (only people present somewhere); these people only, if given."""
    stmt = (select(Attendance.person_id, Attendance.event_id, Attendance.shift_id, Attendance.role,
                   Event.event_type, Event.starts_at)
            .join(Event, Event.id == Attendance.event_id).where(Attendance.attended.is_(True)))
    chunks = [None] if person_ids is None else _chunks(list(person_ids))
    out: dict[int, Record] = {}
    for chunk in chunks:
        query = stmt if chunk is None else stmt.where(Attendance.person_id.in_(chunk))
        for pid, event_id, shift_id, role, event_type, starts in session.execute(query):
            record = out.setdefault(pid, Record())
            record.events.add(event_id)
            shift = took_shift(True, shift_id is not None, event_type)
            record.shifts += shift
            record.led += shift and is_lead_role(role or "")
            when = aware(starts)
            record.last = when if record.last is None or (when and when > record.last) else record.last
    return out


def _chunks(ids: list[int]) -> list[list[int] | None]:
    return [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]


@dataclass(frozen=True, slots=True)
class LevelRaise:
    """One volunteer profile raised: its id, the rung it had and the rung it was given."""

    volunteer_id: int
    before: str
    after: str


def raise_levels(session: Session, person_ids: Iterable[int]) -> list[LevelRaise]:
    """Raise the volunteer profiles of these people to the rung their attendance shows (never lower one);
    returns what was raised, so an import can put it back when undone."""
    ids = list(person_ids)
    counted = records(session, ids)
    raised = []
    for chunk in _chunks(ids):
        for profile in session.scalars(select(Volunteer).where(Volunteer.person_id.in_(chunk or []))):
            record = counted.get(profile.person_id)
            if record is None:
                continue
            level = higher(profile.engagement_level, record.level.value)
            if level != profile.engagement_level:
                raised.append(LevelRaise(profile.id, profile.engagement_level, level))
                profile.engagement_level = level
    return raised


class GrowthService:
    """The volunteer ladder as attendance shows it."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def rows(self, query: GrowthQuery = GrowthQuery()) -> list[GrowthRow]:
        """People whose attendance fits the query, in name order."""
        with self._db.read() as session:
            counted = records(session)
            wanted = [pid for pid, r in counted.items() if len(r.events) >= query.min_attended
                      and (query.max_shifts is None or r.shifts <= query.max_shifts)]
            names: dict[int, tuple[str, str, str, str]] = {}
            for chunk in _chunks(wanted):
                stmt = (select(Person.id, Person.uuid, Person.given_name, Person.family_name,
                               Volunteer.engagement_level)
                        .outerjoin(Volunteer, Volunteer.person_id == Person.id).where(Person.id.in_(chunk or [])))
                for pid, uuid, given, family, level in session.execute(stmt):
                    names[pid] = (uuid, given, family, level or "")
        out = []
        for pid, (uuid, given, family, profile_level) in names.items():
            r = counted[pid]
            level = higher(profile_level, r.level.value) if profile_level else r.level.value
            if query.level and level != query.level:
                continue
            name = " ".join(p for p in (given, family) if p) or "(no name)"
            out.append(GrowthRow(pid, uuid, name, len(r.events), r.shifts, r.led, level, r.last))
        return sorted(out, key=lambda g: (g.name.split(" ")[-1].casefold(), g.name.casefold(), g.person_id))

    def level_of(self, person_id: int) -> str:
        """A person's rung: the higher of what attendance shows and what their profile says."""
        with self._db.read() as session:
            record = records(session, [person_id]).get(person_id)
            profile = session.scalar(select(Volunteer.engagement_level).where(Volunteer.person_id == person_id))
        shown = record.level.value if record else EngagementLevel.SIGNED_UP.value
        return higher(profile or "", shown)


__all__ = ["GrowthQuery", "GrowthService", "LevelRaise", "Record", "raise_levels", "records"]
