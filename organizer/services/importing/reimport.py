"""Knowing a file was imported before: the same content (by hash), kind and target, not undone since."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from organizer.storage.models import ImportBatch


def earlier_imports(session: Session, file_hash: str, kind: str, target: str) -> list[tuple[int, datetime]]:
    """Earlier imports of this very file as this kind into this target, oldest first: (batch, when).

    The content hash, not the name, says which file it was: a renamed copy is the same file, and a
    new export under an old name is not. The same file imported into another petition or event is
    a new import, not a repeat (the target is kept in the batch's report).
    """
    b = ImportBatch
    stmt = (select(b.id, b.imported_at, b.report).where(b.file_hash == file_hash, b.kind == kind,
                                                        b.undone_at.is_(None)).order_by(b.id))
    return [(row.id, _aware(row.imported_at)) for row in session.execute(stmt)
            if str((row.report or {}).get("target") or "") == target]


def imported_before_notice(earlier: list[tuple[int, datetime]]) -> str:
    """The warning a repeated import carries: which imports brought the file in before."""
    names = [f"{number} ({when.astimezone():%Y-%m-%d %H:%M})" for number, when in earlier]
    which = f"import {names[0]}" if len(names) == 1 else f"imports {', '.join(names[:-1])} and {names[-1]}"
    return f"This file was imported before, as {which}: rows already in the chapter come out unchanged."


def _aware(moment: datetime) -> datetime:
    """Stored times are UTC; SQLite hands them back without their zone."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
