"""How far each walk list and turf has got: doors knocked of all, contacts and refusals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from organizer.domain.codes import DoorResult
from organizer.storage.models import ContactAttempt, Person, Turf, WalkList, WalkListEntry


@dataclass(frozen=True, slots=True)
class TurfProgress:
    """One turf as the section and `walklist show` list it."""

    id: int
    number: int
    name: str
    doors: int
    people: int
    knocked: int
    contacts: int
    refusals: int
    canvasser: str

    def to_json(self) -> dict[str, Any]:
        """The shape `walklist show --json` prints for a turf."""
        return {"id": self.id, "number": self.number, "name": self.name, "doors": self.doors, "people": self.people,
                "knocked": self.knocked, "contacts": self.contacts, "refusals": self.refusals,
                "canvasser": self.canvasser}


@dataclass(frozen=True, slots=True)
class WalkListRow:
    """One walk list with its totals."""

    id: int
    name: str
    source: str
    created_at: datetime
    turfs: int
    doors: int
    people: int
    knocked: int

    def to_json(self) -> dict[str, Any]:
        """The shape `walklist list --json` prints."""
        return {"id": self.id, "name": self.name, "source": self.source, "created_at": self.created_at.isoformat(),
                "turfs": self.turfs, "doors": self.doors, "people": self.people, "knocked": self.knocked}


def turf_progress(session: Session, list_id: int) -> list[TurfProgress]:
    """Each turf of a list with its progress, in list order."""
    turfs = list(session.execute(select(Turf, Person.given_name, Person.family_name)
                                 .outerjoin(Person, Person.id == Turf.canvasser_id)
                                 .where(Turf.walk_list_id == list_id).order_by(Turf.id)))
    knocked: dict[int, set[int]] = {}
    contacts: dict[int, int] = {}
    refusals: dict[int, int] = {}
    for turf_id, door, code in _results(session, list_id):
        knocked.setdefault(turf_id, set()).add(door)
        contacts[turf_id] = contacts.get(turf_id, 0) + (code == DoorResult.CANVASSED.value)
        refusals[turf_id] = refusals.get(turf_id, 0) + (code == DoorResult.REFUSED.value)
    return [TurfProgress(t.id, i, t.name, t.doors, t.people, len(knocked.get(t.id, ())), contacts.get(t.id, 0),
                         refusals.get(t.id, 0), f"{given or ''} {family or ''}".strip())
            for i, (t, given, family) in enumerate(turfs, start=1)]


def _results(session: Session, list_id: int) -> list[tuple[int, int, str]]:
    """(turf, door, result) for every attempt recorded from this list."""
    match = or_(and_(ContactAttempt.voter_row_id.is_not(None),
                     ContactAttempt.voter_row_id == WalkListEntry.voter_row_id),
                and_(ContactAttempt.voter_row_id.is_(None), ContactAttempt.person_id == WalkListEntry.person_id))
    query = (select(WalkListEntry.turf_id, WalkListEntry.door, ContactAttempt.result_code)
             .join(Turf, Turf.id == WalkListEntry.turf_id)
             .join(ContactAttempt, and_(ContactAttempt.walk_list_id == list_id, match))
             .where(Turf.walk_list_id == list_id))
    return [(row[0], row[1], row[2]) for row in session.execute(query)]


def list_rows(session: Session) -> list[WalkListRow]:
    """Every list, newest first."""
    lists = list(session.scalars(select(WalkList).order_by(WalkList.created_at.desc(), WalkList.id.desc())))
    out = []
    for walk_list in lists:
        turfs = turf_progress(session, walk_list.id)
        out.append(WalkListRow(walk_list.id, walk_list.name, walk_list.source, walk_list.created_at, len(turfs),
                               sum(t.doors for t in turfs), sum(t.people for t in turfs),
                               sum(t.knocked for t in turfs)))
    return out
