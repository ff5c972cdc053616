"""Migration 0010: people stored before it are found by their custom-field values after it."""

from __future__ import annotations

import functools
import sqlite3
from pathlib import Path
from types import ModuleType
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from organizer.domain.person_keys import derive_keys
from organizer.domain.search import custom_text
from organizer.services.container import create_chapter, open_chapter
from organizer.services.people import PeopleQuery, PersonInput
from tests.migrations.older import migration_module


@functools.cache
def _migration() -> ModuleType:
    return migration_module("0010_search_custom_field_values.py")


def test_stored_search_texts_gain_the_custom_values(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    services = create_chapter(path, "Test", "US")
    custom = {"Employer": "Acme Widgets", "Phone #": "555-12", "Shirt": "XL"}
    ana = services.people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["ana@example.org"],
                                          custom_fields=custom))
    # The same name again, without custom fields: real lists repeat names.
    other = services.people.add(PersonInput(given_name="Ana", family_name="Silva"))
    nameless = services.people.add(PersonInput(emails=["x@example.org"], custom_fields={"Note": "Zoë's friend"}))
    services.close()
    con = sqlite3.connect(path)  # what the rule before 0010 stored
    con.execute("UPDATE people SET search_text = 'ana silva ana@example.org' WHERE id = ?", (ana.id,))
    con.execute("UPDATE people SET search_text = 'x@example.org' WHERE id = ?", (nameless.id,))
    before = con.execute("SELECT search_text FROM people WHERE id = ?", (other.id,)).fetchone()
    con.execute("UPDATE alembic_version SET version_num = ?", (_migration().down_revision,))
    con.commit()
    con.close()

    services = open_chapter(path)
    try:
        assert services.people.search_ids(PeopleQuery(text="acme")) == [ana.id]
        assert services.people.search_ids(PeopleQuery(text="555-12")) == [ana.id]
        assert services.people.search_ids(PeopleQuery(text="zoe friend")) == [nameless.id]
        assert sorted(services.people.search_ids(PeopleQuery(text="ana silva"))) == sorted([ana.id, other.id])
    finally:
        services.close()
    con = sqlite3.connect(path)
    stored = dict(con.execute("SELECT id, search_text FROM people").fetchall())
    con.close()
    assert stored[ana.id] == derive_keys("Ana", "Silva", "", ["ana@example.org"], custom_fields=custom).search_text
    assert stored[nameless.id] == derive_keys("", "", "", ["x@example.org"],
                                              custom_fields={"Note": "Zoë's friend"}).search_text
    assert (stored[other.id],) == before


VALUES = st.one_of(st.text(max_size=30), st.text("0123456789()-+. ", max_size=14), st.integers(), st.booleans(),
                   st.floats(allow_nan=False), st.none(), st.lists(st.text(max_size=3), max_size=2))


@settings(deadline=None)
@given(st.dictionaries(st.text(max_size=8), VALUES, max_size=4))
def test_the_migration_makes_the_custom_text_as_the_domain_did_when_it_was_written(custom: dict[str, Any]) -> None:
    """If this fails, the domain's rule changed: stored search texts need a new migration."""
    assert _migration().custom_text(custom) == custom_text(custom)
