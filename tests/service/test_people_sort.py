"""The People list's order: by what each column shows, empty values last in both directions."""

from __future__ import annotations

import pytest

from organizer.services import people_sort
from organizer.services.container import Services
from organizer.services.people import PeopleQuery, PersonInput
from organizer.services.people_sort import ordered_ids
from organizer.services.volunteers import VolunteerInput
from organizer.storage.models import Person


def add(services: Services, given: str, family: str, **kw: object) -> int:
    return services.people.add(PersonInput(given_name=given, family_name=family, **kw)).id  # type: ignore[arg-type]


def order(services: Services, sort: str, descending: bool, text: str = "") -> list[str]:
    ids = services.people.search_ids(PeopleQuery(text=text, sort=sort, descending=descending))
    return [f"{r.given_name} {r.family_name}".strip() or r.emails[0] for r in services.people.rows(ids)]


@pytest.fixture
def chapter(services: Services) -> None:
    """Repeated names, people without a family name and one without any name."""
    add(services, "Ana", "Silva", emails=["zed@example.org", "aaa@example.org"], phones=["919-555-0199"],
        postal_code="27601", tags=["teacher"])
    add(services, "Ana", "Silva", emails=["mid@example.org"], postal_code="02134", tags=["Parent", "Zeta"])
    add(services, "Bo", "Chen", phones=["919-555-0100", "919-555-0001"], tags=["Has car"])
    add(services, "Cher", "")
    add(services, "", "", emails=["nameless@example.org"])
    add(services, "Zoë", "Adams", postal_code="27610")


@pytest.mark.parametrize("searching", ["", "example"])
def test_names_sort_by_family_with_the_empty_last_both_ways(services: Services, chapter: None,
                                                             searching: str) -> None:
    up = order(services, "name", False)
    assert up == ["Zoë Adams", "Bo Chen", "Ana Silva", "Ana Silva", "Cher", "nameless@example.org"]
    down = order(services, "name", True)
    assert down == ["Ana Silva", "Ana Silva", "Bo Chen", "Zoë Adams", "Cher", "nameless@example.org"]
    if searching:
        assert order(services, "name", True, searching) == ["Ana Silva", "Ana Silva", "nameless@example.org"]


@pytest.mark.parametrize(
    ("sort", "ascending", "empty"),
    [
        # The email and phone shown first (the primary) are what the rows sort by, not the smallest one.
        ("email", ["mid@example.org", "nameless@example.org", "zed@example.org"], 3),
        ("phone", ["+19195550100", "+19195550199"], 4),
        ("postal_code", ["02134", "27601", "27610"], 3),
        ("tags", ["Has car", "Parent", "teacher"], 3),
    ],
)
def test_other_columns_keep_empty_values_last_both_ways(services: Services, chapter: None, sort: str,
                                                        ascending: list[str], empty: int) -> None:
    for descending in (False, True):
        ids = services.people.search_ids(PeopleQuery(sort=sort, descending=descending))
        rows = services.people.rows(ids)
        shown = [_shown(r, sort) for r in rows]
        assert shown[: len(ascending)] == (ascending[::-1] if descending else ascending)
        assert shown[len(ascending):] == [""] * empty


def _shown(row: object, sort: str) -> str:
    value = {"email": "emails", "phone": "phones", "tags": "tags"}.get(sort)
    if value is None:
        return str(getattr(row, sort))
    values = getattr(row, value)
    return str(values[0]) if values else ""


def test_volunteer_status_sorts_with_non_volunteers_last(services: Services) -> None:
    a = add(services, "Ana", "Silva")
    b = add(services, "Bo", "Chen")
    add(services, "Cy", "Diaz")
    services.volunteers.save(a, VolunteerInput(status="active"))
    services.volunteers.save(b, VolunteerInput(status="inactive"))
    assert order(services, "volunteer", False) == ["Ana Silva", "Bo Chen", "Cy Diaz"]
    assert order(services, "volunteer", True) == ["Bo Chen", "Ana Silva", "Cy Diaz"]


def test_given_name_sort_ignores_case_and_puts_the_nameless_last(services: Services) -> None:
    add(services, "bo", "Chen")
    add(services, "", "Zed")
    add(services, "Ana", "Silva")
    assert order(services, "given_name", False) == ["Ana Silva", "bo Chen", "Zed"]
    assert order(services, "given_name", True) == ["bo Chen", "Ana Silva", "Zed"]


SORTS = ["name", "email", "phone", "postal_code", "tags", "volunteer", "given_name", "modified", "created"]


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("text", ["", "example", "ana"])
def test_a_first_page_is_the_start_of_the_whole_order(services: Services, chapter: None, sort: str,
                                                      text: str) -> None:
    add(services, "", "", emails=["another.nameless@example.org"])
    add(services, "Cher", "", emails=["cher2@example.org"])
    for descending in (False, True):
        query = PeopleQuery(text=text, sort=sort, descending=descending)
        everyone = services.people.search_ids(query)
        filtered = (lambda stmt: stmt.where(Person.search_text.contains(text))) if text else (lambda stmt: stmt)
        for size in range(1, len(everyone) + 2):
            with services.db.read() as session:
                page = ordered_ids(session, filtered, sort, descending, searching=bool(text), limit=size)
            assert page == everyone[:size], (size, descending)
            ids, complete = services.people.first_ids(query, size)
            assert ids[:size] == everyone[:size]
            assert ids == everyone if complete else len(ids) == size


@pytest.mark.parametrize("text", ["example", "ana"])
def test_a_first_page_of_a_search_with_more_matches_than_are_sorted_whole(
        services: Services, chapter: None, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past SORTED_MATCHES matches a search's first page comes from the ordered scans: the same page."""
    monkeypatch.setattr(people_sort, "SORTED_MATCHES", 1)
    add(services, "", "", emails=["another.nameless@example.org"])
    add(services, "Cher", "", emails=["cher2@example.org"])
    filtered = lambda stmt: stmt.where(Person.search_text.contains(text))  # noqa: E731
    for descending in (False, True):
        everyone = services.people.search_ids(PeopleQuery(text=text, descending=descending))
        for size in range(1, len(everyone) + 2):
            with services.db.read() as session:
                page = ordered_ids(session, filtered, "name", descending, searching=True, limit=size)
            assert page == everyone[:size], (size, descending)
