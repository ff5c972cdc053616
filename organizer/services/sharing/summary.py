"""A summary-only workbook for reporting up: counts by section, petition progress, event turnout; nobody named."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from organizer.files.writing import SheetSpec
from organizer.services.sharing.schema import shared_tables
from organizer.storage.models import Attendance, Event, Petition, Signature, Volunteer


def summary_sheets(session: Session, chapter: str) -> list[SheetSpec]:
    """The sheets: About, counts of every kind of record, petitions' progress, events' turnout."""
    about: list[list[Any]] = [["format", "Chapter Organizer summary"], ["chapter", chapter],
             ["exported_at", datetime.now(UTC).replace(microsecond=0)],
             ["personal data", "none: counts only"]]
    counts: list[list[Any]] = [[t.name.replace("_", " "), int(session.scalar(
        select(func.count()).select_from(t.table)) or 0)] for t in shared_tables() if not t.is_link]
    active = select(func.count()).select_from(Volunteer).where(Volunteer.status == "active")
    counts.append(["active volunteers", int(session.scalar(active) or 0)])
    petitions = [[p.title, p.kind, p.required_signatures, total or 0, valid or 0, p.deadline]
                 for p, total, valid in session.execute(
                     select(Petition, func.count(Signature.id),
                            func.sum(case((Signature.status == "valid", 1), else_=0)))
                     .outerjoin(Signature, Signature.petition_id == Petition.id)
                     .group_by(Petition.id).order_by(Petition.id))]
    turnout = [[e.title, e.event_type, e.starts_at, signed or 0, came or 0]
               for e, signed, came in session.execute(
                   select(Event, func.count(Attendance.id),
                          func.sum(case((Attendance.attended.is_(True), 1), else_=0)))
                   .outerjoin(Attendance, Attendance.event_id == Event.id)
                   .group_by(Event.id).order_by(Event.starts_at, Event.id))]
    return [SheetSpec("About", ("key", "value"), about), SheetSpec("Counts", ("records", "count"), counts),
            SheetSpec("Petitions", ("title", "kind", "required", "signatures", "valid", "deadline"), petitions),
            SheetSpec("Events", ("title", "type", "starts_at", "signed up", "attended"), turnout)]
