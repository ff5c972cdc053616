"""Checking a petition's signatures against the voter roll, in one pass over indexed candidate keys.

Candidate voters come from two indexed keys: the whole name (``ix_voters_name_key``: the same name at
any address, for a slip in the house number and to tell "registered elsewhere") and the house number
(``ix_voters_number``: everyone at that number, for a slip in the name), fetched a chunk of signers at
a time: never a scan of the roll per signer. `organizer.domain.signer_match` grades them; the clerk's
rules give the status.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from organizer.domain.codes import SignatureStatus
from organizer.domain.names import split_full_name
from organizer.domain.petition_rules import Places, Standing, voter_status, window_problem
from organizer.domain.signer_match import MatchKeys, MatchOutcome, decide, postal_may_match, signer_keys, voter_keys
from organizer.domain.text import name_key
from organizer.errors import UserError
from organizer.progress import NEVER, NO_PROGRESS, CancelToken, Progress
from organizer.storage.bulk import update_by_id
from organizer.storage.models import Petition, PetitionSheet, Signature, Voter
from organizer.storage.models.base import utcnow

CHUNK = 500
VOTER_COLUMNS = (Voter.id, Voter.voter_id, Voter.given_name, Voter.family_name, Voter.street_number,
                 Voter.street_number_value, Voter.street_name, Voter.unit, Voter.postal_code, Voter.status,
                 Voter.party, Voter.district, Voter.locality, Voter.ward, Voter.precinct, Voter.name_key)


class NoVoterRoll(UserError):
    """A check needs a voter roll, and none is loaded."""

    def __init__(self) -> None:
        super().__init__("No voter roll is loaded, so signatures cannot be checked: load one with "
                         "'organizer import voters FILE' (or Imports in the app) and check again. Nothing was changed.")


@dataclass(slots=True)
class Line:
    """One signature as the check sees it."""

    id: int
    sheet_id: int | None
    line: int | None
    keys: MatchKeys
    date_signed: date | None
    decided: bool
    status: str
    reason: str
    voter: int | None
    score: float | None
    note: str
    names: tuple[str, ...] = ()  # the signer's name keys, as written and with the parts swapped


@dataclass(frozen=True, slots=True)
class Rules:
    """The petition's rules and its sheets' headers."""

    district: str
    party: str
    opens_on: date | None
    sheet_district: dict[int, str]
    sheet_filed: dict[int, date | None]
    sheet_number: dict[int, int]


def check_petition(session: Session, petition_id: int, progress: Progress = NO_PROGRESS,
                   cancel: CancelToken = NEVER) -> list[Line]:
    """Give every line not decided by a person its status, reason and voter; returns every line."""
    if session.scalar(select(Voter.id).limit(1)) is None:
        raise NoVoterRoll
    rules = _rules(session, petition_id)
    lines = _lines(session, petition_id, rules)
    standing: dict[int, Standing] = {}
    for start in range(0, len(lines), CHUNK):
        cancel.raise_if_cancelled()
        chunk = [line for line in lines[start : start + CHUNK] if not line.decided]
        candidates = _candidates(session, chunk, standing)
        for line in chunk:
            _judge(line, _match(line, candidates), rules, standing)
        progress(min(start + CHUNK, len(lines)), len(lines), "signatures checked")
    _mark_duplicates(lines, rules)
    _write(session, lines)
    return lines


def _rules(session: Session, petition_id: int) -> Rules:
    petition = session.get(Petition, petition_id)
    if petition is None:
        raise UserError(f"There is no petition with number {petition_id}.")
    sheets = session.execute(select(PetitionSheet.id, PetitionSheet.sheet_number, PetitionSheet.district,
                                    PetitionSheet.filed_on).where(PetitionSheet.petition_id == petition_id)).all()
    return Rules(petition.district, petition.party, petition.opens_on, {s.id: s.district for s in sheets},
                 {s.id: s.filed_on for s in sheets}, {s.id: s.sheet_number for s in sheets})


def _lines(session: Session, petition_id: int, rules: Rules) -> list[Line]:
    s = Signature
    rows = session.execute(select(s.id, s.sheet_id, s.line, s.given_name, s.family_name, s.printed_name,
                                  s.address_as_written, s.postal_code, s.date_signed, s.decided, s.status, s.reason,
                                  s.voter_row_id, s.match_score, s.review_note).where(s.petition_id == petition_id))
    lines = []
    for r in rows:
        given, family = _names(r.given_name, r.family_name, r.printed_name)
        lines.append(Line(r.id, r.sheet_id, r.line, signer_keys(given, family, r.address_as_written, r.postal_code),
                          r.date_signed, r.decided, r.status, r.reason, r.voter_row_id, r.match_score, r.review_note,
                          (name_key(given, family), name_key(family, given))))
    lines.sort(key=lambda ln: (rules.sheet_number.get(ln.sheet_id or 0, 1 << 30), ln.line or 0, ln.id))
    return lines


def _names(given: str, family: str, printed: str) -> tuple[str, str]:
    """A line's given and family names; a line with only its name as printed (one keyed before the names were
    kept apart, or from another tool) is split as a full name is."""
    if given or family or not printed.strip():
        return given, family
    parts = split_full_name(printed)
    return parts.given, parts.family


@dataclass(slots=True)
class Candidates:
    """Voters fetched for a chunk of signers, by whole name and by house number."""

    by_name: dict[str, list[tuple[int, MatchKeys]]]
    by_number: dict[int, list[tuple[int, MatchKeys]]]


def _candidates(session: Session, lines: Sequence[Line], standing: dict[int, Standing]) -> Candidates:
    names = sorted({k for line in lines for k in line.names if k})
    numbers = sorted({line.keys.number for line in lines if line.keys.number is not None})
    found = Candidates({}, {})
    seen: set[int] = set()
    for row in _voter_rows(session, names, numbers):
        if row.id in seen:
            continue
        seen.add(row.id)
        keys = voter_keys(row.given_name, row.family_name, row.street_number_value, row.street_number,
                          row.street_name, row.unit, row.postal_code)
        found.by_name.setdefault(row.name_key, []).append((row.id, keys))
        if row.street_number_value is not None:
            found.by_number.setdefault(row.street_number_value, []).append((row.id, keys))
        standing[row.id] = Standing(row.status == "active", Places(row.district, row.locality, row.ward, row.precinct),
                                    row.party)
    return found


def _voter_rows(session: Session, names: list[str], numbers: list[int]) -> Iterator[Any]:
    """Voters of these names anywhere, and voters at these house numbers."""
    for start in range(0, len(names), CHUNK):
        yield from session.execute(select(*VOTER_COLUMNS).where(Voter.name_key.in_(names[start : start + CHUNK])))
    for start in range(0, len(numbers), CHUNK):
        part = numbers[start : start + CHUNK]
        yield from session.execute(select(*VOTER_COLUMNS).where(Voter.street_number_value.in_(part)))


def _match(line: Line, found: Candidates) -> MatchOutcome[int]:
    signer = line.keys
    pool: dict[int, MatchKeys] = {}
    for key in line.names:
        for voter, keys in found.by_name.get(key, ()):
            pool[voter] = keys
    if signer.number is not None:
        for voter, keys in found.by_number.get(signer.number, ()):
            if postal_may_match(signer.postal, keys.postal):
                pool[voter] = keys
    return decide(signer, list(pool.items()))


def _judge(line: Line, outcome: MatchOutcome[int], rules: Rules, standing: dict[int, Standing]) -> None:
    top = outcome.candidates[0].score if outcome.candidates else None
    line.score, line.voter, line.note = (float(top) if top is not None else None), outcome.voter, ""
    if outcome.voter is None:
        line.status = (SignatureStatus.NEEDS_REVIEW if outcome.review else SignatureStatus.NOT_REGISTERED).value
        line.reason = outcome.reason
        return
    late = window_problem(line.date_signed, rules.opens_on, rules.sheet_filed.get(line.sheet_id or 0))
    if late:
        line.status, line.reason = SignatureStatus.NEEDS_REVIEW.value, late
        return
    district = rules.sheet_district.get(line.sheet_id or 0) or rules.district
    status, reason = voter_status(standing[outcome.voter], district, rules.party)
    line.status, line.reason = status.value, reason


def _mark_duplicates(lines: Iterable[Line], rules: Rules) -> None:
    """All but the first line of one voter are duplicates. Decided lines keep their status, so a line a person
    decided (not as a duplicate) is the voter's first, even when an earlier line was keyed after it."""
    lines = list(lines)
    first: dict[int, Line] = {}
    for line in lines:
        if line.decided and line.voter is not None and line.status != SignatureStatus.DUPLICATE.value:
            first.setdefault(line.voter, line)
    for line in lines:
        if line.voter is None or line.decided or line.status == SignatureStatus.NEEDS_REVIEW.value:
            continue
        earlier = first.setdefault(line.voter, line)
        if earlier is line:
            continue
        line.status, line.reason = SignatureStatus.DUPLICATE.value, "signed_twice"
        sheet = rules.sheet_number.get(earlier.sheet_id or 0)
        line.note = f"first signed on sheet {sheet}, line {earlier.line}" if sheet else "signed an earlier line"


def _write(session: Session, lines: Sequence[Line]) -> None:
    now = utcnow()
    changes = {line.id: {"status": line.status, "reason": line.reason, "voter_row_id": line.voter,
                         "match_score": line.score, "review_note": line.note, "checked_at": now, "modified_at": now}
               for line in lines if not line.decided}
    ids = list(changes)
    for start in range(0, len(ids), 2000):
        update_by_id(session.connection(), cast(Table, Signature.__table__),
                     {i: changes[i] for i in ids[start : start + 2000]})
