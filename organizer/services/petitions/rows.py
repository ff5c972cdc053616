"""What the petition services hand to screens and the command line: frozen rows, never ORM objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class PetitionInput:
    """A petition as typed."""

    title: str
    kind: str = "issue"
    text: str = ""
    jurisdiction: str = ""
    district: str = ""
    party: str = ""
    required: int = 0
    maximum: int | None = None
    deadline: date | None = None
    buffer: float = 1.4
    opens_on: date | None = None
    notary_required: bool = False


@dataclass(frozen=True, slots=True)
class PetitionRow:
    """A petition with its raw and valid counts."""

    id: int
    uuid: str
    title: str
    kind: str
    text: str
    jurisdiction: str
    district: str
    party: str
    required: int
    maximum: int | None
    deadline: date | None
    buffer: float
    opens_on: date | None
    notary_required: bool
    raw: int
    valid: int


@dataclass(frozen=True, slots=True)
class SheetInput:
    """A sheet as typed."""

    number: int
    circulator_id: int | None = None
    started_on: date | None = None
    finished_on: date | None = None
    filed_on: date | None = None
    statement_complete: bool = False
    notarized: bool = False
    status: str = "collected"
    district: str = ""
    notes: str = ""


@dataclass(frozen=True, slots=True)
class SheetRow:
    """A sheet, its circulator, its lines by status, and what puts them at risk."""

    id: int
    petition_id: int
    number: int
    circulator_id: int | None
    circulator: str
    started_on: date | None
    finished_on: date | None
    filed_on: date | None
    statement_complete: bool
    notarized: bool
    status: str
    district: str
    notes: str
    lines: int
    valid: int
    problems: tuple[str, ...]  # petition_rules.SHEET_PROBLEMS codes: every line on it is at risk


@dataclass(frozen=True, slots=True)
class SignatureInput:
    """A line as keyed from paper or at the table."""

    given_name: str = ""
    family_name: str = ""
    address: str = ""
    postal_code: str = ""
    sheet: int | None = None
    line: int | None = None
    date_signed: date | None = None


@dataclass(frozen=True, slots=True)
class SignatureRow:
    """A line and what the check found."""

    id: int
    sheet: int | None
    line: int | None
    printed_name: str
    given_name: str
    family_name: str
    address: str
    postal_code: str
    date_signed: date | None
    status: str
    reason: str  # a short code, "" when valid or unchecked
    voter_id: str | None  # the voter's id as written in the voter file
    voter_row_id: int | None
    person_id: int | None
    score: float | None
    decided: bool
    at_risk: bool  # valid, but the sheet's circulator statement is not in order
    # What the line carried beyond these fields, as typed, by column (email, phone, city, circulator...).
    as_typed: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        """The line as `petition signatures --json` prints it."""
        return {"id": self.id, "status": self.status, "reason": self.reason or None, "voter_id": self.voter_id,
                "sheet": self.sheet, "line": self.line, "printed_name": self.printed_name,
                "given_name": self.given_name, "family_name": self.family_name, "address": self.address,
                "postal_code": self.postal_code,
                "date_signed": self.date_signed.isoformat() if self.date_signed else None,
                "decided": self.decided, "at_risk": self.at_risk, "as_typed": dict(self.as_typed)}


@dataclass(frozen=True, slots=True)
class VoterCandidate:
    """A voter who may be the signer, for a person to compare side by side (or to show at the table)."""

    voter_row_id: int
    voter_id: str
    name: str
    address: str
    postal_code: str
    status: str
    party: str
    district: str
    score: int
    grade: str  # signer_match.Grade value


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What a check found: every line's status, counted (they add up to `total`)."""

    total: int
    counts: dict[str, int]
    projected_valid: int
    at_risk: int
    decided_kept: int
    reasons: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        """The shape `petition check --json` prints."""
        return {"total": self.total, **self.counts, "projected_valid": self.projected_valid,
                "at_risk": self.at_risk, "decided_kept": self.decided_kept, "reasons": dict(self.reasons)}


@dataclass(frozen=True, slots=True)
class ReasonTally:
    """Lines not valid, by reason, for one sheet or one circulator (who needs retraining)."""

    key: str  # "Sheet 3" or the circulator's name
    sheets: int
    lines: int
    valid: int
    reasons: dict[str, int]
    sheet_problems: dict[str, int]
