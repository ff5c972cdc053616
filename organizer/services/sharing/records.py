"""Matching and writing one sheet's records of a share workbook: the base of `ShareImport`.

`RecordWriter` holds what the import knows of this chapter's records (uuid -> id maps, aliases, the file's
contacts for the people matching rules) and turns a chunk of resolved records into matches merged into
stored rows, new rows inserted in bulk, and link rows; `ShareImport` (importer.py) drives it sheet by sheet.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from organizer.services.importing.report import ImportReport
from organizer.services.importing.undo import CREATED_RUN
from organizer.services.sharing.contacts import FileContacts, candidate_for
from organizer.services.sharing.deleted_here import DeletedHere
from organizer.services.sharing.derived import new_rows
from organizer.services.sharing.local import LocalTable
from organizer.services.sharing.merge import Merger
from organizer.services.sharing.newpeople import NewPeople
from organizer.services.sharing.reading import About
from organizer.services.sharing.schema import shared_table
from organizer.storage.bulk import bulk_insert_tuples
from organizer.storage.ids import insert_returning_ids
from organizer.storage.models import PersonAlias


class RecordWriter(Merger):
    """An import batch's records matched and written a chunk at a time, into an open write session."""

    def __init__(self, session: Session, batch_id: int, about: About, report: ImportReport,
                 contacts: Callable[[], FileContacts] | None = None) -> None:
        super().__init__(session, batch_id, about, report)
        self.ids: dict[str, dict[str, int]] = defaultdict(dict)  # table -> uuid in the file -> another id here
        self._contacts_source = contacts
        self._contacts: FileContacts | None = None
        self.locals: dict[str, LocalTable] = {}
        self._alias_map: dict[str, int] | None = None
        self._new_aliases: list[dict[str, Any]] = []
        self.new_people = NewPeople()
        self._created: list[tuple[Any, ...]] = []  # change records of created rows, as importer.CHANGE_COLUMNS
        self.deleted_here = DeletedHere(session)

    @property
    def contacts(self) -> FileContacts:
        """The file's people's emails, phones, addresses and old uuids (read when the matching rules need them)."""
        if self._contacts is None:
            self._contacts = self._contacts_source() if self._contacts_source is not None else FileContacts()
        return self._contacts

    def local_id(self, table: str, uuid: str) -> int | None:
        """This chapter's id of the record a uuid names (a merged person's old uuid names the survivor)."""
        found = self.ids[table].get(uuid)
        if found is None:
            found = self.local(table).by_uuid.get(uuid)
            if found is None and table == "people":
                found = self._aliases().get(uuid)
        return found

    def local(self, table: str) -> LocalTable:
        """What this chapter has of a table (its uuids read once)."""
        if table not in self.locals:
            self.locals[table] = LocalTable.load(self.session.connection(), shared_table(table))
        return self.locals[table]

    def alias_added(self, uuid: str, person_id: int) -> None:
        """A person's uuid recorded as an alias during this import."""
        self._aliases()[uuid] = person_id

    def _aliases(self) -> dict[str, int]:
        if self._alias_map is None:
            self._alias_map = {u: p for u, p in self.session.execute(select(PersonAlias.uuid, PersonAlias.person_id))}
        return self._alias_map

    def _records(self, local: LocalTable, resolved: list[tuple[int, dict[str, Any]]], counts: dict[str, int],
                 pending: dict[tuple[str, tuple[Any, ...]], str]) -> None:
        table = local.table
        kept = self.deleted_here.left_out_of(table.name, table.kind, resolved, lambda u: self.local_id(table.name, u))
        counts["unchanged"] += len(resolved) - len(kept)
        self.report.unchanged += len(resolved) - len(kept)
        resolved = kept
        creates: list[tuple[int, dict[str, Any]]] = []
        matched: list[tuple[int, int, dict[str, Any]]] = []
        twins: list[tuple[str, str]] = []
        unique = table.unique_keys
        fresh = self._fresh_match(local)
        if fresh is not None and not unique and self._all_new(local, resolved):
            self._create(local, resolved)  # a table that was empty, none of the records met before: all new
            counts["created"] += len(resolved)
            return
        match = fresh or self._match
        for number, values in resolved:
            found = match(local, number, values)
            if found is not None:
                matched.append((number, found, values))
                continue
            keys = [local.key_of(key, values) for key in unique]
            twin = next((pending[k] for k in keys if k in pending), None)
            if twin is not None:  # the same record twice in the file, under two uuids
                twins.append((values["uuid"], twin))
                counts["unchanged"] += 1
                continue
            for k in keys:
                pending.setdefault(k, values["uuid"])
            creates.append((number, values))
            counts["created"] += 1
        if matched:
            stored = local.stored(found for _n, found, _v in matched)
            for number, found, values in matched:
                self.ids[table.name][values["uuid"]] = found
                self.merge(table, number, found, stored[found], values, counts)
        self._create(local, creates)
        for uuid, twin in twins:
            self.ids[table.name][uuid] = self.ids[table.name].get(twin) or local.by_uuid[twin]

    def _all_new(self, local: LocalTable, resolved: list[tuple[int, dict[str, Any]]]) -> bool:
        """Whether no record's uuid names a row this import already gave (as `_fresh_match` would find it)."""
        uuids = [values["uuid"] for _n, values in resolved]
        ids = self.ids["people"] if local.table.name == "people" else {}
        return local.by_uuid.keys().isdisjoint(uuids) and ids.keys().isdisjoint(uuids)

    def _fresh_match(self, local: LocalTable) -> Callable[[LocalTable, int, dict[str, Any]], int | None] | None:
        """`_match` for a table that was empty when the import began (and, for people, without aliases): only a
        uuid this import already gave a row could match, never a natural key or the matching rules; None when
        the table had rows."""
        if local.had_rows or (local.table.name == "people" and self._aliases()):
            return None
        by_uuid = local.by_uuid
        ids = self.ids["people"] if local.table.name == "people" else {}  # as `local_id` looks people up

        def match(_local: LocalTable, _number: int, values: dict[str, Any]) -> int | None:
            uuid = values["uuid"]
            found = by_uuid.get(uuid)
            return ids.get(uuid) if found is None else found
        return match

    def _match(self, local: LocalTable, number: int, values: dict[str, Any]) -> int | None:
        uuid = values["uuid"]
        found = local.by_uuid.get(uuid)
        if found is not None:
            return found
        if local.table.name == "people":
            found = self.local_id("people", uuid)
            if found is not None:
                return found
            found = self._person_by_rules(local, values)
            if found is not None:
                self._alias(number, uuid, found)
                return found
        return local.by_natural_key(values)

    def _person_by_rules(self, local: LocalTable, values: dict[str, Any]) -> int | None:
        if not local.had_rows:  # the rules only look for people this chapter had before
            return None
        for alias in self.contacts.aliases.get(values["uuid"], ()):
            found = self.local_id("people", alias)
            if found is not None:
                return found
        candidate, street = candidate_for(values, self.contacts)
        return self.contacts.index(self.session).match(candidate, street)[0]

    def _alias(self, number: int, uuid: str, person_id: int) -> None:
        """Found by the matching rules: the other chapter's uuid for this person names them here from now on."""
        self._aliases()[uuid] = person_id
        self._new_aliases.append({"uuid": uuid, "person_id": person_id, "created_at": self.now})
        self.changes.append(self.change(number, "person_aliases", person_id, "created", {"uuid": uuid}))

    def _create(self, local: LocalTable, creates: list[tuple[int, dict[str, Any]]]) -> None:
        table = local.table
        if not creates:
            return
        provenance = {"origin_chapter_uuid": self.about.chapter_uuid, "origin_chapter_name": self.about.chapter,
                      "import_batch_id": self.batch_id, "imported_at": self.now}
        stamps = {"created_at": self.now, "modified_at": self.now}  # kept when the file has its own
        keys, rows = new_rows(table.name, [v for _n, v in creates], stamps, provenance)
        ids = insert_returning_ids(self.session.connection(), table.table, keys, rows)
        name = str(table.name)  # a plain str binds fastest
        self._record_created(name, creates, ids)
        records = [values for _number, values in creates]
        local.by_uuid.update(zip([values["uuid"] for values in records], ids, strict=True))
        self.touched_people.update(self.new_people.created_rows(name, ids, records, self.now))
        self.report.created += len(creates)

    def _record_created(self, name: str, creates: list[tuple[int, dict[str, Any]]], ids: list[int]) -> None:
        """The change records of created rows: a person each (their history names the import that brought
        them), other rows one per run of consecutive ids, which undo deletes by range."""
        batch = self.batch_id
        if name == "people":
            self._created += [(batch, number, name, row_id, "created", {})
                              for (number, _v), row_id in zip(creates, ids, strict=True)]
            return
        start = 0
        for end in range(1, len(ids) + 1):
            if end == len(ids) or ids[end] != ids[end - 1] + 1:
                first, through = ids[start], ids[end - 1]
                self._created.append((batch, creates[start][0], name, first, CREATED_RUN, {"through": through}))
                start = end

    def _links(self, local: LocalTable, resolved: list[tuple[int, dict[str, Any]]], counts: dict[str, int]) -> None:
        table = local.table
        names = [c.name for c in table.columns]
        name, batch, links = str(table.name), self.batch_id, local.links
        person = names.index("person_id") if "person_id" in names else None
        new_people, touched = self.new_people, self.touched_people
        rows: list[tuple[Any, ...]] = []
        created = self._created  # a link table's chunk has no other change records: their order is kept
        for number, values in resolved:
            key = tuple([values[n] for n in names])
            if key in links:
                counts["unchanged"] += 1
                self.report.unchanged += 1
                continue
            links.add(key)
            rows.append(key)
            created.append((batch, number, name, int(key[0]), "created", dict(zip(names, key, strict=True))))
            if person is not None and key[person] not in new_people:
                touched.add(int(key[person]))
        counts["created"] += len(rows)
        bulk_insert_tuples(self.session.connection(), table.table, names, rows)
        self.report.created += len(rows)
