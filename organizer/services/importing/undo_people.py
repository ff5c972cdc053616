"""Undoing an import's changes to existing people, in batches: what each row added is removed and
the fields it filled are emptied again, then the people's matching and search keys are recomputed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import DateTime, Table, and_, bindparam, delete, exists, func, insert, literal, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from organizer.domain.codes import RecordKind
from organizer.domain.person_keys import derive_keys
from organizer.errors import UserError
from organizer.services.importing.people_state import id_in
from organizer.services.importing.undo import changes_newest_first, first_later_touching, later_batches
from organizer.services.suppressions import PERSON_FLAG
from organizer.services.undo_rows import EditedRecord
from organizer.storage.bulk import update_by_id
from organizer.storage.identity import record_tombstones_where, remove_people
from organizer.storage.models import (
    EmailAddress,
    ImportBatch,
    ImportChange,
    MergeConflict,
    Person,
    PhoneNumber,
    PossibleDuplicate,
    PostalAddress,
    Tag,
    Tagging,
    Tombstone,
    Volunteer,
)
from organizer.storage.models.base import utcnow

CHUNK = 2000


@dataclass(slots=True)
class PersonRestore:
    """Everything the undone rows did to one person, gathered newest change first."""

    fields: dict[str, Any] = field(default_factory=dict)
    emails: set[str] = field(default_factory=set)
    phones: set[tuple[str, str]] = field(default_factory=set)
    address_ids: set[int] = field(default_factory=set)
    tag_ids: set[int] = field(default_factory=set)
    volunteer: bool = False
    provenance: dict[str, Any] | None = None  # the batch that had brought the person before

    def add(self, before: dict[str, Any]) -> None:
        """One change record's "before"; a later call (an older change) wins for the same field."""
        fields = dict(before.get("fields", {}))
        if "birthdate" in fields:
            fields["birthdate"] = None
        self.fields.update(fields)
        self.emails.update(before.get("emails", []))
        self.phones.update((number, ext) for number, ext in before.get("phones", []))
        self.address_ids.update(before.get("address_ids", []))
        self.tag_ids.update(before.get("tag_ids", []))
        self.volunteer = self.volunteer or bool(before.get("volunteer"))
        if "provenance" in before:
            self.provenance = before["provenance"]

    @property
    def changes_the_person(self) -> bool:
        """Whether undoing takes anything off the person or puts a field back."""
        return bool(self.fields or self.emails or self.phones or self.address_ids or self.tag_ids or self.volunteer)


def restore_people(conn: Connection, people: dict[int, PersonRestore]) -> None:
    """Put these people back as they were before the import (modified now: a share must carry it)."""
    if not people:
        return
    now = utcnow()
    _delete_each(conn, EmailAddress, ("person_id", "address"),
                 [(pid, email) for pid, r in people.items() for email in r.emails], RecordKind.EMAIL_ADDRESS)
    _delete_each(conn, PhoneNumber, ("person_id", "number", "extension"),
                 [(pid, number, ext) for pid, r in people.items() for number, ext in r.phones],
                 RecordKind.PHONE_NUMBER)
    _delete_each(conn, PostalAddress, ("id",), [(aid,) for r in people.values() for aid in r.address_ids],
                 RecordKind.POSTAL_ADDRESS)
    _delete_each(conn, Tagging, ("person_id", "tag_id"),
                 [(pid, tag) for pid, r in people.items() for tag in r.tag_ids])
    _delete_each(conn, Volunteer, ("person_id",), [(pid,) for pid, r in people.items() if r.volunteer],
                 RecordKind.VOLUNTEER)
    pids = list(people)
    for start in range(0, len(pids), CHUNK):  # one update per person: fields put back, keys, provenance
        keys = _keys(conn, pids[start : start + CHUNK], people)
        rows = {pid: {**people[pid].fields, **values, **_record(people[pid], now)} for pid, values in keys.items()}
        update_by_id(conn, cast(Table, Person.__table__), rows)


def _record(restore: PersonRestore, now: datetime) -> dict[str, Any]:
    """Modified now if the undo changes the person; brought again by the batch that had brought them before."""
    values: dict[str, Any] = {}
    if restore.provenance is not None:
        when = restore.provenance.get("imported_at")
        values.update(import_batch_id=restore.provenance.get("import_batch_id"),
                      imported_at=datetime.fromisoformat(when) if when else None)
    if values or restore.changes_the_person:
        values["modified_at"] = now
    return values


def _delete_each(conn: Connection, model: type[Any], columns: tuple[str, ...], rows: list[tuple[Any, ...]],
                 kind: RecordKind | None = None) -> None:
    """Delete the rows matching each of these value tuples (one executemany), tombstoned when shareable."""
    if not rows:
        return
    table = cast(Table, model.__table__)
    condition = and_(*(table.c[name] == bindparam(f"b_{name}") for name in columns))
    params = [{f"b_{name}": value for name, value in zip(columns, row, strict=True)} for row in rows]
    if kind is not None:
        gone = select(table.c.uuid, literal(kind.value), literal(utcnow(), DateTime(timezone=True)))
        conn.execute(insert(Tombstone).from_select(["uuid", "kind", "deleted_at"], gone.where(condition)), params)
    conn.execute(delete(table).where(condition), params)


def _keys(conn: Connection, pids: list[int], people: dict[int, PersonRestore]) -> dict[int, dict[str, Any]]:
    """Matching keys and search text of these people (`derive_keys`), from what they hold now (their
    emails, phones and addresses, already put back) with the fields the undo puts back."""
    emails: dict[int, list[str]] = defaultdict(list)
    for pid, address in conn.execute(select(EmailAddress.person_id, EmailAddress.address)
                                     .where(id_in(EmailAddress.person_id, pids))):
        emails[pid].append(address)
    phones: dict[int, list[str]] = defaultdict(list)
    for pid, number in conn.execute(select(PhoneNumber.person_id, PhoneNumber.number)
                                    .where(id_in(PhoneNumber.person_id, pids))):
        phones[pid].append(number)
    # Only the postal codes: the addresses left keep their lines, so their street keys stand.
    addresses: dict[int, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
    for pid, code in conn.execute(select(PostalAddress.person_id, PostalAddress.postal_code)
                                  .where(id_in(PostalAddress.person_id, pids))):
        addresses[pid].append(((), code))
    keys: dict[int, dict[str, Any]] = {}
    for pid, given, additional, family, custom in conn.execute(
        select(Person.id, Person.given_name, Person.additional_name, Person.family_name, Person.custom_fields)
        .where(id_in(Person.id, pids))
    ):
        back = people[pid].fields
        derived = derive_keys(back.get("given_name", given), back.get("family_name", family),
                              back.get("additional_name", additional), emails[pid], phones[pid], addresses[pid],
                              back.get("custom_fields", custom))
        keys[pid] = {"name_key": derived.name_key, "family_key": derived.family_key,
                     "search_text": derived.search_text}
    return keys


def undo_people(session: Session, batch: ImportBatch) -> dict[str, int]:
    """Reverse a people batch: people it created removed, people it changed put back, its review items gone."""
    later = first_later_touching(session, batch, later_batches(session, batch))
    if later is not None:
        raise UserError(f"Import {later} (made later) changed some of the same people: undo import {later} first.")
    changes = changes_newest_first(session, batch.id)
    created = [eid for entity, eid, action, _b in changes if entity == "person" and action == "created"]
    counts = {"removed": remove_people(session.connection(), created), "restored": 0}
    people: dict[int, PersonRestore] = {}
    for entity, eid, action, before in changes:  # newest first, so each record's oldest value wins
        if entity == "person" and action == "updated":
            people.setdefault(eid, PersonRestore()).add(before)
    counts["restored"] = rolled_back(people)
    restore_people(session.connection(), people)
    _unflag_suppressed(session, changes)
    _remove_tags_brought_by(session, batch)
    session.execute(delete(MergeConflict).where(MergeConflict.batch_id == batch.id))
    session.execute(delete(PossibleDuplicate).where(PossibleDuplicate.batch_id == batch.id))
    return counts


def _unflag_suppressed(session: Session, changes: list[tuple[str, int, str, Any]]) -> None:
    """Turn off the do-not-contact flags the batch turned on because a value it added was on a suppression list."""
    for entity, eid, _action, before in changes:
        if entity == "suppressed" and isinstance(before, dict) and before.get("flag") in PERSON_FLAG.values():
            session.execute(update(Person).where(Person.id == eid).values({before["flag"]: False}))


def _remove_tags_brought_by(session: Session, batch: ImportBatch) -> None:
    """The tags this import named first, unless someone still carries them (a later import, a form)."""
    unused = (Tag.import_batch_id == batch.id) & ~exists().where(Tagging.tag_id == Tag.id)
    record_tombstones_where(session.connection(), Tag, RecordKind.TAG, unused)
    session.execute(delete(Tag).where(unused))


def rolled_back(people: dict[int, PersonRestore]) -> int:
    """How many people an undo puts back as they were (a row that only left values for review changed nobody)."""
    return sum(1 for r in people.values() if r.changes_the_person or r.provenance is not None)


def people_edited_since(session: Session, batch: ImportBatch) -> list[EditedRecord]:
    """The people undoing this batch would remove or roll back though they were edited after it.

    Whatever the batch wrote carries its time as both ``modified_at`` and ``imported_at`` (and the
    batch as ``import_batch_id``); a later form edit, tag change, merge or undo of a later import
    moves ``modified_at`` on, or that of an email, phone, address or volunteer profile of theirs.
    A later import that changed them (and is not undone) must be undone first, as `undo_people` says.
    """
    later = first_later_touching(session, batch, later_batches(session, batch))
    if later is not None:
        raise UserError(f"Import {later} (made later) changed some of the same people: undo import {later} first.")
    touched = select(ImportChange.entity_id).where(ImportChange.batch_id == batch.id, ImportChange.entity == "person")
    # The batch wrote its people at one time: a record modified after it is found by one pass over each
    # table, and only the people holding one are then compared with their own time (not every person).
    floor = select(func.min(Person.imported_at)).where(Person.import_batch_id == batch.id).scalar_subquery()
    since = [Person.imported_at.is_(None), Person.modified_at > Person.imported_at]
    since += [Person.id.in_(select(child.person_id).where(child.modified_at > floor))
              & exists().where(child.person_id == Person.id, child.modified_at > Person.imported_at)
              for child in (EmailAddress, PhoneNumber, PostalAddress, Volunteer)]
    rows = session.execute(
        select(Person.id, Person.given_name, Person.family_name)
        .where(Person.id.in_(touched), Person.import_batch_id == batch.id, or_(*since))
        .order_by(Person.family_key, Person.name_key, Person.id)
    )
    return [EditedRecord(pid, " ".join(part for part in (given, family) if part)) for pid, given, family in rows]
