"""Importing a share workbook: records matched by uuid, then aliases, then the people matching rules."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from organizer.progress import NEVER, NO_PROGRESS, CancelToken, Progress
from organizer.services.import_rows import RowIssue
from organizer.services.importing.report import ImportReport
from organizer.services.sharing.contacts import FileContacts, candidate_for
from organizer.services.sharing.derived import derived_values, refresh_people_keys
from organizer.services.sharing.local import LocalTable
from organizer.services.sharing.merge import plan_merge
from organizer.services.sharing.reading import About, SheetRecords, read_sheet
from organizer.services.sharing.schema import VOTERS, SharedTable, shared_table, shared_tables
from organizer.services.sharing.tail import import_aliases, import_deletions
from organizer.storage.bulk import bulk_insert, bulk_insert_tuples
from organizer.storage.models import ImportChange, MergeConflict, PersonAlias, Voter
from organizer.storage.models.base import new_uuid, utcnow

CHUNK = 5000
CHANGE_COLUMNS = ("batch_id", "row", "entity", "entity_id", "action", "before")


def jsonable(value: Any) -> Any:
    """A stored value as an import change's "before" keeps it."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


class ShareImport:
    """One share workbook into an open write session, as one import batch."""

    def __init__(self, session: Session, batch_id: int, about: About, report: ImportReport,
                 progress: Progress = NO_PROGRESS, cancel: CancelToken = NEVER) -> None:
        self.session = session
        self.batch_id = batch_id
        self.about = about
        self.report = report
        self.progress = progress
        self.cancel = cancel
        self.now = utcnow()
        self.ids: dict[str, dict[str, int]] = defaultdict(dict)  # table -> uuid in the file -> id here
        self.sections: dict[str, dict[str, int]] = {}
        self.missing: list[str] = []
        self.changes: list[dict[str, Any]] = []
        self.conflicts: list[dict[str, Any]] = []
        self.touched_people: set[int] = set()
        self.contacts = FileContacts()
        self._known_conflicts: set[tuple[int, str, str]] | None = None
        self._voters: dict[str, int | None] = {}
        self.voters_missing: dict[str, int] = {}
        self.locals: dict[str, LocalTable] = {}
        self._alias_map: dict[str, int] | None = None
        self._twins: list[tuple[str, str, str]] = []  # (table, uuid, the uuid of the same record earlier)

    def run(self, sheets: dict[str, list[list[str]]]) -> None:
        """Import every sheet in dependency order, then aliases and deletions."""
        self.contacts = FileContacts.read(sheets)
        for table in shared_tables():
            self.cancel.raise_if_cancelled()
            rows = sheets.get(table.name)
            if rows is None:
                self.missing.append(table.name)
                continue
            records = read_sheet(table, rows)
            self._note_columns(records)
            self._import(records)
            self.progress(self.report.rows, 0, f"{table.name.replace('_', ' ')} imported")
        self.sections.update(import_aliases(self, sheets))
        self.sections.update(import_deletions(self, sheets))
        for name, count in self.voters_missing.items():
            self.report.warn([RowIssue(0, f"{name}: voter_id", "", f"{count:,} voter ids are not on this chapter's "
                                       "voter roll: those records were kept without their voter")])
        refresh_people_keys(self.session.connection(), self.touched_people)
        bulk_insert_tuples(self.session.connection(), ImportChange.__table__,  # type: ignore[arg-type]
                           CHANGE_COLUMNS, [tuple(c[k] for k in CHANGE_COLUMNS) for c in self.changes])
        bulk_insert(self.session.connection(), MergeConflict.__table__, self.conflicts)  # type: ignore[arg-type]

    def _note_columns(self, records: SheetRecords) -> None:
        name = records.table.name
        if records.missing_columns and records.rows:
            self.report.warn([RowIssue(1, name, ", ".join(records.missing_columns),
                                       "columns missing from this sheet: those values were left as they are")])
        if records.unknown_columns:
            self.report.warn([RowIssue(1, name, ", ".join(records.unknown_columns),
                                       "columns this version does not know: left out")])

    def _import(self, records: SheetRecords) -> None:
        table = records.table
        counts = {"rows": records.rows, "created": 0, "updated": 0, "unchanged": 0, "rejected": 0}
        self.sections[table.name] = counts
        self.report.rows += records.rows
        for issue, cells in records.rejected:
            self._reject(counts, issue, cells)
        local = self.local(table.name)
        if table.is_link:
            self._links(local, records, counts)
            return
        creates: list[tuple[int, dict[str, Any]]] = []
        pending: dict[tuple[str, tuple[Any, ...]], str] = {}
        for number, record in records.records:
            values = self._resolved(table, number, record, counts)
            if values is None:
                continue
            self._place(local, number, values, counts, creates, pending)
        self._create(local, creates)

    def _reject(self, counts: dict[str, int], issue: RowIssue, cells: tuple[str, ...]) -> None:
        counts["rejected"] += 1
        sheet = issue.column
        self.report.reject(RowIssue(issue.row, sheet, issue.value, issue.reason), cells)

    def _resolved(self, table: SharedTable, number: int, record: dict[str, Any],
                  counts: dict[str, int]) -> dict[str, Any] | None:
        """The record with its references as this chapter's ids; None (rejected) when a needed one is unknown."""
        values = dict(record)
        for column in table.columns:
            ref = values.get(column.name)
            if not column.refers_to or ref is None:
                continue
            found = self._voter(ref) if column.refers_to == VOTERS else self.local_id(column.refers_to, ref)
            if found is None and column.required:
                self._reject(counts, RowIssue(number, f"{table.name}: {column.header}", ref,
                                              "refers to a record that is neither in this file nor in this chapter"),
                             (ref,))
                return None
            if found is None and column.refers_to == VOTERS:
                self.voters_missing[table.name] = self.voters_missing.get(table.name, 0) + 1
            elif found is None:
                self.report.warn([RowIssue(number, f"{table.name}: {column.header}", ref,
                                           "refers to a record that is neither in this file nor in this chapter: "
                                           "left empty")])
            values[column.name] = found
        return values

    def local_id(self, table: str, uuid: str) -> int | None:
        """This chapter's id of the record a uuid names (a merged person's old uuid names the survivor)."""
        found = self.ids[table].get(uuid)
        if found is None:
            local = self.local(table)
            found = local.by_uuid.get(uuid)
            if found is None and table == "people":
                found = self._aliases().get(uuid)
            if found is not None:
                self.ids[table][uuid] = found
        return found

    def local(self, table: str) -> LocalTable:
        """What this chapter has of a table (read once)."""
        if table not in self.locals:
            self.locals[table] = LocalTable.load(self.session, shared_table(table))
        return self.locals[table]

    def alias_added(self, uuid: str, person_id: int) -> None:
        """A person's uuid recorded as an alias during this import."""
        self._aliases()[uuid] = person_id

    def _aliases(self) -> dict[str, int]:
        if self._alias_map is None:
            self._alias_map = {u: p for u, p in self.session.execute(select(PersonAlias.uuid, PersonAlias.person_id))}
        return self._alias_map

    def _voter(self, voter_id: str) -> int | None:
        if voter_id not in self._voters:
            self._voters[voter_id] = self.session.scalar(select(Voter.id).where(Voter.voter_id == voter_id))
        return self._voters[voter_id]

    def _place(self, local: LocalTable, number: int, values: dict[str, Any], counts: dict[str, int],
               creates: list[tuple[int, dict[str, Any]]], pending: dict[tuple[str, tuple[Any, ...]], str]) -> None:
        table = local.table
        found = self._match(local, values)
        if found is None:
            twin = next((pending[k] for k in (local.key_of(key, values) for key in table.unique_keys)
                         if k in pending), None)
            if twin is not None:  # the same record twice in the file, under two uuids
                self.ids[table.name][values["uuid"]] = -1
                self._twins.append((table.name, values["uuid"], twin))
                counts["unchanged"] += 1
                return
            for key in table.unique_keys:
                pending.setdefault(local.key_of(key, values), values["uuid"])
            creates.append((number, values))
            counts["created"] += 1
            return
        self.ids[table.name][values["uuid"]] = found
        if table.name == "people" and local.rows[found]["uuid"] != values["uuid"]:
            self._alias(number, values["uuid"], found)
        self._merge(local, number, found, values, counts)

    def _alias(self, number: int, uuid: str, person_id: int) -> None:
        """Found by the matching rules: the other chapter's uuid for this person names them here from now on."""
        from organizer.services.sharing.tail import stored_id

        if stored_id(self.session, "people", uuid) is None:
            self._aliases()[uuid] = person_id
            self.session.add(PersonAlias(uuid=uuid, person_id=person_id))
            self.session.flush()
            self.changes.append(self._change(number, "person_aliases", person_id, "created", {"uuid": uuid}))

    def _match(self, local: LocalTable, values: dict[str, Any]) -> int | None:
        uuid = values["uuid"]
        found = local.by_uuid.get(uuid)
        if found is None and local.table.name == "people":
            found = self.local_id("people", uuid)
            found = found if found is not None else self._person_by_rules(values)
        if found is None:
            found = local.by_natural_key(values)
        return found

    def _person_by_rules(self, values: dict[str, Any]) -> int | None:
        for alias in self.contacts.aliases.get(values["uuid"], ()):
            found = self.local_id("people", alias)
            if found is not None:
                return found
        candidate, street = candidate_for(values, self.contacts)
        return self.contacts.index(self.session).match(candidate, street)[0]

    def _merge(self, local: LocalTable, number: int, row_id: int, values: dict[str, Any],
               counts: dict[str, int]) -> None:
        table = local.table
        stored = local.rows[row_id]
        plan = plan_merge(table, stored, values)
        person = row_id if table.name == "people" else stored.get("person_id")
        new_conflicts = [c for c in plan.conflicts if self._new_conflict(table, person, c)]
        if not plan.changes and not new_conflicts:
            counts["unchanged"] += 1
            self.report.unchanged += 1
            return
        if plan.changes:
            changes = dict(plan.changes)
            if plan.takes_theirs:
                changes.update(imported_at=self.now, import_batch_id=self.batch_id,
                               origin_chapter_uuid=self.about.chapter_uuid,
                               origin_chapter_name=self.about.chapter)
            else:
                changes["modified_at"] = self.now
            before = {k: jsonable(stored.get(k)) for k in changes}
            t = table.table
            self.session.execute(update(t).where(t.c.id == row_id).values(**changes))
            stored.update(changes)
            self.changes.append(self._change(number, table.name, row_id, "updated", before))
            counts["updated"] += 1
            self.report.updated += 1
        else:
            counts["unchanged"] += 1
            self.report.unchanged += 1
        if person is not None:
            self.touched_people.add(int(person))
        self._record_conflicts(table, number, person, new_conflicts)

    def _new_conflict(self, table: SharedTable, person: int | None, conflict: tuple[str, Any, Any]) -> bool:
        if self._known_conflicts is None:
            self._known_conflicts = {(p, f, v) for p, f, v in self.session.execute(
                select(MergeConflict.person_id, MergeConflict.field, MergeConflict.incoming_value))}
        field = self._conflict_field(table, conflict[0])
        return person is None or (int(person), field, _text(conflict[2])) not in self._known_conflicts

    @staticmethod
    def _conflict_field(table: SharedTable, name: str) -> str:
        return name if table.name == "people" else f"{table.name}.{name}"

    def _record_conflicts(self, table: SharedTable, number: int, person: int | None,
                          conflicts: list[tuple[str, Any, Any]]) -> None:
        for name, mine, theirs in conflicts:
            self.report.conflicts += 1
            if person is None:
                self.report.warn([RowIssue(number, f"{table.name}: {name}", _text(theirs)[:200],
                                           "both chapters changed it: this chapter's value was kept "
                                           f"({_text(mine)[:80]})")])
                continue
            field = self._conflict_field(table, name)
            assert self._known_conflicts is not None
            self._known_conflicts.add((int(person), field, _text(theirs)))
            self.conflicts.append({"person_id": int(person), "field": field, "existing_value": _text(mine),
                                   "incoming_value": _text(theirs), "batch_id": self.batch_id, "row": number,
                                   "created_at": self.now, "resolved_at": None})

    def _create(self, local: LocalTable, creates: list[tuple[int, dict[str, Any]]]) -> None:
        table = local.table
        if not creates:
            return
        rows = []
        for _number, values in creates:
            row = {**values, **derived_values(table.name, values),
                   "origin_chapter_uuid": self.about.chapter_uuid, "origin_chapter_name": self.about.chapter,
                   "import_batch_id": self.batch_id, "imported_at": self.now}
            row.setdefault("created_at", self.now)
            row.setdefault("modified_at", self.now)
            rows.append(row)
        keys = list(dict.fromkeys(k for r in rows for k in r))
        conn = self.session.connection()
        for start in range(0, len(rows), CHUNK):
            bulk_insert_tuples(conn, table.table, keys, [tuple(r.get(k) for k in keys)
                                                         for r in rows[start : start + CHUNK]])
        t = table.table
        made = dict(conn.execute(select(t.c.uuid, t.c.id).where(t.c.import_batch_id == self.batch_id)).all())
        for number, values in creates:
            row_id = made[values["uuid"]]
            self.ids[table.name][values["uuid"]] = row_id
            local.remember(row_id, values, keys=False)
            self.changes.append(self._change(number, table.name, row_id, "created", {}))
            person = row_id if table.name == "people" else values.get("person_id")
            if person is not None:
                self.touched_people.add(int(person))
        self.report.created += len(creates)
        for name, uuid, twin in [x for x in self._twins if x[0] == table.name]:
            self.ids[name][uuid] = self.ids[name][twin]

    def _links(self, local: LocalTable, records: SheetRecords, counts: dict[str, int]) -> None:
        table = local.table
        rows = []
        for number, record in records.records:
            values = self._resolved(table, number, record, counts)
            if values is None:
                continue
            key = tuple(values[c.name] for c in table.columns)
            if key in local.links:
                counts["unchanged"] += 1
                self.report.unchanged += 1
                continue
            local.links.add(key)
            rows.append(dict(zip([c.name for c in table.columns], key, strict=True)))
            first = key[0]
            self.changes.append(self._change(number, table.name, int(first), "created", rows[-1]))
            if "person_id" in rows[-1]:
                self.touched_people.add(int(rows[-1]["person_id"]))
            counts["created"] += 1
        bulk_insert(self.session.connection(), table.table, rows)
        self.report.created += len(rows)

    def _change(self, number: int, entity: str, entity_id: int, action: str, before: dict[str, Any]) -> dict[str, Any]:
        return {"batch_id": self.batch_id, "row": number, "entity": entity, "entity_id": entity_id,
                "action": action, "before": before}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


__all__ = ["ShareImport", "jsonable", "new_uuid"]
