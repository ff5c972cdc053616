"""Checking an event as typed: every bad field named at once, nothing half-saved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from organizer.domain.codes import EventStatus, EventType, Visibility
from organizer.domain.errors import InvalidValue
from organizer.domain.event_times import check_span, local_zone_name, parse_local, to_utc, zone
from organizer.domain.recurrence import MAX_OCCURRENCES, Recurrence, occurrences, parse_recurrence
from organizer.domain.safe_text import without_controls
from organizer.errors import ValidationFailed
from organizer.services.events.rows import EventInput

LINK_SCHEMES = ("https://", "http://")


@dataclass(frozen=True, slots=True)
class CleanEvent:
    """A checked event: column values, and the UTC start and end of each occurrence to make."""

    values: dict[str, Any]
    times: list[tuple[datetime, datetime | None]]
    rule: Recurrence | None


def clean_event(data: EventInput, *, single: bool = False) -> CleanEvent:
    """Check every field; raises ValidationFailed naming each bad one. `single`: an edit of one event."""
    problems: dict[str, str] = {}
    values: dict[str, Any] = {"title": _text(data.title, 300)}
    if not values["title"]:
        problems["title"] = "The event needs a title."
    values["event_type"] = _code(EventType, data.event_type, "event_type", problems)
    values["status"] = _code(EventStatus, data.status, "status", problems)
    values["visibility"] = _code(Visibility, data.visibility, "visibility", problems)
    zone_name = data.time_zone.strip() or local_zone_name()
    try:
        zone(zone_name)
    except InvalidValue as exc:
        problems["time_zone"] = str(exc)
    values["time_zone"] = zone_name
    values.update(location_name=_text(data.location_name, 200), address=_text(data.address, 400),
                  description=without_controls(data.description).strip(), contact_id=data.contact_id,
                  petition_id=data.petition_id)
    values["virtual_link"] = _link(data.virtual_link, problems)
    values["capacity"] = _capacity(data.capacity, problems)
    rule = _rule(data, single, problems)
    times = [] if problems else _times(data, zone_name, rule, problems)
    if problems:
        raise ValidationFailed(problems)
    values["recurrence"] = rule.words() if rule is not None else ""
    return CleanEvent(values, times, rule)


def _text(value: str, limit: int) -> str:
    return " ".join(without_controls(value).split())[:limit]


def _code(code: Any, raw: str, name: str, problems: dict[str, str]) -> str:
    try:
        return str(code.parse(raw).value)
    except InvalidValue as exc:
        problems[name] = f"{exc}: one of {', '.join(m.value for m in code)}"
        return ""


def _link(raw: str, problems: dict[str, str]) -> str:
    link = raw.strip()
    if link and (not link.lower().startswith(LINK_SCHEMES) or any(c.isspace() for c in link)):
        problems["virtual_link"] = "A meeting link starts with https:// and has no spaces."
    return link[:500]


def _capacity(value: int | None, problems: dict[str, str]) -> int | None:
    if value is not None and not 1 <= value <= 1_000_000:
        problems["capacity"] = "The capacity is a number of people from 1 up (leave it empty for no limit)."
    return value


def _rule(data: EventInput, single: bool, problems: dict[str, str]) -> Recurrence | None:
    if single or not data.repeat.strip():
        if data.occurrences != 1 and not single:
            problems["repeat"] = "Say how the meeting repeats (e.g. monthly on the second Tuesday)."
        return None
    if not 1 <= data.occurrences <= MAX_OCCURRENCES:
        problems["occurrences"] = f"Make 1 to {MAX_OCCURRENCES} meetings at a time."
    try:
        return parse_recurrence(data.repeat)
    except InvalidValue as exc:
        problems["repeat"] = str(exc)
        return None


def _times(data: EventInput, zone_name: str, rule: Recurrence | None,
           problems: dict[str, str]) -> list[tuple[datetime, datetime | None]]:
    try:
        start = parse_local(data.start) if data.start.strip() else None
    except InvalidValue as exc:
        problems["start"] = str(exc)
        return []
    if start is None:
        problems["start"] = "The event needs a start (YYYY-MM-DD HH:MM)."
        return []
    end = None
    if data.end.strip():
        try:
            end = parse_local(data.end)
            check_span(start, end)
        except InvalidValue as exc:
            problems["end"] = str(exc)
            return []
    starts = occurrences(start, rule, data.occurrences) if rule is not None else [start]
    length = end - start if end is not None else None
    return [(to_utc(s, zone_name), to_utc(s + length, zone_name) if length is not None else None) for s in starts]


__all__ = ["CleanEvent", "clean_event"]
