"""What the events services take and give: typed input and frozen rows (never ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(slots=True)
class EventInput:
    """An event as typed in the form or on the command line; times are wall-clock times in `time_zone`."""

    title: str = ""
    event_type: str = "meeting"
    start: str = ""  # "2027-03-09 19:00"
    end: str = ""
    time_zone: str = ""  # IANA name; empty: this computer's zone
    location_name: str = ""
    address: str = ""
    virtual_link: str = ""
    capacity: int | None = None
    contact_id: int | None = None
    status: str = "confirmed"
    visibility: str = "public"
    description: str = ""
    repeat: str = ""  # "monthly on the second Tuesday"; empty: once
    occurrences: int = 1  # how many meetings of the series to make now
    petition_id: int | None = None


@dataclass(frozen=True, slots=True)
class EventRow:
    """One event as lists and commands show it (times aware, in UTC; `local_*` on the event's clock)."""

    id: int
    uuid: str
    title: str
    event_type: str
    status: str
    starts_at: datetime
    ends_at: datetime | None
    time_zone: str
    location_name: str
    address: str
    virtual_link: str
    capacity: int | None
    contact_id: int | None
    contact_name: str
    description: str
    visibility: str
    recurrence: str
    series_uuid: str
    petition_id: int | None
    rsvps: int = 0  # registered or confirmed (not declined, cancelled or only invited)
    attended: int = 0

    @property
    def place(self) -> str:
        """Where it is: the place, its address, or its link."""
        return ", ".join(p for p in (self.location_name, self.address) if p) or self.virtual_link

    def local_start(self) -> datetime:
        """The start on the event's own clock."""
        from organizer.domain.event_times import in_zone

        return in_zone(self.starts_at, self.time_zone)

    def to_json(self) -> dict[str, Any]:
        """The shape `event list --json` and `event show --json` print."""
        return {
            "id": self.id, "uuid": self.uuid, "title": self.title, "type": self.event_type, "status": self.status,
            "start": self.local_start().isoformat(), "end": _local(self.ends_at, self.time_zone),
            "time_zone": self.time_zone, "location": self.location_name, "address": self.address,
            "virtual_link": self.virtual_link, "capacity": self.capacity, "contact_id": self.contact_id,
            "contact": self.contact_name, "description": self.description, "visibility": self.visibility,
            "recurrence": self.recurrence, "series": self.series_uuid or None, "petition_id": self.petition_id,
            "rsvps": self.rsvps, "attended": self.attended,
        }


def _local(moment: datetime | None, zone_name: str) -> str | None:
    from organizer.domain.event_times import in_zone

    return in_zone(moment, zone_name).isoformat() if moment is not None else None


@dataclass(frozen=True, slots=True)
class ShiftRow:
    """A shift or role slot of an event, and how many signed up for it."""

    id: int
    event_id: int
    name: str
    starts_at: datetime | None
    ends_at: datetime | None
    capacity: int | None
    taken: int = 0

    def to_json(self) -> dict[str, Any]:
        """The shape `event shifts --json` prints."""
        return {"id": self.id, "event_id": self.event_id, "name": self.name,
                "start": self.starts_at.isoformat() if self.starts_at else None,
                "end": self.ends_at.isoformat() if self.ends_at else None, "capacity": self.capacity,
                "taken": self.taken}


@dataclass(frozen=True, slots=True)
class RosterRow:
    """One person at one event (and shift): the RSVP, whether they came, how to reach them."""

    id: int
    uuid: str
    person_id: int
    person_uuid: str
    given_name: str
    family_name: str
    email: str
    phone: str
    status: str
    attended: bool | None
    walk_in: bool
    checked_in_at: datetime | None
    shift_id: int | None
    shift_name: str
    role: str
    comment: str
    first_time: bool = False  # their first event attended

    @property
    def name(self) -> str:
        """The person's name as read aloud."""
        return " ".join(p for p in (self.given_name, self.family_name) if p) or self.email or "(no name)"

    def to_json(self) -> dict[str, Any]:
        """The shape `event roster --json` prints."""
        return {"id": self.id, "person": self.person_uuid, "given_name": self.given_name,
                "family_name": self.family_name, "email": self.email, "phone": self.phone, "status": self.status,
                "attended": self.attended, "walk_in": self.walk_in,
                "checked_in_at": self.checked_in_at.isoformat() if self.checked_in_at else None,
                "shift": self.shift_name or None, "role": self.role, "comment": self.comment,
                "first_time": self.first_time}


@dataclass(frozen=True, slots=True)
class CheckinResult:
    """What one check-in did: who, whether they were created, whether they were in already."""

    person_id: int
    person_uuid: str
    name: str
    created: bool
    already_checked_in: bool
    welcome_back: bool = False  # a walk-in whose email or phone the chapter knew
    over_capacity: bool = False  # checked in all the same: the door never turns anyone away

    @property
    def greeting(self) -> str:
        """What the kiosk says."""
        first = self.name.split(" ")[0] if self.name else ""
        if self.already_checked_in:
            return f"{first or 'You'}, you are already checked in."
        if self.welcome_back:
            return f"Welcome back, {first}!" if first else "Welcome back!"
        return f"Welcome, {first}!" if first else "Welcome!"

    def to_json(self) -> dict[str, Any]:
        """The shape `event checkin --json` prints."""
        return {"person": self.person_uuid, "created": self.created, "already_checked_in": self.already_checked_in,
                "welcome_back": self.welcome_back, "over_capacity": self.over_capacity}


@dataclass(slots=True)
class WalkIn:
    """A walk-in as the door's form takes them: a name and an email or phone, ZIP, interests."""

    given_name: str = ""
    family_name: str = ""
    email: str = ""
    phone: str = ""
    postal_code: str = ""
    volunteer: bool = False
    interests: list[str] = field(default_factory=list)  # become tags


@dataclass(frozen=True, slots=True)
class KioskMatch:
    """Someone the door's search found: a name and what tells namesakes apart, never contact details."""

    person_id: int
    name: str
    hint: str  # their town, if known
    rsvp: str  # their RSVP to this event, or ""
    checked_in: bool


@dataclass(frozen=True, slots=True)
class Turnout:
    """An event's turnout: RSVPs against attendance, walk-ins and first-timers."""

    event_id: int
    invited: int
    rsvps: int
    declined: int
    attended: int
    rsvp_attended: int
    walk_ins: int
    first_timers: int
    no_shows: int
    capacity: int | None

    def to_json(self) -> dict[str, Any]:
        """The shape `event turnout --json` prints."""
        return {"event_id": self.event_id, "invited": self.invited, "rsvps": self.rsvps, "declined": self.declined,
                "attended": self.attended, "rsvp_attended": self.rsvp_attended, "walk_ins": self.walk_ins,
                "first_timers": self.first_timers, "no_shows": self.no_shows, "capacity": self.capacity}


@dataclass(frozen=True, slots=True)
class GrowthRow:
    """One person on the volunteer ladder: what their attendance shows."""

    person_id: int
    person_uuid: str
    name: str
    attended: int
    shifts: int
    led: int
    level: str  # the higher of the attendance's rung and the profile's
    last_attended: datetime | None

    def to_json(self) -> dict[str, Any]:
        """The shape `event growth --json` prints."""
        return {"person": self.person_uuid, "name": self.name, "attended": self.attended, "shifts": self.shifts,
                "led": self.led, "level": self.level,
                "last_attended": self.last_attended.isoformat() if self.last_attended else None}
