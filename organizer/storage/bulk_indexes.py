"""Rebuilding secondary indexes around a bulk load: one sort afterwards beats 100,000 random inserts."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Index, Table
from sqlalchemy.engine import Connection


@contextmanager
def indexes_rebuilt_after(conn: Connection, tables: list[Table], names: tuple[str, ...]) -> Iterator[None]:
    """Drop the named indexes of these tables for the block and create them again at its end.

    Runs inside the caller's transaction: if the block fails, the rollback restores them. On SQLite
    only: on a shared server, dropping an index would lock every other user out of the table until
    the import commits, so the indexes stay and are kept up to date row by row.
    """
    if conn.dialect.name != "sqlite":
        yield
        return
    dropped: list[Index] = [index for table in tables for index in table.indexes if index.name in names]
    for index in dropped:
        index.drop(conn)
    yield
    for index in dropped:
        index.create(conn)
