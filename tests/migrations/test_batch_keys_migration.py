"""Migration 0027: the columns naming an import batch lose their foreign keys, and nothing else changes."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect

from organizer.services.container import open_chapter
from organizer.storage.location import SqliteFile
from tests.migrations.older import migrate, migration_module

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "schemas"
BATCH_COLUMNS = migration_module("0027_batch_ids_without_foreign_keys.py").BATCH_COLUMNS


def _foreign_keys(path: Path) -> set[tuple[str, str, str]]:
    """(table, column, referred table) of every foreign key in the file."""
    with sqlite3.connect(path) as con:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {(t, r[3], r[2]) for t in tables for r in con.execute(f"PRAGMA foreign_key_list('{t}')")}


def _schema(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as con:
        return {name: sql for name, sql in con.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL")}


def _at_0026(tmp_path: Path) -> Path:
    """A chapter with people, upgraded to the revision before this one."""
    path = tmp_path / "c.db"
    path.write_bytes(sorted(FIXTURES.glob("*.db"))[-1].read_bytes())
    engine = SqliteFile(path).create_engine()
    migrate(engine, "0026")
    engine.dispose()
    return path


def test_a_released_chapter_keeps_every_row_and_every_other_key(tmp_path: Path) -> None:
    path = _at_0026(tmp_path)
    before_keys, before_schema = _foreign_keys(path), _schema(path)
    columns = {(table, column) for table, column, _rule in BATCH_COLUMNS}
    assert {(t, c) for t, c, referred in before_keys if referred == "import_batches"} == columns
    with sqlite3.connect(path) as con:
        counts = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in before_schema
                  if before_schema[t].startswith("CREATE TABLE")}
    services = open_chapter(path)  # upgrades to head
    try:
        assert services.stats.counts()["people"] > 0
    finally:
        services.close()
    after_keys = _foreign_keys(path)
    assert after_keys == {k for k in before_keys if k[2] != "import_batches"}
    after_schema = _schema(path)
    assert set(after_schema) == set(before_schema)  # every index (the expression ones too) and table is there
    changed = {name for name in before_schema if before_schema[name] != after_schema[name]}
    assert changed == {table for table, _column in columns}
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in counts} == counts
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):  # the check constraints stayed
            con.execute("INSERT INTO tombstones (uuid, kind, deleted_at) VALUES ('u', 'no such kind', '2026-01-01')")


def test_upgrading_twice_and_downgrading_give_back_the_keys(tmp_path: Path) -> None:
    path = _at_0026(tmp_path)
    before_keys, before_schema = _foreign_keys(path), _schema(path)
    engine = SqliteFile(path).create_engine()
    try:
        for target in ("head", "0026", "head"):
            migrate(engine, target)
            if target == "0026":
                assert _foreign_keys(path) == before_keys
                assert inspect(engine).get_foreign_keys("people")[0]["options"] == {"ondelete": "SET NULL"}
                with sqlite3.connect(path) as con:
                    assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        with engine.begin() as conn:  # the same upgrade over a database already at head changes nothing
            conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0026'")
        upgraded = _schema(path)
        migrate(engine, "head")
        assert _schema(path) == upgraded != before_schema
    finally:
        engine.dispose()


def test_on_a_server_no_column_refers_to_the_batches(pg_server: Any) -> None:
    name = pg_server.new_database()
    location = pg_server.location(name)
    engine = location.create_engine()
    try:
        migrate(engine, "0026")
        referring = _server_batch_keys(engine)
        assert len(referring) == len(BATCH_COLUMNS)
        for _ in range(2):  # a second run over a database at head changes nothing
            with engine.begin() as conn:
                conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0026'")
            migrate(engine, "head")
            assert _server_batch_keys(engine) == []
        migrate(engine, "0026")
        assert _server_batch_keys(engine) == referring
    finally:
        engine.dispose()
        pg_server.drop(name)


def _server_batch_keys(engine: Any) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        return sorted(conn.exec_driver_sql(
            "SELECT conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND confrelid = 'import_batches'::regclass").all())
