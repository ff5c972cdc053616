"""Looking up who is already in the chapter, as the person form does while you type."""

from __future__ import annotations

from organizer.services.container import Services
from organizer.services.lookups import Probe
from organizer.services.people import PersonInput


def add(services: Services, given: str, family: str, **kw: object) -> int:
    return services.people.add(PersonInput(given_name=given, family_name=family, **kw)).id  # type: ignore[arg-type]


def found(services: Services, probe: Probe) -> dict[int, tuple[str, ...]]:
    return {d.person_id: d.reasons for d in services.lookups.possible_duplicates(probe)}


def test_an_email_or_phone_of_someone_else_is_found(services: Services) -> None:
    ana = add(services, "Ana", "Silva", emails=["ana@example.org"], phones=["919-555-0101"])
    add(services, "Bo", "Chen", emails=["bo@example.org"])
    assert found(services, Probe(emails=(" Ana@Example.org ",))) == {ana: ("has the email ana@example.org",)}
    assert found(services, Probe(phones=("+1 919 555 0101",))) == {ana: ("has the phone (919) 555-0101",)}
    both = found(services, Probe(given_name="Someone", emails=("ana@example.org",), phones=("9195550101",)))
    assert both == {ana: ("has the email ana@example.org", "has the phone (919) 555-0101")}


def test_half_typed_values_find_nobody_and_raise_nothing(services: Services) -> None:
    add(services, "Ana", "Silva", emails=["ana@example.org"], phones=["919-555-0101"], postal_code="27601")
    assert found(services, Probe(emails=("ana@exa", "", "@"), phones=("919 55", "x"), postal_code="2")) == {}


def test_the_person_being_edited_is_never_their_own_duplicate(services: Services) -> None:
    ana = add(services, "Ana", "Silva", emails=["ana@example.org"], street="12 Main St", postal_code="27601")
    probe = Probe(given_name="Ana", family_name="Silva", emails=("ana@example.org",), street="12 Main Street",
                  postal_code="27601", exclude_id=ana)
    assert found(services, probe) == {}
    assert set(found(services, Probe(given_name="Ana", family_name="Silva", emails=("ana@example.org",)))) == {ana}


def test_repeated_names_are_told_apart_by_street_and_zip(services: Services) -> None:
    first = add(services, "María", "López", street="12 North Main Street", postal_code="27601",
                emails=["maria1@example.org"])
    second = add(services, "Maria", "Lopez", street="40 Oak Ave", postal_code="27605", emails=["maria2@example.org"])
    add(services, "Maria", "Lopez", postal_code="27610")
    add(services, "Mario", "Lopez", street="12 N Main St", postal_code="27601")
    # A name alone repeats too often in real lists to warn about.
    assert found(services, Probe(given_name="Maria", family_name="Lopez")) == {}
    by_street = found(services, Probe(given_name="maria", family_name="LOPEZ", street="12 N. Main St."))
    assert by_street == {first: ("same name and street",)}
    by_zip = found(services, Probe(given_name="Maria", family_name="Lopez", street="99 Elm St", postal_code="27605-1234"))
    assert by_zip == {second: ("same name and ZIP",)}
    [hit] = services.lookups.possible_duplicates(Probe(given_name="Maria", family_name="Lopez", street="40 Oak Ave"))
    assert hit.name == "Maria Lopez"
    assert hit.detail == "maria2@example.org · 40 Oak Ave, 27605"


def test_a_given_name_alone_is_not_a_name_match(services: Services) -> None:
    add(services, "Ana", "", postal_code="27601")
    assert found(services, Probe(given_name="Ana", postal_code="27601")) == {}


def test_at_most_a_handful_are_returned(services: Services) -> None:
    for i in range(8):
        add(services, "Kim", "Lee", phones=["919-555-0101"], emails=[f"kim{i}@example.org"])
    hits = services.lookups.possible_duplicates(Probe(phones=("919-555-0101",)))
    assert len(hits) == 5
    assert len({h.detail for h in hits}) == 5
