"""A line imported again with the same signer at the same sheet and line: corrected in place, undoable."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from organizer.storage.bulk import update_by_id
from organizer.storage.models import ImportChange, Signature

# What an update replaces and undo puts back (dates and times kept as ISO text in the change record).
KEPT = ("given_name", "family_name", "printed_name", "address_as_written", "postal_code", "date_signed", "person_id",
        "status", "reason", "voter_row_id", "match_score", "review_note", "checked_at", "decided", "import_batch_id",
        "imported_at", "as_typed")
DATES = {"date_signed"}
TIMES = {"checked_at", "imported_at"}


def _stored(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def _restored(key: str, value: Any) -> Any:
    if value is None:
        return None
    if key in DATES:
        return date.fromisoformat(value)
    if key in TIMES:
        return datetime.fromisoformat(value)
    return value


def apply_updates(session: Session, batch_id: int, updates: Sequence[tuple[int, dict[str, Any]]], row: int = 0) -> int:
    """Replace these lines' values (a correction drops the check's finding: it described the old line); how many.

    Each change record keeps what its update replaces (every KEPT column for a correction, only ``as_typed``
    for a line the file merely brought new as-typed values for), so undo puts back exactly that.
    """
    if not updates:
        return 0
    ids = [line_id for line_id, _values in updates]
    columns = [getattr(Signature, k) for k in KEPT]
    stored = {r.id: r for r in session.execute(select(Signature.id, *columns).where(Signature.id.in_(ids)))}
    session.execute(insert(ImportChange), [
        {"batch_id": batch_id, "row": row, "entity": "signature", "entity_id": line_id, "action": "updated",
         "before": {k: _stored(getattr(stored[line_id], k)) for k in KEPT if k in values}}
        for line_id, values in updates])
    update_by_id(session.connection(), cast(Table, Signature.__table__), dict(updates))
    return len(ids)


def restore_updated(session: Session, changes: Sequence[Any]) -> int:
    """Put back the lines a batch corrected (its change records, newest first); how many."""
    restored = {}
    for entity, line_id, action, before in changes:
        if entity == "signature" and action == "updated":
            restored[line_id] = {k: _restored(k, v) for k, v in before.items() if k in KEPT}
    if restored:
        update_by_id(session.connection(), cast(Table, Signature.__table__), restored)
    return len(restored)
