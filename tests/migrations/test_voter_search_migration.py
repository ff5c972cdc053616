"""Migration 0009: voters stored before it get their search key, by a frozen copy of the domain's rule."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from organizer.domain.voter_search import voter_search_key
from organizer.services.container import create_chapter, open_chapter
from organizer.services.voters import VoterQuery
from organizer.storage.models import Voter
from tests.migrations.older import migration_module


def migration() -> Any:
    return migration_module("0009_voter_search_key.py")


def frozen_rule() -> Any:
    return migration().search_key


@pytest.mark.parametrize("values", [
    ("SILVA", "ANA", "M", "", "12 N MAIN ST", "2B", "NC0001"),
    ("Łoś", "Zoë", "", "Jr", "9 Straße", "", "x\u200by"),
    ("", "", "", "", "", "", "V1"),
    ("de la Cruz", "José", "", "", "40 ELM ST APT 2B", "2B", "0002"),
])
def test_the_frozen_rule_agrees_with_the_domain_today(values: tuple[str, ...]) -> None:
    assert frozen_rule()(*values) == voter_search_key(*values)


def test_voters_stored_before_the_key_are_found_after_the_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    services = create_chapter(path, "Test", "US")
    with services.db.write() as session:
        session.add_all([Voter(voter_id="NC1", given_name="Zoë", family_name="Åberg", street_address="9 Oak Ave"),
                         Voter(voter_id="NC2", given_name="Ana", family_name="Silva", street_address="12 Elm St",
                               unit="2B")])
    services.close()
    con = sqlite3.connect(path)  # as a database before 0009 holds them: no key
    con.execute("UPDATE voters SET search_key = ''")
    con.execute("UPDATE alembic_version SET version_num = ?", (migration().down_revision,))
    con.commit()
    con.close()

    services = open_chapter(path)
    try:
        found = services.voters.rows(services.voters.search_ids(VoterQuery(text="zoe aberg")))
        assert [v.voter_id for v in found] == ["NC1"]
        assert [v.voter_id for v in services.voters.rows(services.voters.search_ids(VoterQuery()))] == ["NC1", "NC2"]
    finally:
        services.close()
    con = sqlite3.connect(path)
    keys = dict(con.execute("SELECT voter_id, search_key FROM voters").fetchall())
    con.close()
    assert keys == {"NC1": "aberg zoe 9 oak ave nc1", "NC2": "silva ana 12 elm st 2b nc2"}
