"""An import's new people get their ids from the database, and everything queued for them follows."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from organizer.services.container import Services
from organizer.services.people import PeopleQuery, PersonInput
from organizer.storage.models import ImportChange, Person, PossibleDuplicate
from tests.service.importing_helpers import write_csv

HEADER = ["First Name", "Last Name", "Email", "Phone", "Address", "Zip"]


def test_rows_link_to_the_people_the_database_numbered(services: Services, tmp_path: Path) -> None:
    gone = services.people.add(PersonInput(given_name="Old", family_name="Timer", emails=["old@example.org"])).id
    kept = services.people.add(PersonInput(given_name="Leo", family_name="Chen", emails=["leo@example.org"])).id
    services.people.delete([kept])  # the newest id is free again: the database decides what comes next
    rows = [HEADER,
            ["Ana", "Silva", "ana@example.org", "", "12 Main St", "27601"],
            ["Old", "Timer", "old@example.org", "919-555-0199", "", ""],
            ["Bea", "Silva", "bea@example.org", "", "", ""],
            ["Ana", "Silva", "ana@example.org", "919-555-0101", "", ""],  # the same Ana, before her row is written
            ["Anna", "Silva", "", "919-555-0102", "", ""]]
    services.imports.run(write_csv(tmp_path / "p.csv", rows), "people")
    people = {(r.given_name, r.family_name): r for r in services.people.rows(services.people.search_ids(PeopleQuery()))}
    assert set(people) == {("Old", "Timer"), ("Ana", "Silva"), ("Bea", "Silva"), ("Anna", "Silva")}
    assert people["Old", "Timer"].id == gone and people["Old", "Timer"].phones == ("+19195550199",)
    ana = people["Ana", "Silva"]
    assert ana.emails == ("ana@example.org",) and ana.phones == ("+19195550101",) and ana.postal_code == "27601"
    assert people["Bea", "Silva"].emails == ("bea@example.org",)
    assert people["Anna", "Silva"].phones == ("+19195550102",)
    assert services.people.search_ids(PeopleQuery(text="9195550101")) == [ana.id]
    with services.db.read() as session:
        ids = set(session.scalars(select(Person.id)))
        changed = set(session.scalars(select(ImportChange.entity_id)))
        pairs = {(a, b) for a, b in session.execute(select(PossibleDuplicate.person_id,
                                                             PossibleDuplicate.other_person_id))}
    assert changed <= ids and len(changed) == 4
    assert (people["Anna", "Silva"].id, ana.id) in pairs
    assert all(a in ids and b in ids for a, b in pairs)


def test_undo_removes_the_address_a_merge_added(services: Services, tmp_path: Path) -> None:
    pid = services.people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["ana@example.org"])).id
    services.imports.run(write_csv(tmp_path / "p.csv", [HEADER, ["Ana", "Silva", "ana@example.org", "", "12 Main St",
                                                                  "27601"]]), "people")
    assert services.people.get(pid).postal_code == "27601"
    newest = max(b.id for b in services.imports.batches())
    services.imports.undo(newest)
    assert services.people.get(pid).postal_code == ""
    assert services.people.search_ids(PeopleQuery(text="27601")) == []
