"""Repeating meetings: a rule ("monthly on the second Tuesday") and the dates it gives.

A rule is read from plain words or from an iCalendar RRULE (FREQ=MONTHLY;BYDAY=2TU) and written
back as both: the words for people, the RRULE for calendar files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from organizer.domain.errors import InvalidValue

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
             "last": -1}
_ORDINAL_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
MAX_OCCURRENCES = 120  # ten years of monthly meetings at once is plenty
_HELP = ('write it as e.g. "monthly on the second Tuesday", "weekly", "every 2 weeks" '
         'or an iCalendar rule such as FREQ=MONTHLY;BYDAY=2TU')


@dataclass(frozen=True, slots=True)
class Recurrence:
    """How often a meeting repeats: weekly (every `interval` weeks) or monthly on the `nth` weekday."""

    freq: str  # "weekly" | "monthly"
    weekday: int | None = None  # 0 = Monday; None: the start's weekday
    nth: int | None = None  # monthly: 1..4, or -1 for the last; None: as the start falls
    interval: int = 1

    def fitted(self, start: date) -> Recurrence:
        """The rule with what it left open taken from the first date."""
        weekday = start.weekday() if self.weekday is None else self.weekday
        nth = self.nth
        if self.freq == "monthly" and nth is None:
            nth = (start.day - 1) // 7 + 1
            nth = -1 if nth == 5 else nth
        return Recurrence(self.freq, weekday, nth, self.interval)

    def words(self) -> str:
        """The rule as people say it: "Monthly on the second Tuesday"."""
        day = WEEKDAYS[self.weekday].capitalize() if self.weekday is not None else ""
        if self.freq == "weekly":
            every = "Weekly" if self.interval == 1 else f"Every {self.interval} weeks"
            return f"{every} on {day}s" if day else every
        every = "Monthly" if self.interval == 1 else f"Every {self.interval} months"
        if self.nth is None or not day:
            return every
        return f"{every} on the {_ORDINAL_WORDS[self.nth]} {day}"

    def rrule(self) -> str:
        """The rule as an iCalendar RRULE value."""
        parts = [f"FREQ={self.freq.upper()}"]
        if self.interval != 1:
            parts.append(f"INTERVAL={self.interval}")
        if self.weekday is not None:
            prefix = str(self.nth) if self.freq == "monthly" and self.nth is not None else ""
            parts.append(f"BYDAY={prefix}{_ICAL_DAYS[self.weekday]}")
        return ";".join(parts)


def parse_recurrence(text: str) -> Recurrence:
    """A rule from words or an RRULE; raises InvalidValue saying how to write one."""
    raw = text.strip()
    if not raw:
        raise InvalidValue(f"no repeat rule given: {_HELP}")
    if "=" in raw:
        return _from_rrule(raw)
    return _from_words(raw)


def _from_rrule(raw: str) -> Recurrence:
    fields = dict(part.split("=", 1) for part in raw.upper().removeprefix("RRULE:").split(";") if "=" in part)
    freq = fields.get("FREQ", "").lower()
    if freq not in ("weekly", "monthly"):
        raise InvalidValue(f"only weekly and monthly repeats are kept: {_HELP}")
    interval = _interval(fields.get("INTERVAL", "1"))
    unread = sorted(set(fields) - {"FREQ", "INTERVAL", "BYDAY", "WKST"})
    if unread:  # COUNT, UNTIL, BYMONTHDAY...: never left out without a word
        raise InvalidValue(f"{', '.join(unread)} in a repeat rule is not read here: give the rule as FREQ, INTERVAL "
                           "and BYDAY, and how many meetings to make on its own (--count on the command line)")
    byday = fields.get("BYDAY", "")
    match = re.fullmatch(r"([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)", byday) if byday else None
    if byday and match is None:
        raise InvalidValue(f"{byday!r} is not a day of the week as iCalendar writes it (2TU, -1TH, MO)")
    weekday = _ICAL_DAYS.index(match.group(2)) if match else None
    nth = int(match.group(1)) if match and match.group(1) else None
    if nth is not None and nth not in (1, 2, 3, 4, -1):
        raise InvalidValue("a monthly meeting falls on the first to fourth, or the last, of its weekday")
    return Recurrence(freq, weekday, nth, interval)


def _from_words(raw: str) -> Recurrence:
    words = re.sub(r"[^a-z0-9 ]", " ", raw.casefold()).split()
    text = " ".join(words)
    weekday = next((i for i, day in enumerate(WEEKDAYS) if day in words or day + "s" in words
                    or day[:3] in words), None)
    nth = next((_ORDINALS[w] for w in words if w in _ORDINALS), None)
    if nth is None and ("fifth" in words or "5th" in words):  # never taken as "as the start falls"
        raise InvalidValue("a monthly meeting falls on the first to fourth, or the last, of its weekday "
                           "(most months have no fifth one): write \"last\" for the last one")
    every = re.search(r"every (\d+) (week|month)s?", text)
    if every:
        return Recurrence("weekly" if every.group(2) == "week" else "monthly", weekday, nth,
                          _interval(every.group(1)))
    if "biweekly" in words or "fortnightly" in words or "every other week" in text:
        return Recurrence("weekly", weekday, None, 2)
    if "month" in text or "monthly" in words or (nth is not None and weekday is not None):
        return Recurrence("monthly", weekday, nth)
    if "week" in text or "weekly" in words or (weekday is not None and "every" in words):
        return Recurrence("weekly", weekday)
    raise InvalidValue(f"{raw!r} is not a repeat rule the app knows: {_HELP}")


def _interval(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 12:
        raise InvalidValue("a meeting repeats every 1 to 12 weeks or months")
    return int(text)


def occurrences(first: datetime, rule: Recurrence, count: int) -> list[datetime]:
    """The wall-clock times of `count` meetings from `first` on (the first one that fits the rule first).

    Times stay on the wall clock (7 pm stays 7 pm across daylight-saving changes); the caller puts
    them in the event's zone.
    """
    if not 1 <= count <= MAX_OCCURRENCES:
        raise InvalidValue(f"make 1 to {MAX_OCCURRENCES} meetings at a time")
    fitted = rule.fitted(first.date())
    days = _weekly(first.date(), fitted, count) if fitted.freq == "weekly" else _monthly(first.date(), fitted, count)
    return [datetime.combine(day, first.time()) for day in days]


def _weekly(start: date, rule: Recurrence, count: int) -> list[date]:
    assert rule.weekday is not None
    day = start + timedelta(days=(rule.weekday - start.weekday()) % 7)
    return [day + timedelta(weeks=i * rule.interval) for i in range(count)]


def _monthly(start: date, rule: Recurrence, count: int) -> list[date]:
    assert rule.weekday is not None and rule.nth is not None
    out: list[date] = []
    year, month = start.year, start.month
    while len(out) < count:
        day = nth_weekday(year, month, rule.weekday, rule.nth)
        if day is not None and day >= start:
            out.append(day)
        month += rule.interval
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return out


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date | None:
    """The nth (1..5, or -1: the last) given weekday of a month, or None when the month has no such day."""
    first = date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    days = [first + timedelta(days=offset + 7 * i) for i in range(5)]
    days = [d for d in days if d.month == month]
    if nth == -1:
        return days[-1]
    return days[nth - 1] if 1 <= nth <= len(days) else None


__all__ = ["MAX_OCCURRENCES", "WEEKDAYS", "Recurrence", "nth_weekday", "occurrences", "parse_recurrence"]
