"""Ids come from the database: bulk inserts that return the ids it gave, in the rows' order.

Never ``max(id) + 1``: with several users on one server database, two writers would pick the same id.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from typing import Any

from sqlalchemy import Table, insert, text
from sqlalchemy.engine import Connection, Engine

from organizer.storage.bulk import as_sqlalchemy_error, copy_rows, insert_parameters
from organizer.storage.inline_constants import with_constants_inline

# SQLite binds at most 32,766 values per statement; a page of rows stays well below.
MAX_VALUES = 30_000
MAX_PAGE = 1000


def insert_returning_ids(conn: Connection, table: Table, columns: Sequence[str],
                         rows: Sequence[tuple[Any, ...]]) -> list[int]:
    """Insert rows given as tuples in the order of `columns` (no ``id``); the new ids, in the rows' order.

    On SQLite, pages of rows go in as one multi-row ``INSERT ... RETURNING id`` each, with the values
    converted as `organizer.storage.bulk` converts them. On a server, ids drawn from the table's
    sequence and one COPY. Elsewhere it is SQLAlchemy's own "insertmanyvalues" with ``sort_by_parameter_order``.
    """
    if not rows:
        return []
    if conn.dialect.name == "postgresql":
        return _copied_with_sequence_ids(conn, table, columns, rows)
    if conn.dialect.name != "sqlite" or not conn.dialect.positional:
        returning = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(conn.execute(returning, [dict(zip(columns, row, strict=True)) for row in rows]).scalars())
    compiled, bound = insert_parameters(conn, table, columns, rows)
    head, _values, _one = compiled.rpartition(" VALUES ")
    # What every row shares goes into each row's VALUES once, as a literal (which may hold " VALUES " itself).
    sql, params = with_constants_inline(compiled, bound)
    one = sql.removeprefix(f"{head} VALUES ")
    width = len(params[0])
    page = max(1, min(MAX_PAGE, MAX_VALUES // max(width, 1)))
    ids: list[int] = []
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        for start in range(0, len(params), page):
            chunk = params[start : start + page]
            statement = f"{head} VALUES {', '.join([one] * len(chunk))} RETURNING {table.c.id.name}"
            returned = [row[0] for row in cursor.execute(statement, list(chain.from_iterable(chunk))).fetchall()]
            if len(returned) != len(chunk):
                raise RuntimeError(f"{table.name}: {len(chunk)} rows inserted but {len(returned)} ids returned")
            # SQLite gives the rows of one statement ascending rowids in the order of its VALUES, but
            # does not promise to return them in that order: sort, as SQLAlchemy does for SQLite.
            ids.extend(sorted(returned))
    except conn.dialect.loaded_dbapi.Error as exc:  # raised as SQLAlchemy raises it: a full disk is told plainly
        raise as_sqlalchemy_error(conn, exc, sql) from exc
    finally:
        cursor.close()
    return ids


def _copied_with_sequence_ids(conn: Connection, table: Table, columns: Sequence[str],
                              rows: Sequence[tuple[Any, ...]]) -> list[int]:
    """On a server: as many ids as rows from the table's own sequence (other users' inserts draw from the
    same one, so no id is given twice), then the rows with them in one COPY."""
    ids = _drawn(conn, table, len(rows))
    copy_rows(conn, table, [table.c.id.name, *columns], [(i, *row) for i, row in zip(ids, rows, strict=True)])
    return ids


class SequenceIds:
    """New ids of a server table drawn ahead from its sequence, a block at a time, on a connection of their
    own. A sequence is not transactional: an id drawn is never given to anyone else, used or not (an import
    that rolls back leaves a gap), so a row's id is known before the row is written."""

    def __init__(self, engine: Engine, table: Table, block: int = 2000) -> None:
        self._engine, self._table, self._block = engine, table, block
        self._ahead: list[int] = []  # the next ids, last first

    def next(self) -> int:
        """The next id for a new row."""
        return self.take(1)[0]

    def take(self, count: int) -> list[int]:
        """The next ids for so many new rows, ascending."""
        if len(self._ahead) < count:
            with self._engine.connect() as conn:
                self._ahead = _drawn(conn, self._table, max(self._block, count - len(self._ahead)))[::-1] + self._ahead
        taken = self._ahead[-count:][::-1]
        del self._ahead[-count:]
        return taken


def _drawn(conn: Connection, table: Table, count: int) -> list[int]:
    """As many ids from the table's own sequence, ascending."""
    sequence = conn.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                            {"t": table.name, "c": table.c.id.name}).scalar()
    return [int(i) for i in conn.execute(text("SELECT nextval(:s) FROM generate_series(1, :n) ORDER BY 1"),
                                         {"s": sequence, "n": count}).scalars()]


__all__ = ["SequenceIds", "insert_returning_ids"]
