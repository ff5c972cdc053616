"""Matching a signer to voters: abbreviations, case, accents, units and slips match; repeated names never on name alone."""

from __future__ import annotations

import pytest

from organizer.domain.addresses import parse_street
from organizer.domain.signer_match import Grade, MatchKeys, decide, grade, signer_keys, voter_keys


def voter(given: str, family: str, street: str, postal: str = "27601") -> MatchKeys:
    where = parse_street(street)
    return voter_keys(given, family, where.number_value, where.number, where.street, where.unit, postal)


ANA = voter("ANA", "SILVA", "12 N MAIN ST")


@pytest.mark.parametrize(("given", "family", "address", "postal"), [
    ("Ana", "Silva", "12 North Main Street", "27601"),
    ("ana", "SILVA", "12 n. main st.", ""),
    ("Ána", "Sílva", "12 N Main St", "27601-1234"),
    ("Silva", "Ana", "12 N Main St", "27601"),  # name parts swapped
    ("Ana", "Silva", "12 N Main", "27601"),  # street type left out
])
def test_the_same_voter_written_differently_is_the_same(given: str, family: str, address: str, postal: str) -> None:
    assert grade(signer_keys(given, family, address, postal), ANA).grade is Grade.SAME


@pytest.mark.parametrize(("given", "family", "address"), [
    ("Ana", "Slva", "12 N Main St"),  # a letter dropped from the family name
    ("Aan", "Silva", "12 N Main St"),  # letters swapped in the given name
    ("Ana", "Silva", "13 N Main St"),  # the house number one digit off
])
def test_a_slip_of_the_pen_is_close_not_the_same(given: str, family: str, address: str) -> None:
    assert grade(signer_keys(given, family, address, "27601"), ANA).grade is Grade.CLOSE


def test_a_missing_unit_still_matches_but_another_unit_does_not() -> None:
    flat = voter("Wei", "Chen", "813 Kimberly Cliff Apt. 762")
    assert grade(signer_keys("Wei", "Chen", "813 Kimberly Clf", ""), flat).grade is Grade.SAME
    assert grade(signer_keys("Wei", "Chen", "813 Kimberly Cliff Apt 5", ""), flat).grade is Grade.CLOSE


def test_a_family_member_at_the_same_address_is_not_the_signer() -> None:
    leo = voter("LEO", "SILVA", "12 N MAIN ST")
    outcome = decide(signer_keys("Ana", "Silva", "12 N Main St", "27601"), [(1, ANA), (2, leo)])
    assert (outcome.voter, outcome.review, outcome.reason) == (1, False, "")


def test_the_same_name_at_another_address_is_never_a_match() -> None:
    elsewhere = voter("Ana", "Silva", "400 Oak Ave")
    outcome = decide(signer_keys("Ana", "Silva", "12 N Main St", "27601"), [(7, elsewhere)])
    assert (outcome.voter, outcome.review, outcome.reason) == (None, False, "registered_elsewhere")


def test_two_voters_of_the_same_name_at_the_address_go_to_review() -> None:
    twin = voter("Ana", "Silva", "12 N Main St")
    outcome = decide(signer_keys("Ana", "Silva", "12 N Main St", "27601"), [(1, ANA), (2, twin)])
    assert outcome.voter is None and outcome.review and outcome.reason == "several_voters"
    assert {c.voter for c in outcome.candidates} == {1, 2}


def test_a_weak_match_goes_to_review_with_the_candidate_shown() -> None:
    outcome = decide(signer_keys("Ana", "Slva", "12 N Main St", "27601"), [(1, ANA)])
    assert (outcome.voter, outcome.review, outcome.reason) == (None, True, "weak_match")
    assert [c.voter for c in outcome.candidates] == [1]


def test_a_signer_without_an_address_goes_to_review() -> None:
    outcome = decide(signer_keys("Ana", "Silva", "", ""), [(1, ANA)])
    assert (outcome.voter, outcome.review, outcome.reason) == (None, True, "no_address")
    assert [c.voter for c in outcome.candidates] == [1]


def test_another_zip_is_another_address() -> None:
    assert grade(signer_keys("Ana", "Silva", "12 N Main St", "27999"), ANA).grade is Grade.NAME_ONLY


def test_no_candidates_is_not_registered() -> None:
    outcome = decide(signer_keys("Kim", "Lee", "5 Elm St", ""), [])
    assert (outcome.voter, outcome.review, outcome.reason) == (None, False, "no_voter")
