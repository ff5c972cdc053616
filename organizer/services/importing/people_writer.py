"""Buffered bulk writes of an import's created and changed people (SQLAlchemy Core, portable).

On SQLite a created person has a stand-in id (negative) until its buffer is written; the database then
gives it its id (INSERT ... RETURNING) and every queued row that named the stand-in gets the real one.
On a server the id is drawn from the sequence when the person is queued, so a buffer's rows are made
ready for the server (`prepare`) while the one before is still being sent (`send`) in a second thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import Engine, Table, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from organizer.domain.person_keys import PersonKeys, address_street_key
from organizer.services.importing.cell_values import address_lines, has_address
from organizer.services.importing.cleaning import NAME_FIELDS, Candidate
from organizer.services.importing.merge import Merge
from organizer.services.importing.people_state import id_in
from organizer.storage.bulk import CopyBatch, bulk_insert_tuples, copy_batch, copy_types, send_copy, update_by_id
from organizer.storage.ids import SequenceIds, insert_returning_ids
from organizer.storage.models import (
    EmailAddress,
    ImportChange,
    MergeConflict,
    Person,
    PhoneNumber,
    PossibleDuplicate,
    PostalAddress,
    Tagging,
    Volunteer,
)
from organizer.storage.models.base import new_uuids

DO_NOT_FLAGS = ("do_not_walk", "do_not_call", "do_not_text", "do_not_email")
NO_FLAGS = (False,) * (len(DO_NOT_FLAGS) + 2)  # and deceased, moved


# Each in its table's column order, so the rows bind to the insert statement as they are.
# Every shareable record ends with its uuid, times and provenance (made here, brought by this batch):
# queued without them, they are added a column at a time when the rows are written (see `_resolved`).
SHARED = ("uuid", "created_at", "modified_at", "origin_chapter_uuid", "origin_chapter_name", "import_batch_id",
          "imported_at")
PEOPLE = (*NAME_FIELDS, "gender_pronouns", "birthdate", "languages_spoken", "custom_fields", "notes", "source",
          *DO_NOT_FLAGS, "deceased", "moved", "name_key", "family_key", "search_text", *SHARED)
EMAILS = ("person_id", "address", "primary", "status", *SHARED)
PHONES = ("person_id", "number", "extension", "number_type", "primary", "sms_capable", "do_not_call", *SHARED)
ADDRESSES = ("person_id", "address_lines", "locality", "region", "postal_code", "country", "primary",
             "street_key", "precinct", *SHARED)
TAGGINGS = ("person_id", "tag_id")
VOLUNTEERS = ("person_id", "status", "engagement_level", "skills", "languages", "availability", "started_on", "notes",
              *SHARED)
CHANGES = ("batch_id", "row", "entity", "entity_id", "action", "before")
CONFLICTS = ("person_id", "field", "existing_value", "incoming_value", "batch_id", "row", "created_at")
DUPLICATES = ("person_id", "other_person_id", "reason", "score", "batch_id", "status", "created_at")
Row = tuple[Any, ...]
NO_CHANGE: dict[str, Any] = {}  # the "before" of a created person (only ever serialized)


@dataclass(slots=True)
class Buffers:
    """Rows waiting for the next flush, one list of tuples per table (in the column orders above)."""

    people: list[Row] = field(default_factory=list)
    stand_ins: list[int] = field(default_factory=list)  # the stand-in id of each row in people
    emails: list[Row] = field(default_factory=list)
    phones: list[Row] = field(default_factory=list)
    addresses: list[Row] = field(default_factory=list)
    added_addresses: list[tuple[Row, dict[str, Any]]] = field(default_factory=list)  # and the change's "before"
    taggings: list[Row] = field(default_factory=list)
    volunteers: list[Row] = field(default_factory=list)
    changes: list[Row] = field(default_factory=list)
    conflicts: list[Row] = field(default_factory=list)
    duplicates: list[Row] = field(default_factory=list)
    updates: dict[int, dict[str, Any]] = field(default_factory=dict)  # person id -> changed columns
    befores: dict[int, dict[str, Any]] = field(default_factory=dict)  # person id -> its first change's "before"


@dataclass(frozen=True, slots=True)
class Prepared:
    """Buffers made ready to write: on a server, every table's rows converted for its COPY (people first)."""

    buffers: Buffers
    copies: list[CopyBatch] | None  # None: the rows wait for the ids the database gives as they are written


class PeopleWriter:
    """Writes one import's people in batches inside the import's single transaction."""

    def __init__(self, session: Session, batch_id: int, source: str) -> None:
        self.session = session
        self.batch_id = batch_id
        self.source = source
        self.now = datetime.now(UTC)
        self.buf = Buffers()
        self._last_stand_in = -1  # stand-ins start at -2: -1 is "nobody" to PeopleIndex.lookalikes
        self._taken_down_to = -1  # the last stand-in of the buffers taken for writing
        self._ids: dict[int, int] = {}  # stand-in -> the id the database gave
        # Waits until the buffer taken last is written (set by whoever writes buffers in another thread).
        self.wait_for_writes: Callable[[], None] = _nothing
        # Volunteer profiles naming another person by uuid (recruited by, point person): set once all are written.
        self.people_named: list[tuple[int, str, str]] = []
        self._provenance_kept: set[int] = set()  # people whose provenance before this batch is recorded
        # A new record's values after its uuid: times now, made in this chapter, brought by this batch.
        self._tail = (self.now, self.now, "", "", batch_id, self.now)
        # On a server a new person's id is drawn from the sequence when the row is queued (no stand-in), so a
        # chunk's rows are made ready for the server while the chunk before is written (see `prepare`).
        self._conn = session.connection()
        self._sequence: SequenceIds | None = None
        if self._conn.dialect.name == "postgresql":
            engine = cast(Engine, session.get_bind())
            self._sequence = SequenceIds(engine, cast(Table, Person.__table__))
            self._address_ids = SequenceIds(engine, cast(Table, PostalAddress.__table__), block=1)
            for model in WRITTEN:  # known now, making a batch ready never asks the connection anything
                table = cast(Table, model.__table__)
                copy_types(self._conn, table, [column.name for column in table.columns])

    def real_id(self, pid: int) -> int:
        """A person's id: the database's once a created person is written (waiting for a write still
        under way), else as given."""
        if pid >= 0:
            return pid
        real = self._ids.get(pid)
        if real is None and self._taken_down_to <= pid < -1:  # taken for writing: its id is on the way
            self.wait_for_writes()
            real = self._ids[pid]
        return pid if real is None else real

    def create(self, c: Candidate, street: str, tag_ids: list[int]) -> tuple[int, str]:
        """Queue a new person from a candidate; returns their id (on SQLite a stand-in, see `real_id`) and
        the uuid the row carries ("": the person gets a fresh one when written)."""
        if self._sequence is not None:
            pid = self._sequence.next()
        else:
            self._last_stand_in -= 1
            pid = self._last_stand_in
        buf = self.buf
        buf.stand_ins.append(pid)
        get = c.names.get
        flags = (*(flag in c.flags for flag in (*DO_NOT_FLAGS, "deceased", "moved")),) if c.flags else NO_FLAGS
        buf.people.append((
            get("given_name", ""), get("family_name", ""), get("additional_name", ""), get("honorific_prefix", ""),
            get("honorific_suffix", ""), c.pronouns, c.birthdate, list(c.languages), dict(c.custom),
            "\n".join(c.notes), self.source, *flags, c.name_key, c.family_key, c.search_text, c.uuid,
        ))
        if c.emails or c.phones:
            self._add_contacts(pid, c, c.emails, c.phones)
        if has_address(c.address):
            buf.addresses.append(self._address_row(pid, c.address, street, True))
        for more in c.addresses:
            buf.addresses.append(self._address_row(pid, more, address_street_key(address_lines(more)), False))
        if tag_ids:
            buf.taggings.extend((pid, t) for t in dict.fromkeys(tag_ids))
        if c.volunteer:
            self._add_volunteer(pid, c.profile)
        buf.changes.append((self.batch_id, c.row, "person", pid, "created", NO_CHANGE))
        return pid, c.uuid

    def change(self, c: Candidate, pid: int, merge: Merge, keys: PersonKeys) -> None:
        """Queue the changes a row makes to an existing person (``keys``: theirs after the merge)."""
        before: dict[str, Any] = {"fields": _jsonable(merge.before), "emails": merge.emails,
                                  "phones": [[p[0], p[1]] for p in merge.phones], "tag_ids": merge.tag_ids}
        values: dict[str, Any] = dict(merge.fields)
        if "birthdate" in values:
            values["birthdate"] = date.fromisoformat(values["birthdate"])
        if merge.fields or merge.emails or merge.phones or merge.addresses:
            values["search_text"] = keys.search_text
            if "given_name" in values or "family_name" in values:
                values.update(name_key=keys.name_key, family_key=keys.family_key)
        if values or merge.tag_ids or merge.volunteer:
            # Changed by this batch: modified now, and the batch is what last brought it.
            values.update(modified_at=self.now, import_batch_id=self.batch_id, imported_at=self.now)
            self.buf.updates.setdefault(pid, {}).update(values)
            if pid not in self._provenance_kept:
                self._provenance_kept.add(pid)
                self.buf.befores[pid] = before
        self._add_contacts(pid, c, merge.emails, merge.phones, primary=False)
        before["address_ids"] = []  # filled with the added addresses' ids when they are written
        for address, street in merge.addresses:
            self.buf.added_addresses.append((self._address_row(pid, address, street, False), before))
        self.buf.taggings.extend((pid, t) for t in merge.tag_ids)
        if merge.volunteer:
            before["volunteer"] = True
            self._add_volunteer(pid, c.profile)
        for key, existing, incoming in merge.conflicts:
            self.buf.conflicts.append((pid, key, existing, incoming, self.batch_id, c.row, self.now))
        self.buf.changes.append(self._change(c.row, pid, "updated", before))

    def possible_duplicate(self, pid: int, other: int, reason: str, score: float) -> None:
        """Queue a pair of lookalikes for review."""
        self.buf.duplicates.append((pid, other, reason, score, self.batch_id, "open", self.now))

    def _change(self, row: int, pid: int, action: str, before: dict[str, Any]) -> Row:
        return (self.batch_id, row, "person", pid, action, before)

    def _add_contacts(self, pid: int, c: Candidate, emails: list[str], phones: list[tuple[str, str, str]],
                      primary: bool = True) -> None:
        statuses, sms, dnc = c.email_status, c.phone_sms, c.phone_dnc
        for i, email in enumerate(emails):
            self.buf.emails.append((pid, email, primary and i == 0, statuses.get(email, "subscribed")))
        for i, (number, ext, kind) in enumerate(phones):
            texts = sms.get(number, True if kind == "mobile" else None)
            self.buf.phones.append((pid, number, ext, kind, primary and i == 0, texts, number in dnc))

    def _address_row(self, pid: int, address: dict[str, str], street: str, primary: bool) -> Row:
        return (pid, address_lines(address), address.get("locality", ""), address.get("region", ""),
                address.get("postal_code", ""), address.get("country", "")[:2].upper(), primary, street,
                address.get("precinct", ""))

    def _add_volunteer(self, pid: int, profile: dict[str, Any]) -> None:
        get = profile.get
        since = get("volunteer_since")
        self.buf.volunteers.append((
            pid, get("volunteer_status", "active"), get("engagement_level", "signed_up"), list(get("skills", [])),
            list(get("volunteer_languages", [])), get("availability", ""),
            date.fromisoformat(since) if since else (None if profile else self.now.date()),
            get("volunteer_notes", "")))
        for key in ("recruited_by", "point_person"):
            if named := get(key):
                self.people_named.append((pid, key, str(named)))

    def flush(self) -> None:
        """Write everything queued, parents before children."""
        self.send(self.prepare(self.take()))

    def take(self) -> Buffers:
        """Everything queued so far, for `prepare` and `send`; the next rows queue afresh. Until it is sent,
        only `real_id` may be asked about the people taken (it waits for their ids)."""
        taken, self.buf = self.buf, Buffers()
        self._taken_down_to = self._last_stand_in
        return taken

    def prepare(self, b: Buffers) -> Prepared:
        """Buffers taken, made ready for `send`. On a server, where new people's ids are known already,
        every table's rows are converted here, without the connection (while the write before runs)."""
        if self._sequence is None:
            return Prepared(b, None)
        if b.befores:  # read now: the change records that hold them are made ready below
            self.wait_for_writes()
            self._keep_provenance(b.befores)
        copies = [copy_batch(self._conn, cast(Table, Person.__table__), ("id", *PEOPLE),
                             self._people_rows(b.people, b.stand_ins))] if b.people else []
        if b.added_addresses:  # their ids go into the change records' "before", made ready below
            rows = self._resolved([row for row, _before in b.added_addresses], (0,), True)
            ids = self._address_ids.take(len(rows))
            for (_row, before), aid in zip(b.added_addresses, ids, strict=True):
                before["address_ids"].append(aid)
            copies.append(copy_batch(self._conn, cast(Table, PostalAddress.__table__), ("id", *ADDRESSES),
                                     [(aid, *row) for aid, row in zip(ids, rows, strict=True)]))
        copies += [copy_batch(self._conn, cast(Table, model.__table__), columns, self._resolved(rows, at, shared))
                   for model, columns, rows, at, shared in _children(b) if rows]
        return Prepared(b, copies)

    def send(self, prepared: Prepared) -> None:
        """Write prepared buffers (in the order taken), parents before children."""
        b, conn = prepared.buffers, self.session.connection()
        if prepared.copies is not None:
            for batch in prepared.copies:
                send_copy(conn, batch)
        else:
            self._insert(conn, b)
        get = self._ids.get
        update_by_id(conn, cast(Table, Person.__table__), {get(pid, pid): v for pid, v in b.updates.items()})

    def _insert(self, conn: Connection, b: Buffers) -> None:
        """Insert the rows of buffers whose created people have stand-ins: people first, as the database
        gives their ids, then every row that names them."""
        self._keep_provenance(b.befores)
        if b.people:
            ids = insert_returning_ids(conn, cast(Table, Person.__table__), PEOPLE, self._people_rows(b.people))
            self._ids.update(zip(b.stand_ins, ids, strict=True))
        if b.added_addresses:
            ids = insert_returning_ids(conn, cast(Table, PostalAddress.__table__), ADDRESSES,
                                       self._resolved([row for row, _before in b.added_addresses], (0,), True))
            for (_row, before), aid in zip(b.added_addresses, ids, strict=True):
                before["address_ids"].append(aid)
        for model, columns, rows, positions, shared in _children(b):
            if rows:
                # Straight to executemany: the ORM's bulk path costs several times more here.
                bulk_insert_tuples(conn, cast(Table, model.__table__), columns, self._resolved(rows, positions, shared))

    def _resolved(self, rows: list[Row], positions: tuple[int, ...], shared: bool) -> list[Row]:
        """The rows with each stand-in id at these positions replaced by the database's id and, for a
        shareable record, a fresh uuid and the tail every new record has (column by column: transposing
        runs at C speed, rebuilding each row would not)."""
        if not rows:
            return rows
        columns: list[Any] = list(zip(*rows, strict=True))
        get = self._ids.get
        for i in positions:
            columns[i] = [get(v, v) for v in columns[i]]  # real ids are never keys: they stay
        if shared:
            columns.append(new_uuids(len(rows)))
            columns += [[value] * len(rows) for value in self._tail]
        return list(zip(*columns, strict=True))

    def _people_rows(self, rows: list[Row], ids: list[int] | None = None) -> list[Row]:
        """Created people's rows, each with its uuid (the file's, else a fresh one) and the tail (first
        their ids, when given)."""
        columns: list[Any] = list(zip(*rows, strict=True))
        carried = columns[-1]
        fresh = iter(new_uuids(carried.count("")))
        columns[-1] = [uuid or next(fresh) for uuid in carried]
        columns += [[value] * len(rows) for value in self._tail]
        return list(zip(*([ids] if ids is not None else []), *columns, strict=True))

    def _keep_provenance(self, befores: dict[int, dict[str, Any]]) -> None:
        """Record, for undo, which batch had last brought each changed person, before this one does."""
        if not befores:
            return
        for pid, batch, when in self.session.connection().execute(
            select(Person.id, Person.import_batch_id, Person.imported_at).where(id_in(Person.id, list(befores)))
        ):
            befores[pid]["provenance"] = {"import_batch_id": batch,
                                          "imported_at": when.isoformat() if when else None}

    def finish(self) -> None:
        """Write what is still queued, then link volunteers to the people their profiles name."""
        self.flush()
        if not self.people_named:
            return
        conn = self.session.connection()
        wanted = list({uuid for _pid, _key, uuid in self.people_named})
        ids: dict[str, int] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            ids.update({uuid: pid for uuid, pid in conn.execute(select(Person.uuid, Person.id)
                                                                .where(Person.uuid.in_(chunk)))})
        table = cast(Table, Volunteer.__table__)
        for pid, key, uuid in self.people_named:
            if uuid in ids:  # someone the file and the chapter do not hold stays unnamed
                conn.execute(update(table).where(table.c.person_id == self.real_id(pid))
                             .values({f"{key}_id": ids[uuid]}))


WRITTEN = (Person, EmailAddress, PhoneNumber, PostalAddress, Tagging, Volunteer, ImportChange, MergeConflict,
           PossibleDuplicate)


def _children(b: Buffers) -> list[tuple[Any, tuple[str, ...], list[Row], tuple[int, ...], bool]]:
    """Each child table's model, columns, queued rows, the positions of person ids in them, and whether
    its records are shareable (a uuid and the tail added when written)."""
    return [(EmailAddress, EMAILS, b.emails, (0,), True), (PhoneNumber, PHONES, b.phones, (0,), True),
            (PostalAddress, ADDRESSES, b.addresses, (0,), True), (Tagging, TAGGINGS, b.taggings, (0,), False),
            (Volunteer, VOLUNTEERS, b.volunteers, (0,), True), (ImportChange, CHANGES, b.changes, (3,), False),
            (MergeConflict, CONFLICTS, b.conflicts, (0,), False),
            (PossibleDuplicate, DUPLICATES, b.duplicates, (0, 1), False)]


def _nothing() -> None:
    """No write under way to wait for."""


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()}
