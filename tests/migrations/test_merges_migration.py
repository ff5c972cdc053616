"""Migration 0008: merges and not-same pairs get their tables."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from organizer.services.container import create_chapter, open_chapter
from tests.migrations.older import set_back_to


def test_merges_and_not_same_people_are_created_by_0008(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    create_chapter(path, "Test", "US").close()
    con = sqlite3.connect(path)
    set_back_to(con, "0007")
    con.commit()
    con.close()
    open_chapter(path).close()
    con = sqlite3.connect(path)
    tables = {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    con.close()
    assert {"person_merges", "not_same_people"} <= tables
