"""Migration 0013: events stored before it upgrade with no repeat rule, no series and no petition."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command

from organizer.services.container import open_chapter
from organizer.services.events import EventQuery
from organizer.storage.location import SqliteFile
from organizer.storage.migrate import alembic_config


def test_an_event_from_before_the_series_upgrades_and_a_repeat_can_be_made(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = SqliteFile(path).create_engine()
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0011")
    engine.dispose()
    con = sqlite3.connect(path)
    assert "series_uuid" not in {row[1] for row in con.execute("PRAGMA table_info(events)")}
    con.execute("INSERT INTO settings(key, value) VALUES ('chapter_name', 'Old'), ('phone_region', 'US')")
    con.execute("INSERT INTO events (uuid, title, event_type, description, starts_at, time_zone, location_name, "
                "address, virtual_link, status, visibility, external_id, created_at, modified_at, "
                "origin_chapter_uuid, origin_chapter_name) VALUES ('e-1', 'Old meeting', 'meeting', '', "
                "'2026-01-13 00:00:00.000000', 'UTC', '', '', '', 'confirmed', 'public', '', "
                "'2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000', '', '')")
    con.commit()
    con.close()
    services = open_chapter(path)
    try:
        old = services.events.rows(services.events.search_ids(EventQuery()))[0]
        assert (old.title, old.recurrence, old.series_uuid, old.petition_id) == ("Old meeting", "", "", None)
    finally:
        services.close()
