"""Folding, matching keys and name tidying."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from organizer.domain.text import family_key, fold, is_shouting, name_key, tidy_name

LATIN_LETTERS = st.characters(categories=("Lu", "Ll"), max_codepoint=0x24F)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Maria   LOPEZ ", "maria lopez"),
        ("José", "jose"),
        ("Ñúñez", "nunez"),
        ("Straße", "strasse"),
        ("Łukasz Żółć", "lukasz zolc"),
        ("Søren Ærø", "soren aero"),
        ("tab\tand\nnewline", "tab and newline"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_fold(raw: str, expected: str) -> None:
    assert fold(raw) == expected


@pytest.mark.parametrize(
    ("given_a", "family_a", "given_b", "family_b"),
    [
        ("josé", "DE la Cruz", "Jose", "de la cruz"),
        ("José", "de la  Cruz", "JOSE", "DeLaCruz"),
        ("Sean", "O'Brien", "sean", "OBrien"),
        ("Sean", "O'Brien", "SEAN", "o brien"),
        ("Mary Ann", "Smith-Jones", "Maryann", "Smith Jones"),
        ("Zoë", "Nuñez", "Zoe", "Nunez"),
    ],
)
def test_name_key_ignores_case_accents_spaces_and_punctuation(
    given_a: str, family_a: str, given_b: str, family_b: str
) -> None:
    assert name_key(given_a, family_a) == name_key(given_b, family_b)


@pytest.mark.parametrize(
    ("given_name", "family", "expected"),
    [
        ("josé  DE la Cruz", None, "josedelacruz|"),
        ("Ana", "de la Cruz", "ana|delacruz"),
        (None, "Lopez", "|lopez"),
        ("", "", ""),
        (None, None, ""),
        ("  ", "-", ""),
    ],
)
def test_name_key(given_name: str | None, family: str | None, expected: str) -> None:
    assert name_key(given_name, family) == expected


@pytest.mark.parametrize(
    ("family", "expected"),
    [("O'Brien", "obrien"), ("de la Cruz", "delacruz"), ("García López", "garcialopez"), (None, ""), ("", "")],
)
def test_family_key(family: str | None, expected: str) -> None:
    assert family_key(family) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("MARIA LOPEZ", "Maria Lopez"),
        ("MCDONALD", "McDonald"),
        ("O'BRIEN", "O'Brien"),
        ("D'ANGELO", "D'Angelo"),
        ("NG'ANG'A", "Ng'ang'a"),
        ("DE LA CRUZ", "de la Cruz"),
        ("ANA DE LA CRUZ", "Ana de la Cruz"),
        ("LUDWIG VAN BEETHOVEN", "Ludwig van Beethoven"),
        ("VAN DYKE", "Van Dyke"),
        ("DEL RIO", "Del Rio"),
        ("SMITH-JONES", "Smith-Jones"),
        ("JOHN SMITH JR", "John Smith Jr"),
        ("JOHN SMITH JR.", "John Smith Jr."),
        ("JOHN SMITH III", "John Smith III"),
        ("III", "III"),
        ("J.R. EWING", "J.R. Ewing"),
        ("MACDONALD", "MacDonald"),
        ("MACHADO", "Machado"),
        ("MACK", "Mack"),
        ("ÉLODIE NUÑEZ", "Élodie Nuñez"),
        ("deShawn", "deShawn"),
        ("McKenzie", "McKenzie"),
        ("van Dyke", "van Dyke"),
        ("maria lopez", "maria lopez"),
        ("  Maria \t  Lopez  ", "Maria Lopez"),
        ("J", "J"),
        ("J R", "J R"),
        ("", ""),
        (None, ""),
        ("   ", ""),
    ],
)
def test_tidy_name(raw: str | None, expected: str) -> None:
    assert tidy_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"), [("ABC", True), ("AB-C", True), ("A", False), ("Abc", False), ("123", False), ("É.Ü", True)]
)
def test_is_shouting(raw: str, expected: bool) -> None:
    assert is_shouting(raw) is expected


@given(st.text())
def test_fold_is_a_normal_form(raw: str) -> None:
    folded = fold(raw)
    assert fold(folded) == folded
    assert folded == folded.strip()
    assert "  " not in folded


@given(st.text(alphabet=LATIN_LETTERS), st.text(alphabet=LATIN_LETTERS))
def test_name_key_ignores_case(given_name: str, family: str) -> None:
    assert name_key(given_name.upper(), family.lower()) == name_key(given_name, family)


@given(st.text())
def test_tidy_name_is_idempotent(raw: str) -> None:
    once = tidy_name(raw)
    assert tidy_name(once) == once
    assert fold(once) == fold(raw)
