"""Saving a person with their volunteer profile is one call and one transaction: all of it, or none."""

from __future__ import annotations

import pytest

from organizer.errors import NotFound, ValidationFailed
from organizer.services.container import Services
from organizer.services.people import PersonInput
from organizer.services.volunteers import VolunteerInput


def test_a_new_person_and_their_profile_are_saved_together(services: Services) -> None:
    row = services.people.save(None, PersonInput(given_name="Ana", family_name="Silva"),
                               VolunteerInput(status="active", skills=["Canvassing", " canvassing "]))
    assert row.volunteer_status == "active"
    profile = services.volunteers.get(row.id)
    assert profile is not None and profile.name == "Ana Silva"
    assert services.people.get(row.id).volunteer_status == "active"


def test_a_refused_profile_saves_no_new_person(services: Services) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.people.save(None, PersonInput(given_name="Ana"), VolunteerInput(status="retired"))
    assert set(refused.value.problems) == {"status"}
    assert services.people.count() == 0


def test_a_refused_profile_leaves_the_person_as_they_were(services: Services) -> None:
    ana = services.people.add(PersonInput(given_name="Ana", emails=["ana@example.org"]))
    with pytest.raises(ValidationFailed):
        services.people.save(ana.id, PersonInput(given_name="Anabela", emails=["anabela@example.org"]),
                             VolunteerInput(engagement_level="hero"))
    after = services.people.get(ana.id)
    assert (after.given_name, after.emails) == ("Ana", ("ana@example.org",))


def test_a_point_person_gone_meanwhile_rolls_the_person_back(services: Services) -> None:
    """Checked inside the transaction, after the person was written: the write is undone with it."""
    bo = services.people.add(PersonInput(given_name="Bo"))
    services.people.add(PersonInput(given_name="Cy"))  # so the new person cannot take Bo's number
    services.people.delete([bo.id])
    with pytest.raises(ValidationFailed) as refused:
        services.people.save(None, PersonInput(given_name="Ana"), VolunteerInput(point_person_id=bo.id))
    assert "point_person_id" in refused.value.problems
    assert services.people.count() == 1


def test_person_and_profile_problems_come_back_together(services: Services) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.people.save(None, PersonInput(emails=["not an email"]), VolunteerInput(status="retired"))
    assert {"emails", "status"} <= set(refused.value.problems)
    assert services.people.count() == 0


def test_saving_without_a_profile_removes_the_one_they_had(services: Services) -> None:
    ana = services.people.save(None, PersonInput(given_name="Ana"), VolunteerInput())
    row = services.people.save(ana.id, PersonInput(given_name="Ana", family_name="Silva"), None)
    assert row.family_name == "Silva" and row.volunteer_status == ""
    assert services.volunteers.get(ana.id) is None


def test_saving_a_removed_person_says_so(services: Services) -> None:
    ana = services.people.add(PersonInput(given_name="Ana"))
    services.people.delete([ana.id])
    with pytest.raises(NotFound):
        services.people.save(ana.id, PersonInput(given_name="Ana"), VolunteerInput())
    assert services.people.count() == 0
