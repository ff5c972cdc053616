"""What undoing an import reports: the records edited since it, and what the undo did."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from organizer.errors import UserError

NAMED = 3
"""How many edited records a one-line message names before "and N more"."""


@dataclass(frozen=True, slots=True)
class EditedRecord:
    """A record an undo would remove or roll back though it was edited after the import."""

    id: int
    name: str

    def label(self) -> str:
        """The name with its id, since real lists repeat names: "Ana Silva (#12)"."""
        return f"{self.name or 'a person with no name'} (#{self.id})"

    def to_json(self) -> dict[str, Any]:
        """The record as `--json` prints it."""
        return {"id": self.id, "name": self.name}


@dataclass(frozen=True, slots=True)
class UndoReport:
    """What an undo did: records removed, records put back as they were, and the backup taken first."""

    batch: int
    kind: str
    removed: int
    restored: int
    backup: str | None
    edited: tuple[EditedRecord, ...] = ()  # edited since the import, undone anyway (asked and confirmed)

    def to_json(self) -> dict[str, Any]:
        """The report as `import undo --json` prints it."""
        return {"batch": self.batch, "kind": self.kind, "removed": self.removed, "restored": self.restored,
                "backup": self.backup, "edited_since": [r.to_json() for r in self.edited]}


def named_records(records: tuple[EditedRecord, ...], few: int = NAMED) -> str:
    """ "Ana Silva (#12), Ana Silva (#40), Bo Chen (#7) and 2 more"."""
    labels = [r.label() for r in records[:few]]
    rest = len(records) - len(labels)
    if rest:
        return f"{', '.join(labels)} and {rest:,} more"
    if len(labels) > 1:
        return f"{', '.join(labels[:-1])} and {labels[-1]}"
    return labels[0] if labels else ""


class EditedSinceImport(UserError):
    """The undo would remove or roll back records edited since the import; nothing was undone."""

    def __init__(self, batch_id: int, edited: tuple[EditedRecord, ...], noun: str = "records") -> None:
        self.batch_id, self.edited, self.noun = batch_id, edited, noun
        super().__init__(f"Undoing import {batch_id} would remove or roll back {len(edited):,} {noun} edited, or given "
                         f"other records, since that import ({named_records(edited)}), so nothing was undone.")
