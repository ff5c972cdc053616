"""Imports as use cases: the kinds there are, preview a file, run (or dry-run) an import, list and undo batches."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from organizer.errors import NotFound, UserError
from organizer.files.output import OutputRefused, OutputRequest, TempFile, WriteProblem, check_output, check_target
from organizer.progress import NEVER, NO_PROGRESS, CancelToken, Progress
from organizer.services.changes import EVERY_KIND, IMPORTS, Change, ChangeHub
from organizer.services.import_rows import (
    ColumnRow,
    Field,
    ImportPreview,
    ImportResult,
    KindOption,
    KindRow,
    LayoutRow,
    RejectedRow,
    ReportCount,
    RowIssue,
    SourceRow,
    column_letter,
)
from organizer.services.importing.kinds.voters import MassInactive
from organizer.services.importing.options import ImportOptions, SourceOptions
from organizer.services.importing.registry import KINDS, OWN_KINDS, UnknownImportKind, kind_named
from organizer.services.settings import SettingsService
from organizer.services.undo_rows import EditedRecord, EditedSinceImport, UndoReport, named_records
from organizer.storage.backup_files import BEFORE_UNDO
from organizer.storage.database import Database
from organizer.storage.models import ImportBatch

REPORT_SUFFIXES = (".xlsx", ".csv")
"""What a rejected-rows report can be written as (see organizer.files.writing)."""

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
        from organizer.services.importing.presets import NeedsMapping
        from organizer.services.importing.runner import plan_layout
        from organizer.services.importing.source import open_file

        spec = kind_named(kind)
        options = options or ImportOptions()
        opened = open_file(path, options.source)
        try:
            try:
                layout = plan_layout(self._db, spec.name, opened, options)
            except NeedsMapping:  # a screen shows the columns by letter, for the user to map or name the layout
                layout = plan_layout(self._db, spec.name, opened, replace(options, header_row=0))
        finally:
            opened.close()
        source = opened.source
        return ImportPreview(
            spec.row(), SourceRow(source.kind, source.sheet, source.sheets, source.encoding, source.delimiter),
            tuple(tuple(row) for row in opened.head),
            LayoutRow(layout.header_row, tuple(layout.headers),
                      tuple(ColumnRow(c.index, c.header, c.field) for c in layout.columns), layout.preset))

    def run(self, path: Path, kind: str, options: ImportOptions | None = None,
            progress: Progress = NO_PROGRESS, cancel: CancelToken = NEVER,
            errors_to: OutputRequest | None = None) -> ImportResult:
        """Import (or dry-run) a file; all or nothing.

        With ``errors_to`` the rejected rows are saved there: the target is checked before anything
        is read (OutputRefused or WriteProblem), and the report is written whole before the import
        commits, so a report that cannot be written means nothing is imported. A dry run writes nothing.
        Should only the final rename fail after the commit, ReportNotSaved carries the saved import.
        """
        from organizer.services.importing.runner import import_file

        options = options or ImportOptions()
        if errors_to is not None:
            check = check_target if options.dry_run else check_output  # a dry run writes nothing, not even a try
            check(errors_to.path, REPORT_SUFFIXES, force=errors_to.force, protect=self._protected(), reading=[path])
        staged: list[TempFile] = []

        def stage(result: ImportResult) -> None:
            if errors_to is not None and not options.dry_run:
                staged.append(self._stage_rejected(result, errors_to))

        try:
            result = import_file(self._db, kind, path, options, self._settings.phone_region(), progress, cancel,
                                 before_commit=stage)
        except BaseException:
            for temp in staged:
                temp.discard()
            raise
        if result.batch is not None:  # committed (a dry run records no batch)
            self._changes.publish(imported(result.kind))
        for temp in staged:
            try:
                temp.publish(errors_to.force if errors_to else False)
            except UserError as exc:
                raise ReportNotSaved(result, str(exc)) from exc
        return result

    def edited_since(self, batch_id: int) -> tuple[EditedRecord, ...]:
        """The records undoing this import would remove or roll back though they were edited after it."""
        from organizer.services.importing.undo import edited_since

        with self._db.read() as session:
            return tuple(edited_since(session, batch_id))

    def undo(self, batch_id: int, *, force: bool = False, confirmed: Collection[int] = ()) -> UndoReport:
        """Undo one import batch, after a backup; what it removed and put back, and where the backup is.

        It refuses (EditedSinceImport, nothing changed) when a record it would remove or roll back was
        edited since the import, unless ``force`` or the caller named that record in ``confirmed``
        (the ids it showed the user). The check runs again inside the write lock, so an edit made
        meanwhile is never undone unasked.
        """
        from organizer.services.importing.undo import changes_records, edited_since, undo_batch, undoable

        with self._db.read() as session:  # refuse before the backup is taken (forced: the write tells what)
            if not force:
                self._refuse_edited(batch_id, edited_since(session, batch_id), force, confirmed)
            else:
                undoable(session, batch_id)  # a batch that is not there, or undone, is refused before the backup
            # Batches never change once committed, so this holds in the write too: an undo that would
            # only mark the batch undone (a re-import that found everyone as it was) needs no backup.
            reason = BEFORE_UNDO if changes_records(session, batch_id) else None
        with self._db.write(backup=reason) as session:
            edited = tuple(edited_since(session, batch_id))
            self._refuse_edited(batch_id, edited, force, confirmed)
            counts = undo_batch(session, batch_id)
            kind = session.scalar(select(ImportBatch.kind).where(ImportBatch.id == batch_id)) or ""
            backup = Database.backup_taken(session)
        self._changes.publish(imported(kind))
        return UndoReport(batch_id, kind, counts.get("removed", 0), counts.get("restored", 0),
                          str(backup) if backup is not None else None, edited)

    @staticmethod
    def _refuse_edited(batch_id: int, edited: Sequence[EditedRecord], force: bool, confirmed: Collection[int]) -> None:
        if force or all(record.id in confirmed for record in edited):
            return
        raise EditedSinceImport(batch_id, tuple(edited), "person" if len(edited) == 1 else "people")

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

    def save_rejected(self, result: ImportResult, path: Path, *, force: bool = False) -> int:
        """Write the rejected rows (original cells, row number and reason) to .xlsx or .csv.

        An existing file is replaced only with ``force`` (the save dialog asked); never a database.
        """
        self._stage_rejected(result, OutputRequest(path, force)).publish(force)
        return len(result.rejected_rows)

    def _stage_rejected(self, result: ImportResult, target: OutputRequest) -> TempFile:
        from organizer.files.writing import SheetSpec, stage_workbook

        headers = ["Row", "Reason", *result.headers]
        width = max([len(result.headers), *(len(r.cells) for r in result.rejected_rows)], default=0)
        headers += [f"Column {i + 1}" for i in range(len(result.headers), width)]
        rows = ([str(r.row), r.reason, *r.cells] for r in result.rejected_rows)
        return stage_workbook(target.path, [SheetSpec("Rejected rows", headers, rows)], force=target.force,
                              protect=self._protected())

    def _protected(self) -> tuple[Path, ...]:
        """The open chapter database: no output replaces it (nor its -wal, -shm or -journal)."""
        return (self._db.path,) if self._db.path is not None else ()


class ReportNotSaved(UserError):
    """The import was saved, but its rejected-rows report could not be put in place afterwards."""

    def __init__(self, result: ImportResult, problem: str) -> None:
        super().__init__(f"The import was saved, but only its report failed: {problem}")
        self.result = result


def imported(kind: str) -> Change:
    """What an import of this kind, or its undo, changed: its own kind and every kind it touches."""
    spec = next((k for k in (*KINDS, *OWN_KINDS) if k.name == kind), None)
    return Change.of(IMPORTS, *([kind] if kind else []), *(spec.touches if spec is not None else EVERY_KIND))


__all__ = ["REPORT_SUFFIXES", "BatchRow", "ColumnRow", "EditedRecord", "EditedSinceImport", "Field", "ImportOptions",
           "ImportPreview", "ImportResult", "ImportService", "KindOption", "KindRow", "LayoutRow", "MassInactive",
           "OutputRefused", "OutputRequest", "RejectedRow", "ReportCount", "ReportNotSaved", "RowIssue",
           "SourceOptions", "SourceRow", "UndoReport", "UnknownImportKind", "WriteProblem", "column_letter",
           "import_kind", "import_kinds", "named_records"]
