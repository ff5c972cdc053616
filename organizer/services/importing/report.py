"""What an import found and did: per-row issues and the counts of outcomes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# A huge broken file must not fill memory with issues: past this many, the rest are counted.
LISTED_LIMIT = 100_000


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
    unlisted_warnings: int = 0
    unlisted_errors: int = 0

    def warn(self, issues: list[RowIssue]) -> None:
        """Record warnings; past LISTED_LIMIT they are counted, and the count is reported."""
        room = LISTED_LIMIT - len(self.warnings)
        self.warnings.extend(issues[: max(room, 0)])
        self.unlisted_warnings += max(len(issues) - max(room, 0), 0)

    def reject(self, issue: RowIssue, cells: tuple[str, ...]) -> None:
        """Record a rejected row (kept whole, to be saved and fixed), counted past LISTED_LIMIT."""
        self.rejected += 1
        if len(self.errors) >= LISTED_LIMIT:
            self.unlisted_errors += 1
            return
        self.errors.append(issue)
        self.rejected_rows.append(RejectedRow(issue.row, cells, issue.reason))

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
            "errors": [i.to_json() for i in self.errors] + _unlisted(self.unlisted_errors, "rejected rows"),
            "warnings": [i.to_json() for i in self.warnings] + _unlisted(self.unlisted_warnings, "warnings"),
        }
        if self.kind == "voters":
            out["deactivated"] = self.deactivated
        return out


def _unlisted(count: int, what: str) -> list[dict[str, Any]]:
    if not count:
        return []
    reason = f"{count:,} more {what} like these are not listed (this file has over {LISTED_LIMIT:,})"
    return [{"row": 0, "column": "", "value": "", "reason": reason}]
