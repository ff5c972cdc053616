"""What the candidate pipeline shows: prospect rows, timeline entries, reminders, and the checks on input."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from organizer.domain.codes import ProspectStage
from organizer.errors import UserError, ValidationFailed

# Outcomes: the prospect's story in the pipeline is over.
OUTCOMES = frozenset({ProspectStage.WON, ProspectStage.LOST, ProspectStage.WITHDREW, ProspectStage.NOT_A_FIT})
# Stages in which the filing deadline still matters (nothing filed yet).
BEFORE_FILING = frozenset(s for s in ProspectStage if s.order < ProspectStage.FILED.order)
DEFAULT_CHECKLIST = ("Intro call done", "Questionnaire received", "References called", "Background check",
                     "Training attended")
SOON_DAYS = 14  # a filing deadline this close stands out on the board


class UnknownStage(UserError):
    """A stage that is not one of the pipeline's."""


class AlreadyInPipeline(UserError):
    """A second prospect for the same person and office."""


def stage_names() -> str:
    """The stages as typed on the command line: "identified, intro_call, …"."""
    return ", ".join(s.value for s in ProspectStage)


def parse_stage(raw: str) -> ProspectStage:
    """A stage by its code or label ("on_ballot", "On the ballot"); raises UnknownStage naming the valid ones."""
    try:
        return ProspectStage.parse(raw)
    except ValueError:
        raise UnknownStage(f"There is no stage {raw.strip()!r}: the stages are {stage_names()}.") from None


def is_active(stage: str) -> bool:
    """Whether a prospect in this stage is still in the pipeline (not won, lost, withdrawn or not a fit)."""
    return stage not in OUTCOMES


@dataclass(slots=True)
class ProspectInput:
    """A prospect as typed in the form or on the command line."""

    office: str = ""
    office_id: int | None = None  # a catalog office: its name, district and dates win over those typed
    jurisdiction: str = ""
    district: str = ""
    election_date: date | None = None
    filing_deadline: date | None = None
    stage: str = ProspectStage.IDENTIFIED.value
    eligibility_notes: str = ""
    next_step: str = ""
    next_step_due: date | None = None
    organizer_id: int | None = None
    referral_source: str = ""
    notes: str = ""


def prospect_problems(data: ProspectInput) -> dict[str, str]:
    """What is wrong with a prospect as typed, by field (empty when nothing is)."""
    problems: dict[str, str] = {}
    if not data.office.strip() and data.office_id is None:
        problems["office"] = "Name the office sought (School Board, City Council…) or choose one from the offices."
    if data.stage not in {s.value for s in ProspectStage}:
        problems["stage"] = f"There is no stage {data.stage!r}: the stages are {stage_names()}."
    if data.election_date and data.filing_deadline and data.filing_deadline > data.election_date:
        problems["filing_deadline"] = (f"The filing deadline ({data.filing_deadline.isoformat()}) is after the "
                                       f"election ({data.election_date.isoformat()}): check both dates.")
    return problems


def check_prospect(data: ProspectInput) -> None:
    """Raise ValidationFailed when a prospect as typed cannot be saved."""
    problems = prospect_problems(data)
    if problems:
        raise ValidationFailed(problems)


@dataclass(frozen=True, slots=True)
class ProspectRow:
    """One prospect as the board, the list and the command line see them."""

    id: int
    uuid: str
    person_id: int | None
    person_uuid: str | None  # None once the person was deleted: the record and its timeline stay
    name: str
    office: str
    office_id: int | None
    jurisdiction: str
    district: str
    election_date: date | None
    filing_deadline: date | None
    stage: str
    next_step: str
    next_step_due: date | None
    organizer: str
    organizer_id: int | None
    referral_source: str
    eligibility_notes: str
    notes: str
    checklist: tuple[tuple[str, str], ...] = ()  # (item, ISO day done or "") for the chapter's items
    stage_since: date | None = None

    @property
    def office_text(self) -> str:
        """ "City Council, District 2"."""
        return ", ".join(p for p in (self.office, self.district) if p)

    def overdue(self, today: date) -> bool:
        """Whether the next step's due date has passed (an open prospect only)."""
        return is_active(self.stage) and self.next_step_due is not None and self.next_step_due < today

    def filing_soon(self, today: date, days: int = SOON_DAYS) -> bool:
        """Whether the filing deadline is within `days` (or passed) while nothing is filed yet."""
        if self.filing_deadline is None or self.stage not in BEFORE_FILING:
            return False
        return (self.filing_deadline - today).days <= days

    def to_json(self) -> dict[str, Any]:
        """The row as the command line prints it (dates as YYYY-MM-DD or null)."""
        return {
            "id": self.id, "uuid": self.uuid, "person": self.person_uuid, "name": self.name, "office": self.office,
            "office_id": self.office_id, "jurisdiction": self.jurisdiction, "district": self.district,
            "stage": self.stage, "next_step": self.next_step, "next_step_due": _day(self.next_step_due),
            "filing_deadline": _day(self.filing_deadline), "election": _day(self.election_date),
            "organizer": self.organizer, "referral_source": self.referral_source,
            "eligibility_notes": self.eligibility_notes, "checklist": dict(self.checklist),
            "stage_since": _day(self.stage_since),
        }


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """A stage move (or a note, when the stage did not change) on a prospect's timeline."""

    changed_on: date
    changed_at: datetime | None
    changed_by: str
    from_stage: str
    to_stage: str
    note: str

    def to_json(self) -> dict[str, Any]:
        """As the command line prints it."""
        return {"on": self.changed_on.isoformat(), "at": self.changed_at.isoformat() if self.changed_at else None,
                "by": self.changed_by, "from": self.from_stage or None, "to": self.to_stage, "note": self.note}


@dataclass(frozen=True, slots=True)
class Reminder:
    """A deadline coming up (or passed): what, for whom, when."""

    kind: str  # next_step | filing_deadline | office_filing
    due: date
    days: int  # days from today (negative: overdue)
    title: str
    detail: str
    prospect_id: int | None = None
    office_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        """As the command line prints it."""
        return {"kind": self.kind, "due": self.due.isoformat(), "days": self.days, "title": self.title,
                "detail": self.detail, "prospect": self.prospect_id, "office": self.office_id}


@dataclass(frozen=True, slots=True)
class ProspectFilter:
    """The board's filters: office, organizer, election day (empty: all)."""

    office: str = ""
    organizer_id: int | None = None
    election: date | None = None
    stages: tuple[str, ...] = field(default_factory=tuple)


def _day(day: date | None) -> str | None:
    return day.isoformat() if day else None
