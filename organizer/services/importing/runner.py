"""Running an import end to end: read, lay out, back up, write in one transaction, record the batch."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from organizer.errors import UserError
from organizer.files.reading import TableSource, other_sheets_with_data
from organizer.progress import NEVER, NO_PROGRESS, CancelToken, Progress
from organizer.services.import_rows import ImportResult
from organizer.services.importing.headers import find_header_row
from organizer.services.importing.kind import KindSpec, RunContext
from organizer.services.importing.layout import Layout, detect_layout, headers_key, unique_headers
from organizer.services.importing.options import ImportOptions, SourceOptions
from organizer.services.importing.presets import header_preset, headerless_layout
from organizer.services.importing.registry import kind_named
from organizer.services.importing.reimport import earlier_imports, imported_before_notice
from organizer.services.importing.report import ImportReport
from organizer.services.importing.source import OpenedFile, mixed_encoding, open_file, unsaved_formulas
from organizer.storage.backup_files import BEFORE_IMPORT
from organizer.storage.database import Database
from organizer.storage.gc_tuning import collector_paused
from organizer.storage.models import ColumnMapping, ImportBatch
from organizer.storage.models.base import utcnow
from organizer.storage.writer_lock import WriterLock

log = logging.getLogger(__name__)


def plan_layout(db: Database, kind: str, opened: OpenedFile, options: ImportOptions) -> Layout:
    """The layout of an opened file, with any mapping remembered for the same headers.

    A header row of 0 means the file has none; a kind's known layouts are recognised (see presets).
    """
    if options.header_row is not None and options.header_row < 0:
        raise UserError("The header row is a row number from 1 up (0: the file has no header row).")
    spec = kind_named(kind)
    headerless = headerless_layout(spec, opened.head, options)
    if headerless is not None:
        return headerless
    index = options.header_row - 1 if options.header_row else find_header_row(opened.head, kind)
    headers = unique_headers(opened.head[index] if index < len(opened.head) else [])
    with db.read() as session:
        remembered = session.scalar(
            select(ColumnMapping.mapping).where(ColumnMapping.headers_key == headers_key(kind, headers))
        )
    preset = header_preset(spec, headers, options.layout)
    if preset is not None:
        remembered = {**preset.fields_for(headers), **(remembered or {})}
    layout = detect_layout(kind, opened.head, header_row=index + 1, remembered=remembered,
                           overrides=options.overrides)
    return replace(layout, preset=preset.label) if preset is not None else layout


def import_file(db: Database, kind: str, path: Path, options: ImportOptions, region: str,
                progress: Progress = NO_PROGRESS, cancel: CancelToken = NEVER,
                before_commit: Callable[[ImportResult], None] | None = None) -> ImportResult:
    """Import a file of any registered kind; all or nothing, recorded as a batch unless a dry run.

    ``before_commit`` gets the outcome inside the transaction (an output that must be whole before the
    import counts, such as the rejected-rows report); if it raises, nothing is imported.
    """
    spec = kind_named(kind)
    with collector_paused():
        opened = open_file(path, options.source, cancel, prepare_in_child=spec if spec.codec else None)
        try:
            return _import_opened(db, spec, path, opened, options, region, progress, cancel,
                                  before_commit or (lambda _result: None))
        finally:
            opened.close()


def _import_opened(db: Database, spec: KindSpec, path: Path, opened: OpenedFile, options: ImportOptions,
                   region: str, progress: Progress, cancel: CancelToken,
                   before_commit: Callable[[ImportResult], None]) -> ImportResult:
    layout = plan_layout(db, spec.name, opened, options)
    report = ImportReport(batch=None, kind=spec.name, file_name=path.name, sheet=opened.source.sheet,
                          encoding=opened.source.encoding, header_row=layout.header_row,
                          headers=layout.headers, mapping=layout.mapping(),
                          extra={count.key: 0 for count in spec.counts}, target=options.target)
    for notice in (mixed_encoding(opened.source), unsaved_formulas(opened.source, layout.headers)):
        if notice:
            report.notices.append(notice)
    with db.write(commit=not options.dry_run, backup=None if options.dry_run else BEFORE_IMPORT,
                  lock=WriterLock("import", options.wait_s)) as session:
        earlier = earlier_imports(session, opened.hash, spec.name, options.target)
        if earlier:
            report.imported_before = [number for number, _when in earlier]
            report.notices.append(imported_before_notice(earlier))
        batch = ImportBatch(kind=spec.name, file_name=path.name, file_hash=opened.hash,
                            sheet=opened.source.sheet or "", mapping=layout.mapping())
        session.add(batch)
        session.flush()
        total = _estimate_rows(opened)
        rows = opened.prepared(spec, layout, region, lambda issue: report.warn([issue]))
        context = RunContext(session, batch.id, layout, region, path.name, options.flags, options.target)
        spec.run(context, rows, report, total, progress, cancel)
        _refuse_if_nothing_imported(spec, report, opened.source)
        report.batch = None if options.dry_run else batch.id
        report.backup = _backup(session)
        result = report.result()
        _record(batch, result)
        if options.overrides:
            _remember(session, spec.name, layout)
        before_commit(result)
    return result


class NothingToImport(UserError):
    """The file has no rows under its headers, or no column identifies anything: most likely not a
    spreadsheet of this kind at all. Nothing is recorded (no batch of zero rows)."""


def _refuse_if_nothing_imported(spec: KindSpec, report: ImportReport, source: TableSource) -> None:
    if report.created or report.updated or report.unchanged:
        return
    name = report.file_name
    no_rows = report.rows == 0
    if not no_rows and spec.identifying & set(report.mapping.values()):
        return
    elsewhere = _elsewhere(source)  # a workbook whose people are on another sheet than the one read
    if elsewhere:
        what = (f"The sheet “{source.sheet}” of “{name}” has no rows under its headers (row {report.header_row})"
                if no_rows else f"No column of the sheet “{source.sheet}” of “{name}” holds {spec.identity}")
        raise NothingToImport(f"{what}, so nothing was imported: {elsewhere}")
    if no_rows:
        raise NothingToImport(f"“{name}” has no rows under its headers (row {report.header_row}), so nothing "
                              "was imported: check that it is the spreadsheet you meant.")
    raise NothingToImport(
        f"No column of “{name}” holds {spec.identity}, so nothing was imported: if it is a spreadsheet of "
        f"{spec.nouns[1]}, say which column does (--map \"HEADER=field\" on the command line) and import it again.")


def _elsewhere(source: TableSource) -> str:
    """Where else to look, when a workbook has other sheets with data; "" when it has none."""
    others = other_sheets_with_data(source)
    if not others:
        return ""
    listed = ", ".join(f"“{n}”" for n in others[:5]) + (f" and {len(others) - 5} more" if len(others) > 5 else "")
    many = len(others) > 1
    return (f"{'its other sheets with data are' if many else 'its other sheet with data is'} {listed}; to import "
            f"{'one' if many else 'it'}, pass --sheet NAME (as in --sheet \"{others[0]}\") or choose the sheet in "
            "the import window.")


def _record(batch: ImportBatch, result: ImportResult) -> None:
    batch.rows, batch.created, batch.updated = result.rows, result.created, result.updated
    batch.unchanged, batch.rejected = result.unchanged, result.rejected
    batch.report = result.to_stored_json()


def _remember(session: Session, kind: str, layout: Layout) -> None:
    key = headers_key(kind, layout.headers)
    existing = session.scalar(select(ColumnMapping).where(ColumnMapping.headers_key == key))
    if existing is None:
        session.add(ColumnMapping(kind=kind, headers_key=key, mapping=layout.mapping()))
    else:
        existing.mapping = layout.mapping()
        existing.updated_at = utcnow()


def _estimate_rows(opened: OpenedFile) -> int:
    infos = {i.name: i.rows for i in opened.source.sheet_infos}
    known = infos.get(opened.source.sheet or "")
    if known:
        return int(known)
    head_bytes = sum(len(",".join(r)) + 2 for r in opened.head) or 1
    return max(len(opened.head), int(opened.size / (head_bytes / max(len(opened.head), 1))))


def _backup(session: Session) -> str | None:
    """Where the backup taken inside this import's write lock is (none for a dry run).

    It is taken while the import writes; this waits until it is written and checked (raising, so
    nothing is imported, if it failed). It is removed again if the import fails (see Database.write).
    """
    taken = Database.backup_taken(session)
    return str(taken) if taken is not None else None


__all__ = ["ImportOptions", "NothingToImport", "SourceOptions", "import_file", "plan_layout"]
