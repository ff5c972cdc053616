"""Migration 0014: a database from before it gains the petition-checking columns and the voters' house-number index."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from organizer.services.container import create_chapter, open_chapter
from tests.migrations.older import set_back_to

ADDED = {"petitions": ("opens_on", "notary_required"), "petition_sheets": ("district", "filed_on"),
         "signatures": ("given_name", "family_name", "reason", "decided")}


def columns(con: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in con.execute(f'PRAGMA table_info("{table}")')}


def test_the_columns_and_index_are_added_by_0014(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    create_chapter(path, "Test", "US").close()
    con = sqlite3.connect(path)
    con.execute("DROP INDEX ix_voters_number")
    for table, names in ADDED.items():
        for name in names:
            con.execute(f'ALTER TABLE "{table}" DROP COLUMN "{name}"')
    con.execute("INSERT INTO petitions (title, text, kind, jurisdiction, district, party, required_signatures, "
                "target_buffer, uuid, created_at, modified_at) VALUES ('Old', '', 'issue', '', '', '', 5, 1.4, "
                "'00000000-0000-7000-8000-000000000001', '2026-01-01', '2026-01-01')")
    set_back_to(con, "0011")
    con.commit()
    con.close()
    services = open_chapter(path)
    [old] = services.petitions.list()
    services.close()
    assert (old.title, old.notary_required, old.opens_on) == ("Old", False, None)
    con = sqlite3.connect(path)
    for table, names in ADDED.items():
        assert set(names) <= columns(con, table)
    indexes = {row[1] for row in con.execute("PRAGMA index_list(voters)")}
    con.close()
    assert "ix_voters_number" in indexes
