"""Rows looked up by a unique key, a chunk of keys at a time, through the key's own index on every database."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ARRAY, ColumnElement, RowMapping, any_, bindparam, func, select, true
from sqlalchemy.engine import Connection


def rows_by_key(conn: Connection, key: Any, keys: Sequence[Any],
                columns: Sequence[ColumnElement[Any]]) -> list[RowMapping]:
    """The rows whose `key` (a uniquely indexed column of a model) is one of `keys`: the `columns` of each, as mappings.

    On a server, one index probe per key (a lateral join over the keys): its planner, left to choose for
    ``key IN (...)`` of thousands of keys, scans the whole table instead while an import's own rows make it
    grow faster than its statistics (a chunk of 2,000 keys then took seconds, and longer with every chunk).
    SQLite looks each key up in the index for ``IN`` as it is.
    """
    if not keys:
        return []
    if conn.dialect.name != "postgresql":
        return list(conn.execute(select(*columns).where(key.in_(list(keys)))).mappings())
    wanted = func.unnest(bindparam("keys", list(keys), type_=ARRAY(key.type))).table_valued("key").render_derived()
    one = select(*columns).where(key == wanted.c.key).limit(1).lateral()
    return list(conn.execute(select(one).select_from(wanted).join(one, true())).mappings())


def one_of(conn: Connection, column: Any, values: Sequence[Any]) -> ColumnElement[bool]:
    """``column IN (values)``; on a server ``column = ANY(array)``: one parameter, not one per value.

    The same rows either way; a server parses, plans and binds a page of 200 ids as one array several times
    faster than as 200 parameters (and the driver need not rewrite a query with 200 placeholders each time).
    """
    if conn.dialect.name != "postgresql":
        return column.in_(list(values))  # type: ignore[no-any-return]
    return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))  # type: ignore[no-any-return]


__all__ = ["one_of", "rows_by_key"]
