"""Migration 0007: a search text stored with zero-width characters is found by the plain spelling."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from organizer.domain.person_keys import derive_keys
from organizer.services.container import create_chapter, open_chapter
from organizer.services.people import PeopleQuery, PersonInput
from tests.migrations.older import set_back_to


def test_a_search_text_stored_with_zero_width_characters_is_refolded(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    services = create_chapter(path, "Test", "US")
    row = services.people.add(PersonInput(given_name="Jo\u200bhn", family_name="Sm\u00adith",
                                          emails=["john@example.org"]))
    other = services.people.add(PersonInput(given_name="Ana", family_name="Silva"))
    services.close()
    con = sqlite3.connect(path)  # what 0006's rule stored
    con.execute("UPDATE people SET search_text = ? WHERE id = ?",
                ("jo\u200bhn \u200b sm\u00adith john@example.org", row.id))
    before = con.execute("SELECT search_text FROM people WHERE id = ?", (other.id,)).fetchone()
    set_back_to(con, "0006")
    con.commit()
    con.close()

    services = open_chapter(path)
    try:
        assert services.people.search_ids(PeopleQuery(text="john smith")) == [row.id]
    finally:
        services.close()
    con = sqlite3.connect(path)
    stored = dict(con.execute("SELECT id, search_text FROM people").fetchall())
    con.close()
    assert stored[row.id] == derive_keys("Jo\u200bhn", "Sm\u00adith", "", ["john@example.org"]).search_text
    assert stored[row.id] == "john smith john@example.org"
    assert (stored[other.id],) == before

