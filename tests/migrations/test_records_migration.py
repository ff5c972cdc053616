"""Every released schema upgrades to head keeping its data, with a uuid, times and provenance on every record."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from organizer.domain.text import fold
from organizer.services.container import open_chapter

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "schemas"
SHAREABLE = ("people", "email_addresses", "phone_numbers", "postal_addresses", "tags", "lists", "volunteers",
             "prospects", "prospect_stage_changes", "petitions", "petition_sheets", "signatures", "events", "shifts",
             "attendances", "contact_attempts", "walk_lists", "turfs")
# What an upgrade keeps, counted so that merged duplicates count once.
KEPT = {
    "people": "SELECT count(*) FROM people",
    "emails": "SELECT count(*) FROM email_addresses",
    "phones": "SELECT count(*) FROM phone_numbers",
    "addresses": "SELECT count(*) FROM postal_addresses",
    "volunteers": "SELECT count(*) FROM volunteers",
    "imports": "SELECT count(*) FROM import_batches",
    "voters": "SELECT count(*) FROM voters",
    "signatures": "SELECT count(*) FROM signatures",
    "contacts": "SELECT count(*) FROM contact_attempts",
    "events": "SELECT count(*) FROM events",
    "attendances": "SELECT count(DISTINCT event_id || '/' || person_id || '/' || coalesce(shift_id, 0)) FROM attendances",
    "people_tagged": "SELECT count(DISTINCT person_id) FROM taggings",
    "emails_text": "SELECT group_concat(address, ',') FROM (SELECT address FROM email_addresses ORDER BY id)",
    "names": "SELECT group_concat(given_name || ' ' || family_name, ',') FROM (SELECT * FROM people ORDER BY id)",
}


def _upgraded(fixture: Path, tmp_path: Path) -> tuple[dict[str, object], sqlite3.Connection]:
    path = tmp_path / fixture.name
    path.write_bytes(fixture.read_bytes())
    con = sqlite3.connect(path)
    before = {key: con.execute(sql).fetchone()[0] for key, sql in KEPT.items()}
    before["tags"] = len({fold(name) for (name,) in con.execute("SELECT name FROM tags")})
    con.close()
    open_chapter(path).close()
    return before, sqlite3.connect(path)


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("*.db")), ids=lambda p: p.name)
def test_each_fixture_upgrades_keeping_its_data_with_unique_uuids(fixture: Path, tmp_path: Path) -> None:
    before, con = _upgraded(fixture, tmp_path)
    after = {key: con.execute(sql).fetchone()[0] for key, sql in KEPT.items()}
    after["tags"] = con.execute("SELECT count(*) FROM tags").fetchone()[0]
    assert after == before
    every: list[str] = []
    for table in SHAREABLE:
        rows = con.execute(f"SELECT uuid, created_at, modified_at, origin_chapter_uuid FROM {table}").fetchall()
        assert all(u and created and modified and origin == "" for u, created, modified, origin in rows), table
        every.extend(u for u, *_ in rows)
    assert len(every) == len(set(every))
    [(chapter_uuid,)] = con.execute("SELECT value FROM settings WHERE key = 'chapter_uuid'").fetchall()
    assert len(chapter_uuid) == 36
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    con.close()


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("chapter-000[24].db")), ids=lambda p: p.name)
def test_the_upgrade_merges_folded_tags_and_repeated_attendances_and_renames_voter_keys(
    fixture: Path, tmp_path: Path
) -> None:
    _before, con = _upgraded(fixture, tmp_path)
    tags = con.execute("SELECT t.name, t.folded_name, group_concat(g.person_id) FROM tags t "
                       "JOIN taggings g ON g.tag_id = t.id GROUP BY t.id ORDER BY t.id").fetchall()
    assert [(n, f, sorted(p.split(","))) for n, f, p in tags] == [
        ("Door knocker", "door knocker", ["1", "2", "3"]), ("Spanish speaker", "spanish speaker", ["4"])]
    assert con.execute("SELECT id, status FROM attendances ORDER BY id").fetchall() == [
        (1, "registered"), (3, "registered"), (4, "confirmed")]
    assert con.execute("SELECT event_type FROM events").fetchall() == [("phone_bank",)]
    for table in ("signatures", "contact_attempts", "walk_list_entries"):
        assert con.execute(f"SELECT voter_row_id FROM {table}").fetchall() == [(1,)]
    # New times come from what a record belongs to: an email its person's, a shift its event's.
    assert con.execute("SELECT count(*) FROM email_addresses e JOIN people p ON p.id = e.person_id "
                       "WHERE e.created_at != p.created_at").fetchone() == (0,)
    assert con.execute("SELECT s.created_at FROM shifts s").fetchall() == [("2025-09-01 12:00:00.000000",)]
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        con.execute("UPDATE volunteers SET status = 'busy'")
    con.close()
