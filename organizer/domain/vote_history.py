"""Vote history: elections named the way voter files name them, and the rules campaigns pick doors by."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from organizer.domain.codes import Code

GENERAL, PRIMARY, SPECIAL, MUNICIPAL, OTHER = "general", "primary", "special", "municipal", "other"
KINDS = (GENERAL, PRIMARY, SPECIAL, MUNICIPAL, OTHER)


class ElectionKind(Code):
    GENERAL = GENERAL
    PRIMARY = PRIMARY
    SPECIAL = SPECIAL
    MUNICIPAL = MUNICIPAL
    OTHER = OTHER

_OHIO = re.compile(r"\s*(GENERAL|PRIMARY|SPECIAL)-(\d{1,2})/(\d{1,2})/(\d{4})\s*", re.IGNORECASE)
_MDY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_YMD = re.compile(r"((?:19|20)\d{2})(\d{2})(\d{2})")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_KIND_WORDS = (  # tested in order: "MUNICIPAL GENERAL" is municipal, "PRIMARY" before the rest
    (MUNICIPAL, re.compile(r"MUNICIPAL|\bMU\b|\bMUN\b")),
    (SPECIAL, re.compile(r"SPECIAL|\bSP\b|\bSE\b")),
    (PRIMARY, re.compile(r"PRIMARY|\bPE\b|\bPR\b|\bPP\b|\bPRI\b")),
    (GENERAL, re.compile(r"GENERAL|\bGE\b|\bGEN\b")),
)


@dataclass(frozen=True, slots=True, order=True)
class Election:
    """One election, by the day it was held and its kind."""

    held_on: date
    kind: str

    @property
    def label(self) -> str:
        """ "General 11/07/2023"."""
        return f"{self.kind.capitalize()} {self.held_on:%m/%d/%Y}"

    @property
    def is_general(self) -> bool:
        """A general election (a municipal general counts: it is the November general of its year)."""
        return self.kind in (GENERAL, MUNICIPAL)

    @property
    def is_municipal(self) -> bool:
        """Municipal: named so, or a November general of an odd year (when towns and cities elect)."""
        return self.kind == MUNICIPAL or (self.kind == GENERAL and self.held_on.year % 2 == 1)


def general_election_day(year: int) -> date:
    """The Tuesday after the first Monday in November."""
    first = date(year, 11, 1)
    monday = first + timedelta(days=(7 - first.weekday()) % 7)
    return monday + timedelta(days=1)


def ohio_column(header: str) -> Election | None:
    """Ohio's per-election column ("GENERAL-11/07/2023", "PRIMARY-05/02/2023"), or None for any other."""
    match = _OHIO.fullmatch(header)
    if match is None:
        return None
    kind, month, day, year = match.groups()
    try:
        return Election(date(int(year), int(month), int(day)), kind.lower())
    except ValueError:
        return None


def voted(mark: str) -> bool:
    """A vote mark: "X" or a party letter ("D", "R"); an empty cell is no vote."""
    return bool(str(mark).strip())


def election_from_text(text: str) -> Election | None:
    """One election as a file writes it: "11/08/2022 GENERAL", "20201103 GE", "GE 2016", "2018 Primary Election".

    A general named by its year alone is dated to that year's general election day; other kinds
    need a full date. None when no kind or date can be read.
    """
    upper = " ".join(str(text).upper().replace("_", " ").split())
    kind = next((k for k, pattern in _KIND_WORDS if pattern.search(upper)), OTHER)
    day = _date_in(upper)
    if day is None:
        year = _YEAR.search(upper)
        if year is None or kind not in (GENERAL, MUNICIPAL):
            return None
        day = general_election_day(int(year.group(1)))
    return Election(day, kind)


def _date_in(text: str) -> date | None:
    for pattern, order in ((_MDY, (2, 0, 1)), (_YMD, (0, 1, 2))):
        match = pattern.search(text)
        if match:
            parts = [int(g) for g in match.groups()]
            try:
                return date(parts[order[0]], parts[order[1]], parts[order[2]])
            except ValueError:
                continue
    return None


def new_york_history(field: str) -> set[Election]:
    """New York's VOTERHISTORY field: elections separated by semicolons, in each county's own spelling."""
    found = (election_from_text(part) for part in str(field).split(";") if part.strip())
    return {e for e in found if e is not None}


def last_generals(elections: Iterable[Election], count: int) -> list[Election]:
    """The ``count`` most recent general elections, newest first (one per day)."""
    days = sorted({e.held_on for e in elections if e.is_general}, reverse=True)
    return [Election(d, GENERAL) for d in days[: max(count, 0)]]


def last_municipal(elections: Iterable[Election]) -> Election | None:
    """The most recent municipal election."""
    return max((e for e in elections if e.is_municipal), default=None)


@dataclass(frozen=True, slots=True)
class VoteRule:
    """Whom to knock by history: at least N of the last M generals, the last municipal, registered since."""

    voted_at_least: int = 0
    of_last: int = 0
    voted_last_municipal: bool = False
    registered_since: date | None = None

    @property
    def wanted(self) -> bool:
        """Whether any history rule is set."""
        return bool(self.of_last or self.voted_last_municipal)

    def describe(self) -> str:
        """ "voted in at least 2 of the last 4 general elections" (and the rest), for the sheet's header."""
        parts = []
        if self.of_last:
            parts.append(f"voted in at least {self.voted_at_least} of the last {self.of_last} general elections")
        if self.voted_last_municipal:
            parts.append("voted in the last municipal election")
        if self.registered_since:
            parts.append(f"registered since {self.registered_since:%m/%d/%Y}")
        return "; ".join(parts)


def meets(rule: VoteRule, history: Collection[Election], generals: list[Election],
          municipal: Election | None) -> bool:
    """Whether one voter's history passes the rule, given the roll's last generals and municipal election."""
    if rule.of_last:
        days = {e.held_on for e in history if e.is_general}
        if sum(1 for g in generals if g.held_on in days) < rule.voted_at_least:
            return False
    return not rule.voted_last_municipal or (
        municipal is not None and any(e.held_on == municipal.held_on for e in history))
