"""The clerk's rules for petition signatures: reason codes, the voter's standing, the signing window.

Pure rules, no I/O (see DOMAIN.md, "Petition rules").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from organizer.domain.codes import SignatureStatus
from organizer.domain.text import fold

# Every reason a line is not valid, in words a reviewer reads at a glance.
REASONS: dict[str, str] = {
    "no_voter": "no registered voter of this name at this address",
    "registered_elsewhere": "a voter of this name is registered at another address",
    "outside_district": "registered outside the petition's district",
    "wrong_party": "registered in another party",
    "inactive_voter": "the registration is inactive",
    "signed_twice": "this voter signed an earlier line",
    "several_voters": "more than one voter fits: choose one",
    "weak_match": "only a weak match: check the name and address",
    "no_address": "no residence address written",
    "no_name": "no name written",
    "signed_before_opening": "dated before the petition opened",
    "signed_after_filing": "dated after the sheet was filed",
    "decided": "decided by a person",
}

# What a sheet's circulator did not do: every line on it is at risk until it is put right.
SHEET_PROBLEMS: dict[str, str] = {
    "statement_incomplete": "the circulator's statement is incomplete",
    "not_notarized": "the circulator's statement is not notarized",
}

CHECKED_STATUSES = (SignatureStatus.VALID, SignatureStatus.NOT_REGISTERED, SignatureStatus.OUTSIDE_DISTRICT,
                    SignatureStatus.WRONG_PARTY, SignatureStatus.INACTIVE, SignatureStatus.DUPLICATE,
                    SignatureStatus.NEEDS_REVIEW)
"""The statuses a check gives, in the order reports list them (they add up to the total)."""


def reason_text(code: str) -> str:
    """The reason in words ("" for none); an unknown code is shown as it is."""
    return REASONS.get(code, SHEET_PROBLEMS.get(code, code)) if code else ""


class Places(NamedTuple):
    """Where the roll says a voter is registered."""

    district: str = ""
    locality: str = ""
    ward: str = ""
    precinct: str = ""


@dataclass(frozen=True, slots=True)
class Standing:
    """What the roll says of a matched voter, as the petition's rules need it."""

    active: bool
    places: Places
    party: str


def voter_status(standing: Standing, district: str, party: str) -> tuple[SignatureStatus, str]:
    """The status of a line matched to this voter: inactive, outside the district, wrong party, or valid."""
    if not standing.active:
        return SignatureStatus.INACTIVE, "inactive_voter"
    if district.strip() and not in_district(standing.places, district):
        return SignatureStatus.OUTSIDE_DISTRICT, "outside_district"
    if party.strip() and not same_party(standing.party, party):
        return SignatureStatus.WRONG_PARTY, "wrong_party"
    return SignatureStatus.VALID, ""


def in_district(places: Places, district: str) -> bool:
    """Whether the voter is registered in the petition's district.

    A ward or precinct counts only where the petition names one ("Ward 2", "Precinct 07-03"). A district
    named by its number alone ("District 4", "4") is the voter's district (their ward where the roll gives
    no district): a precinct or ward that happens to have the same number is somewhere else. A name
    ("Wake", "WAKE COUNTY", "Raleigh") is the voter's district, county or city.
    """
    first = (fold(district).replace("-", " ").split() or [""])[0]
    wanted = _place(district)
    if first in WARD_WORDS:
        candidates: tuple[str, ...] = (places.ward,)
    elif first in PRECINCT_WORDS:
        candidates = (places.precinct,)
    elif wanted.replace(" ", "").isdigit():
        candidates = (places.district or places.ward,)
    else:
        candidates = (places.district, places.locality)
    return any(_place(p) == wanted for p in candidates if p.strip())


WARD_WORDS = frozenset({"ward"})
PRECINCT_WORDS = frozenset({"precinct", "pct", "pct."})
_NOISE = frozenset({"county", "co", "co.", "district", "dist", "dist.", "city", "of", "the", "no", "no.",
                    *WARD_WORDS, *PRECINCT_WORDS})


def _place(text: str) -> str:
    words = [w for w in fold(text).replace("-", " ").split() if w not in _NOISE]
    return " ".join(w.lstrip("0") or "0" for w in words)


def same_party(registered: str, wanted: str) -> bool:
    """Whether a registration's party is the one named ("DEM" and "D" = "Democratic", "GRE" = "Green").

    A code of up to three letters is the start of the party's name; two names must be the same name
    ("Liberal" is not "Libertarian")."""
    a, b = _party(registered), _party(wanted)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) <= 3 < len(long) and short.isalpha() and long.startswith(short)


# One-letter and other codes rolls use that are not the start of the party's name.
PARTY_CODES = {"d": "democratic", "r": "republican", "l": "libertarian", "g": "green", "grn": "green",
               "democrat": "democratic", "u": "unaffiliated", "una": "unaffiliated", "npa": "unaffiliated",
               "no party affiliation": "unaffiliated"}


def _party(text: str) -> str:
    folded = " ".join(fold(text).replace(".", " ").split()).removesuffix(" party")
    return PARTY_CODES.get(folded, folded)


def window_problem(signed: date | None, opens: date | None, filed: date | None) -> str:
    """The reason code when a line's date falls outside the signing window ("" when it does not)."""
    if signed is None:
        return ""
    if opens is not None and signed < opens:
        return "signed_before_opening"
    if filed is not None and signed > filed:
        return "signed_after_filing"
    return ""


def sheet_problems(statement_complete: bool, notarized: bool, notary_required: bool) -> tuple[str, ...]:
    """What puts every line of a sheet at risk."""
    problems = []
    if not statement_complete:
        problems.append("statement_incomplete")
    if notary_required and not notarized:
        problems.append("not_notarized")
    return tuple(problems)
