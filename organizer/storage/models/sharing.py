"""What sharing keeps: suppression entries (applied to whoever matches, now or later) and deletions offered."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from organizer.domain.codes import RecordKind
from organizer.domain.suppression import DeletionOutcome, SuppressionChannel
from organizer.storage.checks import code_check
from organizer.storage.models.base import Base, utcnow


class Suppression(Base):
    """An email or phone number (E.164) that must not be contacted on a channel, and why."""

    __tablename__ = "suppressions"
    __table_args__ = (UniqueConstraint("channel", "value"), code_check("channel", SuppressionChannel))

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(10))
    value: Mapped[str] = mapped_column(String(320), index=True)
    reason: Mapped[str] = mapped_column(String(200), default="")
    origin: Mapped[str] = mapped_column(String(300), default="")  # the list it came from (a file name)
    batch_id: Mapped[int | None] = mapped_column(index=True)  # an import batch
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class OfferedDeletion(Base):
    """A record another chapter deleted (its tombstone arrived in a share file): deleted here only when
    someone says so in the review."""

    __tablename__ = "offered_deletions"
    __table_args__ = (code_check("kind", RecordKind), code_check("status", DeletionOutcome))

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    deleted_at: Mapped[datetime]
    origin_chapter_name: Mapped[str] = mapped_column(String(200), default="")
    batch_id: Mapped[int | None] = mapped_column(index=True)  # an import batch
    status: Mapped[str] = mapped_column(String(10), default=DeletionOutcome.OPEN.value)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
