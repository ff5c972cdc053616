"""Voter rows (DTOs) as the Voters screen and `organizer voters list` show them, loaded a page at a time."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from organizer.storage.models import Voter

# What a refresh's change records may name, in words.
CHANGED_LABELS = {"given_name": "given name", "family_name": "family name", "additional_name": "middle name",
                  "suffix": "suffix", "street_address": "street", "unit": "unit", "locality": "city",
                  "region": "state", "postal_code": "ZIP", "precinct": "precinct", "ward": "ward",
                  "district": "district", "party": "party", "status": "status", "birth_year": "birth year",
                  "phone": "phone"}


@dataclass(frozen=True, slots=True)
class VoterRow:
    """One voter as screens and commands see them."""

    id: int
    voter_id: str
    given_name: str
    family_name: str
    additional_name: str
    suffix: str
    street: str
    unit: str
    locality: str
    region: str
    postal_code: str
    precinct: str
    ward: str
    district: str
    party: str
    status: str
    birth_year: int | None
    phone: str
    person_id: int | None
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))  # read-only

    @property
    def display_name(self) -> str:
        """ "Ana M Silva Jr"."""
        return " ".join(p for p in (self.given_name, self.additional_name, self.family_name, self.suffix) if p)

    @property
    def address(self) -> str:
        """The street line with its unit."""
        return f"{self.street} {self.unit}".strip() if self.unit and self.unit not in self.street else self.street

    def to_json(self) -> dict[str, Any]:
        """The shape `organizer voters list --json` prints."""
        return {
            "voter_id": self.voter_id, "given_name": self.given_name, "family_name": self.family_name,
            "additional_name": self.additional_name, "suffix": self.suffix, "street": self.street, "unit": self.unit,
            "locality": self.locality, "region": self.region, "postal_code": self.postal_code,
            "precinct": self.precinct, "ward": self.ward, "district": self.district, "party": self.party,
            "status": self.status, "birth_year": self.birth_year, "phone": self.phone,
            "person_id": self.person_id, "extra": dict(self.extra),
        }


@dataclass(frozen=True, slots=True)
class VoterChange:
    """A voter one refresh added, changed or marked inactive, and (for a change) what changed."""

    voter: VoterRow
    what: str  # added | changed | inactive
    detail: str  # "precinct 01-01 → 01-03; party UNA → GRE"


_COLUMNS = (Voter.id, Voter.voter_id, Voter.given_name, Voter.family_name, Voter.additional_name, Voter.suffix,
            Voter.street_address, Voter.unit, Voter.locality, Voter.region, Voter.postal_code, Voter.precinct,
            Voter.ward, Voter.district, Voter.party, Voter.status, Voter.birth_year, Voter.phone, Voter.person_id,
            Voter.extra)


def load_voter_rows(session: Session, ids: Sequence[int]) -> list[VoterRow]:
    """Rows for the given ids, in the order given; unknown ids are skipped."""
    by_id: dict[int, VoterRow] = {}
    for start in range(0, len(ids), 500):
        part = list(ids[start : start + 500])
        for row in session.execute(select(*_COLUMNS).where(Voter.id.in_(part))):
            values = list(row)
            values[-1] = MappingProxyType(dict(values[-1] or {}))
            by_id[row[0]] = VoterRow(*values)
    return [by_id[i] for i in ids if i in by_id]


def describe_change(before: Mapping[str, Any], now: VoterRow) -> str:
    """ "precinct 01-01 → 01-03; party UNA → GRE" from a change record's old values and the voter now."""
    current = {"street_address": now.street, **{k: getattr(now, k) for k in CHANGED_LABELS if hasattr(now, k)}}
    parts = []
    for key, old in before.items():
        if key in CHANGED_LABELS:
            parts.append(f"{CHANGED_LABELS[key]} {old or '(empty)'} → {current.get(key) or '(empty)'}")
        elif key == "extra":
            parts.append("other columns")
    return "; ".join(parts)
