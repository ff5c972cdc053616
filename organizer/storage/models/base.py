"""Declarative base, naming convention and shared column helpers."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, DateTime, MetaData, String, event
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current time in UTC, timezone-aware."""
    return datetime.now(UTC)


def new_uuid() -> str:
    """A fresh global id for a record that travels between chapters."""
    return new_uuids(1)[0]


def new_uuids(count: int) -> list[str]:
    """Fresh uuids, version 7 (RFC 9562): the time in milliseconds, then a counter from a random start
    and random bits. Ids made together sort in the order made, so a bulk insert appends to the uuid
    indexes instead of writing all over them; the 74 bits after the time keep them unique worldwide."""
    millis = f"{time.time_ns() // 1_000_000:012x}"
    head = f"{millis[:8]}-{millis[8:]}-7"
    start = int.from_bytes(os.urandom(4)) >> 3  # 29 bits: the 30-bit counter cannot overflow
    random = os.urandom(6 * count).hex()  # 12 hex digits for each id, of which 11 (44 bits) are used
    out: list[str] = []
    append = out.append
    for i in range(count):
        counter = start + i
        # The counter's top 12 bits, the variant (0b10) and its low 18 bits: 32 bits, 8 hex digits.
        c = "%08x" % (((counter >> 18) << 20) | 0x80000 | (counter & 0x3FFFF))
        j = 12 * i
        append(f"{head}{c[:3]}-{c[3:7]}-{c[7]}{random[j : j + 11]}")
    return out


class UtcDateTime(TypeDecorator[datetime]):
    """A moment stored with its time zone (timestamptz on a server), read back the same from every database:
    as naive UTC, which is what SQLite gives (a server gives it in the session's zone, converted here)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is not None:
            return value.astimezone(UTC).replace(tzinfo=None)
        return value


class Base(DeclarativeBase):
    """Base of every model; constraint names are stable for batch migrations."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy reads this class attribute
        datetime: UtcDateTime(),
        dict[str, Any]: JSON,
        list[str]: JSON,
    }


class Timestamped:
    """Created and modified times: set when no value is given, and modified_at on every ORM update.

    A record arriving from another chapter keeps the times it carries: an explicit value wins over
    both defaults. Core bulk updates do not fire ``onupdate``; they set ``modified_at`` themselves.
    """

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    modified_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class HasUuid:
    """A global uuid that travels between chapters."""

    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)


class HasProvenance:
    """Where a record came from: another chapter (empty: made here) and the import that last brought it."""

    origin_chapter_uuid: Mapped[str] = mapped_column(String(36), default="", server_default="")
    origin_chapter_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # The batch's id, with no foreign key: batches are the chapter's import history and never deleted, and on a
    # server a foreign key costs a trigger query for every row an import writes (migration 0027).
    import_batch_id: Mapped[int | None]
    imported_at: Mapped[datetime | None]


class Shareable(HasUuid, Timestamped, HasProvenance):
    """A record a chapter may share: identity, times and provenance; deleting one leaves a tombstone."""

    record_kind: ClassVar[str]  # its RecordKind code, named by its tombstone


@event.listens_for(Shareable, "after_delete", propagate=True)
def _leave_a_tombstone(_mapper: Any, connection: Connection, target: Shareable) -> None:
    """An ORM delete (an email taken off a person, a profile removed...) leaves its tombstone.

    Bulk deletes in SQL write theirs themselves (storage.identity)."""
    tombstones = Base.metadata.tables["tombstones"]
    connection.execute(tombstones.insert().values(uuid=target.uuid, kind=target.record_kind, deleted_at=utcnow()))
