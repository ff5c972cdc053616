"""Near matches go to review, never valid on their own: a common nickname, a ZIP one slip off."""

from __future__ import annotations

import pytest

from organizer.domain.addresses import parse_street
from organizer.domain.nicknames import is_nickname_pair
from organizer.domain.signer_match import Grade, MatchKeys, decide, grade, postal_slip, signer_keys, voter_keys


def voter(given: str, family: str, street: str, postal: str = "27601") -> MatchKeys:
    where = parse_street(street)
    return voter_keys(given, family, where.number_value, where.number, where.street, where.unit, postal)


@pytest.mark.parametrize(("signed", "registered"), [
    ("Bob", "ROBERT"), ("Bill", "WILLIAM"), ("Liz", "ELIZABETH"), ("Kate", "KATHERINE"), ("Peggy", "MARGARET"),
    ("Dan", "DANIEL"),  # a short form that starts the name
    ("Robert", "BOB"),  # either way round
])
def test_a_nickname_at_the_registered_address_goes_to_review(signed: str, registered: str) -> None:
    roll = voter(registered, "OKAFOR", "14 N MAIN ST")
    assert grade(signer_keys(signed, "Okafor", "14 N Main St", "27601"), roll).grade is Grade.CLOSE
    outcome = decide(signer_keys(signed, "Okafor", "14 N Main St", "27601"), [(1, roll)])
    assert (outcome.voter, outcome.review, outcome.reason) == (None, True, "weak_match")
    assert [c.voter for c in outcome.candidates] == [1]


@pytest.mark.parametrize(("a", "b", "same"), [
    ("bob", "robert", True), ("bob", "rob", True), ("liz", "beth", True), ("harry", "henry", True),
    ("henry", "harold", False),  # two names that share a nickname are not one name
    ("bob", "william", False), ("paul", "paula", False), ("bob", "bob", False), ("", "bob", False),
])
def test_the_nickname_table(a: str, b: str, same: bool) -> None:
    assert is_nickname_pair(a, b) is same


def test_another_given_name_is_not_a_nickname() -> None:
    roll = voter("WILLIAM", "OKAFOR", "14 N MAIN ST")
    assert grade(signer_keys("Bob", "Okafor", "14 N Main St", "27601"), roll).grade is Grade.NONE


@pytest.mark.parametrize("postal", ["27602", "27610", "27691"])
def test_a_zip_one_slip_off_at_the_same_house_goes_to_review(postal: str) -> None:
    roll = voter("ANA", "SILVA", "12 N MAIN ST")
    assert grade(signer_keys("Ana", "Silva", "12 N Main St", postal), roll).grade is Grade.CLOSE
    outcome = decide(signer_keys("Ana", "Silva", "12 N Main St", postal), [(1, roll)])
    assert (outcome.voter, outcome.review, outcome.reason) == (None, True, "weak_match")


@pytest.mark.parametrize(("postal", "street"), [
    ("27999", "12 N Main St"),  # more than one slip: another ZIP
    ("27602", "13 N Main St"),  # a slip in the ZIP and another in the house number
    ("27602", "12 Oak Ave"),  # another street
])
def test_a_zip_slip_with_anything_else_off_is_another_address(postal: str, street: str) -> None:
    roll = voter("ANA", "SILVA", "12 N MAIN ST")
    assert grade(signer_keys("Ana", "Silva", street, postal), roll).grade is Grade.NAME_ONLY


def test_what_a_zip_slip_is() -> None:
    assert postal_slip("27601", "27602") and postal_slip("27601", "27610")
    assert not postal_slip("27601", "27601") and not postal_slip("27601", "27999")
    assert not postal_slip("27601", "2760") and not postal_slip("2760A", "27601")
