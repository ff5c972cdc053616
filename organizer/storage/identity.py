"""Records' identity across chapters: tombstones of deleted records, aliases of merged people."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    DateTime,
    Select,
    Table,
    delete,
    func,
    insert,
    literal,
    literal_column,
    select,
    union_all,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from organizer.domain.codes import RecordKind
from organizer.storage.bulk_indexes import indexes_rebuilt_after
from organizer.storage.models import (
    Attendance,
    ContactAttempt,
    EmailAddress,
    MergeConflict,
    Person,
    PersonAlias,
    PhoneNumber,
    PossibleDuplicate,
    PostalAddress,
    Prospect,
    Tagging,
    Tombstone,
    Volunteer,
)
from organizer.storage.models.base import utcnow

CHUNK = 20_000
# Shareable records deleted with their person (ON DELETE CASCADE on person_id).
PERSON_DEPENDENTS: tuple[tuple[Any, RecordKind], ...] = (
    (EmailAddress, RecordKind.EMAIL_ADDRESS), (PhoneNumber, RecordKind.PHONE_NUMBER),
    (PostalAddress, RecordKind.POSTAL_ADDRESS), (Volunteer, RecordKind.VOLUNTEER),
    (Attendance, RecordKind.ATTENDANCE), (ContactAttempt, RecordKind.CONTACT_ATTEMPT),
)


def record_tombstones_where(conn: Connection, model: Any, kind: RecordKind, condition: ColumnElement[bool],
                            when: datetime | None = None) -> None:
    """A tombstone for every row of the model's table matching the condition (call it before deleting them)."""
    conn.execute(insert(Tombstone).from_select(["uuid", "kind", "deleted_at"],
                                               _tombstoned(model, kind, when or utcnow(), condition)))


def _tombstoned(model: Any, kind: RecordKind, when: datetime, condition: ColumnElement[bool]) -> Select[Any]:
    """The tombstone rows (uuid, kind, when) of the model's rows matching the condition."""
    table = cast(Table, model.__table__)
    return select(table.c.uuid, literal(kind.value), literal(when, DateTime(timezone=True))).where(condition)


def record_tombstones(conn: Connection, model: Any, kind: RecordKind, ids: Sequence[int],
                      when: datetime | None = None) -> None:
    """A tombstone for each of these rows (by id) of the model's table."""
    table = cast(Table, model.__table__)
    for part in _id_chunks(ids):
        record_tombstones_where(conn, model, kind, _among(table.c.id, part), when)


IdChunk = tuple[int, int] | str  # consecutive ids as (first, last), others as an SQL list "(1, 5, 9)"


def _id_chunks(ids: Sequence[int]) -> Iterator[IdChunk]:
    """The ids in order, a chunk at a time: a chunk of consecutive ids (the people one import created
    usually are) as its first and last, for a range scan of each index instead of a probe per id;
    others as an SQL list written into the statement, as thousands of bound parameters cost more to
    build than the statements take to run."""
    ordered = sorted(set(map(int, ids)))
    for start in range(0, len(ordered), CHUNK):
        part = ordered[start : start + CHUNK]
        if part[-1] - part[0] + 1 == len(part):
            yield part[0], part[-1]
        else:
            yield f"({', '.join(map(str, part))})"


def _among(column: Any, ids: IdChunk) -> ColumnElement[bool]:
    """The column's value is one of a chunk of ids from `_id_chunks`."""
    if isinstance(ids, tuple):
        return cast(ColumnElement[bool], column.between(ids[0], ids[1]))
    return cast(ColumnElement[bool], column.op("IN")(literal_column(ids)))


def record_people_tombstones(conn: Connection, person_ids: Sequence[int], when: datetime | None = None) -> None:
    """Tombstones for people about to be deleted and for the shareable records that go with them."""
    for part in _id_chunks(person_ids):
        _record_people_tombstones(conn, part, when or utcnow())


def _record_people_tombstones(conn: Connection, ids: IdChunk, when: datetime) -> None:
    """One INSERT ... SELECT of the tombstones of a chunk of people (from `_id_chunks`)."""
    # A prospect outlives its person (person_id is set to NULL): its record and timeline are history,
    # under the name the person had.
    name = (select(func.trim(Person.given_name + " " + Person.family_name)).where(Person.id == Prospect.person_id)
            .scalar_subquery())
    conn.execute(update(Prospect).where(_among(Prospect.person_id, ids)).values(person_name=name))
    rows = [_tombstoned(model, kind, when, _among(model.person_id, ids)) for model, kind in PERSON_DEPENDENTS]
    rows += [_tombstoned(Person, RecordKind.PERSON, when, _among(Person.id, ids))]
    conn.execute(insert(Tombstone).from_select(["uuid", "kind", "deleted_at"], union_all(*rows)))


def remove_people(conn: Connection, person_ids: Sequence[int], when: datetime | None = None) -> int:
    """Delete these people, with tombstones for them and their shareable records; how many.

    Their big dependent tables are emptied first, a chunk of people at a time (one statement per
    table instead of SQLite's cascade running once per person); the cascade does the rest. Removing
    at least as many people as stay (undoing a big first import) drops the search indexes those
    tables carry for the deletes and builds them again from what is left (and the tombstones' indexes,
    when the tombstones it adds outnumber those there were).
    """
    ids = list(person_ids)
    if not ids:
        return 0
    when = when or utcnow()
    removed = 0
    with _indexes_dropped_for(conn, len(ids)):
        for part in _id_chunks(ids):
            _record_people_tombstones(conn, part, when)
            for column in BULK_DEPENDENTS:
                conn.execute(delete(column.class_).where(_among(column, part)))
            removed += conn.execute(delete(Person).where(_among(Person.id, part))).rowcount
    return removed  # those still there: a person merged into another since is not removed again


# Rows of a removed person, deleted in one statement per table (the cascade would go person by person).
BULK_DEPENDENTS: tuple[Any, ...] = (
    EmailAddress.person_id, PhoneNumber.person_id, PostalAddress.person_id, Tagging.person_id, Volunteer.person_id,
    PossibleDuplicate.person_id, PossibleDuplicate.other_person_id, MergeConflict.person_id,
)
# Secondary indexes no delete needs (the cascade's person_id indexes stay).
BULK_DELETE_INDEXES = ("ix_people_search", "ix_people_sort", "ix_people_created_at", "ix_email_addresses_address",
                       "ix_phone_numbers_number", "ix_postal_addresses_street_postal")
TOMBSTONE_INDEXES = ("ix_tombstones_uuid",)  # deleted_at: appended in order, cheap to keep
BULK_DELETE_FROM = 20_000


def _indexes_dropped_for(conn: Connection, removing: int) -> AbstractContextManager[None]:
    """Drop and rebuild the search indexes around removing this many people, when that costs less."""
    if removing < BULK_DELETE_FROM:
        return nullcontext()
    staying = (conn.scalar(select(func.count()).select_from(Person)) or 0) - removing
    if removing < staying:
        return nullcontext()
    tables = [cast(Table, m.__table__) for m in (Person, EmailAddress, PhoneNumber, PostalAddress)]
    names: tuple[str, ...] = BULK_DELETE_INDEXES
    if (conn.scalar(select(func.count()).select_from(Tombstone)) or 0) < removing:
        # Each removed person leaves several tombstones: indexed once at the end, not one at a time.
        tables.append(cast(Table, Tombstone.__table__))
        names += TOMBSTONE_INDEXES
    return indexes_rebuilt_after(conn, tables, names)


def add_person_alias(session: Session, merged_uuid: str, survivor_id: int) -> None:
    """Keep a merged person's uuid (and the aliases it had) as aliases of the person it merged into."""
    session.execute(update(PersonAlias).where(PersonAlias.person_id.in_(
        select(Person.id).where(Person.uuid == merged_uuid))).values(person_id=survivor_id))
    session.add(PersonAlias(uuid=merged_uuid, person_id=survivor_id))


def person_id_for_uuid(session: Session, uuid: str) -> int | None:
    """The person a uuid names: by their own uuid, else as the alias of a person it was merged into."""
    found = session.scalar(select(Person.id).where(Person.uuid == uuid))
    if found is None:
        found = session.scalar(select(PersonAlias.person_id).where(PersonAlias.uuid == uuid))
    return found
