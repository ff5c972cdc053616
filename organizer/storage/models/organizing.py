"""Volunteer profiles and the candidate-recruitment pipeline (prospects)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, String, Text, event, update
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from organizer.domain.codes import EngagementLevel, ProspectStage, RecordKind, VolunteerStatus
from organizer.storage.checks import code_check
from organizer.storage.models.base import Base, HasProvenance, HasUuid, Shareable, Timestamped, utcnow

if TYPE_CHECKING:
    from organizer.storage.models.people import Person


class Volunteer(Base, Shareable):
    """A person's volunteer profile: at most one per person."""

    __tablename__ = "volunteers"
    record_kind = RecordKind.VOLUNTEER.value
    __table_args__ = (code_check("status", VolunteerStatus), code_check("engagement_level", EngagementLevel))

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="active", index=True)
    engagement_level: Mapped[str] = mapped_column(String(20), default="signed_up")
    skills: Mapped[list[str]] = mapped_column(default=list)
    languages: Mapped[list[str]] = mapped_column(default=list)
    availability: Mapped[str] = mapped_column(Text, default="")
    recruited_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    point_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    started_on: Mapped[date | None]
    notes: Mapped[str] = mapped_column(Text, default="")

    person: Mapped[Person] = relationship(foreign_keys=[person_id])


class Office(Base, HasUuid, Timestamped, HasProvenance):
    """An office and seat the chapter follows, with its filing window and election day."""

    __tablename__ = "offices"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    seat: Mapped[str] = mapped_column(String(100), default="")
    jurisdiction: Mapped[str] = mapped_column(String(200), default="")
    district: Mapped[str] = mapped_column(String(100), default="")
    election_date: Mapped[date | None]
    filing_opens: Mapped[date | None]
    filing_closes: Mapped[date | None]
    open_seats: Mapped[int] = mapped_column(default=1)
    notes: Mapped[str] = mapped_column(Text, default="")


class Prospect(Base, Shareable):
    """Someone the chapter hopes will run for office, and where they are in the pipeline.

    A deleted person's prospect record stays, with the name they had (`person_name`) and its timeline.
    """

    __tablename__ = "prospects"
    record_kind = RecordKind.PROSPECT.value
    __table_args__ = (code_check("stage", ProspectStage),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    person_name: Mapped[str] = mapped_column(String(400), default="", server_default="")
    office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id", ondelete="SET NULL"), index=True)
    office: Mapped[str] = mapped_column(String(200), default="")
    jurisdiction: Mapped[str] = mapped_column(String(200), default="")
    district: Mapped[str] = mapped_column(String(100), default="")
    election_date: Mapped[date | None]
    filing_deadline: Mapped[date | None]
    stage: Mapped[str] = mapped_column(String(20), default="identified", index=True)
    eligibility_notes: Mapped[str] = mapped_column(Text, default="")
    next_step: Mapped[str] = mapped_column(String(300), default="")
    next_step_due: Mapped[date | None]
    organizer_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    referral_source: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    # Checklist item -> the day it was done (ISO date), for the chapter's checklist items.
    checklist: Mapped[dict[str, Any]] = mapped_column(default=dict)

    person: Mapped[Person | None] = relationship(foreign_keys=[person_id])


class ProspectStageChange(Base, Shareable):
    """A move of a prospect between stages (or a note on its timeline), kept as history."""

    __tablename__ = "prospect_stage_changes"
    record_kind = RecordKind.PROSPECT_STAGE_CHANGE.value
    __table_args__ = (code_check("to_stage", ProspectStage),)

    id: Mapped[int] = mapped_column(primary_key=True)
    prospect_id: Mapped[int] = mapped_column(ForeignKey("prospects.id", ondelete="CASCADE"), index=True)
    from_stage: Mapped[str] = mapped_column(String(20), default="")
    to_stage: Mapped[str] = mapped_column(String(20))
    changed_on: Mapped[date]
    changed_at: Mapped[datetime | None]
    changed_by: Mapped[str] = mapped_column(String(200), default="", server_default="")
    note: Mapped[str] = mapped_column(Text, default="")


@event.listens_for(Session, "before_flush")
def _touch_people_with_changed_profiles(session: Session, _context: object, _instances: object) -> None:
    """A volunteer profile added, changed or removed through the ORM marks its person modified."""
    changed = [obj for obj in session.new | session.deleted if isinstance(obj, Volunteer)]
    changed += [obj for obj in session.dirty if isinstance(obj, Volunteer) and session.is_modified(obj)]
    ids = {v.person_id for v in changed if v.person_id is not None}
    if ids:
        people = Base.metadata.tables["people"]
        session.connection().execute(update(people).where(people.c.id.in_(ids)).values(modified_at=utcnow()))
