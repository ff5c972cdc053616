"""Sharing as use cases: export and import share workbooks, review the deletions they offer."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import select

from organizer.errors import NotFound, UserError
from organizer.files.output import check_target
from organizer.progress import NEVER, NO_PROGRESS, CancelToken, Progress
from organizer.services.changes import EVERY_KIND, Change, ChangeHub
from organizer.services.import_rows import ImportResult
from organizer.services.settings import SettingsService
from organizer.services.sharing import history as _history  # noqa: F401 - registers the share history source
from organizer.services.sharing.merge import SHARE_KIND
from organizer.services.sharing.options import (
    ABOUT,
    ALIAS_HEADERS,
    ALIASES,
    DELETION_HEADERS,
    DELETIONS,
    ShareExportResult,
    ShareRequest,
)
from organizer.storage.database import Database
from organizer.storage.gc_tuning import collector_paused

SHARE_SUFFIXES = (".xlsx",)
KIND = SHARE_KIND


@dataclass(frozen=True, slots=True)
class ShareImportResult:
    """An import of a share workbook: the import report plus counts per sheet and the sheets it lacked."""

    result: ImportResult
    sections: dict[str, dict[str, int]]
    missing: tuple[str, ...]
    source: str

    def to_json(self) -> dict[str, Any]:
        """The shape `import share --json` prints: `import people`'s, with `sections`."""
        return {**self.result.to_json(), "sections": self.sections, "missing_sheets": list(self.missing),
                "source_chapter": self.source}


@dataclass(frozen=True, slots=True)
class OfferedDeletionRow:
    """A record another chapter deleted, waiting for someone to delete or keep it here."""

    id: int
    uuid: str
    kind: str
    what: str
    deleted_at: datetime
    chapter: str

    def to_json(self) -> dict[str, Any]:
        """The shape `share deletions --json` prints."""
        return {"id": self.id, "uuid": self.uuid, "kind": self.kind, "what": self.what,
                "deleted_at": self.deleted_at.isoformat(), "chapter": self.chapter}


class SharingService:
    """Share workbooks out and in; the deletions they offered."""

    def __init__(self, db: Database, settings: SettingsService, changes: ChangeHub) -> None:
        self._db = db
        self._settings = settings
        self._changes = changes

    def _protected(self, protect: Iterable[Path]) -> list[Path]:
        return [*protect, *([self._db.path] if self._db.path else [])]

    def export(self, request: ShareRequest, *, protect: Iterable[Path] = (), progress: Progress = NO_PROGRESS,
               cancel: CancelToken = NEVER) -> ShareExportResult:
        """Write a share workbook (or, summary only, counts without personal data); whole or not at all."""
        from organizer.files.fastxlsx import CellTooLong
        from organizer.files.writing import SheetSpec
        from organizer.services.sharing.export import ABOUT_HEADERS, ShareSheets, about_rows
        from organizer.services.sharing.workbook import write_share_workbook

        protected = self._protected(protect)
        check_target(request.path, SHARE_SUFFIXES, force=request.force, protect=protected)
        if request.summary_only:
            return self._summary(request, protected)
        chapter = self._settings.chapter()
        with self._db.read() as session:
            data = ShareSheets(session, request.choice, progress, cancel)
            names = [t.name for t in data.tables]
            sheets = [SheetSpec(ABOUT, ABOUT_HEADERS, about_rows(chapter.name, chapter.uuid, request.choice,
                                                                  [*names, ALIASES, DELETIONS]))]
            sheets += [SheetSpec(t.name, data.headers(t), data.rows(t)) for t in data.tables]
            sheets.append(SheetSpec(ALIASES, ALIAS_HEADERS, data.aliases()))
            sheets.append(SheetSpec(DELETIONS, DELETION_HEADERS, data.deletions()))
            try:
                write_share_workbook(request.path, sheets, force=request.force, protect=protected,
                                     password=request.password)
            except CellTooLong as exc:  # a share file is a workbook: no .csv to suggest
                raise exc.with_advice("shorten that value in this chapter and share again") from None
        return ShareExportResult(request.path, dict(data.counts), bool(request.password))

    def _summary(self, request: ShareRequest, protected: list[Path]) -> ShareExportResult:
        from organizer.services.sharing.summary import summary_sheets
        from organizer.services.sharing.workbook import write_share_workbook

        chapter = self._settings.chapter()
        with self._db.read() as session:
            sheets = summary_sheets(session, chapter.name)
        write_share_workbook(request.path, sheets, force=request.force, protect=protected, password=request.password)
        return ShareExportResult(request.path, {s.name: len(list(s.rows)) for s in sheets}, bool(request.password),
                                 summary_only=True)

    def import_share(self, path: Path, *, password: str | None = None, dry_run: bool = False,
                     progress: Progress = NO_PROGRESS, cancel: CancelToken = NEVER) -> ShareImportResult:
        """Import another chapter's share workbook as one batch (all or nothing; undone by `import undo`).

        The sheets are streamed from the file in the order they are imported, never held whole."""
        if not path.is_file():
            raise UserError(f"There is no file at {path}.")
        with collector_paused():  # hundreds of thousands of short-lived objects and no cycles worth collecting
            return self._import_share(path, password, dry_run, progress, cancel)

    def _import_share(self, path: Path, password: str | None, dry_run: bool, progress: Progress,
                      cancel: CancelToken) -> ShareImportResult:
        from organizer.files.reading import stream_workbook
        from organizer.services.importing.reimport import earlier_imports, imported_before_notice
        from organizer.services.importing.report import ImportReport
        from organizer.services.importing.source import file_hash, unsaved_formulas_notice
        from organizer.services.sharing.importer import ShareImport
        from organizer.services.sharing.reading import read_about
        from organizer.storage.backup_files import BEFORE_IMPORT
        from organizer.storage.models import ImportBatch

        unsaved: dict[str, tuple[int, str]] = {}
        names, stream = stream_workbook(path, password=password, cancel=lambda: cancel.cancelled, unsaved=unsaved)
        sheets = _in_import_order(names, stream)
        first = _first_sheet(sheets, path.name)
        cancel.raise_if_cancelled()  # the reader stops quietly when cancelled
        about = read_about(first, path.name, self._settings.chapter().uuid)
        digest = file_hash(path)
        report = ImportReport(batch=None, kind=KIND, file_name=path.name, sheet=None, encoding=None, header_row=1,
                              headers=[], mapping={})
        with self._db.write(commit=not dry_run, backup=None if dry_run else BEFORE_IMPORT) as session:
            earlier = earlier_imports(session, digest, KIND, "")
            if earlier:
                report.imported_before = [number for number, _when in earlier]
                report.notices.append(imported_before_notice(earlier))
            batch = ImportBatch(kind=KIND, file_name=path.name, file_hash=digest, sheet="", mapping={})
            session.add(batch)
            session.flush()
            run = ShareImport(session, batch.id, about, report, progress, cancel, file_name=path.name,
                              contacts=lambda: _file_contacts(names, stream))
            run.run(sheets)
            report.notices += [unsaved_formulas_notice(count, f" (the first in sheet {name}, cell {first})")
                               for name, (count, first) in unsaved.items()]
            if report.rows == 0 and not any(c.get("rows") for c in run.sections.values()):
                raise UserError(f"“{path.name}” holds no records: nothing was imported.")
            report.batch = None if dry_run else batch.id
            taken = Database.backup_taken(session)
            report.backup = str(taken) if taken is not None else None
            result = report.result()
            batch.rows, batch.created, batch.updated = result.rows, result.created, result.updated
            batch.unchanged, batch.rejected = result.unchanged, result.rejected
            batch.report = {**result.to_stored_json(), "sections": run.sections, "source_chapter": about.chapter}
        if not dry_run:
            self._changes.publish(Change(EVERY_KIND))
        return ShareImportResult(result, run.sections, tuple(run.missing), about.chapter)

    def export_suppressions(self, path: Path, *, force: bool = False, protect: Iterable[Path] = ()) -> int:
        """Write every email and phone not to contact (channel and reason, nothing else) to .csv; how many."""
        from organizer.files.writing import write_table
        from organizer.services.suppressions import HEADERS, suppression_rows

        protected = self._protected(protect)
        check_target(path, (".csv",), force=force, protect=protected)
        with self._db.read() as session:
            rows = list(suppression_rows(session))
        write_table(path, HEADERS, rows, sheet="Suppressions", force=force, protect=protected)
        return len(rows)

    def export_preset(self, path: Path, preset_name: str, *, tag: str = "", force: bool = False,
                      protect: Iterable[Path] = ()) -> int:
        """Write people in a national tool's upload format (.csv or .xlsx); how many people."""
        from organizer.files.writing import SheetSpec, write_table
        from organizer.services.sharing.presets import CountedRows, preset_ids, preset_named, preset_rows
        from organizer.services.sharing.workbook import write_share_workbook

        preset = preset_named(preset_name)
        protected = self._protected(protect)
        check_target(path, (".csv", ".xlsx"), force=force, protect=protected)
        with self._db.read() as session:
            rows = CountedRows(preset_rows(session, preset, preset_ids(session, preset, tag)))
            if path.suffix.lower() == ".xlsx":  # the streaming writer: the same cells, several times faster
                write_share_workbook(path, [SheetSpec("People", preset.headers, rows)], force=force,
                                     protect=protected, password=None)
            else:
                write_table(path, preset.headers, rows, sheet="People", force=force, protect=protected)
        return rows.count

    def offered_deletions(self) -> list[OfferedDeletionRow]:
        """The deletions other chapters offered that wait for a decision, oldest first."""
        from organizer.services.sharing.deletions import open_offers

        with self._db.read() as session:
            return open_offers(session)

    def resolve_deletion(self, offer_id: int, delete: bool) -> None:
        """Delete the record (leaving its tombstone) or keep it; either way the offer is settled."""
        from organizer.services.sharing.deletions import resolve

        with self._db.write() as session:
            resolve(session, offer_id, delete)
        self._changes.publish(Change(EVERY_KIND))


Stream = Callable[[list[str]], Iterator[tuple[str, list[list[str]]]]]


def _in_import_order(names: list[str], stream: Stream) -> Iterator[tuple[str, Iterator[list[list[str]]]]]:
    """The workbook's sheets as (name, batches of rows): About first, then the shared tables in the order
    they are imported (a record's references before it), aliases, deletions, and any other sheet last."""
    from organizer.services.sharing.schema import shared_tables

    first = [ABOUT, *(t.name for t in shared_tables()), ALIASES, DELETIONS]
    order = [n for n in first if n in names] + [n for n in names if n not in first]
    for name, group in groupby(stream(order), key=itemgetter(0)):
        yield name, (rows for _name, rows in group)


def _first_sheet(sheets: Iterator[tuple[str, Iterator[list[list[str]]]]],
                 file_name: str) -> dict[str, list[list[str]]]:
    """The About sheet (none when the workbook has none: not a share file)."""
    from organizer.services.sharing.reading import check_cells

    for name, batches in sheets:
        rows = [row for batch in batches for row in batch]
        if name == ABOUT:
            check_cells(name, rows, 1, file_name)
            return {name: rows}
        return {}
    return {}


def _file_contacts(names: list[str], stream: Stream) -> Any:
    """The file's people's contacts for the matching rules, from a second read of just those sheets (only the
    columns the rules look at)."""
    from organizer.services.sharing.contacts import FileContacts

    wanted = {"email_addresses": ("person_uuid", "address"), "phone_numbers": ("person_uuid", "number"),
              "postal_addresses": ("person_uuid", "address_lines", "postal_code"), ALIASES: ("uuid", "person_uuid")}
    out = FileContacts()
    for name, group in groupby(stream([n for n in wanted if n in names]), key=itemgetter(0)):
        rows: list[list[str]] = []
        where: list[int] = []
        for _name, batch in group:
            if not rows and batch:
                header = [h.strip() for h in batch[0]]
                if any(h not in header for h in wanted[name]):
                    break  # without one of its columns, a sheet tells the rules nothing
                where = [header.index(h) for h in wanted[name]]
            rows += [[r[i] if i < len(r) else "" for i in where] for r in batch]
        if rows:
            rows[0] = list(wanted[name])
            part = FileContacts.read({name: rows})
            for attribute in ("emails", "phones", "addresses", "aliases"):
                getattr(out, attribute).update(getattr(part, attribute))
    return out


def aware(moment: datetime) -> datetime:
    """Stored times are UTC; SQLite hands them back without their zone."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


__all__ = ["SHARE_SUFFIXES", "NotFound", "OfferedDeletionRow", "ShareImportResult", "SharingService", "aware",
           "select"]
