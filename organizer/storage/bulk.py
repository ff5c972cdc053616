"""Bulk inserts for big imports: one compiled statement, values bound through the column types."""

from __future__ import annotations

import json
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from json.encoder import encode_basestring_ascii
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import JSON, Boolean, Table, bindparam, insert, update
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import DBAPIError, StatementError

from organizer.storage.inline_constants import with_constants_inline


def bulk_insert(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows that all have the same keys, in one executemany.

    Same values and types as `conn.execute(insert(table), rows)`, minus SQLAlchemy's
    per-row parameter building, which costs more than SQLite's own insert on 100,000 rows.
    """
    if rows:
        columns = list(rows[0])
        getter = itemgetter(*columns)
        tuples = list(map(getter, rows)) if len(columns) > 1 else [(getter(row),) for row in rows]
        bulk_insert_tuples(conn, table, columns, tuples)


def bulk_insert_tuples(conn: Connection, table: Table, columns: Sequence[str],
                       rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert rows given as tuples in the order of `columns`, in one executemany.

    Columns left out get their Python-side default, as SQLAlchemy's own insert would give them.
    """
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        copy_rows(conn, table, columns, rows)
        return
    statement, params = insert_parameters(conn, table, columns, rows)
    if conn.dialect.positional:  # SQLite: what every row shares goes into the statement, bound once
        conn.exec_driver_sql(*with_constants_inline(statement, params))
        return
    conn.exec_driver_sql(statement, params)


def copy_rows(conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """A server's COPY ... FROM STDIN: the rows in one stream, values converted as an INSERT's would be
    (several times faster than an executemany of INSERTs on a large import). Sent in COPY's binary format
    when every column's type has one here (the server then parses no text: dates, times and numbers
    arrive as they are stored)."""
    if rows:
        send_copy(conn, copy_batch(conn, table, columns, rows))


@dataclass(frozen=True, slots=True)
class CopyBatch:
    """Rows made ready for one COPY: the statement, the binary types (None: as text), the converted rows."""

    statement: str
    types: list[int] | None
    rows: list[tuple[Any, ...]]


def copy_batch(conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> CopyBatch:
    """The rows converted for a COPY. Asks the connection nothing once the table's column types are known
    (`copy_types`), so it may run while another thread uses the connection."""
    _sql, names, _positional = _compiled_insert(table, tuple(columns), conn.dialect)
    ordered = _in_statement_order(table, columns, list(names), rows)
    types = copy_types(conn, table, names)
    procs = [_processor(table, name, conn) for name in names]
    if types is None:
        converted = _converted_rows(ordered, procs)
    else:  # the values a binary COPY needs also read right as text (JSON as its text, moments in UTC)
        binary = [_binary_processor(proc, oid) for proc, oid in zip(procs, types, strict=True)]
        by_column = _converted_columns(ordered, binary)
        if not all(_binary_ready(values, oid) for values, oid in zip(by_column, types, strict=True)):
            types = None  # an odd value (a number too big, a number as text): as text, checked by the server
        converted = list(zip(*by_column, strict=True))
    quoted = ", ".join(conn.dialect.identifier_preparer.quote(name) for name in names)
    target = conn.dialect.identifier_preparer.format_table(table)
    statement = f"COPY {target} ({quoted}) FROM STDIN" + (" (FORMAT BINARY)" if types is not None else "")
    return CopyBatch(statement, types, converted)


def send_copy(conn: Connection, batch: CopyBatch) -> None:
    """Stream a batch made by `copy_batch` into the server."""
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        with cursor.copy(batch.statement) as copy:
            if batch.types is not None:
                copy.set_types(batch.types)
            for row in batch.rows:
                copy.write_row(row)
    except conn.dialect.loaded_dbapi.Error as exc:
        raise as_sqlalchemy_error(conn, exc, batch.statement) from None
    finally:
        cursor.close()


TEXT_OID, TIMESTAMPTZ_OID = 25, 1184
# The server's types whose binary form is written here from the values an insert would bind: text-like
# ones (JSON arrives already serialized) all as text, whose binary form is the same bytes.
BINARY_COPY_OIDS = {"text": TEXT_OID, "varchar": TEXT_OID, "json": TEXT_OID, "bool": 16, "int2": 21,
                    "int4": 23, "int8": 20, "float8": 701, "date": 1082, "timestamptz": TIMESTAMPTZ_OID}
_NONE = type(None)
# The Python types each is written from. The driver's binary dumpers take nothing else (and wrap a number
# too big for its column without a word: see `_binary_ready`).
_BINARY_VALUE_TYPES: dict[int, frozenset[type]] = {
    TEXT_OID: frozenset({str, _NONE}), 16: frozenset({bool, _NONE}), 21: frozenset({int, bool, _NONE}),
    23: frozenset({int, bool, _NONE}), 20: frozenset({int, bool, _NONE}), 701: frozenset({float, int, _NONE}),
    1082: frozenset({date, _NONE}), TIMESTAMPTZ_OID: frozenset({datetime, _NONE}),
}
_INT_ARRAYS = {21: "h", 23: "i", 20: "q"}  # the C integer of each size, whose array refuses a bigger number


def _binary_ready(values: Sequence[Any], oid: int) -> bool:
    """Whether every value of a column can go into a binary COPY as the column's type, as it is."""
    kinds = set(map(type, values))
    if not kinds <= _BINARY_VALUE_TYPES[oid]:
        return False
    code = _INT_ARRAYS.get(oid)
    if code is not None:
        try:
            array(code, values if _NONE not in kinds else [v for v in values if v is not None])
        except OverflowError:
            return False
    return True


def copy_types(conn: Connection, table: Table, names: Sequence[str]) -> list[int] | None:
    """The type of each named column for a binary COPY into the table, or None when one of them has no
    binary form here (the COPY then goes as text). Read from the server's catalog once per connection."""
    known: dict[str, dict[str, str]] = conn.info.setdefault("copy_column_types", {})
    columns = known.get(table.name)
    if columns is None or any(name not in columns for name in names):
        found = conn.exec_driver_sql(
            "SELECT a.attname, t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
            "WHERE a.attrelid = to_regclass(%(table)s) AND a.attnum > 0 AND NOT a.attisdropped",
            {"table": conn.dialect.identifier_preparer.format_table(table)})
        columns = known[table.name] = {name: kind for name, kind in found}
    oids = [BINARY_COPY_OIDS.get(columns.get(name, "")) for name in names]
    return None if None in oids else cast(list[int], oids)


def _binary_processor(processor: Callable[[Any], Any] | None, oid: int) -> Callable[[Any], Any] | None:
    """What makes an insert's bound value one a binary COPY writes as the column's type."""
    if oid == TIMESTAMPTZ_OID:  # a moment without a zone is UTC, as the session's zone makes it in text
        return _in_utc
    if isinstance(processor, _Json):
        return _JsonText(processor)
    return processor


def _in_utc(value: Any) -> Any:
    """A moment for a binary timestamptz: one without a zone is UTC."""
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def as_sqlalchemy_error(conn: Connection, exc: Any, statement: str) -> StatementError:
    """A driver's error raised past SQLAlchemy (a COPY or an insert on the driver's own cursor), as SQLAlchemy would
    have raised it: wrapped, and a lost connection invalidated so the rollback that follows does not
    try to use it again."""
    lost = conn.dialect.is_disconnect(exc, conn.connection.dbapi_connection, None)
    if lost:
        conn.invalidate(exc)
    wrapped: StatementError = DBAPIError.instance(statement, None, exc, conn.dialect.loaded_dbapi.Error,
                                                  connection_invalidated=lost, dialect=conn.dialect)
    return wrapped


def insert_parameters(conn: Connection, table: Table, columns: Sequence[str],
                      rows: Sequence[tuple[Any, ...]]) -> tuple[str, list[Any]]:
    """The one-row INSERT for these columns in the driver's SQL, and every row's parameters for it:
    tuples for a positional driver (SQLite), dicts otherwise; defaults filled in, values converted."""
    sql, names, positional = _compiled_insert(table, tuple(columns), conn.dialect)
    rows = _in_statement_order(table, columns, list(names), rows)
    procs = [_processor(table, name, conn) for name in names]
    converted = _converted_rows(rows, procs)
    params: list[Any] = converted if positional else [dict(zip(names, r, strict=True)) for r in converted]
    return sql, params


@lru_cache(maxsize=256)
def _compiled_insert(table: Table, columns: tuple[str, ...], dialect: Dialect) -> tuple[str, tuple[str, ...], bool]:
    """The one-row INSERT of these columns compiled once (an import inserts a chunk at a time):
    its SQL, its parameters' names in order, and whether the driver binds them by position."""
    compiled = insert(table).compile(dialect=dialect, column_keys=list(columns))
    names = tuple(compiled.positiontup or []) if compiled.positional else tuple(compiled.binds)
    return str(compiled), names, compiled.positional


def update_by_id(conn: Connection, table: Table, changes: dict[int, dict[str, Any]]) -> None:
    """Set each row's new values (by its ``id``): one executemany per set of changed columns.

    Same values and types as `conn.execute(update(...), rows)` (a column's ``onupdate`` included), on
    SQLite without SQLAlchemy's per-row parameter building, which costs more than the update itself.
    """
    groups: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
    for row_id, values in changes.items():
        groups.setdefault(tuple(values), []).append((*values.values(), row_id))
    for columns, rows in groups.items():
        statement = update(table).where(table.c.id == bindparam("b_id")).values(
            {key: bindparam(f"b_{key}") for key in columns})
        if not conn.dialect.positional:
            keys = [f"b_{key}" for key in columns] + ["b_id"]
            conn.execute(statement, [dict(zip(keys, row, strict=True)) for row in rows])
            continue
        compiled = statement.compile(dialect=conn.dialect)
        names = list(compiled.positiontup or [])
        position = {f"b_{key}": i for i, key in enumerate(columns)} | {"b_id": len(columns)}
        if any(name not in position for name in names):  # a column's onupdate (modified_at): one value for all
            extra = [name for name in names if name not in position]
            now = tuple(_on_update(table, name) for name in extra)
            rows = [(*row, *now) for row in rows]
            position.update({name: len(columns) + 1 + i for i, name in enumerate(extra)})
        getter = itemgetter(*(position[name] for name in names))
        ordered = [getter(row) for row in rows] if len(names) > 1 else [(getter(row),) for row in rows]
        procs = [None if name == "b_id" else _processor(table, name.removeprefix("b_"), conn) for name in names]
        conn.exec_driver_sql(str(compiled), _converted_rows(ordered, procs))


def _on_update(table: Table, name: str) -> Any:
    """The value a column's Python-side ``onupdate`` gives now."""
    onupdate = table.c[name].onupdate
    arg = getattr(onupdate, "arg", None)
    return arg(None) if getattr(onupdate, "is_callable", False) else arg  # type: ignore[misc]


def _in_statement_order(table: Table, columns: Sequence[str], names: list[str],
                        rows: Sequence[tuple[Any, ...]]) -> Sequence[tuple[Any, ...]]:
    """The rows' values rearranged to the statement's parameters, defaults filled in."""
    if list(columns) == names:
        return rows
    position = {name: i for i, name in enumerate(columns)}
    missing = [name for name in names if name not in position]
    if missing:
        defaults = [_default(table, name) for name in missing]
        rows = [(*row, *(f() for f in defaults)) for row in rows]
        position.update({name: len(columns) + i for i, name in enumerate(missing)})
    if len(names) == 1:
        return [(row[position[names[0]]],) for row in rows]
    getter = itemgetter(*(position[name] for name in names))
    return list(map(getter, rows))


def _default(table: Table, name: str) -> Callable[[], Any]:
    """The Python-side default of a column, as a no-argument function (None when it has none)."""
    default = table.c[name].default
    if default is None:
        return lambda: None
    arg = getattr(default, "arg", None)
    if getattr(default, "is_callable", False):
        return lambda: arg(None)  # type: ignore[misc]
    return lambda: arg


def _converted_rows(rows: Sequence[tuple[Any, ...]],
                   procs: list[Callable[[Any], Any] | None]) -> list[tuple[Any, ...]]:
    """Rows with every column that needs it through its processor (column by column)."""
    if not any(procs):
        return list(rows)
    return list(zip(*_converted_columns(rows, procs), strict=True))


def _converted_columns(rows: Sequence[tuple[Any, ...]],
                       procs: list[Callable[[Any], Any] | None]) -> list[Sequence[Any]]:
    """The rows' columns, each through its processor if it has one."""
    columns: list[Sequence[Any]] = list(zip(*rows, strict=True))  # transposed at C speed
    for i, processor in enumerate(procs):
        if processor is not None:
            columns[i] = _converted(columns[i], processor)
    return columns


def _converted(values: Sequence[Any], processor: Callable[[Any], Any]) -> Sequence[Any]:
    """A column through its processor, once per distinct value when the values repeat (dates, flags)."""
    if isinstance(processor, _Boolean) and set(map(type, values)) <= _PLAIN_FLAGS:
        return values  # True/False/None bind as they are; the processor would only check them
    if isinstance(processor, _Json | _JsonText):
        return [processor(v) for v in values]
    if values and len(set(map(type, values))) == 1 and values.count(values[0]) == len(values):
        return [processor(values[0])] * len(values)  # one value in every row (an import's times): once
    try:
        distinct = {(type(v), v) for v in values}
    except TypeError:  # unhashable values
        return [processor(v) for v in values]
    if len(distinct) * 2 > len(values):
        return [processor(v) for v in values]
    done = {key: processor(key[1]) for key in distinct}
    return [done[type(v), v] for v in values]


@dataclass(frozen=True, slots=True)
class _Boolean:
    """SQLAlchemy's Boolean processor, marked so a column of plain True/False/None can skip it."""

    full: Callable[[Any], Any]

    def __call__(self, value: Any) -> Any:
        return self.full(value)


@dataclass(frozen=True, slots=True)
class _Json:
    """SQLAlchemy's JSON processor; most imported rows carry {} or [], spelled out without the encoder."""

    full: Callable[[Any], Any]
    plain_json: bool  # the dialect serializes with json.dumps as it is

    def __call__(self, value: Any) -> Any:
        if type(value) is list:
            if not value:
                return "[]"
            if self.plain_json and all(type(v) is str for v in value):
                # What json.dumps writes for a list of strings, without building an encoder per call.
                return "[" + ", ".join(map(encode_basestring_ascii, value)) + "]"
        elif type(value) is dict:
            if not value:
                return "{}"
            if self.plain_json:
                flat = _flat_object(value)
                if flat is not None:
                    return flat
        return self.full(value)


@dataclass(frozen=True, slots=True)
class _JsonText:
    """A JSON value as the text the server stores: what the driver's JSON wrapper would send."""

    json: _Json

    def __call__(self, value: Any) -> Any:
        out = self.json(value)
        if out is None or isinstance(out, str):
            return out
        return (getattr(out, "dumps", None) or json.dumps)(out.obj)  # the driver's wrapper of the value


def _flat_object(value: dict[Any, Any]) -> str | None:
    """What json.dumps writes for a mapping of text keys to text or whole numbers (a link's ids, a survey's
    answers), without building an encoder per call; None for any other mapping."""
    parts = []
    for key, item in value.items():
        if type(key) is not str:
            return None
        kind = type(item)
        if kind is str:
            parts.append(f"{encode_basestring_ascii(key)}: {encode_basestring_ascii(item)}")
        elif kind is int:
            parts.append(f"{encode_basestring_ascii(key)}: {int.__repr__(item)}")
        else:
            return None
    return "{" + ", ".join(parts) + "}"


_PLAIN_FLAGS = frozenset({bool, type(None)})


def _processor(table: Table, key: str, conn: Connection) -> Callable[[Any], Any] | None:
    column_type = table.c[key].type
    processor = column_type._cached_bind_processor(conn.dialect)
    if processor is None:
        return None
    if isinstance(column_type, JSON):
        return _Json(processor, plain_json=getattr(conn.dialect, "_json_serializer", None) is None)
    if isinstance(column_type, Boolean):
        return _Boolean(processor)
    return processor
