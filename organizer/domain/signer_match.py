"""Matching a petition signer to the voter roll by name and residence address.

Pure rules, no I/O. The caller fetches candidate voters by indexed keys (family name, house number
and ZIP) and hands them here; this module grades each one and decides. Real lists repeat names, so a
name alone never matches where the address disagrees, and anything uncertain goes to a person.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Generic, TypeVar

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from organizer.domain.addresses import parse_street
from organizer.domain.names import may_be_same_given
from organizer.domain.nicknames import is_nickname_pair
from organizer.domain.text import family_key

T = TypeVar("T")

STREET_SAME = 90  # street names this alike (0-100) are one street: a dropped "St", one slip of the pen
STREET_CLOSE = 70  # alike enough to show a person
NAME_CLOSE = 80  # a family or given name this alike may be the same name misspelt
SHORT_FORM = 85  # a nickname or short form of the other given name (Bob, Robert; Dan, Daniel): may be the same
ZIP_SLIP = 75  # the same house on the same street, the ZIP one slip of the pen off: a person should look


@dataclass(frozen=True, slots=True)
class MatchKeys:
    """A name and residence address reduced to what matching compares (signer or voter alike)."""

    given: str  # folded, letters and digits only ("mary ann" -> "maryann")
    family: str
    number: int | None  # the house number's value
    number_text: str
    street: str  # the Pub 28 street name ("N MAIN ST")
    unit: str
    postal: str  # five digits or ""

    @property
    def has_address(self) -> bool:
        """Whether there is a house number and a street to match by."""
        return self.number is not None and bool(self.street)


def signer_keys(given: str, family: str, address: str, postal: str) -> MatchKeys:
    """The keys of a signature as written: names, the street line (with any unit) and the ZIP."""
    where = parse_street(address) if address.strip() else None
    return MatchKeys(family_key(given), family_key(family), where.number_value if where else None,
                     where.number if where else "", where.street if where else "", where.unit if where else "",
                     _zip5(postal))


def voter_keys(given: str, family: str, number: int | None, number_text: str, street: str, unit: str,
               postal: str) -> MatchKeys:
    """The keys of a voter as stored (street name and unit already parsed by the voter import)."""
    return MatchKeys(family_key(given), family_key(family), number, number_text, street, unit, _zip5(postal))


def _zip5(postal: str) -> str:
    if not postal or (len(postal) == 5 and postal.isdigit()):
        return postal
    digits = "".join(ch for ch in postal if ch.isdigit())
    return digits[:5] if len(digits) >= 5 else ""


class Grade(Enum):
    """How well one voter fits one signer."""

    SAME = "same"  # the same name at the same address
    CLOSE = "close"  # plausibly the same person: a person should look
    NAME_ONLY = "name_only"  # the same name elsewhere: a different voter (or one who moved)
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Graded(Generic[T]):
    """A candidate voter, its grade and a score from 0 to 100 for showing side by side."""

    voter: T
    grade: Grade
    score: int


@dataclass(frozen=True, slots=True)
class MatchOutcome(Generic[T]):
    """What the roll says about one signer: the voter matched (if certain), a reason, and the candidates."""

    voter: T | None
    review: bool  # uncertain: a person decides among `candidates`
    reason: str  # "" when matched; else a reason code (see organizer.domain.petition_rules)
    candidates: tuple[Graded[T], ...]


def name_likeness(a: MatchKeys, b: MatchKeys) -> int:
    """How alike two names are (0-100); 100 only for the same names (in either order)."""
    if (a.given, a.family) == (b.given, b.family) or (a.given, a.family) == (b.family, b.given):
        return 100 if a.family else 0
    family = _alike(a.family, b.family)
    given = _given_alike(a.given, b.given)
    return min(99, min(family, given))


def _alike(a: str, b: str) -> int:
    if not a or not b:
        return 0
    if a == b:
        return 100
    if min(len(a), len(b)) >= 3 and OSA.distance(a, b) <= 1:  # one slip: a letter dropped, doubled or swapped
        return 90 if min(len(a), len(b)) >= 4 else 85
    if min(len(a), len(b)) >= 4 and (a in b or b in a):  # one part of a double-barrelled name
        return 85
    return int(fuzz.ratio(a, b))


def _given_alike(a: str, b: str) -> int:
    if a and b and (len(a) == 1 or len(b) == 1):  # an initial
        return 80 if a[0] == b[0] else 0
    alike = _alike(a, b)
    if alike < SHORT_FORM and a and b and (is_nickname_pair(a, b) or may_be_same_given(a, b)):
        return SHORT_FORM
    return alike


def address_likeness(signer: MatchKeys, voter: MatchKeys) -> int:
    """How alike two residence addresses are (0-100); 0 without a house number to compare."""
    if not signer.has_address or voter.number is None:
        return 0
    if signer.postal and voter.postal and signer.postal != voter.postal:
        # One slip in the ZIP alone (a digit off, two swapped): the same house, if all else is the same.
        same_house = postal_slip(signer.postal, voter.postal) and signer.number == voter.number
        return ZIP_SLIP if same_house and _street_likeness(signer, voter) >= STREET_SAME else 0
    return _street_likeness(signer, voter)


def _street_likeness(signer: MatchKeys, voter: MatchKeys) -> int:
    street = street_likeness(signer.street, voter.street)
    if signer.number != voter.number:
        # A house number off by one slip of the pen on the same street.
        slip = len(signer.number_text) == len(voter.number_text) and OSA.distance(signer.number_text,
                                                                                 voter.number_text) <= 1
        return 75 if slip and street >= STREET_SAME else 0
    if signer.unit and voter.unit and signer.unit != voter.unit:
        return min(street, 80)  # another flat in the same building
    return street


def postal_slip(a: str, b: str) -> bool:
    """Two different five-digit ZIPs one slip of the pen apart: one digit changed, or two next to each other swapped."""
    return len(a) == len(b) == 5 and a.isdigit() and b.isdigit() and OSA.distance(a, b) == 1


def postal_may_match(a: str, b: str) -> bool:
    """Whether two ZIPs may be one address's: either missing, the same, or one slip apart."""
    return not a or not b or a == b or postal_slip(a, b)


def street_likeness(a: str, b: str) -> int:
    """Street names alike (0-100): a missing suffix or direction still counts as the same street."""
    if a == b:
        return 100
    return int(max(fuzz.token_set_ratio(a, b), fuzz.ratio(a, b)))


def grade(signer: MatchKeys, voter: MatchKeys) -> Graded[MatchKeys]:
    """Grade one voter against one signer."""
    return _graded(signer, voter, voter)


def _graded(signer: MatchKeys, keys: MatchKeys, voter: T) -> Graded[T]:
    name = name_likeness(signer, keys)
    place = address_likeness(signer, keys)
    score = (name + place) // 2
    if name == 100 and place >= STREET_SAME and not _unit_differs(signer, keys) and signer.number == keys.number:
        return Graded(voter, Grade.SAME, score)
    if name >= NAME_CLOSE and place >= STREET_CLOSE:
        return Graded(voter, Grade.CLOSE, score)
    if name == 100:
        return Graded(voter, Grade.NAME_ONLY, score)
    return Graded(voter, Grade.NONE, score)


def _unit_differs(a: MatchKeys, b: MatchKeys) -> bool:
    return bool(a.unit and b.unit and a.unit != b.unit)


def graded(signer: MatchKeys, candidates: Sequence[tuple[T, MatchKeys]]) -> list[Graded[T]]:
    """Every candidate graded, best score first."""
    return sorted((_graded(signer, keys, voter) for voter, keys in candidates), key=lambda g: -g.score)


def by_family(signer: MatchKeys, candidates: Sequence[tuple[T, MatchKeys]], prefix: bool = False) -> list[Graded[T]]:
    """For a look-up with a family name and no given name yet: the candidates of that family name (or of one
    that starts with it, while it is still being typed), best first: the whole family name before a longer one,
    then those at the house (number and street) typed, then by name."""
    found: list[tuple[Graded[T], MatchKeys]] = []
    for voter, keys in candidates:
        if keys.family == signer.family:
            family = 100
        elif prefix and signer.family and keys.family.startswith(signer.family):
            family = 90
        else:
            continue
        if signer.has_address:
            family = (family + address_likeness(signer, keys)) // 2
        elif signer.number is not None:  # only a house number so far
            family = (family + (100 if signer.number == keys.number else 0)) // 2
        found.append((Graded(voter, Grade.NAME_ONLY, family), keys))
    found.sort(key=lambda f: (-f[0].score, f[1].family, f[1].given))
    return [g for g, _keys in found]


def decide(signer: MatchKeys, candidates: Sequence[tuple[T, MatchKeys]]) -> MatchOutcome[T]:
    """Match a signer among candidate voters.

    One voter of the same name at the same address, and no other plausible one, is a match. Two or
    more plausible voters, or only a weak one, go to review; a signer without an address too. No
    plausible voter: not registered (reason `registered_elsewhere` when someone of that name is on the
    roll at another address, which is still not this signer's registration).
    """
    ranked = graded(signer, candidates)
    plausible = tuple(g for g in ranked if g.grade in (Grade.SAME, Grade.CLOSE))
    same_name = tuple(g for g in ranked if g.grade is Grade.NAME_ONLY)
    if not (signer.family or signer.given):
        return MatchOutcome(None, True, "no_name", plausible[:5])
    if not signer.has_address:
        return MatchOutcome(None, True, "no_address", (plausible or same_name)[:5])
    same = [g for g in plausible if g.grade is Grade.SAME]
    if len(same) == 1 and len(plausible) == 1:
        return MatchOutcome(same[0].voter, False, "", plausible)
    if len(plausible) > 1:
        return MatchOutcome(None, True, "several_voters", plausible[:5])
    if plausible:
        return MatchOutcome(None, True, "weak_match", plausible)
    return MatchOutcome(None, False, "registered_elsewhere" if same_name else "no_voter", ())
