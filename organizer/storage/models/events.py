"""Events (meetings, trainings, canvasses...), their shifts, and attendance."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from organizer.domain.codes import AttendanceStatus, EventStatus, EventType, RecordKind, Visibility
from organizer.storage.checks import code_check
from organizer.storage.models.base import Base, Shareable


class Event(Base, Shareable):
    """Something the chapter holds, with a start, an end and a place or link."""

    __tablename__ = "events"
    record_kind = RecordKind.EVENT.value
    __table_args__ = (
        code_check("event_type", EventType), code_check("status", EventStatus), code_check("visibility", Visibility),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    event_type: Mapped[str] = mapped_column(String(30), default="meeting")
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime | None]
    time_zone: Mapped[str] = mapped_column(String(64), default="")
    location_name: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(400), default="")
    virtual_link: Mapped[str] = mapped_column(String(500), default="")
    capacity: Mapped[int | None]
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="confirmed")
    visibility: Mapped[str] = mapped_column(String(20), default="public")
    external_id: Mapped[str] = mapped_column(String(100), default="", index=True)
    # A repeating meeting: each occurrence is an event of its own, made from the rule (in words or an
    # iCalendar RRULE) and sharing the series' uuid, so the series can be extended or changed together.
    recurrence: Mapped[str] = mapped_column(String(200), default="", server_default="")
    series_uuid: Mapped[str] = mapped_column(String(36), default="", server_default="", index=True)
    # The petition it collects for (a walk list names its event itself: WalkList.event_id).
    petition_id: Mapped[int | None] = mapped_column(ForeignKey("petitions.id", ondelete="SET NULL"), index=True)


class Shift(Base, Shareable):
    """A time slot or role within an event (a Mobilize timeslot)."""

    __tablename__ = "shifts"
    record_kind = RecordKind.SHIFT.value

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    starts_at: Mapped[datetime | None]
    ends_at: Mapped[datetime | None]
    capacity: Mapped[int | None]
    external_id: Mapped[str] = mapped_column(String(100), default="")


class Attendance(Base, Shareable):
    """A person at an event (and shift): invited, registered, attended..."""

    __tablename__ = "attendances"
    record_kind = RecordKind.ATTENDANCE.value
    __table_args__ = (
        Index("ix_attendances_event_person", "event_id", "person_id"),
        # Once per event, person and shift, no shift counting as one value. SQLite does not
        # reflect expression indexes: a migration that recreates this table must create it again.
        Index("uq_attendances_event_person_shift", "event_id", "person_id", text("coalesce(shift_id, 0)"),
              unique=True),
        code_check("status", AttendanceStatus),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    shift_id: Mapped[int | None] = mapped_column(ForeignKey("shifts.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20), default="registered")
    attended: Mapped[bool | None] = mapped_column(Boolean)
    checked_in_at: Mapped[datetime | None]
    walk_in: Mapped[bool] = mapped_column(Boolean, default=False)
    role: Mapped[str] = mapped_column(String(100), default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(100), default="")
