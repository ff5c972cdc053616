"""Migrations: empty to head matches the models, upgrades back up first, newer databases are refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from organizer.errors import DatabaseProblem
from organizer.services.container import create_chapter, open_chapter
from organizer.storage.location import SqliteFile
from organizer.storage.migrate import head_revision
from organizer.storage.models import Base
from organizer.storage.voter_text import is_text_index_table

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "schemas"


# SQLite does not reflect expression indexes (the attendances' unique index): they cannot be compared
# here, and tests/service/test_records.py proves that one works.
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index")
def test_empty_database_upgrades_to_a_schema_matching_the_models(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    create_chapter(path, "Test", "US").close()
    engine = SqliteFile(path).create_engine()
    with engine.connect() as conn:
        # The voter text index is SQLite's own (a virtual table and its shadow tables), not a model.
        skip_index = {"include_name": lambda name, kind, _parents: kind != "table" or not is_text_index_table(name)}
        context = MigrationContext.configure(conn, opts={"compare_type": True, **skip_index})
        diff = compare_metadata(context, Base.metadata)
        assert context.get_current_revision() == head_revision()
    engine.dispose()
    assert diff == []


def test_the_head_the_app_knows_is_the_newest_migration() -> None:
    from organizer.storage.migrate import scripted_head

    assert scripted_head() == head_revision()


def test_pragmas_are_set(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    services = create_chapter(path, "Test", "US")
    with services.db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA trusted_schema").scalar() == 0
    services.close()


def _set_revision(path: Path, revision: str) -> None:
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    con.commit()
    con.close()


def test_a_database_from_a_newer_version_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    create_chapter(path, "Test", "US").close()
    _set_revision(path, "9999_from_the_future")
    before = path.read_bytes()
    with pytest.raises(DatabaseProblem, match="newer version"):
        open_chapter(path)
    assert path.read_bytes() == before


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("*.db")), ids=lambda p: p.name)
def test_each_released_schema_upgrades_to_head_after_a_backup(fixture: Path, tmp_path: Path) -> None:
    path = tmp_path / fixture.name
    path.write_bytes(fixture.read_bytes())
    services = open_chapter(path)
    counts = services.stats.counts()
    services.close()
    assert counts["people"] > 0
    engine = SqliteFile(path).create_engine()
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head_revision()
    engine.dispose()
    if fixture.stem.split("-")[-1] != head_revision():
        assert list((tmp_path / "backups").glob("*.db")), "no backup written before the upgrade"


def test_an_upgrade_from_an_older_revision_writes_a_backup_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from organizer.storage import migrate

    path = tmp_path / "c.db"
    create_chapter(path, "Test", "US").close()
    monkeypatch.setattr(migrate, "head_revision", lambda: "0002_pretend")
    monkeypatch.setattr(migrate, "known_revisions", lambda: {head_revision(), "0002_pretend"})
    ran: list[str] = []
    monkeypatch.setattr("alembic.command.upgrade", lambda cfg, rev: ran.append(rev))
    backup = migrate.upgrade(SqliteFile(path).create_engine(), path)
    assert backup is not None and backup.exists()
    assert ran == ["head"]
    con = sqlite3.connect(backup)
    assert con.execute("SELECT value FROM settings WHERE key='chapter_name'").fetchone() == ("Test",)
    con.close()


def test_a_failing_migration_leaves_no_trace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from alembic import op

    from organizer.storage import migrate

    path = tmp_path / "c.db"
    create_chapter(path, "Test", "US").close()

    def broken_upgrade(cfg: object, rev: str) -> None:
        connection = cfg.attributes["connection"]  # type: ignore[attr-defined]
        connection.exec_driver_sql("CREATE TABLE half_done (id INTEGER)")
        connection.exec_driver_sql("ALTER TABLE people ADD COLUMN half INTEGER")
        raise RuntimeError("migration failed midway")

    monkeypatch.setattr(migrate, "head_revision", lambda: "0002_pretend")
    monkeypatch.setattr(migrate, "known_revisions", lambda: {head_revision(), "0002_pretend"})
    monkeypatch.setattr("alembic.command.upgrade", broken_upgrade)
    with pytest.raises(RuntimeError):
        migrate.upgrade(SqliteFile(path).create_engine(), path)
    con = sqlite3.connect(path)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    columns = {r[1] for r in con.execute("PRAGMA table_info(people)")}
    con.close()
    assert "half_done" not in tables and "half" not in columns
    assert op is not None
