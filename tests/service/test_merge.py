"""Merging two people: everything moves to the survivor, the other's uuid lands there, and undo puts it all back."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from organizer.errors import NotFound, UserError
from organizer.services.container import Services
from organizer.services.people import PeopleQuery
from organizer.services.person_input import PersonInput
from organizer.storage.identity import person_id_for_uuid
from organizer.storage.models import PersonAlias, PossibleDuplicate, Tombstone, Volunteer
from tests.service.importing_helpers import write_csv
from tests.service.merge_helpers import count, dump, two_people

PER_PERSON = ("SELECT count(*) FROM {table} WHERE {column} = :p")


def _owned(services: Services, person_id: int) -> dict[str, int]:
    tables = {"attendances": "person_id", "signatures": "person_id", "contact_attempts": "person_id",
              "prospects": "person_id", "voters": "person_id", "list_members": "person_id", "taggings": "person_id",
              "email_addresses": "person_id", "phone_numbers": "person_id", "postal_addresses": "person_id",
              "volunteers": "person_id", "merge_conflicts": "person_id", "events": "contact_id"}
    return {t: count(services, PER_PERSON.format(table=t, column=c), p=person_id) for t, c in tables.items()}


def test_a_merge_moves_every_record_to_the_survivor(services: Services) -> None:
    ana, other = two_people(services)
    mine, theirs = _owned(services, ana), _owned(services, other)
    other_uuid = services.people.get(other).uuid
    result = services.review.merge(ana, other)
    after = _owned(services, ana)
    assert _owned(services, other) == dict.fromkeys(theirs, 0)
    # Copies the survivor had (an email, a phone, the shared event, a tag, the volunteer profile) count once.
    shared = {"email_addresses": 1, "phone_numbers": 1, "attendances": 1, "taggings": 1, "volunteers": 1}
    assert after == {t: mine[t] + theirs[t] - shared.get(t, 0) for t in mine}
    assert result.dropped == 4 and result.merged_uuid == other_uuid
    emails = count(services, "SELECT count(*) FROM email_addresses WHERE person_id = :p", p=ana)
    assert emails == count(services, "SELECT count(DISTINCT address) FROM email_addresses WHERE person_id = :p", p=ana)
    assert count(services, "SELECT count(*) FROM phone_numbers WHERE person_id = :p", p=ana) == count(
        services, "SELECT count(DISTINCT number) FROM phone_numbers WHERE person_id = :p", p=ana)
    assert count(services, "SELECT count(*) FROM contact_attempts WHERE canvasser_id = :p", p=other) == 0
    assert count(services, "SELECT count(*) FROM prospects WHERE organizer_id = :p", p=ana) > 0
    assert services.people.count() == 1


def test_the_survivor_keeps_its_values_and_fills_the_rest(services: Services) -> None:
    ana, other = two_people(services)
    services.review.merge(ana, other)
    row = services.people.get(ana)
    assert (row.given_name, row.additional_name, row.gender_pronouns) == ("Ana", "M", "she/her")
    assert dict(row.custom_fields) == {"Employer": "Library", "Shirt": "M"}
    assert "do_not_call" in row.flags  # a do-not-contact flag on either holds
    assert set(row.tags) == {"Door knocker", "Parent"}
    with services.db.read() as session:
        profile = session.scalars(select(Volunteer).where(Volunteer.person_id == ana)).one()
    assert (profile.skills, profile.engagement_level, profile.availability) == (
        ["Canvassing", "Driving"], "leads_team", "weekends")
    assert services.people.search_ids(PeopleQuery(text="ana.silva@example.net")) == [ana]


def test_a_per_field_choice_takes_the_other_value(services: Services) -> None:
    ana, other = two_people(services)
    services.review.merge(ana, other, {"custom_fields": "other", "do_not_call": "survivor"})
    row = services.people.get(ana)
    assert dict(row.custom_fields) == {"Shirt": "M", "Employer": "School"}
    assert "do_not_call" not in row.flags


def test_records_naming_the_merged_uuid_land_on_the_survivor(services: Services, tmp_path: Path) -> None:
    ana, other = two_people(services)
    other_uuid = services.people.get(other).uuid
    services.review.merge(ana, other)
    with services.db.read() as session:
        assert person_id_for_uuid(session, other_uuid) == ana
        assert session.scalar(select(Tombstone.id).where(Tombstone.uuid == other_uuid)) is None
    report = services.imports.run(write_csv(tmp_path / "share.csv", [
        ["uuid", "First", "Last", "Email"], [other_uuid, "Ana", "Silva", "ana.new@example.org"]]), "people")
    assert (report.created, report.updated) == (0, 1)
    assert "ana.new@example.org" in services.people.get(ana).emails


def test_undo_puts_everything_back_exactly(services: Services) -> None:
    ana, other = two_people(services)
    before = dump(services)
    result = services.review.merge(ana, other)
    assert dump(services) != before
    undone = services.review.undo_merge(result.merge_id)
    assert undone.restored_id == other
    assert dump(services) == before
    assert services.review.merges()[0].undone_at is not None
    with pytest.raises(UserError, match="already undone"):
        services.review.undo_merge(result.merge_id)


def test_undo_keeps_what_changed_on_the_survivor_since(services: Services) -> None:
    ana, other = two_people(services, records=1)
    result = services.review.merge(ana, other)
    services.people.update(ana, PersonInput(given_name="Ana", family_name="Silva-Costa", emails=["ana@example.org"]))
    services.review.undo_merge(result.merge_id)
    assert services.people.get(ana).family_name == "Silva-Costa"
    # The edit removed the emails that had moved; the copy the merge dropped comes back to its person.
    assert services.people.get(other).emails == ("ana@example.org",)


def test_a_person_cannot_be_merged_with_themself(services: Services) -> None:
    ana, other = two_people(services, records=1)
    with pytest.raises(UserError, match="cannot be merged with themself"):
        services.review.merge(ana, ana)
    other_uuid = services.people.get(other).uuid
    services.review.merge(ana, other)
    # The merged uuid now names the survivor: merging it into them is merging them with themself.
    with pytest.raises(UserError, match="themself"):
        services.review.merge(ana, services.review.person_id(other_uuid))
    with pytest.raises(NotFound):
        services.review.person_id("00000000-0000-7000-8000-000000000000")


def test_undo_of_a_merge_whose_survivor_is_gone_is_refused(services: Services) -> None:
    ana, other = two_people(services, records=1)
    result = services.review.merge(ana, other)
    services.people.delete([ana])
    with pytest.raises(UserError, match="gone"):
        services.review.undo_merge(result.merge_id)
    with pytest.raises(NotFound):
        services.review.undo_merge(result.merge_id + 1)


def test_merging_the_proposed_pair_closes_it_and_the_alias_chain_follows(services: Services) -> None:
    ana, other = two_people(services, records=1)
    third = services.people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["third@example.org"])).id
    [pair] = services.review.duplicates()
    assert {pair.person_id, pair.other_id} == {ana, other}
    services.review.merge(ana, other, duplicate_id=pair.id)
    assert services.review.duplicates() == []
    other_uuid = services.people.get(ana).uuid
    services.review.merge(third, ana)
    with services.db.read() as session:
        aliases = set(session.scalars(select(PersonAlias.person_id)))
        assert person_id_for_uuid(session, other_uuid) == third
        assert session.scalar(select(PossibleDuplicate.status)) == "merged"
    assert aliases == {third}


def test_every_reference_to_a_person_is_one_a_merge_knows_how_to_move() -> None:
    from organizer.services.merging import HANDLED, is_link, person_references

    names = set()
    for tbl, column in person_references():
        names.add(f"{tbl.name}.{column.name}")
        single_key = len(tbl.primary_key.columns) == 1
        assert (tbl.name, column.name) in HANDLED or is_link(tbl, column) or single_key, tbl.name
    assert {"taggings.person_id", "list_members.person_id", "voters.person_id", "signatures.person_id",
            "contact_attempts.canvasser_id", "prospects.organizer_id", "walk_list_entries.person_id"} <= names


def test_a_merged_person_whose_import_was_undone_is_not_counted_nor_brought_back(services: Services,
                                                                                 tmp_path: Path) -> None:
    ana = services.people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["ana@example.org"]))
    path = write_csv(tmp_path / "members.csv", [["First name", "Last name", "Email"],
                                                ["Ana", "Silva", "ana.other@example.org"],
                                                ["Newt", "Member", "newt@example.org"]])
    report = services.imports.run(path, "people")
    assert report.created == 2 and report.batch is not None
    [twin] = [i for i in services.people.search_ids(PeopleQuery(text="Ana Silva")) if i != ana.id]
    merged = services.review.merge(ana.id, twin)
    undone = services.imports.undo(report.batch, force=True)
    assert undone.removed == 1  # Newt: the imported Ana was merged away already
    with pytest.raises(UserError, match=r"came in with import \d+, which was undone since"):
        services.review.undo_merge(merged.merge_id)
    assert [p.given_name for p in services.people.iter_all()] == ["Ana"]
