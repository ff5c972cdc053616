"""Volunteer profiles and the candidate-recruitment pipeline (prospects)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from organizer.storage.models.base import Base, Timestamped

if TYPE_CHECKING:
    from organizer.storage.models.people import Person


class Volunteer(Base, Timestamped):
    """A person's volunteer profile: at most one per person."""

    __tablename__ = "volunteers"

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


class Prospect(Base, Timestamped):
    """Someone the chapter hopes will run for office, and where they are in the pipeline."""

    __tablename__ = "prospects"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
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

    person: Mapped[Person] = relationship(foreign_keys=[person_id])


class ProspectStageChange(Base):
    """A move of a prospect between stages, kept as history."""

    __tablename__ = "prospect_stage_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    prospect_id: Mapped[int] = mapped_column(ForeignKey("prospects.id", ondelete="CASCADE"), index=True)
    from_stage: Mapped[str] = mapped_column(String(20), default="")
    to_stage: Mapped[str] = mapped_column(String(20))
    changed_on: Mapped[date]
    note: Mapped[str] = mapped_column(Text, default="")
