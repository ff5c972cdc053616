"""Migration 0012: people stored before it get version 1, and their next change bumps it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from organizer.services.container import create_chapter, open_chapter
from organizer.services.people import PersonInput
from tests.migrations.older import set_back_to


def test_people_stored_before_versions_start_at_one(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    services = create_chapter(path, "Test", "US")
    ids = [services.people.add(PersonInput(given_name="Maria", family_name="Lopez")).id for _ in range(2)]
    services.close()
    con = sqlite3.connect(path)
    set_back_to(con, "0011")
    con.commit()
    assert "version" not in {row[1] for row in con.execute("PRAGMA table_info(people)")}
    con.close()

    services = open_chapter(path)
    try:
        assert [services.people.get(i).version for i in ids] == [1, 1]
        changed = services.people.save(ids[0], PersonInput(given_name="Maria", family_name="Lopez", notes="x"),
                                       None, expected_version=1)
        assert changed.version == 2 and services.people.get(ids[1]).version == 1
    finally:
        services.close()
