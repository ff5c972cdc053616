"""Migration 0029: signatures gain the values a line carried as typed; every line keeps its data and starts
with none, a second run changes nothing, and a downgrade takes the column away again."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from organizer.storage.location import SqliteFile
from tests.migrations.older import migrate

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "schemas"


def _columns(path: Path) -> list[str]:
    with sqlite3.connect(path) as con:
        return [row[1] for row in con.execute('PRAGMA table_info("signatures")')]


def _line_values(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as con:
        return list(con.execute("SELECT id, printed_name, address_as_written FROM signatures ORDER BY id"))


def test_upgrading_twice_and_downgrading(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    path.write_bytes(sorted(FIXTURES.glob("*.db"))[-1].read_bytes())
    engine = SqliteFile(path).create_engine()
    try:
        migrate(engine, "0028")
        before, lines = _columns(path), _line_values(path)
        assert "as_typed" not in before
        migrate(engine, "0029")
        with engine.begin() as conn:  # run again over a database that has the column
            conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0028'")
        migrate(engine, "0029")
        assert _columns(path) == [*before, "as_typed"] and _line_values(path) == lines
        with sqlite3.connect(path) as con:
            assert {row[0] for row in con.execute("SELECT as_typed FROM signatures")} <= {"{}"}
        migrate(engine, "0028")
        assert _columns(path) == before and _line_values(path) == lines
    finally:
        engine.dispose()
