"""Volunteer search by skill and language, phones on the rows, removing several profiles at once."""

from __future__ import annotations

import pytest

from organizer.services.changes import VOLUNTEERS, Change
from organizer.services.container import Services
from organizer.services.people import PersonInput
from organizer.services.volunteers import VolunteerInput


def volunteer(services: Services, given: str, family: str, skills: list[str], languages: list[str],
              **kw: object) -> int:
    pid = services.people.add(PersonInput(given_name=given, family_name=family, **kw)).id  # type: ignore[arg-type]
    services.volunteers.save(pid, VolunteerInput(skills=skills, languages=languages))
    return pid


@pytest.fixture
def crew(services: Services) -> dict[str, int]:
    return {
        "ana": volunteer(services, "Ana", "Silva", ["Canvassing", "Data entry"], ["Português", "English"]),
        "bo": volunteer(services, "Bo", "Chen", ["Phone banking"], ["Cantonese", "English"]),
        "cy": volunteer(services, "Cy", "Silva", ["Canvassing"], ["Español"], phones=["919-555-0101"]),
        "di": volunteer(services, "Di", "Park", [], [], emails=["di@example.org"]),
    }


def ids(services: Services, text: str, status: str = "") -> list[int]:
    return [r.person_id for r in services.volunteers.list(text, status)]


def test_search_covers_skills_and_languages_folded(services: Services, crew: dict[str, int]) -> None:
    assert ids(services, "canvass") == [crew["ana"], crew["cy"]]
    assert ids(services, "PORTUGUES") == [crew["ana"]]
    assert ids(services, "espanol") == [crew["cy"]]
    assert ids(services, "english") == [crew["bo"], crew["ana"]]
    assert ids(services, "phone banking") == [crew["bo"]]


def test_every_word_must_match_somewhere(services: Services, crew: dict[str, int]) -> None:
    assert ids(services, "silva canvassing") == [crew["ana"], crew["cy"]]
    assert ids(services, "silva espanol") == [crew["cy"]]
    assert ids(services, "chen canvassing") == []
    assert ids(services, "di@example") == [crew["di"]]
    assert ids(services, "919555") == [crew["cy"]]


def test_search_and_status_together(services: Services, crew: dict[str, int]) -> None:
    services.volunteers.save(crew["cy"], VolunteerInput(status="inactive", skills=["Canvassing"]))
    assert ids(services, "canvassing", "active") == [crew["ana"]]
    assert ids(services, "canvassing", "inactive") == [crew["cy"]]


def test_rows_carry_the_first_phone_as_written_locally(services: Services, crew: dict[str, int]) -> None:
    rows = {r.person_id: r for r in services.volunteers.list()}
    assert rows[crew["cy"]].phone == "(919) 555-0101"
    assert rows[crew["ana"]].phone == ""
    assert (rows[crew["cy"]].name, rows[crew["cy"]].list_name) == ("Cy Silva", "Silva, Cy")


def test_remove_many_keeps_the_people_and_says_so_once(services: Services, crew: dict[str, int]) -> None:
    heard: list[Change] = []
    services.changes.subscribe(heard.append)
    assert services.volunteers.remove_many([crew["ana"], crew["bo"], crew["ana"]]) == 2
    assert ids(services, "") == [crew["di"], crew["cy"]]
    assert services.people.get(crew["ana"]).given_name == "Ana"
    assert [c.kinds for c in heard] == [frozenset({VOLUNTEERS})]
    assert services.volunteers.remove_many([crew["ana"]]) == 0
    assert len(heard) == 1
