"""When events happen: times typed in a time zone, checked, and stored in UTC."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from organizer.domain.errors import InvalidValue

_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d")
DEFAULT_LENGTH = timedelta(hours=2)  # an event typed without an end lasts this long in calendars


def zone(name: str) -> ZoneInfo:
    """The IANA time zone called `name` ("America/New_York"); raises InvalidValue for one that does not exist."""
    text = name.strip()
    if not text or text.startswith(("/", ".")) or ".." in text:
        raise InvalidValue(f"{name!r} is not a time zone: give one like America/Chicago or Europe/Berlin")
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InvalidValue(f"{name!r} is not a time zone: give one like America/Chicago or Europe/Berlin") from None


def local_zone_name() -> str:
    """This computer's time zone by its IANA name (UTC when it cannot be told)."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        target = str(Path("/etc/localtime").resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    for name in candidates:
        if name:
            try:
                zone(name)
                return name
            except InvalidValue:
                continue
    return "UTC"


FIRST_YEAR, LAST_YEAR = 1900, 2200  # an event's year: past these it is a typing slip (and year 9999 in a
# zone west of UTC would run past the last date Python holds)


def parse_local(text: str) -> datetime:
    """A wall-clock time as typed ("2027-03-09 19:00"), without a zone; raises InvalidValue."""
    value = " ".join(text.split())
    for fmt in _FORMATS:
        try:
            moment = datetime.strptime(value, fmt)
        except ValueError:
            continue
        if not FIRST_YEAR <= moment.year <= LAST_YEAR:
            raise InvalidValue(f"{text!r} is not a year an event can be in ({FIRST_YEAR} to {LAST_YEAR}): "
                               "check the year")
        return moment
    raise InvalidValue(f"{text!r} is not a date and time: write it as YYYY-MM-DD HH:MM, e.g. 2027-03-09 19:00")


def to_utc(local: datetime, zone_name: str) -> datetime:
    """A wall-clock time in a zone, as the UTC moment it is (aware)."""
    return local.replace(tzinfo=zone(zone_name)).astimezone(UTC)


def in_zone(moment: datetime, zone_name: str) -> datetime:
    """A stored moment (UTC; SQLite hands it back naive) on the wall clock of a zone."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    try:
        return aware.astimezone(zone(zone_name))
    except InvalidValue:
        return aware


def aware(moment: datetime | None) -> datetime | None:
    """A stored time as an aware UTC time (SQLite hands them back without their zone)."""
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def check_span(starts: datetime, ends: datetime | None) -> None:
    """An end, if any, after the start; raises InvalidValue."""
    if ends is not None and ends <= starts:
        raise InvalidValue("the end is before the start: give an end after the start")


__all__ = ["DEFAULT_LENGTH", "aware", "check_span", "in_zone", "local_zone_name", "parse_local", "to_utc", "zone"]
