"""The chapter dashboard: one small query per panel, each standing on its own, straight from the tables.

A panel whose section holds nothing says so (`empty`), so a screen shows a friendly word instead of
zeros that look like data; a panel whose query fails is marked unavailable and the others still show.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from organizer.domain.codes import ProspectStage
from organizer.services.prospects_rows import BEFORE_FILING, OUTCOMES
from organizer.storage.database import Database
from organizer.storage.models import (
    Attendance,
    ContactAttempt,
    Event,
    MergeConflict,
    Office,
    Person,
    Petition,
    PossibleDuplicate,
    Prospect,
    Signature,
    Volunteer,
    WalkList,
)

log = logging.getLogger(__name__)
MONTHS = 6  # months of growth shown
UPCOMING = 5  # events listed
RSVP = ("registered", "confirmed")
SOON = 7  # "deadlines this week"


@dataclass(frozen=True, slots=True)
class Panel:
    """One panel's figures: `empty` when its section holds nothing yet, `unavailable` when it could not be read."""

    key: str
    title: str
    figures: dict[str, Any] = field(default_factory=dict)
    empty: bool = False
    unavailable: bool = False

    def to_json(self) -> dict[str, Any]:
        """The figures, with `empty` (and `unavailable` when it could not be read)."""
        out = {**self.figures, "empty": self.empty}
        if self.unavailable:
            out["unavailable"] = True
        return out


@dataclass(frozen=True, slots=True)
class Dashboard:
    """Every panel as of one day."""

    today: date
    panels: tuple[Panel, ...]

    def panel(self, key: str) -> Panel:
        """One panel by key."""
        return next(p for p in self.panels if p.key == key)

    def to_json(self) -> dict[str, Any]:
        """One object: `as_of` and one object per panel."""
        return {"as_of": self.today.isoformat(), **{p.key: p.to_json() for p in self.panels}}


def _month_start(day: date, back: int = 0) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - back, 12)
    return date(year, month + 1, 1)


def _utc(day: date) -> datetime:
    return datetime.combine(day, time(), UTC)


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive UTC times."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _name(prospect: Prospect, person: Person | None) -> str:
    if person is not None:
        return " ".join(x for x in (person.given_name, person.family_name) if x) or "(no name)"
    return prospect.person_name or "A prospect"


def _count(session: Session, stmt: Any) -> int:
    return int(session.scalar(stmt) or 0)


def people_panel(session: Session, today: date) -> dict[str, Any]:
    """People and volunteers: totals, new this month, and new people per month for the last six.

    Each month is counted off the index on people's created time, not by reading every person.
    """
    starts = [_month_start(today, back) for back in range(MONTHS - 1, -1, -1)]
    ends = [*starts[1:], _month_start(today, -1)]
    total = _count(session, select(func.count(Person.id)))
    months = [_count(session, select(func.count()).select_from(Person).where(
        Person.created_at >= _utc(a), Person.created_at < _utc(b))) for a, b in zip(starts, ends, strict=True)]
    month = _utc(_month_start(today))
    return {
        "people": int(total or 0),
        "new_people_this_month": int(months[-1] or 0),
        "volunteers": _count(session, select(func.count(Volunteer.id))),
        "active_volunteers": _count(session, select(func.count(Volunteer.id)).where(Volunteer.status == "active")),
        "new_volunteers_this_month": _count(session, select(func.count(Volunteer.id)).where(
            (Volunteer.started_on >= _month_start(today))
            | (Volunteer.started_on.is_(None) & (Volunteer.created_at >= month)))),
        "growth": [{"month": a.strftime("%Y-%m"), "new_people": int(n or 0)} for a, n in zip(starts, months,
                                                                                            strict=True)],
        "empty": not total,
    }


def review_panel(session: Session, _today: date) -> dict[str, Any]:
    """What waits in the review queues."""
    conflicts = _count(session, select(func.count(MergeConflict.id)).where(MergeConflict.resolved_at.is_(None)))
    duplicates = _count(session, select(func.count(PossibleDuplicate.id)).where(PossibleDuplicate.status == "open"))
    return {"conflicts": conflicts, "possible_duplicates": duplicates, "empty": conflicts + duplicates == 0}


def events_panel(session: Session, today: date) -> dict[str, Any]:
    """The next events with their RSVPs, and who came to those of the last month."""
    now = datetime.now(UTC)
    rsvps = (select(Attendance.event_id, func.count(func.distinct(Attendance.person_id)).label("n"))
             .where(Attendance.status.in_(RSVP), Attendance.walk_in.is_not(True))
             .group_by(Attendance.event_id).subquery())
    upcoming = session.execute(
        select(Event.id, Event.title, Event.starts_at, Event.time_zone, Event.capacity, Event.status, rsvps.c.n)
        .outerjoin(rsvps, rsvps.c.event_id == Event.id)
        .where(Event.starts_at >= now, Event.status != "cancelled").order_by(Event.starts_at, Event.id).limit(UPCOMING))
    since = now - timedelta(days=30)
    past = select(Event.id).where(Event.starts_at >= since, Event.starts_at < now, Event.status != "cancelled")
    came = _count(session, select(func.count(Attendance.id)).where(Attendance.event_id.in_(past),
                                                                   Attendance.attended.is_(True)))
    total = _count(session, select(func.count(Event.id)))
    return {
        "events": total,
        "upcoming": [{"id": i, "title": t, "starts_at": _aware(s).isoformat(), "time_zone": z, "capacity": c,
                      "status": st, "rsvps": int(n or 0)} for i, t, s, z, c, st, n in upcoming],
        "upcoming_count": _count(session, select(func.count(Event.id)).where(Event.starts_at >= now,
                                                                             Event.status != "cancelled")),
        "past_month_events": _count(session, select(func.count()).select_from(past.subquery())),
        "past_month_attended": came,
        "empty": total == 0,
    }


def petitions_panel(session: Session, today: date) -> dict[str, Any]:
    """Each petition: valid and total signatures against required and the buffer goal, and days to its deadline."""
    counts = (select(Signature.petition_id, func.count(Signature.id).label("total"),
                     func.sum(case((Signature.status == "valid", 1), else_=0)).label("valid"))
              .group_by(Signature.petition_id).subquery())
    rows = session.execute(select(Petition, counts.c.total, counts.c.valid)
                           .outerjoin(counts, counts.c.petition_id == Petition.id)
                           .order_by(Petition.deadline.is_(None), Petition.deadline, Petition.id))
    petitions = []
    for p, total, valid in rows:
        goal = round(p.required_signatures * (p.target_buffer or 1.0))
        petitions.append({
            "id": p.id, "title": p.title, "kind": p.kind, "signatures": int(total or 0), "valid": int(valid or 0),
            "required": p.required_signatures, "goal": goal,
            "deadline": p.deadline.isoformat() if p.deadline else None,
            "days_left": (p.deadline - today).days if p.deadline else None,
        })
    return {"petitions": petitions, "empty": not petitions}


def canvass_panel(session: Session, today: date) -> dict[str, Any]:
    """Contact attempts: all, the last 30 days, by channel, and conversations; walk lists made."""
    since = _utc(today - timedelta(days=30))
    total = _count(session, select(func.count(ContactAttempt.id)))
    by_channel = dict(list(session.execute(select(ContactAttempt.channel, func.count(ContactAttempt.id))
                                           .group_by(ContactAttempt.channel).order_by(ContactAttempt.channel))))
    return {
        "contacts": total,
        "contacts_last_30_days": _count(session, select(func.count(ContactAttempt.id))
                                        .where(ContactAttempt.attempted_at >= since)),
        "conversations": _count(session, select(func.count(ContactAttempt.id))
                                .where(ContactAttempt.result_code == "canvassed")),
        "by_channel": {str(k): int(v) for k, v in by_channel.items()},
        "walk_lists": _count(session, select(func.count(WalkList.id))),
        "empty": total == 0,
    }


def prospects_panel(session: Session, today: date) -> dict[str, Any]:
    """The pipeline as a funnel by stage, overdue next steps, filing deadlines within 14 days, open seats."""
    by_stage = dict(list(session.execute(select(Prospect.stage, func.count(Prospect.id))
                                         .group_by(Prospect.stage))))
    active = [s.value for s in ProspectStage if s not in OUTCOMES]
    overdue = _count(session, select(func.count(Prospect.id)).where(
        Prospect.stage.in_(active), Prospect.next_step_due < today))
    filing = _count(session, select(func.count(Prospect.id)).where(
        Prospect.stage.in_([s.value for s in BEFORE_FILING]), Prospect.filing_deadline <= today + timedelta(days=14),
        Prospect.filing_deadline >= today))
    taken = select(Prospect.office_id).where(Prospect.office_id.is_not(None), Prospect.stage.in_(active))
    filing += _count(session, select(func.count(Office.id)).where(  # open seats whose filing window closes soon
        Office.id.not_in(taken), Office.filing_closes >= today, Office.filing_closes <= today + timedelta(days=14)))
    open_seats = session.execute(select(Office.name, Office.seat, Office.district).where(
        Office.id.not_in(taken), Office.open_seats > 0,
        (Office.election_date.is_(None)) | (Office.election_date >= today)).order_by(Office.name, Office.id)).all()
    total = sum(int(v) for v in by_stage.values())
    return {
        "prospects": total,
        "in_pipeline": sum(int(by_stage.get(s, 0)) for s in active),
        "by_stage": {s.value: int(by_stage.get(s.value, 0)) for s in ProspectStage},
        "overdue_next_steps": overdue,
        "filing_deadlines_14_days": filing,
        "open_seats_without_prospect": [", ".join(p for p in row if p) for row in open_seats],
        "empty": total == 0 and not open_seats,
    }


MISSED_DAYS = 30
"""How long a filing deadline that passed while the prospect was still before filing stays on the dashboard."""


def attention_panel(session: Session, today: date) -> dict[str, Any]:
    """Needs attention: overdue follow-ups, deadlines this week, conflicts and possible duplicates."""
    active = [s.value for s in ProspectStage if s not in OUTCOMES]
    week = today + timedelta(days=SOON)
    items: list[dict[str, Any]] = []
    for prospect, person in session.execute(
            select(Prospect, Person).outerjoin(Person, Person.id == Prospect.person_id)
            .where(Prospect.stage.in_(active), Prospect.next_step_due < today)
            .order_by(Prospect.next_step_due, Prospect.id)):
        items.append({"kind": "overdue_follow_up", "section": "Candidates", "due": _iso(prospect.next_step_due),
                      "text": f"{_name(prospect, person)} ({prospect.office}): {prospect.next_step or 'next step'}"})
    before_filing = [s.value for s in BEFORE_FILING]
    for prospect, person in session.execute(  # still before filing with the deadline gone: filed, or missed?
            select(Prospect, Person).outerjoin(Person, Person.id == Prospect.person_id)
            .where(Prospect.stage.in_(before_filing), Prospect.filing_deadline < today,
                   Prospect.filing_deadline >= today - timedelta(days=MISSED_DAYS))
            .order_by(Prospect.filing_deadline, Prospect.id)):
        items.append({"kind": "missed_filing_deadline", "section": "Candidates", "due": _iso(prospect.filing_deadline),
                      "text": f"Filing deadline passed: {_name(prospect, person)} ({prospect.office})"})
    filing = (select(Prospect, Person).outerjoin(Person, Person.id == Prospect.person_id)
              .where(Prospect.stage.in_(before_filing), Prospect.filing_deadline >= today,
                     Prospect.filing_deadline <= week))
    deadlines = [
        *(("filing_deadline", "Candidates", f"Filing deadline: {_name(p, who)} ({p.office})", p.filing_deadline)
          for p, who in session.execute(filing)),
        *(("petition_deadline", "Petitions", f"Petition due: {t}", d) for t, d in session.execute(
            select(Petition.title, Petition.deadline).where(Petition.deadline >= today, Petition.deadline <= week))),
        *(("office_filing", "Candidates", f"Filing closes: {n}", d) for n, d in session.execute(
            select(Office.name, Office.filing_closes).where(Office.filing_closes >= today,
                                                            Office.filing_closes <= week))),
    ]
    for kind, section, text, due in sorted(deadlines, key=lambda x: x[3] or today):
        items.append({"kind": kind, "section": section, "due": _iso(due), "text": text})
    review = review_panel(session, today)
    return {"items": items, "overdue_follow_ups": sum(1 for i in items if i["kind"] == "overdue_follow_up"),
            "missed_filing_deadlines": sum(1 for i in items if i["kind"] == "missed_filing_deadline"),
            "deadlines_this_week": len(deadlines), "conflicts": review["conflicts"],
            "possible_duplicates": review["possible_duplicates"],
            "empty": not items and review["empty"]}


PanelQuery = Callable[[Session, date], dict[str, Any]]
PANELS: tuple[tuple[str, str, PanelQuery], ...] = (
    ("attention", "Needs attention", attention_panel),
    ("people", "People and volunteers", people_panel),
    ("events", "Upcoming events", events_panel),
    ("petitions", "Petitions", petitions_panel),
    ("prospects", "Candidate pipeline", prospects_panel),
    ("canvass", "Canvassing", canvass_panel),
    ("review", "Review", review_panel),
)


class DashboardService:
    """The chapter's figures for the home screen and `organizer dashboard`."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def panel(self, key: str, today: date | None = None) -> Panel:
        """One panel, read on its own; one that cannot be read is marked unavailable."""
        today = today or date.today()
        title, query = next((t, q) for k, t, q in PANELS if k == key)
        try:
            with self._db.read() as session:
                figures = query(session, today)
        except SQLAlchemyError:
            log.exception("The dashboard panel %s could not be read", key)
            return Panel(key, title, {}, empty=True, unavailable=True)
        empty = bool(figures.pop("empty", False))
        return Panel(key, title, figures, empty=empty)

    def save_summary(self, path: Path, chapter: str, *, force: bool = False) -> Path:
        """Write a one-page PDF summary of the chapter (for a meeting agenda)."""
        from organizer.services.dashboard_pdf import write_summary

        protect = [self._db.path] if self._db.path else []
        return write_summary(self.build(), chapter, path, force=force, protect=protect)

    def build(self, today: date | None = None) -> Dashboard:
        """Every panel."""
        today = today or date.today()
        return Dashboard(today, tuple(self.panel(key, today) for key, _t, _q in PANELS))
