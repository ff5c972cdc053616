"""Reviewing what imports kept aside: conflicts, possible duplicates, merges and their undo."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from organizer.domain.codes import DuplicateStatus
from organizer.errors import NotFound, UserError
from organizer.services import conflicts
from organizer.services.changes import PEOPLE, REVIEW, TAGS, VOLUNTEERS, Change, ChangeHub
from organizer.services.conflicts import ConflictRow, person_name
from organizer.services.merge_fields import FieldChoice, choices_for
from organizer.services.merge_summary import PersonSummary, summarize
from organizer.services.merge_undo import UndoResult, undo_merge
from organizer.services.merging import SELF_MERGE, MergeResult, merge_people
from organizer.services.settings import SettingsService
from organizer.storage.database import Database
from organizer.storage.identity import person_id_for_uuid
from organizer.storage.models import NotSamePair, Person, PersonMerge, PossibleDuplicate


@dataclass(frozen=True, slots=True)
class ReviewCounts:
    """What waits for review."""

    conflicts: int
    duplicates: int


@dataclass(frozen=True, slots=True)
class DuplicateRow:
    """Two people who look alike, for a person to merge or tell apart."""

    id: int
    person_id: int
    person_uuid: str
    person_name: str
    other_id: int
    other_uuid: str
    other_name: str
    reason: str
    score: float
    batch_id: int | None

    def to_json(self) -> dict[str, Any]:
        """The shape `organizer review duplicates --json` prints."""
        return {"id": self.id, "person_uuid": self.person_uuid, "person_name": self.person_name,
                "other_uuid": self.other_uuid, "other_name": self.other_name, "reason": self.reason,
                "score": self.score, "batch_id": self.batch_id}


@dataclass(frozen=True, slots=True)
class MergePreview:
    """Two people side by side: the fields to choose and the records that all move to the survivor."""

    survivor: PersonSummary
    other: PersonSummary
    fields: tuple[FieldChoice, ...]


@dataclass(frozen=True, slots=True)
class MergeRow:
    """One recorded merge."""

    id: int
    survivor_uuid: str
    survivor_name: str
    merged_uuid: str
    merged_name: str
    merged_at: datetime
    undone_at: datetime | None

    def to_json(self) -> dict[str, Any]:
        """The shape `organizer review merges --json` prints."""
        return {"id": self.id, "survivor_uuid": self.survivor_uuid, "survivor_name": self.survivor_name,
                "merged_uuid": self.merged_uuid, "merged_name": self.merged_name,
                "merged_at": self.merged_at.isoformat(), "undone": self.undone_at is not None}


class ReviewService:
    """The review queues; every method is one short transaction, and every write is published."""

    def __init__(self, db: Database, settings: SettingsService, changes: ChangeHub) -> None:
        self._db = db
        self._settings = settings
        self._changes = changes

    def counts(self) -> ReviewCounts:
        """How many conflicts and possible duplicates are open."""
        with self._db.read() as session:
            return ReviewCounts(conflicts.count_open(session), int(session.scalar(
                select(func.count(PossibleDuplicate.id)).where(*_open_pair())) or 0))

    def conflicts(self) -> list[ConflictRow]:
        """Every open conflict, oldest first."""
        with self._db.read() as session:
            return conflicts.open_conflicts(session)

    def resolve_conflict(self, conflict_id: int, action: str) -> ConflictRow:
        """Keep mine, take theirs or keep both (`conflicts.ACTIONS`); returns the conflict as it was."""
        region = self._settings.phone_region()
        with self._db.write() as session:
            row = next((c for c in conflicts.open_conflicts(session) if c.id == conflict_id), None)
            conflict = conflicts.resolve(session, conflict_id, action, region)
            assert row is not None
        self._changes.publish(Change.of(PEOPLE, REVIEW, ids=[conflict.person_id]))
        return row

    def duplicates(self) -> list[DuplicateRow]:
        """Every open pair of lookalikes, oldest first."""
        with self._db.read() as session:
            return _duplicates(session)

    def duplicate(self, duplicate_id: int) -> DuplicateRow:
        """One open pair; raises NotFound."""
        with self._db.read() as session:
            return _one_duplicate(session, duplicate_id)

    def not_same(self, duplicate_id: int) -> DuplicateRow:
        """Remember that the two are different people: they are never proposed again, by any import."""
        with self._db.write() as session:
            row = _one_duplicate(session, duplicate_id)
            a, b = sorted((row.person_uuid, row.other_uuid))
            if session.scalar(select(NotSamePair.id).where(NotSamePair.uuid == a, NotSamePair.other_uuid == b)) is None:
                session.add(NotSamePair(uuid=a, other_uuid=b))
            for pair in session.scalars(select(PossibleDuplicate).where(*_open_pair(), _between(row))):
                pair.status = DuplicateStatus.DISMISSED.value
        self._changes.publish(Change.of(REVIEW))
        return row

    def person_id(self, uuid: str) -> int:
        """The person a uuid names (their own, or one merged into them); raises NotFound."""
        with self._db.read() as session:
            found = person_id_for_uuid(session, uuid.strip().lower())
        if found is None:
            raise NotFound(f"There is no person with uuid {uuid.strip()!r}: 'people list' shows them.")
        return found

    def preview(self, survivor_id: int, other_id: int) -> MergePreview:
        """The two people side by side, field by field."""
        if survivor_id == other_id:
            raise UserError(SELF_MERGE)
        region = self._settings.phone_region()
        with self._db.read() as session:
            survivor, other = summarize(session, survivor_id, region), summarize(session, other_id, region)
        return MergePreview(survivor, other, tuple(choices_for(survivor.fields, other.fields)))

    def merge(self, survivor_id: int, other_id: int, choices: Mapping[str, str] | None = None,
              duplicate_id: int | None = None) -> MergeResult:
        """Merge the other into the survivor (per-field `choices`: field -> "survivor" or "other")."""
        if survivor_id == other_id:
            raise UserError(SELF_MERGE)
        with self._db.write() as session:
            for pid in (survivor_id, other_id):
                if session.get(Person, pid) is None:
                    raise NotFound(f"There is no person with id {pid}.")
            result = merge_people(session, survivor_id, other_id, choices or {}, duplicate_id)
        self._changes.publish(Change.of(PEOPLE, VOLUNTEERS, TAGS, REVIEW, ids=[survivor_id, other_id]))
        return result

    def undo_merge(self, merge_id: int) -> UndoResult:
        """Put the merged person back, with their uuid and what moved."""
        with self._db.write() as session:
            result = undo_merge(session, merge_id)
        self._changes.publish(Change.of(PEOPLE, VOLUNTEERS, TAGS, REVIEW, ids=[result.survivor_id, result.restored_id]))
        return result

    def merges(self) -> list[MergeRow]:
        """Every recorded merge, newest first."""
        with self._db.read() as session:
            rows = session.execute(select(PersonMerge.id, PersonMerge.survivor_uuid, PersonMerge.merged_uuid,
                                          PersonMerge.merged_at, PersonMerge.undone_at, PersonMerge.snapshot)
                                   .order_by(PersonMerge.id.desc())).all()
            names = {uuid: person_name(g, a, f) for uuid, g, a, f in session.execute(
                select(Person.uuid, Person.given_name, Person.additional_name, Person.family_name)
                .where(Person.uuid.in_([r.survivor_uuid for r in rows])))}
        return [MergeRow(r.id, r.survivor_uuid, names.get(r.survivor_uuid, "(gone)"), r.merged_uuid,
                         _snapshot_name(r.snapshot), r.merged_at, r.undone_at) for r in rows]


def _snapshot_name(snapshot: dict[str, Any]) -> str:
    other = snapshot.get("other", {})
    return person_name(other.get("given_name", ""), other.get("additional_name", ""), other.get("family_name", ""))


def _open_pair() -> tuple[Any, ...]:
    return (PossibleDuplicate.status == DuplicateStatus.OPEN.value,
            PossibleDuplicate.person_id != PossibleDuplicate.other_person_id)


def _between(row: DuplicateRow) -> Any:
    a, b = PossibleDuplicate.person_id, PossibleDuplicate.other_person_id
    return or_((a == row.person_id) & (b == row.other_id), (a == row.other_id) & (b == row.person_id))


def _duplicates(session: Session, duplicate_id: int | None = None) -> list[DuplicateRow]:
    one, two = aliased(Person), aliased(Person)
    stmt = (select(PossibleDuplicate, one.uuid, one.given_name, one.additional_name, one.family_name,
                   two.uuid, two.given_name, two.additional_name, two.family_name)
            .join(one, one.id == PossibleDuplicate.person_id).join(two, two.id == PossibleDuplicate.other_person_id)
            .where(*_open_pair()).order_by(PossibleDuplicate.id))
    if duplicate_id is not None:
        stmt = stmt.where(PossibleDuplicate.id == duplicate_id)
    return [DuplicateRow(d.id, d.person_id, u1, person_name(g1, a1, f1), d.other_person_id, u2,
                         person_name(g2, a2, f2), d.reason, float(d.score), d.batch_id)
            for d, u1, g1, a1, f1, u2, g2, a2, f2 in session.execute(stmt)]


def _one_duplicate(session: Session, duplicate_id: int) -> DuplicateRow:
    found = _duplicates(session, duplicate_id)
    if not found:
        if session.get(PossibleDuplicate, duplicate_id) is not None:
            raise UserError(f"Possible duplicate {duplicate_id} is already reviewed.")
        raise NotFound(f"There is no possible duplicate {duplicate_id}: 'review duplicates' lists them.")
    return found[0]
