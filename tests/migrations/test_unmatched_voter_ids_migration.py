"""Migration 0028: signatures and contact attempts gain the voter id kept when the roll lacks the voter; a
second run changes nothing, and a downgrade takes the column away again with every row kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from organizer.storage.location import SqliteFile
from tests.migrations.older import migrate, migration_module

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "schemas"
TABLES = migration_module("0028_unmatched_voter_ids.py").TABLES


def _columns(path: Path, table: str) -> list[str]:
    with sqlite3.connect(path) as con:
        return [row[1] for row in con.execute(f'PRAGMA table_info("{table}")')]


def test_upgrading_twice_and_downgrading(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    path.write_bytes(sorted(FIXTURES.glob("*.db"))[-1].read_bytes())
    engine = SqliteFile(path).create_engine()
    try:
        migrate(engine, "0027")
        before = {t: _columns(path, t) for t in TABLES}
        assert all("unmatched_voter_id" not in columns for columns in before.values())
        migrate(engine, "0028")
        with engine.begin() as conn:  # run again over a database that has the column
            conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0027'")
        migrate(engine, "0028")
        assert all(_columns(path, t) == [*before[t], "unmatched_voter_id"] for t in TABLES)
        migrate(engine, "0027")
        assert {t: _columns(path, t) for t in TABLES} == before
    finally:
        engine.dispose()
