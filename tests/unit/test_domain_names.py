"""Splitting full names as people write them on sign-in sheets."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from organizer.domain.names import NameParts, may_be_same_given, split_full_name

NAME_CHARS = st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéñØß  ,.'-\"()&1"))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Maria Lopez", NameParts("Maria", "Lopez")),
        ("  maria   lopez ", NameParts("maria", "lopez")),
        ("Lopez, Maria", NameParts("Maria", "Lopez")),
        ("LOPEZ, MARIA J", NameParts("Maria", "Lopez", "J")),
        ("Dr. Ana de la Cruz Jr.", NameParts("Ana", "de la Cruz", prefix="Dr.", suffix="Jr.")),
        ("Mary Ann Smith", NameParts("Mary", "Smith", "Ann")),
        ("Cher", NameParts("Cher", "")),
        ("J. Robert Oppenheimer", NameParts("J.", "Oppenheimer", "Robert")),
        ("Smith Jr., John", NameParts("John", "Smith", suffix="Jr.")),
        ("Nguyen Van A", NameParts("A", "Nguyen", "Van")),
        ("Tran Thi Lan", NameParts("Lan", "Tran", "Thi")),
        ("María José García López", NameParts("María", "García López", "José")),
        ("Martin Luther King, Jr.", NameParts("Martin", "King", "Luther", suffix="Jr.")),
        ("Rev. Dr. Martin Luther King Jr.", NameParts("Martin", "King", "Luther", "Rev. Dr.", "Jr.")),
        ("Smith, John A., III", NameParts("John", "Smith", "A.", suffix="III")),
        ("DE LA CRUZ, ANA", NameParts("Ana", "de la Cruz")),
        ("SEAN O'BRIEN", NameParts("Sean", "O'Brien")),
        ("Jean-Luc Picard", NameParts("Jean-Luc", "Picard")),
        ("Vincent van Gogh", NameParts("Vincent", "van Gogh")),
        ("Ludwig van Beethoven", NameParts("Ludwig", "van Beethoven")),
        ('Robert "Bobby" Smith', NameParts("Robert", "Smith", '"Bobby"')),
        ("Mary Smith (Mom)", NameParts("Mary", "Smith", "(Mom)")),
        ("Terrell MD", NameParts("Terrell", "", suffix="MD")),
        ("Ms. Lopez", NameParts("Lopez", "", prefix="Ms.")),
        ("John and Mary Smith", NameParts("John", "Smith", "and Mary")),
        ("Kim Jong Un", NameParts("Kim", "Un", "Jong")),
        ("", NameParts("", "")),
        ("   ", NameParts("", "")),
    ],
)
def test_split_full_name(raw: str, expected: NameParts) -> None:
    assert split_full_name(raw) == expected


def _norm(s: str) -> str:
    return unicodedata.normalize("NFKC", s).casefold()


def _assert_keeps_every_word(raw: str) -> None:
    parts = split_full_name(raw)
    joined = _norm(" ".join((parts.given, parts.family, parts.additional, parts.prefix, parts.suffix)))
    for word in re.findall(r"[^\W\d_]+", _norm(raw)):
        assert word in joined, (raw, parts)


@given(st.text())
def test_split_full_name_never_raises_and_keeps_every_word(raw: str) -> None:
    _assert_keeps_every_word(raw)


@given(st.text(alphabet=NAME_CHARS, max_size=40))
def test_split_name_like_text_keeps_every_word(raw: str) -> None:
    _assert_keeps_every_word(raw)



@pytest.mark.parametrize(("a", "b", "same"), [
    ("dan", "daniel", True), ("j", "john", True), ("j.", "jennifer", True), ("chris", "christopher", True),
    ("ana", "ana", True), ("", "ana", True),
    ("paul", "paula", False), ("daniel", "daniela", False), ("joseph", "josephine", False), ("louis", "louise", False),
    ("eric", "erica", False), ("gabriel", "gabrielle", False), ("juan", "juana", False), ("ana", "bo", False),
])
def test_a_given_name_with_another_persons_ending_is_another_person(a: str, b: str, same: bool) -> None:
    assert may_be_same_given(a, b) is same and may_be_same_given(b, a) is same
