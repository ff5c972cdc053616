"""One folding rule for matching and search, and one function deriving a person's keys."""

from __future__ import annotations

import functools
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from organizer.domain.person_keys import derive_keys
from organizer.domain.search import search_terms, search_text
from organizer.domain.text import family_key, fold, name_key
from tests.migrations.older import migration_module


@pytest.mark.parametrize(
    ("stored", "typed"),
    [("Łukasz", "lukasz"), ("Zoë", "zoe"), ("Søren", "soren"), ("Đorđe", "dorde"), ("Straße", "strasse"),
     ("Ærø", "aero"), ("Œuvre", "oeuvre"), ("Þóra", "thora"), ("O’Brien", "o'brien"), ("İpek", "ipek"),
     ("Ħamrun", "hamrun")],
)
def test_search_finds_what_matching_treats_as_one(stored: str, typed: str) -> None:
    text = derive_keys(stored, "Nowak").search_text
    assert all(term in text for term in search_terms(typed))
    assert all(term in text for term in search_terms(stored.upper()))
    assert family_key(stored) == family_key(typed)


def test_search_text_does_not_depend_on_the_order_things_were_added() -> None:
    one = derive_keys("Ana", "Silva", "", ["b@example.org", "a@example.org"], ["+19195550102", "+19195550101"],
                      [(["12 Main St"], "27601"), (["3 Elm St"], "02134")])
    other = derive_keys("Ana", "Silva", "", ["a@example.org", "b@example.org", "a@example.org"],
                        ["+19195550101", "+19195550102"], [(["3 Elm St"], "02134"), (["12 Main St"], "27601")])
    assert one.search_text == other.search_text
    assert "02134" in one.search_text and "27601" in one.search_text and "9195550101" in one.search_text
    assert one.street_keys == ("12 MAIN ST", "3 ELM ST") and other.street_keys == ("3 ELM ST", "12 MAIN ST")


def test_derive_keys_of_a_person_without_names_or_addresses() -> None:
    keys = derive_keys(None, None, None, ["ana@example.org"])
    assert (keys.name_key, keys.family_key, keys.search_text, keys.street_keys) == ("", "", "ana@example.org", ())
    assert derive_keys("Ana", "", "", [], [], [([], "27601")]).street_keys == ("",)


@given(st.text(max_size=20))
def test_fold_is_stable(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(st.text(max_size=20).filter(str.strip))
def test_every_term_of_a_name_is_found_in_its_search_text(name: str) -> None:
    text = derive_keys(name, "", "").search_text
    assert all(term in text for term in search_terms(name) if not term.isdigit())


@functools.cache
def _later_migration() -> ModuleType:
    return migration_module("0007_search_text_without_zero_width.py")


@functools.cache
def _migration() -> ModuleType:
    return migration_module("0006_fold_person_keys_one_way.py")


@settings(deadline=None)
@given(given_name=st.text(max_size=12), family=st.text(max_size=12),
       emails=st.lists(st.emails(), max_size=3), postal=st.lists(st.text("0123456789- ", max_size=10), max_size=2))
def test_the_migration_folds_as_the_domain_did_when_it_was_written(
    given_name: str, family: str, emails: list[str], postal: list[str]
) -> None:
    """If this fails, the domain's rule changed: stored keys need a new migration with a new frozen copy."""
    m = _migration()
    assert m._name_key(given_name, family) == name_key(given_name, family)
    assert m._family_key(family) == family_key(family)
    phones = ["+19195550101", "+442071838750"]
    # 0007 takes the zero-width characters out of what 0006 made.
    assert _later_migration().refolded(m._search_text((given_name, "", family), emails, phones, postal)) == search_text(
        (given_name, "", family), emails, phones, postal)
