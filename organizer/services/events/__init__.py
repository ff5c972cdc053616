"""Events and meetings: plan them, sign people in at the door, track who shows up, grow volunteers."""

from organizer.services.changes import ATTENDANCE, EVENTS
from organizer.services.events.attendance import AttendanceService
from organizer.services.events.growth import GrowthQuery, GrowthService
from organizer.services.events.rows import (
    CheckinResult,
    EventInput,
    EventRow,
    GrowthRow,
    KioskMatch,
    RosterRow,
    ShiftRow,
    Turnout,
    WalkIn,
)
from organizer.services.events.service import WHEN_CHOICES, EventQuery, EventService
from organizer.services.events.walkins import DifferentName

__all__ = ["ATTENDANCE", "EVENTS", "WHEN_CHOICES", "AttendanceService", "CheckinResult", "DifferentName", "EventInput",
           "EventQuery", "EventRow", "EventService", "GrowthQuery", "GrowthRow", "GrowthService", "KioskMatch",
           "RosterRow", "ShiftRow", "Turnout", "WalkIn"]
