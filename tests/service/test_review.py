"""The review queues: conflicts resolved three ways, possible duplicates told apart for good."""

from __future__ import annotations

from pathlib import Path

import pytest

from organizer.errors import NotFound, UserError
from organizer.services.changes import REVIEW, Change
from organizer.services.container import Services
from organizer.services.people import PeopleQuery
from organizer.services.person_input import PersonInput
from organizer.storage.models import MergeConflict
from tests.service.importing_helpers import write_csv

HEADER = ["First", "Last", "Email", "Pronouns", "Employer"]


def _conflicts(services: Services, tmp_path: Path) -> dict[str, int]:
    """Ana's pronouns and employer differ between two files: two conflicts, by field."""
    services.imports.run(write_csv(tmp_path / "a.csv", [HEADER, ["Ana", "Silva", "ana@example.org", "she/her",
                                                                 "Library"]]), "people")
    services.imports.run(write_csv(tmp_path / "b.csv", [HEADER, ["Ana", "Silva", "ana@example.org", "they/them",
                                                                 "School"]]), "people")
    return {c.field: c.id for c in services.review.conflicts()}


def test_conflicts_list_the_person_field_and_both_values(services: Services, tmp_path: Path) -> None:
    ids = _conflicts(services, tmp_path)
    assert set(ids) == {"gender_pronouns", "custom:Employer"}
    row = next(c for c in services.review.conflicts() if c.field == "gender_pronouns")
    assert (row.person_name, row.existing, row.incoming, row.field_label) == ("Ana Silva", "she/her", "they/them",
                                                                               "Pronouns")
    assert row.to_json()["batch_id"] == row.batch_id is not None
    assert services.review.counts().conflicts == 2


def test_keep_mine_leaves_the_value_and_is_not_asked_again(services: Services, tmp_path: Path) -> None:
    ids = _conflicts(services, tmp_path)
    services.review.resolve_conflict(ids["gender_pronouns"], "keep")
    [person_id] = services.people.search_ids(PeopleQuery())
    assert services.people.get(person_id).gender_pronouns == "she/her"
    assert [c.field for c in services.review.conflicts()] == ["custom:Employer"]
    services.imports.run(write_csv(tmp_path / "c.csv", [HEADER, ["Ana", "Silva", "ana@example.org", "they/them",
                                                                 "School"]]), "people")
    assert [c.field for c in services.review.conflicts()] == ["custom:Employer"]
    with pytest.raises(UserError, match="already resolved"):
        services.review.resolve_conflict(ids["gender_pronouns"], "take")


def test_take_theirs_and_keep_both(services: Services, tmp_path: Path) -> None:
    ids = _conflicts(services, tmp_path)
    published: list[Change] = []
    services.changes.subscribe(published.append)
    services.review.resolve_conflict(ids["gender_pronouns"], "take")
    services.review.resolve_conflict(ids["custom:Employer"], "both")
    [row] = [services.people.get(i) for i in services.people.search_ids(
        PeopleQuery())]
    assert row.gender_pronouns == "they/them"
    assert dict(row.custom_fields) == {"Employer": "Library", "Employer (2)": "School"}
    assert services.review.conflicts() == []
    assert all(c.touches(REVIEW) for c in published) and len(published) == 2


def test_keep_both_on_a_name_goes_to_the_notes_and_on_an_email_adds_it(services: Services) -> None:
    person = services.people.add(PersonInput(
        given_name="Katherine", family_name="Okafor", emails=["kat@example.org"]))
    with services.db.write() as session:
        session.add_all([MergeConflict(person_id=person.id, field="given_name", existing_value="Katherine",
                                       incoming_value="Kate"),
                         MergeConflict(person_id=person.id, field="email", existing_value="kat@example.org",
                                       incoming_value="KATE@example.org ")])
    first, second = (c.id for c in services.review.conflicts())
    services.review.resolve_conflict(first, "both")
    services.review.resolve_conflict(second, "both")
    row = services.people.get(person.id)
    assert row.notes == "Given name also given as: Kate"
    assert row.emails == ("kat@example.org", "kate@example.org")
    assert row.given_name == "Katherine"


def test_unknown_ids_and_actions_are_plain_errors(services: Services) -> None:
    with pytest.raises(NotFound, match="no conflict 99"):
        services.review.resolve_conflict(99, "keep")
    with pytest.raises(NotFound, match="no possible duplicate 99"):
        services.review.not_same(99)


LOOKALIKE_HEADER = ["uuid", "First", "Last", "Email"]


def test_not_the_same_person_is_never_proposed_again(services: Services, tmp_path: Path) -> None:
    services.imports.run(write_csv(tmp_path / "a.csv", [["First", "Last", "Email"],
                                                        ["Ana", "Silva", "ana@example.org"]]), "people")
    second = "0190a000-0000-7000-8000-000000000001"
    rows = [LOOKALIKE_HEADER, [second, "Ana", "Silva", "ana.s@example.net"]]
    report = services.imports.run(write_csv(tmp_path / "b.csv", rows), "people")
    [pair] = services.review.duplicates()
    assert {pair.person_uuid, pair.other_uuid} >= {second}
    services.review.not_same(pair.id)
    assert services.review.duplicates() == [] and services.review.counts().duplicates == 0
    # The file is undone (the second Ana goes) and imported again: she comes back, with her uuid, unproposed.
    assert report.batch is not None
    services.imports.undo(report.batch)
    again = services.imports.run(write_csv(tmp_path / "b.csv", rows), "people")
    assert (again.created, again.possible_duplicates) == (1, 0)
    assert services.review.duplicates() == []
    # Someone new with the same name is still proposed, against both.
    services.imports.run(write_csv(tmp_path / "c.csv", [["First", "Last", "Email"],
                                                        ["Ana", "Silva", "third@example.org"]]), "people")
    assert len(services.review.duplicates()) == 2


def test_repeated_names_are_told_apart_by_uuid(services: Services, tmp_path: Path) -> None:
    services.imports.run(write_csv(tmp_path / "a.csv", [["First", "Last", "Email"],
                                                        *[["José", "García", f"jose{i}@example.org"] for i in range(4)]]),
                         "people")
    pairs = services.review.duplicates()
    assert len(pairs) == 1 + 2 + 3  # each new José is proposed against those before him (three at most)
    assert all(p.person_name == p.other_name == "José García" for p in pairs)
    assert all(p.person_uuid != p.other_uuid for p in pairs)
    first = pairs[0]
    result = services.review.merge(first.other_id, first.person_id, duplicate_id=first.id)
    assert services.people.count() == 3
    assert all(first.person_id not in (p.person_id, p.other_id) for p in services.review.duplicates())
    assert services.review.preview(result.survivor_id, pairs[-1].person_id).survivor.name == "José García"
