"""Imports as use cases: the kinds there are, preview a file, run (or dry-run) an import, list and undo batches."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from organizer.errors import NotFound
from organizer.progress import NEVER, NO_PROGRESS, CancelToken, Progress
from organizer.services.changes import IMPORTS, Change, ChangeHub
from organizer.services.import_rows import (
    ColumnRow,
    Field,
    ImportPreview,
    ImportResult,
    KindRow,
    LayoutRow,
    RejectedRow,
    ReportCount,
    RowIssue,
    SourceRow,
    column_letter,
)
from organizer.services.importing.options import ImportOptions, SourceOptions
from organizer.services.importing.registry import KINDS, UnknownImportKind, kind_named
from organizer.services.settings import SettingsService
from organizer.storage.backup_files import BEFORE_UNDO
from organizer.storage.database import Database
from organizer.storage.models import ImportBatch

# The import machinery (readers, cleaning, matching, openpyxl) loads on first use, not at app start.


@dataclass(frozen=True, slots=True)
class BatchRow:
    """A past import as the Imports screen lists it."""

    id: int
    kind: str
    file_name: str
    imported_at: datetime
    rows: int
    created: int
    updated: int
    unchanged: int
    rejected: int
    undone: bool


def _aware(moment: datetime) -> datetime:
    """Stored times are UTC; SQLite hands them back without their zone."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def import_kinds() -> tuple[KindRow, ...]:
    """Every kind of import, in the order they are offered."""
    return tuple(kind.row() for kind in KINDS)


def import_kind(name: str) -> KindRow:
    """One kind of import; raises UnknownImportKind (a UserError) naming the kinds there are."""
    return kind_named(name).row()


class ImportService:
    """Use cases on imports."""

    def __init__(self, db: Database, settings: SettingsService, changes: ChangeHub) -> None:
        self._db = db
        self._settings = settings
        self._changes = changes

    def preview(self, path: Path, kind: str, options: ImportOptions | None = None) -> ImportPreview:
        """Read the first rows and propose a layout; raises a UserError for an unknown kind or an unreadable file."""
        from organizer.services.importing.runner import plan_layout
        from organizer.services.importing.source import open_file

        spec = kind_named(kind)
        options = options or ImportOptions()
        opened = open_file(path, options.source)
        try:
            layout = plan_layout(self._db, spec.name, opened, options)
        finally:
            opened.close()
        source = opened.source
        return ImportPreview(
            spec.row(), SourceRow(source.kind, source.sheet, source.sheets, source.encoding, source.delimiter),
            tuple(tuple(row) for row in opened.head),
            LayoutRow(layout.header_row, tuple(layout.headers),
                      tuple(ColumnRow(c.index, c.header, c.field) for c in layout.columns)))

    def run(self, path: Path, kind: str, options: ImportOptions | None = None,
            progress: Progress = NO_PROGRESS, cancel: CancelToken = NEVER) -> ImportResult:
        """Import (or dry-run) a file; all or nothing."""
        from organizer.services.importing.runner import import_file

        report = import_file(self._db, kind, path, options or ImportOptions(), self._settings.phone_region(),
                             progress, cancel)
        if report.batch is not None:  # committed (a dry run records no batch)
            self._changes.publish(Change.of(IMPORTS, report.kind))
        return report

    def undo(self, batch_id: int) -> dict[str, int]:
        """Undo one import batch: how many records were removed and restored."""
        from organizer.services.importing.undo import undo_batch

        with self._db.write(backup=BEFORE_UNDO) as session:
            counts = undo_batch(session, batch_id)
            kind = session.scalar(select(ImportBatch.kind).where(ImportBatch.id == batch_id))
        self._changes.publish(Change.of(IMPORTS, *([kind] if kind else [])))
        return counts

    def batches(self) -> list[BatchRow]:
        """Every import, newest first."""
        # Columns only: a batch's stored report can be megabytes, and the list needs none of it.
        b = ImportBatch
        stmt = select(b.id, b.kind, b.file_name, b.imported_at, b.rows, b.created, b.updated, b.unchanged,
                      b.rejected, b.undone_at).order_by(b.id.desc())
        with self._db.read() as session:
            return [BatchRow(row[0], row[1], row[2], _aware(row[3]), *row[4:9], undone=row[9] is not None)
                    for row in session.execute(stmt)]

    def report(self, batch_id: int) -> ImportResult:
        """What a past import did, as it was recorded."""
        with self._db.read() as session:
            batch = session.get(ImportBatch, batch_id)
            if batch is None:
                raise NotFound(f"There is no import with number {batch_id}.")
            return ImportResult.from_stored_json(batch.report or {}, batch=batch.id, kind=batch.kind,
                                                 file_name=batch.file_name)

    def save_rejected(self, result: ImportResult, path: Path) -> int:
        """Write the rejected rows (original cells, row number and reason) to .xlsx or .csv."""
        from organizer.files.writing import write_table

        headers = ["Row", "Reason", *result.headers]
        width = max([len(result.headers), *(len(r.cells) for r in result.rejected_rows)], default=0)
        headers += [f"Column {i + 1}" for i in range(len(result.headers), width)]
        rows = ([str(r.row), r.reason, *r.cells] for r in result.rejected_rows)
        write_table(path, headers, rows, sheet="Rejected rows")
        return len(result.rejected_rows)


__all__ = ["BatchRow", "ColumnRow", "Field", "ImportOptions", "ImportPreview", "ImportResult", "ImportService",
           "KindRow", "LayoutRow", "RejectedRow", "ReportCount", "RowIssue", "SourceOptions", "SourceRow",
           "UnknownImportKind", "column_letter", "import_kind", "import_kinds"]
