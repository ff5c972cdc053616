"""Deletions other chapters offered: listed for review, deleted here only when someone says so."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from organizer.domain.codes import RecordKind
from organizer.domain.suppression import DeletionOutcome
from organizer.errors import NotFound, UserError
from organizer.services.sharing.schema import table_of_kind
from organizer.storage.identity import record_people_tombstones, remove_people
from organizer.storage.models import OfferedDeletion
from organizer.storage.models.base import utcnow

LABELS = ("title", "name", "given_name", "address", "number", "office", "printed_name")


def _describe(session: Session, kind: str, uuid: str) -> str | None:
    """A few words naming the record, or None when it is no longer here."""
    table = table_of_kind(kind)
    if table is None:
        return None
    t = table.table
    row = session.execute(select(t).where(t.c.uuid == uuid)).mappings().first()
    if row is None:
        return None
    label = RecordKind(kind).label
    if kind == RecordKind.PERSON.value:
        name = " ".join(p for p in (row["given_name"], row["family_name"]) if p)
        return f"{label}: {name or '(no name)'}"
    shown = next((str(row[c]) for c in LABELS if row.get(c)), "")
    return f"{label}: {shown}" if shown else label


def open_offers(session: Session) -> list[Any]:
    """The open offers whose records are still here, oldest first."""
    from organizer.services.sharing.service import OfferedDeletionRow, aware

    out = []
    stmt = (select(OfferedDeletion).where(OfferedDeletion.status == DeletionOutcome.OPEN.value)
            .order_by(OfferedDeletion.id))
    for offer in session.scalars(stmt):
        what = _describe(session, offer.kind, offer.uuid)
        if what is not None:
            out.append(OfferedDeletionRow(offer.id, offer.uuid, offer.kind, what, aware(offer.deleted_at),
                                          offer.origin_chapter_name))
    return out


def resolve(session: Session, offer_id: int, delete: bool) -> None:
    """Delete the offered record (with its tombstone, and what goes with a person) or keep it."""
    offer = session.get(OfferedDeletion, offer_id)
    if offer is None:
        raise NotFound(f"There is no offered deletion {offer_id}: 'share deletions' lists them.")
    if offer.status != DeletionOutcome.OPEN.value:
        raise UserError(f"Offered deletion {offer_id} was already settled ({offer.status}).")
    if delete:
        _delete(session, offer.kind, offer.uuid)
    offer.status = (DeletionOutcome.DELETED if delete else DeletionOutcome.KEPT).value
    offer.resolved_at = utcnow()


def _delete(session: Session, kind: str, uuid: str) -> None:
    table = table_of_kind(kind)
    if table is None:
        return
    t = table.table
    row_id = session.scalar(select(t.c.id).where(t.c.uuid == uuid))
    if row_id is None:
        return
    if kind == RecordKind.PERSON.value:
        remove_people(session.connection(), [row_id])
        return
    record = session.get(table.model, row_id)
    if record is not None:
        session.delete(record)  # the ORM delete leaves its tombstone (storage.models.base)
        session.flush()


__all__ = ["open_offers", "record_people_tombstones", "resolve"]
