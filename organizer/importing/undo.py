"""Undoing an import batch: created records removed, changed fields restored, all in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Table, delete, select, update
from sqlalchemy.orm import Session

from organizer.domain.text import family_key, name_key
from organizer.errors import NotFound, UserError
from organizer.storage.bulk import update_by_id
from organizer.storage.models import (
    EmailAddress,
    ImportBatch,
    ImportChange,
    MergeConflict,
    Person,
    PhoneNumber,
    PossibleDuplicate,
    PostalAddress,
    Tagging,
    Volunteer,
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
    for start in range(0, len(created_people), CHUNK):
        session.execute(delete(Person).where(Person.id.in_(created_people[start : start + CHUNK])))
    counts["removed"] += len(created_people)
    voters: dict[int, dict[str, Any]] = {}
    for entity, eid, action, before in changes:  # newest first, so each record's oldest value wins
        if entity == "person" and action == "updated":
            _restore_person(session, eid, before)
            counts["restored"] += 1
        elif entity == "voter":
            voters.setdefault(eid, {}).update(before)
            counts["restored"] += 1
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


def _restore_person(session: Session, pid: int, before: dict[str, Any]) -> None:
    fields: dict[str, Any] = dict(before.get("fields", {}))
    if "birthdate" in fields:
        fields["birthdate"] = None
    emails: Sequence[str] = before.get("emails", [])
    if emails:
        session.execute(delete(EmailAddress).where(EmailAddress.person_id == pid,
                                                   EmailAddress.address.in_(list(emails))))
    for number, ext in before.get("phones", []):
        session.execute(delete(PhoneNumber).where(PhoneNumber.person_id == pid, PhoneNumber.number == number,
                                                  PhoneNumber.extension == ext))
    address_ids = before.get("address_ids", [])
    if address_ids:
        session.execute(delete(PostalAddress).where(PostalAddress.id.in_(address_ids)))
    tag_ids = before.get("tag_ids", [])
    if tag_ids:
        session.execute(delete(Tagging).where(Tagging.person_id == pid, Tagging.tag_id.in_(tag_ids)))
    if before.get("volunteer"):
        session.execute(delete(Volunteer).where(Volunteer.person_id == pid))
    if fields:
        session.execute(update(Person).where(Person.id == pid).values(**fields))
    _refresh_person_keys(session, pid)


def _refresh_person_keys(session: Session, pid: int) -> None:
    from organizer.services.person_input import refresh_keys

    person = session.get(Person, pid)
    if person is not None:
        session.refresh(person)
        refresh_keys(person)
        session.flush()


def _remove_created_voters(session: Session, batch_id: int) -> int:
    ids = list(session.scalars(select(Voter.id).where(Voter.import_batch_id == batch_id)))
    for start in range(0, len(ids), CHUNK):
        session.execute(delete(Voter).where(Voter.id.in_(ids[start : start + CHUNK])))
    return len(ids)
