"""Migration 0016: offices, and prospects that keep their person's name and outlive them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command

from organizer.services.container import create_chapter, open_chapter
from organizer.storage.location import SqliteFile
from organizer.storage.migrate import alembic_config
from tests.migrations.older import set_back_to


def _database_at_0011(path: Path) -> None:
    engine = SqliteFile(path).create_engine()
    cfg = alembic_config()
    with engine.connect() as conn, conn.begin():
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0011")
    engine.dispose()
    con = sqlite3.connect(path)
    con.execute("INSERT INTO settings (key, value) VALUES ('chapter_name', 'Old'), ('chapter_uuid', 'u')")
    con.execute("INSERT INTO people (id, uuid, given_name, family_name, additional_name, honorific_prefix, "
                "honorific_suffix, gender_pronouns, languages_spoken, custom_fields, notes, source, do_not_walk, "
                "do_not_call, do_not_text, do_not_email, deceased, moved, name_key, family_key, search_text, "
                "created_at, modified_at) VALUES (1, 'p1', 'Rae', 'Kim', '', '', '', '', '[]', '{}', '', '', 0, 0, "
                "0, 0, 0, 0, 'kim rae', 'kim', 'rae kim', '2026-01-01 00:00:00', '2026-01-01 00:00:00')")
    con.execute("INSERT INTO prospects (id, uuid, person_id, office, jurisdiction, district, stage, "
                "eligibility_notes, next_step, referral_source, notes, created_at, modified_at) VALUES (1, 'x1', 1, "
                "'Mayor', '', '', 'vetting', '', '', '', '', '2026-01-01 00:00:00', '2026-01-01 00:00:00')")
    con.execute("INSERT INTO prospect_stage_changes (uuid, prospect_id, from_stage, to_stage, changed_on, note, "
                "created_at, modified_at) VALUES ('c1', 1, 'identified', 'vetting', '2026-01-02', '', "
                "'2026-01-02 00:00:00', '2026-01-02 00:00:00')")
    con.commit()
    con.close()


def test_0016_keeps_prospects_and_lets_them_outlive_their_person(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    _database_at_0011(path)
    services = open_chapter(path)
    try:
        row = services.prospects.get(1)
        assert (row.name, row.stage, row.checklist[0][1]) == ("Rae Kim", "vetting", "")
        assert [t.changed_by for t in services.prospects.timeline(1)] == [""]
        services.people.delete([1])
        kept = services.prospects.get(1)
        assert (kept.person_id, kept.name) == (None, "Rae Kim")
        assert services.offices.rows() == []
    finally:
        services.close()


def test_a_database_set_back_before_0016_upgrades_again(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    create_chapter(path, "Test", "US").close()
    con = sqlite3.connect(path)
    set_back_to(con, "0011")
    con.commit()
    con.close()
    open_chapter(path).close()
    con = sqlite3.connect(path)
    tables = {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    con.close()
    assert "offices" in tables
