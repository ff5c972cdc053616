"""A people import's length limits are the columns' own, and a row past one is named and rejected."""

from __future__ import annotations

from typing import Any

import pytest

from organizer.services.importing import lengths
from organizer.services.importing.cleaning import Candidate
from organizer.storage.models import Person, PhoneNumber, PostalAddress, Tag


def length_of(column: Any) -> int:
    return int(column.type.length)


def test_the_limits_are_the_columns_lengths() -> None:
    people = Person.__table__.c
    assert {key: limit for key, (_label, limit) in lengths.NAME_LIMITS.items()} == {
        key: length_of(people[key]) for key in lengths.NAME_LIMITS}
    addresses = PostalAddress.__table__.c
    assert {key: limit for key, (_label, limit) in lengths.ADDRESS_LIMITS.items()} == {
        key: length_of(addresses[key]) for key in lengths.ADDRESS_LIMITS}
    assert length_of(addresses["street_key"]) == lengths.STREET_KEY
    assert length_of(people["gender_pronouns"]) == lengths.PRONOUNS
    assert (length_of(people["name_key"]), length_of(people["family_key"])) == (lengths.NAME_KEY, lengths.FAMILY_KEY)
    assert length_of(PhoneNumber.__table__.c["extension"]) == lengths.EXTENSION
    assert length_of(Tag.__table__.c["name"]) == lengths.TAG


def test_a_row_that_fits_passes() -> None:
    c = Candidate(1, names={"given_name": "Ana", "family_name": "Silva"}, address={"street": "12 Main St"},
                  phones=[("+19195551234", "12", "mobile")], tags=["member"], name_key="ana silva")
    assert lengths.overlong(c, "12 MAIN ST") is None


@pytest.mark.parametrize(("candidate", "street", "named"), [
    (Candidate(1, names={"given_name": "A" * 201}), "", "first name is longer than 200"),
    (Candidate(1, names={"honorific_prefix": "D" * 51}), "", "title is longer than 50"),
    (Candidate(1, pronouns="p" * 51), "", "pronouns is longer than 50"),
    (Candidate(1, address={"locality": "R" * 201}), "", "city is longer than 200"),
    (Candidate(1, addresses=[{"street": "1" * 301}]), "", "street address is longer than 300"),
    (Candidate(1, phones=[("+19195551234", "9" * 17, "work")]), "", "phone extension is longer than 16"),
    (Candidate(1, tags=["ok", "t" * 101]), "", "tag is longer than 100"),
    (Candidate(1, family_key="k" * 201), "", "the name or the street is too long"),
    (Candidate(1), "S" * 301, "the name or the street is too long"),
])
def test_a_value_past_its_limit_is_named(candidate: Candidate, street: str, named: str) -> None:
    reason = lengths.overlong(candidate, street)
    assert reason is not None and named in reason
