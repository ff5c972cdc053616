"""Records this chapter deleted stay deleted: a share file that still holds one does not bring it back.

A record's tombstone here (left when someone deleted it, or took another chapter's offered deletion) keeps a
later share file, from any chapter, from creating it again; the records that belong to it (a deleted
person's new email, attendance or signature) are left out with it. The import says how many, sheet by sheet.
Undoing an import of a share file leaves no tombstones, so the same file imports again after an undo.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from organizer.storage.models import Tombstone

Records = list[tuple[int, dict[str, Any]]]


class DeletedHere:
    """The uuids this chapter deleted (read once per import), and what an import left out because of them."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._deleted: dict[str, set[str]] | None = None
        self.gone: dict[str, set[str]] = defaultdict(set)  # table -> uuids in the file left out as deleted here
        self.left_out: dict[str, list[int]] = {}  # table -> records left out: deleted here, belonging to those

    def _kinds(self) -> dict[str, set[str]]:
        if self._deleted is None:
            self._deleted = defaultdict(set)
            for uuid, kind in self._session.execute(select(Tombstone.uuid, Tombstone.kind)):
                self._deleted[kind].add(uuid.lower())
        return self._deleted

    def left_out_of(self, table: str, kind: str, records: Records, held: Callable[[str], int | None]) -> Records:
        """The records but those this chapter deleted (a tombstone of the kind, and no record here that the
        uuid names, as ``held`` finds it: a merged person's old uuid names the person it merged into)."""
        deleted = self._kinds().get(kind) if kind else None
        if not deleted or not records:
            return records
        kept: Records = []
        for number, values in records:
            uuid = values["uuid"]
            if uuid in deleted and held(uuid) is None:
                self.gone[table].add(uuid)
                self.left_out.setdefault(table, [0, 0])[0] += 1
            else:
                kept.append((number, values))
        return kept

    def names_gone(self, refers_to: str, ref: Any) -> bool:
        """Whether a reference names a record this import left out as deleted here."""
        return ref in self.gone.get(refers_to, ())

    def belongs_to_gone(self, table: str) -> None:
        """A record left out with the deleted record it belongs to."""
        self.left_out.setdefault(table, [0, 0])[1] += 1

    def notice(self) -> str:
        """What the import says of the records it left out ("" when none)."""
        said = []
        for table, (own, theirs) in self.left_out.items():  # in the order of the sheets
            parts = [f"{own:,} this chapter deleted"] if own else []
            parts += [f"{theirs:,} belonging to records this chapter deleted"] if theirs else []
            said.append(f"{table.replace('_', ' ')}: {' and '.join(parts)}")
        if not said:
            return ""
        return f"Left out, so that what was deleted here stays deleted: {'; '.join(said)}."


__all__ = ["DeletedHere"]
