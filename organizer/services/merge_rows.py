"""Rows of any table as JSON and back, for the snapshot a merge keeps so it can be undone."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Date, DateTime, Table, insert, select
from sqlalchemy.engine import Connection

from organizer.domain.codes import RecordKind
from organizer.storage.models import Base, Tombstone


def table(name: str) -> Table:
    """A table of the data model by name."""
    return Base.metadata.tables[name]


def jsonable(value: Any) -> Any:
    """A column value as JSON holds it (dates and times as ISO text)."""
    return value.isoformat() if isinstance(value, date | datetime) else value


def decoded(column: Column[Any], value: Any) -> Any:
    """A value from the snapshot as the column stores it."""
    if value is None:
        return None
    if isinstance(getattr(column.type, "impl", column.type), DateTime):  # UtcDateTime decorates DateTime
        return datetime.fromisoformat(value)
    if isinstance(column.type, Date):
        return date.fromisoformat(value)
    return value


def row_json(row: Mapping[str, Any]) -> dict[str, Any]:
    """A whole row (a mapping of column to value) as JSON."""
    return {key: jsonable(value) for key, value in row.items()}


def row_values(tbl: Table, data: Mapping[str, Any]) -> dict[str, Any]:
    """A row from the snapshot as values to insert (columns the table no longer has are left out)."""
    return {key: decoded(tbl.c[key], value) for key, value in data.items() if key in tbl.c}


def rows_where(conn: Connection, tbl: Table, column: str, value: Any) -> list[dict[str, Any]]:
    """Every row of a table whose column holds this value, as dicts, in id order."""
    order = list(tbl.primary_key.columns)
    return [dict(r) for r in conn.execute(select(tbl).where(tbl.c[column] == value).order_by(*order)).mappings()]


def ids_taken(conn: Connection, tbl: Table, ids: Iterable[int]) -> set[int]:
    """Which of these ids a table already holds."""
    wanted = list(ids)
    found: set[int] = set()
    for start in range(0, len(wanted), 500):
        found.update(conn.execute(select(tbl.c.id).where(tbl.c.id.in_(wanted[start : start + 500]))).scalars())
    return found


def insert_rows(conn: Connection, tbl: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows back, keeping their old ids where no other row has taken them since."""
    taken = ids_taken(conn, tbl, [r["id"] for r in rows if r.get("id") is not None]) if "id" in tbl.c else set()
    for values in rows:
        if values.get("id") in taken:
            values = {k: v for k, v in values.items() if k != "id"}
        conn.execute(insert(tbl).values(**values))


# The kind of record each shareable child table holds (a dropped copy leaves a tombstone of that kind).
KINDS: dict[str, RecordKind] = {
    "email_addresses": RecordKind.EMAIL_ADDRESS, "phone_numbers": RecordKind.PHONE_NUMBER,
    "postal_addresses": RecordKind.POSTAL_ADDRESS, "volunteers": RecordKind.VOLUNTEER,
    "attendances": RecordKind.ATTENDANCE,
}


def add_tombstones(conn: Connection, kind: RecordKind, uuids: Sequence[str], when: datetime) -> None:
    """A tombstone for each dropped copy (a sharing chapter must drop its copy too)."""
    if uuids:
        conn.execute(insert(Tombstone), [{"uuid": u, "kind": kind.value, "deleted_at": when} for u in uuids])
