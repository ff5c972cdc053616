"""A person's history names the share files that brought or changed them, and the chapter each came from."""

from __future__ import annotations

from datetime import UTC

from sqlalchemy import select
from sqlalchemy.orm import Session

from organizer.services.person_history import HistoryEntry, add_history_source
from organizer.storage.models import ImportBatch, ImportChange


@add_history_source
def _shares(session: Session, person_id: int) -> list[HistoryEntry]:
    """Share imports that created or updated the person (provenance: from which chapter, when)."""
    stmt = (select(ImportBatch.id, ImportBatch.imported_at, ImportBatch.file_name, ImportBatch.report,
                   ImportBatch.undone_at, ImportChange.action)
            .join(ImportChange, ImportChange.batch_id == ImportBatch.id)
            .where(ImportBatch.kind == "share", ImportChange.entity == "people", ImportChange.entity_id == person_id)
            .order_by(ImportBatch.id))
    out = []
    for batch, when, file_name, report, undone, action in session.execute(stmt):
        chapter = str((report or {}).get("source_chapter") or "another chapter")
        verb = "Arrived from" if action == "created" else "Updated from"
        detail = f"share file {file_name}, import {batch}" + (" (undone)" if undone is not None else "")
        moment = when if when is None or when.tzinfo else when.replace(tzinfo=UTC)
        out.append(HistoryEntry(moment, "share", f"{verb} {chapter}", detail))
    return out
