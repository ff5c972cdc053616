"""The same migrations on a server: each released schema's content, loaded into a PostgreSQL database at that
schema, upgrades to head and reads back as the SQLite file upgraded does (skipped without a test server)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Engine, MetaData, inspect, select, text

from organizer.services.container import open_chapter
from organizer.services.people import PeopleQuery
from organizer.storage.location import SqliteFile
from organizer.storage.migrate import alembic_config, current_revision, head_revision, upgrade

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "schemas"


def load_into_server(fixture: Path, engine: Engine) -> str:
    """Create the fixture's schema on the server by the migrations, then copy every row in; its revision."""
    source = SqliteFile(fixture).create_engine()
    try:
        revision = current_revision(source)
        assert revision is not None
        with engine.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
        rows = MetaData()
        rows.reflect(source)
        target = MetaData()
        target.reflect(engine)
        with source.connect() as read, engine.begin() as write:
            for table in target.sorted_tables:
                if table.name == "alembic_version" or table.name not in rows.tables:
                    continue
                old = rows.tables[table.name]
                shared = [c.name for c in table.columns if c.name in old.c]
                found = [dict(r._mapping) for r in read.execute(select(*(old.c[name] for name in shared)))]
                if found:
                    write.execute(table.insert(), found)
                if "id" in table.c:
                    write.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                       f"(SELECT coalesce(max(id), 0) + 1 FROM {table.name}), false)"))
    finally:
        source.dispose()
    return revision


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("*.db")), ids=lambda p: p.name)
def test_each_released_schema_loaded_into_a_server_upgrades_to_head(fixture: Path, pg_server: Any,
                                                                    tmp_path: Path) -> None:
    name = pg_server.new_database()
    location = pg_server.location(name)
    engine = location.create_engine()
    source = tmp_path / "source" / fixture.name  # opening a file writes to it (WAL): never the fixture itself
    source.parent.mkdir()
    source.write_bytes(fixture.read_bytes())
    try:
        revision = load_into_server(source, engine)
        assert revision != head_revision()
        upgrade(engine, location)
        assert current_revision(engine) == head_revision()
        assert {"trgm_people_search_text"} <= {ix["name"] for ix in inspect(engine).get_indexes("people")}
        engine.dispose()
        on_server = open_chapter(location)
        copy = tmp_path / fixture.name
        copy.write_bytes(fixture.read_bytes())
        on_file = open_chapter(copy)
        try:
            assert on_server.stats.counts() == on_file.stats.counts()
            assert on_server.stats.counts()["people"] > 0
            server_people = [(r.uuid, r.family_name, r.given_name) for r in on_server.people.rows(
                on_server.people.search_ids(PeopleQuery()))]
            file_people = [(r.uuid, r.family_name, r.given_name) for r in on_file.people.rows(
                on_file.people.search_ids(PeopleQuery()))]
            assert server_people == file_people
        finally:
            on_server.close()
            on_file.close()
    finally:
        engine.dispose()
        pg_server.drop(name)
