"""Importing a share workbook: records matched by uuid, then aliases, then the people matching rules.

The sheets arrive as a stream (in dependency order) and are taken a chunk of rows at a time: each
chunk is matched in memory against uuid -> id maps read once, its stored rows are read in one query,
and its new records, updates, change records and conflicts are written in bulk, all in the one
transaction of the import batch. This module drives the run sheet by sheet and chunk by chunk and
resolves references; matching and writing a chunk's records is `RecordWriter`'s (records.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from organizer.progress import NEVER, NO_PROGRESS, CancelToken, Progress
from organizer.services.import_rows import RowIssue
from organizer.services.importing.report import ImportReport
from organizer.services.sharing.contact_values import check_contact_values
from organizer.services.sharing.contacts import FileContacts
from organizer.services.sharing.derived import refresh_people_keys
from organizer.services.sharing.local import PAGE, LocalTable
from organizer.services.sharing.merge import jsonable
from organizer.services.sharing.options import ALIASES, DELETIONS
from organizer.services.sharing.reading import About, SheetReader, SheetRecords, check_cells, chunked
from organizer.services.sharing.records import RecordWriter
from organizer.services.sharing.schema import UNMATCHED_VOTER_ID, VOTERS, SharedTable, shared_tables
from organizer.services.sharing.tail import import_aliases, import_deletions
from organizer.services.sharing.text_checks import check_text
from organizer.storage.bulk import bulk_insert, bulk_insert_tuples
from organizer.storage.bulk_indexes import indexes_rebuilt_after
from organizer.storage.models import ImportChange, MergeConflict, PersonAlias, Voter
from organizer.storage.models.base import new_uuid

CHUNK = 5000
CHANGE_COLUMNS = ("batch_id", "row", "entity", "entity_id", "action", "before")
Batches = Iterable[list[list[str]]]
REFERRED_TO = frozenset({c.refers_to for t in shared_tables() for c in t.columns if c.refers_to})


class ShareImport(RecordWriter):
    """One share workbook into an open write session, as one import batch."""

    def __init__(self, session: Session, batch_id: int, about: About, report: ImportReport,
                 progress: Progress = NO_PROGRESS, cancel: CancelToken = NEVER, *, file_name: str = "",
                 contacts: Callable[[], FileContacts] | None = None) -> None:
        super().__init__(session, batch_id, about, report, contacts)
        self.progress = progress
        self.cancel = cancel
        self.file_name = file_name
        self.sections: dict[str, dict[str, int]] = {}
        self.missing: list[str] = []
        self._voters: dict[str, int | None] = {}
        self.voters_missing: dict[str, int] = {}
        self._indexes = ExitStack()  # indexes to rebuild when the import ends
        self._refs: dict[str, list[tuple[str, str, str, bool, Callable[[str], int | None]]]] = {}
        self.rejected_uuids: dict[str, set[str]] = defaultdict(set)  # table -> uuids of rows rejected for their text

    def run(self, sheets: Iterable[tuple[str, Batches]] | dict[str, list[list[str]]]) -> None:
        """Import every sheet (given in dependency order, each as batches of rows with its header first),
        then aliases and deletions."""
        if isinstance(sheets, dict):
            whole = sheets
            self._contacts_source = self._contacts_source or (lambda: FileContacts.read(whole))
            sheets = [(t.name, [whole[t.name]]) for t in shared_tables() if t.name in whole]
            sheets += [(n, [whole[n]]) for n in (ALIASES, DELETIONS) if n in whole]
        with ExitStack() as self._indexes:
            self._run(sheets)

    def _run(self, sheets: Iterable[tuple[str, Batches]]) -> None:
        known = {t.name: t for t in shared_tables()}
        present: set[str] = set()
        tail: dict[str, list[list[str]]] = {}
        for name, batches in sheets:
            self.cancel.raise_if_cancelled()
            if name in known:
                present.add(name)
                self._sheet(known[name], batches)
                if name not in REFERRED_TO:  # no later sheet names its records: its uuids are needed no more
                    self.locals.pop(name, None)
            elif name in (ALIASES, DELETIONS):
                tail[name] = [row for _n, rows in self._checked(name, batches) for row in rows]
            else:
                for _rows in self._checked(name, batches):
                    pass  # not a sheet this version imports: only checked
        self.cancel.raise_if_cancelled()
        self.missing = [t.name for t in shared_tables() if t.name not in present]
        self.sections.update(import_aliases(self, tail))
        self.sections.update(import_deletions(self, tail))
        if self.deleted_here.notice():
            self.report.notices.append(self.deleted_here.notice())
        for name, count in self.voters_missing.items():
            self.report.warn([RowIssue(0, f"{name}: voter_id", "", f"{count:,} voter ids are not on this chapter's "
                                       "voter roll: those records were kept without their voter")])
        refresh_people_keys(self.session.connection(), self.touched_people)
        self.new_people.write_keys(self.session.connection(), self.touched_people)
        self._flush()

    def _checked(self, name: str, batches: Batches) -> Iterator[tuple[int, list[list[str]]]]:
        number = 1
        for rows in batches:
            check_cells(name, rows, number, self.file_name)
            yield number, rows
            number += len(rows)

    def _sheet(self, table: SharedTable, batches: Batches) -> None:
        counts = {"rows": 0, "created": 0, "updated": 0, "unchanged": 0, "rejected": 0}
        self.sections[table.name] = counts
        header, chunks = chunked(self._checked(table.name, batches), CHUNK)
        if header is None:
            return
        reader = SheetReader(table, header)
        self._bulk_load(self.local(table.name))
        noted = False
        pending: dict[tuple[str, tuple[Any, ...]], str] = {}
        for first, rows in chunks:
            self.cancel.raise_if_cancelled()
            records = reader.read(rows, first)
            if records.suspect_text:
                self._check_text(records)
            self.report.warn(check_contact_values(records))
            if records.rows and not noted:
                noted = self._note_columns(reader, records.rows)
            self._chunk(records, counts, pending)
            self.progress(self.report.rows, 0, f"importing {table.name.replace('_', ' ')}")
        if not noted:
            self._note_columns(reader, 0)
        self.progress(self.report.rows, 0, f"{table.name.replace('_', ' ')} imported")

    def _bulk_load(self, local: LocalTable) -> None:
        """A table that was empty is filled with its indexes dropped (on SQLite only), each rebuilt in one sort
        when the import ends: inserting into them row by row, in random order (names, addresses, tags),
        costs more. Its by-person indexes stay: the import looks people's records up by them."""
        if local.by_uuid or local.links:
            return
        names = tuple(str(index.name) for index in local.table.table.indexes
                      if not index.unique and not str(index.name).endswith("_person_id"))
        if names:
            self._indexes.enter_context(indexes_rebuilt_after(self.session.connection(), [local.table.table], names))

    def _check_text(self, records: SheetRecords) -> None:
        """Control characters removed (warned of), rows with a value too long rejected: their records follow."""
        before = records.records
        self.report.warn(check_text(records))
        if len(records.records) < len(before):
            kept = {values["uuid"] for _n, values in records.records if "uuid" in values}
            self.rejected_uuids[records.table.name].update(v["uuid"] for _n, v in before if v.get("uuid") not in kept)

    def _note_columns(self, reader: SheetReader, rows: int) -> bool:
        """Warn of the sheet's missing columns (when it has rows) and of columns this version does not know."""
        name = reader.table.name
        if reader.missing_columns and rows:
            self.report.warn([RowIssue(1, name, ", ".join(reader.missing_columns),
                                       "columns missing from this sheet: those values were left as they are")])
        if reader.unknown_columns:
            self.report.warn([RowIssue(1, name, ", ".join(reader.unknown_columns),
                                       "columns this version does not know: left out")])
        return True

    def _chunk(self, records: SheetRecords, counts: dict[str, int],
               pending: dict[tuple[str, tuple[Any, ...]], str]) -> None:
        table = records.table
        counts["rows"] += records.rows
        self.report.rows += records.rows
        for issue, cells in records.rejected:
            self._reject(counts, issue, cells)
        local = self.local(table.name)
        self._find_voters(table, records)
        resolved = self._resolved_at_once(table, records.records)
        if resolved is None:  # a reference not found: row by row, reported in order
            resolved = [(n, v) for n, r in records.records if (v := self._resolved(table, n, r, counts)) is not None]
        if table.is_link:
            self._links(local, resolved, counts)
        else:
            self._records(local, resolved, counts, pending)
        self._flush()

    def _reject(self, counts: dict[str, int], issue: RowIssue, cells: tuple[str, ...]) -> None:
        counts["rejected"] += 1
        self.report.reject(RowIssue(issue.row, issue.column, issue.value, issue.reason), cells)

    def _resolved_at_once(self, table: SharedTable,
                          records: list[tuple[int, dict[str, Any]]]) -> list[tuple[int, dict[str, Any]]] | None:
        """The records with their references as this chapter's ids, a column at a time, when every reference is
        found (but voter ids, which are only counted when missing, as `_resolved` counts them); None otherwise,
        the records left as they were."""
        if not records:
            return records
        first = records[0][1]  # a chunk's records all have the same columns
        found_columns: list[tuple[str, list[Any]]] = []
        missing_voters = 0
        for name, _header, refers_to, required, lookup in self._references(table):
            if name not in first:
                continue
            wanted = [values[name] for _n, values in records]
            found = self._looked_up(refers_to, lookup, wanted)
            missing = found.count(None) - wanted.count(None)
            if missing and (refers_to != VOTERS or required):
                return None
            missing_voters += missing
            found_columns.append((name, found))
            if refers_to == VOTERS and UNMATCHED_VOTER_ID in table.table.c:
                found_columns.append((UNMATCHED_VOTER_ID, _unmatched(wanted, found)))
        for name, found in found_columns:
            for (_n, values), value in zip(records, found, strict=True):
                values[name] = value
        if missing_voters:
            self.voters_missing[table.name] = self.voters_missing.get(table.name, 0) + missing_voters
        return records

    def _looked_up(self, refers_to: str, lookup: Callable[[str], int | None], wanted: list[Any]) -> list[int | None]:
        """``lookup`` of each reference (None for None), the first try through one map at C speed."""
        first = self._voters if refers_to == VOTERS else (self.ids[refers_to] or self.local(refers_to).by_uuid)
        found: list[int | None] = list(map(first.get, wanted))
        if found.count(None) == wanted.count(None) or refers_to == VOTERS:
            return found
        return [value if value is not None or ref is None else lookup(ref) for value, ref in zip(found, wanted,
                                                                                                  strict=True)]

    def _resolved(self, table: SharedTable, number: int, record: dict[str, Any],
                  counts: dict[str, int]) -> dict[str, Any] | None:
        """The record with its references as this chapter's ids; None (rejected) when a needed one is unknown."""
        values = record  # read from the file for this call alone: changed in place
        if UNMATCHED_VOTER_ID in table.table.c:
            values[UNMATCHED_VOTER_ID] = ""
        for name, header, refers_to, required, lookup in self._references(table):
            ref = values.get(name)
            if ref is None:
                continue
            found = lookup(ref)
            if found is None and self.deleted_here.names_gone(refers_to, ref):
                if required:  # left out with the record this chapter deleted
                    self.deleted_here.belongs_to_gone(table.name)
                    counts["unchanged"] += 1
                    self.report.unchanged += 1
                    return None
                values[name] = None  # kept, without the record this chapter deleted
                continue
            if found is None and required:
                why = ("belongs to a record rejected above (see its row)" if ref in self.rejected_uuids[refers_to]
                       else "refers to a record that is neither in this file nor in this chapter")
                self._reject(counts, RowIssue(number, f"{table.name}: {header}", ref, why), (ref,))
                return None
            if found is None and refers_to == VOTERS:
                self.voters_missing[table.name] = self.voters_missing.get(table.name, 0) + 1
                if UNMATCHED_VOTER_ID in values:
                    values[UNMATCHED_VOTER_ID] = ref
            elif found is None:
                self.report.warn([RowIssue(number, f"{table.name}: {header}", ref,
                                           "refers to a record that is neither in this file nor in this chapter: "
                                           "left empty")])
            values[name] = found
        return values

    def _references(self, table: SharedTable) -> list[tuple[str, str, str, bool, Callable[[str], int | None]]]:
        """A table's reference columns, each with how its uuid (or voter id) becomes an id here."""
        if table.name not in self._refs:
            self._refs[table.name] = [
                (c.name, c.header, c.refers_to, c.required,
                 self._voters.get if c.refers_to == VOTERS else self._finder(c.refers_to))
                for c in table.columns if c.refers_to]
        return self._refs[table.name]

    def _finder(self, table: str) -> Callable[[str], int | None]:
        """`local_id` for one table, its maps bound once (a reference is looked up for most rows of a file)."""
        ids, by_uuid = self.ids[table], self.local(table).by_uuid  # kept for the whole import: filled as it goes
        aliases = self._aliases if table == "people" else None

        def find(uuid: str) -> int | None:
            found = ids.get(uuid)
            if found is None:
                found = by_uuid.get(uuid)
                if found is None and aliases is not None:
                    found = aliases().get(uuid)
            return found
        return find

    def _find_voters(self, table: SharedTable, records: SheetRecords) -> None:
        """This chapter's voters for the voter ids of a chunk, in one query per page."""
        names = [c.name for c in table.columns if c.refers_to == VOTERS]
        ids = {r[n] for n in names for _num, r in records.records if r.get(n) is not None}
        wanted = sorted(ids - self._voters.keys())
        for start in range(0, len(wanted), PAGE):
            page = wanted[start : start + PAGE]
            self._voters.update(dict.fromkeys(page))
            found = self.session.execute(select(Voter.voter_id, Voter.id).where(Voter.voter_id.in_(page))
                                         .order_by(Voter.id.desc()))
            self._voters.update({v: i for v, i in found})  # the first voter of an id, as a lookup by id finds

    def _flush(self) -> None:
        """Write what the chunk gathered: aliases, updates, change records, conflicts."""
        conn = self.session.connection()
        bulk_insert(conn, PersonAlias.__table__, self._new_aliases)  # type: ignore[arg-type]
        self._new_aliases = []
        self.write_updates()
        changes = [tuple(c[k] for k in CHANGE_COLUMNS) for c in self.changes] + self._created
        bulk_insert_tuples(conn, ImportChange.__table__, CHANGE_COLUMNS, changes)  # type: ignore[arg-type]
        self.changes, self._created = [], []
        bulk_insert(conn, MergeConflict.__table__, self.conflicts)  # type: ignore[arg-type]
        self.conflicts = []


def _unmatched(wanted: list[Any], found: list[Any]) -> list[str]:
    """For each voter reference, the voter id kept when this chapter's roll lacks that voter ("" otherwise)."""
    return [ref if value is None and ref is not None else "" for ref, value in zip(wanted, found, strict=True)]


__all__ = ["ShareImport", "jsonable", "new_uuid"]
