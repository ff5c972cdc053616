"""The clerk's rules for petition signatures: reason codes, the voter's standing, the signing window.

Pure rules, no I/O (see DOMAIN.md, "Petition rules").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

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


@dataclass(frozen=True, slots=True)
class Standing:
    """What the roll says of a matched voter, as the petition's rules need it."""

    active: bool
    places: tuple[str, ...]  # district, locality, county … the voter is registered in
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


def in_district(places: Iterable[str], district: str) -> bool:
    """Whether any of the voter's places is the district ("Wake", "WAKE COUNTY", "District 4" = "4")."""
    wanted = _place(district)
    return any(_place(p) == wanted for p in places if p.strip())


def _place(text: str) -> str:
    words = [w for w in fold(text).replace("-", " ").split()
             if w not in {"county", "co", "co.", "district", "dist", "dist.", "city", "of", "the", "no", "no."}]
    return " ".join(w.lstrip("0") or "0" for w in words)


def same_party(registered: str, wanted: str) -> bool:
    """Whether a registration's party is the one named ("DEM" = "Democratic", "REP" = "Republican")."""
    a, b = fold(registered).strip(), fold(wanted).strip()
    if not a:
        return False
    return a == b or a[:3] == b[:3]


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
