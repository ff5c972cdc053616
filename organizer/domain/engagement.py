"""Volunteer growth: the rung of the ladder a person's attendance shows (signed up → … → leads a team)."""

from __future__ import annotations

from organizer.domain.codes import EngagementLevel, EventType

# Events where showing up means working a shift (a canvass, a phone bank…), not only listening.
ACTION_EVENTS = frozenset({EventType.CANVASS.value, EventType.PHONE_BANK.value, EventType.TEXT_BANK.value,
                           EventType.VOTER_REGISTRATION.value})
_LEAD_WORDS = ("lead", "leader", "captain", "host", "coordinator", "organizer", "trainer")


def is_lead_role(role: str) -> bool:
    """Whether a role at an event means leading it ("Shift lead", "Host", "Canvass captain")."""
    words = role.casefold().replace("-", " ").split()
    return any(w in _LEAD_WORDS for w in words)


def took_shift(attended: bool | None, has_shift: bool, event_type: str) -> bool:
    """Whether an attendance counts as taking a shift: present at a shift, or at an action event."""
    return bool(attended) and (has_shift or event_type in ACTION_EVENTS)


def level_from_attendance(attended: int, shifts: int, led: int) -> EngagementLevel:
    """The rung attendance alone shows (leading a team is set by hand on the volunteer profile)."""
    if led:
        return EngagementLevel.LED_SHIFT
    if shifts:
        return EngagementLevel.TOOK_SHIFT
    if attended:
        return EngagementLevel.ATTENDED
    return EngagementLevel.SIGNED_UP


def higher(a: str, b: str) -> str:
    """The higher of two rungs (unknown codes count as the lowest)."""
    def rank(code: str) -> int:
        try:
            return EngagementLevel(code).order
        except ValueError:
            return -1

    return a if rank(a) >= rank(b) else b


__all__ = ["ACTION_EVENTS", "higher", "is_lead_role", "level_from_attendance", "took_shift"]
