"""What an import leaves for review: possible duplicates and conflicts, recorded and never merged."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from organizer.services.container import Services
from organizer.services.people import PeopleQuery
from organizer.storage.models import MergeConflict, Person, PossibleDuplicate
from tests.service.importing_helpers import write_csv

HEADER = ["First", "Last", "Email", "Phone"]


def lookalike_pairs(services: Services) -> list[tuple[str, str, str]]:
    """(new person, earlier person, reason) for every possible duplicate, by email or phone."""
    with services.db.read() as session:
        people = session.scalars(select(Person)).all()
        label = {p.id: (p.emails[0].address if p.emails else p.phones[0].number) for p in people}
        pairs = session.execute(select(PossibleDuplicate.person_id, PossibleDuplicate.other_person_id,
                                       PossibleDuplicate.reason)).all()
        return sorted((label[a], label[b], reason) for a, b, reason in pairs)


def test_same_names_and_similar_spellings_are_listed_not_merged(services: Services, tmp_path: Path) -> None:
    services.imports.run(write_csv(tmp_path / "a.csv", [
        HEADER, ["Katherine", "Okafor", "kat@example.org", ""], ["Jon", "Silva", "", "919-555-0110"],
    ]), "people")
    report = services.imports.run(write_csv(tmp_path / "b.csv", [
        HEADER,
        ["Katherine", "Okafor", "k.okafor@example.org", ""],  # same name, other email
        ["Katharine", "Okafor", "", "919-555-0111"],  # similar spelling
        ["Jonathan", "Silva", "jonathan@example.org", ""],  # too different to list
        ["Maria", "Okafor", "maria@example.org", ""],  # same family only
    ]), "people")
    assert (report.created, report.updated) == (4, 0)
    assert report.possible_duplicates == 3
    assert lookalike_pairs(services) == [
        ("+19195550111", "k.okafor@example.org", "similar spelling"),
        ("+19195550111", "kat@example.org", "similar spelling"),
        ("k.okafor@example.org", "kat@example.org", "same name"),
    ]
    assert services.people.count() == 6


def test_a_differing_value_becomes_a_conflict_and_the_stored_value_stays(services: Services,
                                                                         tmp_path: Path) -> None:
    header = ["First", "Last", "Email", "Pronouns"]
    services.imports.run(write_csv(tmp_path / "a.csv", [header, ["Ana", "Silva", "ana@example.org", "she/her"]]),
                         "people")
    report = services.imports.run(write_csv(tmp_path / "b.csv", [
        header, ["Ana", "Silva", "ana@example.org", "they/them"]]), "people")
    assert report.conflicts == 1
    with services.db.read() as session:
        conflict = session.scalars(select(MergeConflict)).one()
        stored = session.scalar(select(Person.gender_pronouns))
    assert (conflict.field, conflict.existing_value, conflict.incoming_value) == (
        "gender_pronouns", "she/her", "they/them")
    assert stored == "she/her"


def test_a_filled_in_family_name_updates_the_matching_keys(services: Services, tmp_path: Path) -> None:
    services.imports.run(write_csv(tmp_path / "a.csv", [HEADER, ["Ana", "", "ana@example.org", ""]]), "people")
    report = services.imports.run(write_csv(tmp_path / "b.csv", [
        HEADER, ["Ana", "Silva", "ana@example.org", ""], ["Ana", "Silva", "ana@example.org", "919-555-0150"]]),
        "people")
    assert (report.updated, report.created) == (2, 0)
    with services.db.read() as session:
        keys = session.execute(select(Person.family_name, Person.name_key, Person.family_key)).one()
    assert tuple(keys) == ("Silva", "ana|silva", "silva")
    phone_only = services.imports.run(write_csv(tmp_path / "c.csv", [
        HEADER, ["Ana", "Silva", "", "919-555-0150"]]), "people")
    assert phone_only.unchanged == 1  # rule 2 (phone + family name) finds her by the new key


def test_undo_puts_back_a_person_the_import_changed_twice(services: Services, tmp_path: Path) -> None:
    header = ["First", "Last", "Email", "Phone", "City", "Volunteer?", "Tags"]
    services.imports.run(write_csv(tmp_path / "a.csv", [header, ["Ana", "", "ana@example.org", "", "", "", ""]]),
                         "people")
    second = services.imports.run(write_csv(tmp_path / "b.csv", [
        header,
        ["Ana", "Silva", "ana@example.org", "919-555-0160", "Durham", "", "Parent"],
        ["Ana", "Silva", "ana@example.org", "919-555-0161", "", "Y", "Teacher"],
    ]), "people")
    assert (second.updated, second.batch is not None) == (2, True)
    services.imports.undo(second.batch)  # type: ignore[arg-type]
    [ana] = services.people.rows(services.people.search_ids(PeopleQuery()))
    assert (ana.family_name, ana.phones, ana.locality, ana.tags, ana.volunteer_status) == ("", (), "", (), "")
    with services.db.read() as session:
        keys = session.execute(select(Person.name_key, Person.family_key, Person.search_text)).one()
    assert tuple(keys) == ("ana|", "", "ana ana@example.org")
