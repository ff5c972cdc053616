"""A bulk insert's one-value columns written into the statement store exactly what binding them stores."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from organizer.storage.inline_constants import FROM_ROWS, sql_literal, with_constants_inline

COLUMNS = "a, b, c, d"
CREATE = "CREATE TABLE t (a, b INTEGER, c TEXT, d DATETIME)"
INSERT = f"INSERT INTO t ({COLUMNS}) VALUES (?, ?, ?, ?)"
VALUES = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2**63), max_value=2**63 - 1),
                   st.floats(allow_nan=False), st.text(max_size=120),
                   st.sampled_from(["", "it's", "[]", "active", "2026-12-08 00:00:00.000000", "2026-12-08 00:00:00"]))


def _stored(statement: str, rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(":memory:")
    con.execute(CREATE)
    con.executemany(statement, rows)
    return list(con.execute(f"SELECT {', '.join(f'{c}, typeof({c})' for c in COLUMNS.split(', '))} FROM t ORDER BY rowid"))


def _rows(shared: list[Any], varied: list[list[Any]], count: int) -> list[tuple[Any, ...]]:
    """Rows whose first columns hold the shared values and the rest the varied ones in turn."""
    return [tuple(shared) + tuple(column[i % len(column)] for column in varied) for i in range(count)]


@settings(max_examples=60, deadline=None)
@given(shared=st.lists(VALUES, min_size=0, max_size=4), varied=st.lists(st.lists(VALUES, min_size=1, max_size=3),
                                                                      min_size=4, max_size=4))
@example(shared=["it''s'", 7, None, True], varied=[[1]] * 4)
@example(shared=["a\x00b", "Zoë"], varied=[[1]] * 4)
def test_the_stored_rows_are_the_same(shared: list[Any], varied: list[list[Any]]) -> None:
    rows = _rows(shared, varied[: 4 - len(shared)], FROM_ROWS + 3)
    statement, params = with_constants_inline(INSERT, rows)
    assert _stored(statement, list(params)) == _stored(INSERT, rows)


def test_constants_go_into_the_statement_and_the_rest_stay_bound() -> None:
    rows = [(i, "subscribed", None, "2026-12-08 01:00:00.000000") for i in range(FROM_ROWS)]
    statement, params = with_constants_inline(INSERT, rows)
    assert statement == f"INSERT INTO t ({COLUMNS}) VALUES (?, 'subscribed', NULL, '2026-12-08 01:00:00.000000')"
    assert list(params) == [(i,) for i in range(FROM_ROWS)]


def test_few_rows_mixed_types_and_odd_values_are_bound_as_they_are() -> None:
    few = [(1, "x", None, 1)] * (FROM_ROWS - 1)
    assert with_constants_inline(INSERT, few) == (INSERT, few)
    mixed = [(1, "active", 1.5, 2**64)] * FROM_ROWS + [(True, "active", 1.5, 2**64)]
    statement, _params = with_constants_inline(INSERT, mixed)
    assert statement == f"INSERT INTO t ({COLUMNS}) VALUES (?, 'active', ?, ?)"  # 1 and True are equal, not alike
    assert sql_literal(False) == "0" and sql_literal(2**63) is None and sql_literal(1.5) is None
    assert sql_literal("subscribed") == "'subscribed'" and sql_literal("[]") == "'[]'" and sql_literal("") == "''"


def test_a_persons_data_is_never_written_into_the_statement() -> None:
    """The statement's text is logged with an unexpected error; what a person is stays a bound value."""
    for value in ("Smith", "smith", "O'Brien", "Zoë", "1980-01-01", "12 Main St", "jo@example.org", "5550143"):
        assert sql_literal(value) is None, value
    rows = [(i, "Smith", "1980-01-01", "2026-12-08 01:00:00") for i in range(FROM_ROWS)]
    statement, _params = with_constants_inline(INSERT, rows)
    assert statement == f"INSERT INTO t ({COLUMNS}) VALUES (?, ?, ?, '2026-12-08 01:00:00')"


def test_ids_come_back_in_order_when_a_shared_text_reads_like_sql(tmp_path: Path) -> None:
    from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, select

    from organizer.storage.bulk import bulk_insert_tuples
    from organizer.storage.ids import insert_returning_ids

    table = Table("t", MetaData(), Column("id", Integer, primary_key=True), Column("n", Integer),
                  Column("note", String))
    engine = create_engine(f"sqlite:///{tmp_path / 't.db'}")
    table.create(engine)
    odd = "x') VALUES (1, 'y'), (2, ' VALUES "  # bound, never written into the statement
    with engine.begin() as conn:
        ids = insert_returning_ids(conn, table, ["n", "note"], [(i, odd) for i in range(3 * FROM_ROWS)])
        bulk_insert_tuples(conn, table, ["n", "note"], [(i, odd) for i in range(FROM_ROWS)])
        shared = insert_returning_ids(conn, table, ["n", "note"], [(i, "active") for i in range(2 * FROM_ROWS)])
        stored = list(conn.execute(select(table.c.id, table.c.n, table.c.note).order_by(table.c.id)))
    engine.dispose()
    assert [n for _id, n, _note in stored[: len(ids)]] == list(range(3 * FROM_ROWS))
    assert [i for i, _n, _note in stored[: len(ids)]] == ids
    assert len(stored) == 6 * FROM_ROWS and {note for _id, _n, note in stored} == {odd, "active"}
    assert [(i, n) for i, n, note in stored if note == "active"] == list(zip(shared, range(2 * FROM_ROWS), strict=True))
