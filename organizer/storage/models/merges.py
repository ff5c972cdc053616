"""Merges of two people (recorded so they can be undone) and pairs a person said are not the same."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from organizer.storage.models.base import Base, utcnow


class PersonMerge(Base):
    """One merge: who survived, whose uuid became an alias, and a snapshot of what moved (for undo)."""

    __tablename__ = "person_merges"

    id: Mapped[int] = mapped_column(primary_key=True)
    survivor_uuid: Mapped[str] = mapped_column(String(36), index=True)
    merged_uuid: Mapped[str] = mapped_column(String(36), index=True)
    duplicate_id: Mapped[int | None] = mapped_column(ForeignKey("possible_duplicates.id", ondelete="SET NULL"))
    merged_at: Mapped[datetime] = mapped_column(default=utcnow)
    undone_at: Mapped[datetime | None]
    snapshot: Mapped[dict[str, Any]] = mapped_column(default=dict)


class NotSamePair(Base):
    """Two people a person said are different: never proposed as duplicates again (by uuid, which travels)."""

    __tablename__ = "not_same_people"
    __table_args__ = (UniqueConstraint("uuid", "other_uuid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), index=True)
    other_uuid: Mapped[str] = mapped_column(String(36), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
