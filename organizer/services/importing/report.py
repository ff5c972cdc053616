"""What an import finds and does, gathered while it runs: per-row issues and the counts of outcomes."""

from __future__ import annotations

from dataclasses import dataclass, field

from organizer.services.import_rows import LISTED_LIMIT, ImportResult, RejectedRow, RowIssue

__all__ = ["LISTED_LIMIT", "ImportReport", "RejectedRow", "RowIssue"]


@dataclass(slots=True)
class ImportReport:
    """The outcome of an import while it runs (`result()` is the frozen row the service returns)."""

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
    conflicts: int = 0
    possible_duplicates: int = 0
    extra: dict[str, int] = field(default_factory=dict)  # the counts the kind adds ("deactivated")
    errors: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    rejected_rows: list[RejectedRow] = field(default_factory=list)
    backup: str | None = None
    unlisted_warnings: int = 0
    unlisted_errors: int = 0
    target: str = ""
    imported_before: list[int] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

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

    def result(self) -> ImportResult:
        """The frozen outcome."""
        return ImportResult(
            batch=self.batch, kind=self.kind, file_name=self.file_name, sheet=self.sheet, encoding=self.encoding,
            header_row=self.header_row, headers=tuple(self.headers), mapping=dict(self.mapping), rows=self.rows,
            created=self.created, updated=self.updated, unchanged=self.unchanged, rejected=self.rejected,
            conflicts=self.conflicts, possible_duplicates=self.possible_duplicates, extra=dict(self.extra),
            errors=tuple(self.errors), warnings=tuple(self.warnings), rejected_rows=tuple(self.rejected_rows),
            backup=self.backup, unlisted_warnings=self.unlisted_warnings, unlisted_errors=self.unlisted_errors,
            target=self.target, imported_before=tuple(self.imported_before), notices=tuple(self.notices),
        )
