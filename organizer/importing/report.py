"""What an import found and did: per-row issues and the counts of outcomes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class RowIssue:
    """A problem with one cell (or a whole row): row as a spreadsheet program numbers it."""

    row: int
    column: str
    value: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        """The shape `--json` prints."""
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class RejectedRow:
    """A row that identified nobody, kept whole so it can be saved and fixed."""

    row: int
    cells: tuple[str, ...]
    reason: str


@dataclass(slots=True)
class ImportReport:
    """The outcome of an import (or of a dry run, with `batch` None)."""

    batch: int | None
    kind: str
    file_name: str
    sheet: str | None
    encoding: str | None
    header_row: int
    headers: list[str]
    mapping: dict[str, str]
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    deactivated: int = 0
    conflicts: int = 0
    possible_duplicates: int = 0
    errors: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    rejected_rows: list[RejectedRow] = field(default_factory=list)
    backup: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The object `organizer import ... --json` prints."""
        out: dict[str, Any] = {
            "batch": self.batch,
            "kind": self.kind,
            "file": self.file_name,
            "sheet": self.sheet,
            "encoding": self.encoding,
            "header_row": self.header_row,
            "mapping": dict(self.mapping),
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "conflicts": self.conflicts,
            "possible_duplicates": self.possible_duplicates,
            "errors": [i.to_json() for i in self.errors],
            "warnings": [i.to_json() for i in self.warnings],
        }
        if self.kind == "voters":
            out["deactivated"] = self.deactivated
        return out
