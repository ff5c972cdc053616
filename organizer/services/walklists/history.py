"""Each voter's vote history, from wherever the voter file keeps it, and the roll's elections."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from organizer.domain.vote_history import Election, new_york_history, ohio_column
from organizer.services.voters import VOTERS_KIND
from organizer.storage.models import ImportBatch, VoteRecord

CHUNK = 2000
NY_HISTORY = "VOTERHISTORY"
REGISTRATION_KEYS = ("REGISTRATION_DATE", "REGDATE", "Registration Date", "registr_dt", "RegistrationDate")
_ISO = re.compile(r"((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})")
_MDY = re.compile(r"(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})")
_YMD = re.compile(r"((?:19|20)\d{2})(\d{2})(\d{2})")


@lru_cache(maxsize=4096)
def _column(header: str) -> Election | None:
    return ohio_column(header)


@lru_cache(maxsize=65536)
def _new_york(field: str) -> frozenset[Election]:
    return frozenset(new_york_history(field))


def history_in_row(extra: Mapping[str, Any] | None) -> set[Election]:
    """The elections a voter's row says they voted in (Ohio's columns with a mark, New York's field)."""
    if not extra:
        return set()
    found = {e for key, mark in extra.items() if str(mark).strip() and (e := _column(key)) is not None}
    field = extra.get(NY_HISTORY)
    if field:
        found |= _new_york(str(field))
    return found


def registered_on(extra: Mapping[str, Any] | None) -> date | None:
    """The registration date the voter file gave, in any of the ways states write it."""
    for key in REGISTRATION_KEYS:
        raw = str((extra or {}).get(key, "")).strip()
        if raw:
            return parse_date(raw)
    return None


def parse_date(raw: str) -> date | None:
    """ "2020-03-01", "03/01/2020" or "20200301"; None for anything else."""
    for pattern, order in ((_ISO, (0, 1, 2)), (_MDY, (2, 0, 1)), (_YMD, (0, 1, 2))):
        match = pattern.search(raw)
        if match:
            parts = [int(g) for g in match.groups()]
            try:
                return date(parts[order[0]], parts[order[1]], parts[order[2]])
            except ValueError:
                return None
    return None


def roll_elections(session: Session) -> set[Election]:
    """The elections the roll knows: Ohio-style columns of voter-file imports, and separate history files."""
    found: set[Election] = set()
    mappings = session.scalars(select(ImportBatch.mapping).where(ImportBatch.kind == VOTERS_KIND,
                                                                 ImportBatch.undone_at.is_(None)))
    for mapping in mappings:
        found.update(e for header in (mapping or {}) if (e := _column(str(header))) is not None)
    rows = session.execute(select(VoteRecord.held_on, VoteRecord.kind).distinct())
    found.update(Election(held_on, kind) for held_on, kind in rows)
    return found


def separate_history(session: Session, voter_ids: Sequence[str]) -> dict[str, set[Election]]:
    """History loaded from separate files, by voter id (the statewide id, or the county's number)."""
    out: dict[str, set[Election]] = {}
    for start in range(0, len(voter_ids), CHUNK):
        part = list(voter_ids[start : start + CHUNK])
        for column in (VoteRecord.voter_key, VoteRecord.county_key):
            rows = session.execute(select(column, VoteRecord.held_on, VoteRecord.kind).where(column.in_(part)))
            for key, held_on, kind in rows:
                out.setdefault(key, set()).add(Election(held_on, kind))
    return out


def any_separate_history(session: Session) -> bool:
    """Whether any history file was loaded (else the per-voter look-ups are skipped)."""
    return session.scalar(select(VoteRecord.id).limit(1)) is not None


def merged(*sources: Iterable[Election]) -> set[Election]:
    """One set from several."""
    out: set[Election] = set()
    for source in sources:
        out.update(source)
    return out
