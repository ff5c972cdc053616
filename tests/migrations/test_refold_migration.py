"""Migration 0006: keys and search text stored by the older folding rules are recomputed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import text

from organizer.domain.person_keys import derive_keys
from organizer.services.container import create_chapter, open_chapter
from organizer.services.people import PeopleQuery, PersonInput
from organizer.storage.migrate import head_revision
from organizer.storage.models import Voter
from tests.migrations.older import set_back_to


def _as_before_0006(path: Path, person_id: int) -> None:
    """What the older rules stored: "ł" kept in the search text, one postal code, the schema at 0005."""
    con = sqlite3.connect(path)
    con.execute("UPDATE people SET search_text = ?, name_key = ?, family_key = ? WHERE id = ?",
                ("łukasz żaneta søndergård lukasz@example.org 19195550101 9195550101 27601",
                 "lukasz|sondergard", "sondergard", person_id))
    con.execute("UPDATE voters SET name_key = 'anna|os', family_key = 'os'")
    set_back_to(con, "0005")
    con.commit()
    con.close()


def test_a_person_stored_by_the_old_rule_is_found_by_the_new_one_after_the_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    services = create_chapter(path, "Test", "US")
    row = services.people.add(PersonInput(given_name="Łukasz", additional_name="Żaneta", family_name="Søndergård",
                                          emails=["lukasz@example.org"], phones=["919-555-0101"],
                                          street="12 Main St", locality="Raleigh", region="NC",
                                          postal_code="27601"))
    other = services.people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["ana@example.org"]))
    untouched = services.people.get(other.id)
    with services.db.write() as session:
        session.add(Voter(voter_id="NC1", given_name="ĦANNA", family_name="ŁOŚ"))
    services.close()
    _as_before_0006(path, row.id)
    assert head_revision() != "0005"

    services = open_chapter(path)
    try:
        assert services.people.search_ids(PeopleQuery(text="lukasz")) == [row.id]
        assert services.people.search_ids(PeopleQuery(text="Søndergård")) == [row.id]
        assert services.people.get(other.id) == untouched
        with services.db.read() as session:
            stored = session.execute(
                text("SELECT name_key, family_key, search_text FROM people WHERE id = :i"),
                {"i": row.id}).one()
            voter = session.execute(text("SELECT name_key, family_key FROM voters")).one()
    finally:
        services.close()
    keys = derive_keys("Łukasz", "Søndergård", "Żaneta", ["lukasz@example.org"], ["+19195550101"],
                       [(["12 Main St"], "27601")])
    assert tuple(stored) == (keys.name_key, keys.family_key, keys.search_text)
    assert tuple(voter) == ("hanna|los", "los")
