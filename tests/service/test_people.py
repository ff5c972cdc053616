"""People service on a real SQLite file: add, edit, delete, search, filters."""

from __future__ import annotations

import pytest

from organizer.errors import NotFound, ValidationFailed
from organizer.services.container import Services
from organizer.services.people import NO_VOLUNTEER, PeopleQuery
from organizer.services.person_input import PersonInput
from organizer.services.volunteers import VolunteerInput


def add(services: Services, given: str, family: str, **kw: object) -> int:
    return services.people.add(PersonInput(given_name=given, family_name=family, **kw)).id  # type: ignore[arg-type]


def test_add_stores_e164_phones_and_lowercase_emails(services: Services) -> None:
    row = services.people.add(
        PersonInput(given_name="Ana", family_name="Silva", emails=[" Ana@Example.ORG "], phones=["(919) 555-0101"],
                    postal_code="2134", tags=["Teacher"])
    )
    assert row.emails == ("ana@example.org",)
    assert row.phones == ("+19195550101",)
    assert row.phones_display == ("(919) 555-0101",)
    assert row.postal_code == "02134"
    assert row.tags == ("Teacher",)
    assert len(row.uuid) == 36


def test_invalid_values_are_named_per_field(services: Services) -> None:
    with pytest.raises(ValidationFailed) as info:
        services.people.add(PersonInput(given_name="Ana", emails=["ana-at-example"], phones=["555-12"]))
    assert set(info.value.problems) == {"emails", "phones"}
    assert services.people.count() == 0


def test_a_person_needs_something_that_identifies_them(services: Services) -> None:
    with pytest.raises(ValidationFailed) as info:
        services.people.add(PersonInput(notes="just a note"))
    assert "given_name" in info.value.problems


def test_names_are_one_line_and_no_longer_than_they_can_be_stored(services: Services) -> None:
    ana = services.people.add(PersonInput(given_name="Ana\tMaria", family_name="New\nLine", notes="two\nlines"))
    stored = services.people.get(ana.id)
    assert (stored.given_name, stored.family_name, stored.notes) == ("Ana Maria", "New Line", "two\nlines")
    with pytest.raises(ValidationFailed) as info:
        services.people.add(PersonInput(given_name="A" * 10_000, family_name="Silva"))
    assert "at most 200 characters" in info.value.problems["given_name"]
    assert services.people.count() == 1


def test_update_replaces_fields_and_keeps_the_uuid(services: Services) -> None:
    row = services.people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["a@example.org"]))
    updated = services.people.update(
        row.id, PersonInput(given_name="Ana", family_name="Silva-Reyes", emails=["b@example.org", "a@example.org"])
    )
    assert updated.uuid == row.uuid
    assert updated.family_name == "Silva-Reyes"
    assert updated.emails == ("b@example.org", "a@example.org")
    assert services.people.search_ids(PeopleQuery(text="reyes")) == [row.id]


def test_delete_removes_people_and_their_details(services: Services) -> None:
    pid = add(services, "Ana", "Silva", emails=["a@example.org"])
    other = add(services, "Leo", "Chen")
    assert services.people.delete([pid]) == 1
    assert services.people.search_ids(PeopleQuery()) == [other]
    with pytest.raises(NotFound):
        services.people.get(pid)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ana", ["Ana"]),
        ("SILVA", ["Ana"]),
        ("josé", ["José"]),
        ("jose", ["José"]),
        ("chen@example", ["Leo"]),
        ("919 555 0102", ["Leo"]),
        ("(919) 555-0102", ["Leo"]),
        ("5550102", ["Leo"]),
        ("ana silva", ["Ana"]),
        ("nobody", []),
        ("%", []),
    ],
)
def test_search_by_name_email_or_phone(services: Services, query: str, expected: list[str]) -> None:
    add(services, "Ana", "Silva")
    add(services, "Leo", "Chen", emails=["leo.chen@example.org"], phones=["919-555-0102"])
    add(services, "José", "Martínez")
    found = services.people.rows(services.people.search_ids(PeopleQuery(text=query)))
    assert [r.given_name for r in found] == expected


def test_filter_by_tag_and_volunteer_status(services: Services) -> None:
    a = add(services, "Ana", "Silva", tags=["Teacher"])
    b = add(services, "Leo", "Chen", tags=["Teacher", "Parent"])
    c = add(services, "Kim", "Lee")
    services.volunteers.save(b, VolunteerInput(status="active"))
    services.volunteers.save(c, VolunteerInput(status="alumni"))
    assert services.people.search_ids(PeopleQuery(tag="Teacher")) == [b, a]
    assert services.people.search_ids(PeopleQuery(volunteer_status="active")) == [b]
    assert services.people.search_ids(PeopleQuery(volunteer_status=NO_VOLUNTEER)) == [a]
    assert services.people.search_ids(PeopleQuery(tag="Teacher", volunteer_status="active")) == [b]


def test_sort_by_name_both_ways(services: Services) -> None:
    ids = [add(services, g, f) for g, f in [("Ana", "Silva"), ("Leo", "Chen"), ("Zoë", "Adams")]]
    assert services.people.search_ids(PeopleQuery()) == [ids[2], ids[1], ids[0]]
    assert services.people.search_ids(PeopleQuery(descending=True)) == [ids[0], ids[1], ids[2]]


def test_tags_count_rename_and_untag(services: Services) -> None:
    a = add(services, "Ana", "Silva", tags=["Teacher"])
    b = add(services, "Leo", "Chen")
    assert services.tags.tag_people("Teacher", [a, b]) == 1
    [tag] = services.tags.list()
    assert (tag.name, tag.people) == ("Teacher", 2)
    services.tags.rename(tag.id, "Educator")
    assert services.people.get(b).tags == ("Educator",)
    assert services.tags.untag_people("Educator", [a]) == 1
    with pytest.raises(ValidationFailed):
        services.tags.rename(tag.id, " ")


def test_volunteer_profile_round_trip(services: Services) -> None:
    lead = add(services, "Kim", "Lee")
    pid = add(services, "Ana", "Silva", emails=["a@example.org"])
    services.volunteers.save(pid, VolunteerInput(status="active", engagement_level="took_shift",
                                                 skills=["Spanish", "Driving", "Spanish"], point_person_id=lead))
    row = services.volunteers.get(pid)
    assert row is not None
    assert (row.status, row.engagement_level, row.skills, row.point_person) == (
        "active", "took_shift", ("Spanish", "Driving"), "Kim Lee")
    assert [r.person_id for r in services.volunteers.list(status="inactive")] == []
    with pytest.raises(ValidationFailed):
        services.volunteers.save(pid, VolunteerInput(status="retired"))
    services.volunteers.remove(pid)
    assert services.volunteers.get(pid) is None
    assert services.people.get(pid).given_name == "Ana"


def test_stats_count_every_kind(services: Services) -> None:
    add(services, "Ana", "Silva", tags=["Teacher"])
    counts = services.stats.counts()
    assert counts["people"] == 1 and counts["tags"] == 1
    assert set(counts) == {"people", "volunteers", "prospects", "petitions", "signatures", "events",
                           "attendances", "voters", "tags", "imports"}


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("email", ["Leo", "Zoë", "Ana"]),
        ("phone", ["Zoë", "Leo", "Ana"]),
        ("postal_code", ["Leo", "Ana", "Zoë"]),
        ("tags", ["Zoë", "Ana", "Leo"]),
        ("volunteer", ["Ana", "Zoë", "Leo"]),
    ],
)
def test_sort_by_other_columns_puts_empty_values_last(services: Services, sort: str, expected: list[str]) -> None:
    a = add(services, "Ana", "Silva", postal_code="27601", tags=["Teacher"])
    add(services, "Leo", "Chen", emails=["a@example.org"], phones=["919-555-0199"], postal_code="02134")
    z = add(services, "Zoë", "Adams", emails=["b@example.org"], phones=["919-555-0101"], tags=["Parent"])
    services.volunteers.save(a, VolunteerInput(status="active"))
    services.volunteers.save(z, VolunteerInput(status="inactive"))
    found = services.people.rows(services.people.search_ids(PeopleQuery(sort=sort)))
    assert [r.given_name for r in found] == expected


def test_a_short_zip_typed_in_the_form_is_a_typo_not_padded(services: Services) -> None:
    with pytest.raises(ValidationFailed) as info:
        services.people.add(PersonInput(given_name="Ana", postal_code="123"))
    assert info.value.problems == {"postal_code": "a US ZIP code has 5 digits"}
    assert services.people.add(PersonInput(given_name="Ana", postal_code="02134-1234")).postal_code == "02134-1234"


@pytest.mark.parametrize(
    ("given", "family", "typed"),
    [("Łukasz", "Nowak", "lukasz"), ("Zoë", "Ærøskøbing", "zoe aeroskobing"), ("Đorđe", "Weiß", "dorde weiss"),
     ("Sean", "O’Brien", "o'brien"), ("Ana", "Silva", "ANA silva")],
)
def test_search_folds_as_matching_does(services: Services, given: str, family: str, typed: str) -> None:
    pid = add(services, given, family)
    add(services, "Someone", "Else")
    assert services.people.search_ids(PeopleQuery(text=typed)) == [pid]
    assert services.people.search_ids(PeopleQuery(text=f"{given} {family}")) == [pid]



def test_a_first_page_brings_the_rows_and_the_total_once_every_match_is_there(services: Services) -> None:
    for i in range(5):
        add(services, "Ana", "Silva", emails=[f"ana{i}@example.org"])  # one name, five people
    add(services, "Bo", "Chen")
    query = PeopleQuery(text="silva")
    for size in (2, 10):
        page = services.people.first_page(query, size)
        ids, complete = services.people.first_ids(query, size)
        assert (page.ids, page.complete) == (ids, complete)
        assert page.rows == services.people.rows(ids[:size])
        assert len(page.rows) == min(size, 5)
        assert page.total == (6 if complete else None)
