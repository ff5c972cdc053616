"""Events as an iCalendar (.ics) file any calendar app opens (RFC 5545): times in UTC, text escaped, lines folded.

Each meeting of a series is an event of its own here, so each is written as one VEVENT (no RRULE).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from organizer.domain.event_times import DEFAULT_LENGTH
from organizer.services.events.rows import EventRow

PRODUCT = "-//Chapter Organizer//Events//EN"
_STATUS = {"confirmed": "CONFIRMED", "tentative": "TENTATIVE", "cancelled": "CANCELLED"}


def calendar_text(events: Sequence[EventRow], chapter: str, now: datetime) -> str:
    """One VCALENDAR holding a VEVENT per event, CRLF line ends as the standard asks."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODUCT}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{escape(chapter)}"]
    for event in events:
        lines.extend(_vevent(event, now))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def _vevent(event: EventRow, now: datetime) -> list[str]:
    end = event.ends_at or event.starts_at + DEFAULT_LENGTH
    out = ["BEGIN:VEVENT", f"UID:{event.uuid}@chapter-organizer", f"DTSTAMP:{_utc(now)}",
           f"DTSTART:{_utc(event.starts_at)}", f"DTEND:{_utc(end)}", f"SUMMARY:{escape(event.title)}",
           f"STATUS:{_STATUS.get(event.status, 'CONFIRMED')}",
           f"CLASS:{'PRIVATE' if event.visibility == 'private' else 'PUBLIC'}",
           f"CATEGORIES:{escape(event.event_type.replace('_', ' '))}"]
    if event.place:
        out.append(f"LOCATION:{escape(event.place)}")
    if event.virtual_link:
        out.append(f"URL:{_no_breaks(event.virtual_link)}")
    description = "\n".join(p for p in (event.description, event.virtual_link) if p)
    if description:
        out.append(f"DESCRIPTION:{escape(description)}")
    if event.time_zone:
        out.append(f"X-CHAPTER-TIME-ZONE:{escape(event.time_zone)}")
    out.append("END:VEVENT")
    return out


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def escape(text: str) -> str:
    """A TEXT value: backslashes, semicolons, commas and line breaks escaped; other controls dropped."""
    cleaned = "".join(ch for ch in text.replace("\r\n", "\n") if ch == "\n" or (ord(ch) >= 32 and ord(ch) != 127))
    return (cleaned.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n"))


def _no_breaks(text: str) -> str:
    return "".join(ch for ch in text if ord(ch) >= 32 and ord(ch) != 127)


def fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (never inside a character)."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts: list[str] = []
    current = ""
    size, limit = 0, 75
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, 74  # continuation lines begin with a space
        current += ch
        size += width
    parts.append(current)
    return "\r\n ".join(parts)

__all__ = ["calendar_text", "escape", "fold"]
