"""Undoing an import batch: created records removed, changed fields restored, all in one transaction."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, delete, select
from sqlalchemy.orm import Session

from organizer.domain.text import family_key, name_key
from organizer.errors import NotFound, UserError
from organizer.services.importing.undo_people import PersonRestore, restore_people
from organizer.storage.bulk import update_by_id
from organizer.storage.identity import record_people_tombstones
from organizer.storage.models import (
    ImportBatch,
    ImportChange,
    MergeConflict,
    Person,
    PossibleDuplicate,
    Voter,
)
from organizer.storage.models.base import utcnow

CHUNK = 500


def undo_batch(session: Session, batch_id: int) -> dict[str, int]:
    """Reverse one batch; refuses when a later import (not undone) changed the same records."""
    batch = session.get(ImportBatch, batch_id)
    if batch is None:
        raise NotFound(f"There is no import with number {batch_id}: see 'organizer import list'.")
    if batch.undone_at is not None:
        raise UserError(f"Import {batch_id} was already undone.")
    _refuse_if_later_batches_touched(session, batch)
    changes = list(session.execute(
        select(ImportChange.entity, ImportChange.entity_id, ImportChange.action, ImportChange.before)
        .where(ImportChange.batch_id == batch_id).order_by(ImportChange.id.desc())
    ))
    counts = {"removed": 0, "restored": 0}
    created_people = [eid for entity, eid, action, _b in changes if entity == "person" and action == "created"]
    record_people_tombstones(session.connection(), created_people)
    for start in range(0, len(created_people), CHUNK):
        session.execute(delete(Person).where(Person.id.in_(created_people[start : start + CHUNK])))
    counts["removed"] += len(created_people)
    people: dict[int, PersonRestore] = {}
    voters: dict[int, dict[str, Any]] = {}
    for entity, eid, action, before in changes:  # newest first, so each record's oldest value wins
        if entity == "person" and action == "updated":
            people.setdefault(eid, PersonRestore()).add(before)
            counts["restored"] += 1
        elif entity == "voter":
            voters.setdefault(eid, {}).update(before)
            counts["restored"] += 1
    restore_people(session.connection(), people)
    _restore_voters(session, voters)
    counts["removed"] += _remove_created_voters(session, batch_id)
    session.execute(delete(MergeConflict).where(MergeConflict.batch_id == batch_id))
    session.execute(delete(PossibleDuplicate).where(PossibleDuplicate.batch_id == batch_id))
    batch.undone_at = utcnow()
    return counts


def _restore_voters(session: Session, voters: dict[int, dict[str, Any]]) -> None:
    """Put changed voters back, names' matching keys included."""
    conn = session.connection()
    update_by_id(conn, cast(Table, Voter.__table__), voters)
    renamed = [vid for vid, before in voters.items() if "given_name" in before or "family_name" in before]
    keys: dict[int, dict[str, Any]] = {}
    for start in range(0, len(renamed), CHUNK):
        for vid, given, family in conn.execute(select(Voter.id, Voter.given_name, Voter.family_name)
                                               .where(Voter.id.in_(renamed[start : start + CHUNK]))):
            keys[vid] = {"name_key": name_key(given, family), "family_key": family_key(family)}
    update_by_id(conn, cast(Table, Voter.__table__), keys)


def _refuse_if_later_batches_touched(session: Session, batch: ImportBatch) -> None:
    later_ids = list(session.scalars(
        select(ImportBatch.id).where(ImportBatch.id > batch.id, ImportBatch.undone_at.is_(None),
                                     ImportBatch.kind == batch.kind).order_by(ImportBatch.id.desc())
    ))
    if not later_ids:
        return
    if batch.kind == "voters":
        raise UserError(f"Voter-roll import {later_ids[0]} came later: undo it first (newest first).")
    mine = {tuple(r) for r in session.execute(
        select(ImportChange.entity, ImportChange.entity_id).where(ImportChange.batch_id == batch.id)
    )}
    for later in sorted(later_ids):
        theirs = session.execute(
            select(ImportChange.entity, ImportChange.entity_id).where(ImportChange.batch_id == later)
        )
        if any(tuple(key) in mine for key in theirs):
            raise UserError(
                f"Import {later} (made later) changed some of the same people: undo import {later} first."
            )


def _remove_created_voters(session: Session, batch_id: int) -> int:
    ids = list(session.scalars(select(Voter.id).where(Voter.import_batch_id == batch_id)))
    for start in range(0, len(ids), CHUNK):
        session.execute(delete(Voter).where(Voter.id.in_(ids[start : start + CHUNK])))
    return len(ids)
