"""Migration 0030: every status and kind CHECK on SQLite becomes an OR of equalities (an IN list cost SQLite a
lookup table for each row written), holding the same values; rows and indexes are untouched, a second run
changes nothing, and a downgrade brings the IN lists back."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import CheckConstraint
from sqlalchemy.dialects import sqlite

from organizer.services.container import open_chapter
from organizer.storage.location import SqliteFile
from organizer.storage.models import Base
from tests.migrations.older import migrate

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "schemas"
IN_CHECK = re.compile(r"CHECK \(\w+ IN \(")


def _tables(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as con:
        return dict(con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL"))


def _rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as con:
        return {table: list(con.execute(f'SELECT * FROM "{table}" ORDER BY rowid'))
                for table in ("email_addresses", "phone_numbers", "volunteers", "events", "attendances")}


def _model_checks() -> list[tuple[str, str]]:
    """Each code check of the models as SQLite's CREATE TABLE spells it: (table, its clause)."""
    found = []
    for table in Base.metadata.sorted_tables:
        for constraint in table.constraints:
            if isinstance(constraint, CheckConstraint) and "code" in constraint.info:
                text = constraint.sqltext.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True})
                found.append((table.name, f"CONSTRAINT ck_{table.name}_{constraint.info['column']} CHECK ({text})"))
    return found


@pytest.fixture
def chapter(tmp_path: Path) -> Path:
    """The newest released schema's chapter, upgraded to head as the app upgrades it."""
    path = tmp_path / "c.db"
    path.write_bytes(sorted(FIXTURES.glob("*.db"))[-1].read_bytes())
    open_chapter(path).close()
    return path


def test_an_upgraded_database_has_the_models_checks_and_no_in_list(chapter: Path) -> None:
    tables = _tables(chapter)
    assert not [name for name, sql in tables.items() if IN_CHECK.search(sql)]
    checks = _model_checks()
    assert len(checks) > 15
    for table, clause in checks:
        assert clause in tables[table], table


def test_downgrading_brings_the_in_lists_back_and_upgrading_again_changes_only_them(chapter: Path) -> None:
    engine = SqliteFile(chapter).create_engine()
    try:
        at_head, rows = _tables(chapter), _rows(chapter)
        assert all(rows.values())
        migrate(engine, "0029")
        before = _tables(chapter)
        assert {name for name, sql in before.items() if IN_CHECK.search(sql)} >= {
            "email_addresses", "phone_numbers", "volunteers", "events", "attendances", "vote_history"}
        assert "CHECK (status IN ('active', 'inactive', 'alumni'))" in before["volunteers"]
        migrate(engine, "0030")
        assert _tables(chapter) == at_head and _rows(chapter) == rows
        with engine.begin() as conn:  # run again over a database that has the new checks
            conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0029'")
        migrate(engine, "0030")
        assert _tables(chapter) == at_head
    finally:
        engine.dispose()
    with sqlite3.connect(chapter) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_the_rewritten_checks_still_refuse_a_value_that_is_not_a_code(chapter: Path) -> None:
    with sqlite3.connect(chapter) as con:
        person = con.execute("SELECT person_id FROM email_addresses LIMIT 1").fetchone()[0]
        with pytest.raises(sqlite3.IntegrityError, match="ck_email_addresses_status"):
            con.execute("UPDATE email_addresses SET status = 'sometimes' WHERE person_id = ?", (person,))
        con.execute("UPDATE email_addresses SET status = 'bouncing' WHERE person_id = ?", (person,))
        with pytest.raises(sqlite3.IntegrityError, match="ck_volunteers_engagement_level"):
            con.execute("UPDATE volunteers SET engagement_level = 'Signed up'")
