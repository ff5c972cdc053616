"""Undoing an import batch, whatever its kind: the kind reverses its changes, all in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import String, delete, select, type_coerce
from sqlalchemy.orm import Session

from organizer.errors import NotFound, UserError
from organizer.services.importing.kind import KindSpec
from organizer.services.importing.people_state import stored_json
from organizer.services.importing.registry import UnknownImportKind, kind_named
from organizer.services.undo_rows import EditedRecord
from organizer.storage.models import ImportBatch, ImportChange, MergeConflict, PossibleDuplicate, Tag, Voter
from organizer.storage.models.base import utcnow

CHUNK = 500
EditCheck = Callable[[Session, ImportBatch], list[EditedRecord]]


def undo_batch(session: Session, batch_id: int) -> dict[str, int]:
    """Reverse one batch; its kind refuses when a later import (not undone) depends on it."""
    batch = undoable(session, batch_id)
    counts = kind_of(batch).undo(session, batch)
    batch.undone_at = utcnow()
    return counts


def undoable(session: Session, batch_id: int) -> ImportBatch:
    """The batch, if there is one with this number and it was not undone yet."""
    batch = session.get(ImportBatch, batch_id)
    if batch is None:
        raise NotFound(f"There is no import with number {batch_id}: see 'organizer import list'.")
    if batch.undone_at is not None:
        raise UserError(f"Import {batch_id} was already undone.")
    return batch


def edited_since(session: Session, batch_id: int) -> list[EditedRecord]:
    """The records undoing this batch would remove or roll back though they were edited after it.

    A kind whose records only its own imports change (the voter roll: a later import of it must be
    undone first anyway) has none.
    """
    batch = undoable(session, batch_id)
    check = _edit_checks().get(batch.kind)
    return check(session, batch) if check is not None else []


def _edit_checks() -> dict[str, EditCheck]:
    from organizer.services.importing.undo_in_use import people_in_use_since
    from organizer.services.importing.undo_people import people_edited_since

    def people(session: Session, batch: ImportBatch) -> list[EditedRecord]:
        edited = people_edited_since(session, batch)
        named = {record.id for record in edited}
        return edited + [r for r in people_in_use_since(session, batch) if r.id not in named]

    return {"people": people, "attendance": people, "walk-results": people_in_use_since}


def changes_records(session: Session, batch_id: int) -> bool:
    """Whether undoing this batch would change any record (a re-import that found everyone as it was
    would only be marked undone: no backup is worth taking for that). True when unsure."""
    batch = session.get(ImportBatch, batch_id)
    if batch is None or batch.undone_at is not None or batch.created or batch.updated:
        return True
    brought = [select(ImportChange.id).where(ImportChange.batch_id == batch_id),
               select(MergeConflict.id).where(MergeConflict.batch_id == batch_id),
               select(PossibleDuplicate.id).where(PossibleDuplicate.batch_id == batch_id),
               select(Tag.id).where(Tag.import_batch_id == batch_id),
               select(Voter.id).where(Voter.import_batch_id == batch_id)]
    return any(session.scalar(query.limit(1)) is not None for query in brought)


def kind_of(batch: ImportBatch) -> KindSpec:
    """The kind of a stored batch; one this version does not know cannot be undone, and says why."""
    try:
        return kind_named(batch.kind)
    except UnknownImportKind as exc:
        raise UnknownImportKind(f"Import {batch.id} cannot be undone: its kind {batch.kind!r} is not one this "
                                f"version knows ({exc}).") from None


def later_batches(session: Session, batch: ImportBatch) -> list[int]:
    """Imports of the same kind made after this one and not undone, newest first."""
    return list(session.scalars(
        select(ImportBatch.id).where(ImportBatch.id > batch.id, ImportBatch.undone_at.is_(None),
                                     ImportBatch.kind == batch.kind).order_by(ImportBatch.id.desc())
    ))


CREATED_RUN = "created_run"
"""The action of one change record for a run of rows created with consecutive ids: ``entity_id`` is the
first, ``before`` {"through": the last} (a share import of a whole chapter creates hundreds of thousands)."""


def first_later_touching(session: Session, batch: ImportBatch, later_ids: list[int]) -> int | None:
    """The oldest of these later batches that changed a record this batch changed, if any."""
    if not later_ids:
        return None
    mine = _touched(session, batch.id)
    for later in sorted(later_ids):
        if not mine.isdisjoint(_touched(session, later)):
            return later
    return None


def _touched(session: Session, batch_id: int) -> set[tuple[str, int]]:
    """The (entity, id) of every record a batch changed, the rows of its created runs included."""
    touched: set[tuple[str, int]] = {(entity, eid) for entity, eid in session.execute(
        select(ImportChange.entity, ImportChange.entity_id).where(ImportChange.batch_id == batch_id,
                                                                  ImportChange.action != CREATED_RUN))}
    for entity, first, before in session.execute(
            select(ImportChange.entity, ImportChange.entity_id, ImportChange.before)
            .where(ImportChange.batch_id == batch_id, ImportChange.action == CREATED_RUN)):
        touched.update((entity, eid) for eid in range(first, run_through(first, before) + 1))
    return touched


def run_through(first: int, before: Any) -> int:
    """The last id of a created run (its ``before`` as stored or as read back)."""
    found = stored_json(before) if isinstance(before, str) else before
    return int(found["through"]) if isinstance(found, dict) and "through" in found else first


def changes_newest_first(session: Session, batch_id: int) -> list[tuple[str, int, str, Any]]:
    """The batch's change records as (entity, entity_id, action, before), newest first."""
    rows = session.execute(  # "before" read as its text: a created record's is {}, taken without the decoder
        select(ImportChange.entity, ImportChange.entity_id, ImportChange.action,
               type_coerce(ImportChange.before, String))
        .where(ImportChange.batch_id == batch_id).order_by(ImportChange.id.desc())
    ).all()
    return [(entity, eid, action, stored_json(before)) for entity, eid, action, before in rows]


def delete_ids(session: Session, model: Any, ids: list[int]) -> int:
    """Delete these rows of a model by id, a chunk at a time; how many."""
    for start in range(0, len(ids), CHUNK):
        session.execute(delete(model).where(model.id.in_(ids[start : start + CHUNK])))
    return len(ids)
