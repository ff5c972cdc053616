"""Which event each row of an attendance sheet is for, when the file names several (a Mobilize export of a
chapter's participations): the event imported into, another event of the chapter, or none (the row is left out).

A file naming one event, or none, goes whole into the event it is imported into, as it always has. A file
naming several sends each row to the event it names: the chosen one when the name (and any date) is its own,
another by its external id or by name and date, and leaves out, with the reason, a row this chapter has no
event for or whose event cannot be told: never recorded on the wrong event.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from organizer.domain.errors import InvalidValue
from organizer.domain.event_times import in_zone
from organizer.domain.text import counted, fold
from organizer.services.importing.cell_values import parse_date
from organizer.storage.models import Event

EVENT_FIELDS = frozenset({"event_ref", "event_title", "event_date"})
SHOWN = 5  # other events named in the report's line, then "and N more"
Same = tuple[str, str, str]  # what makes two rows' events one: id, folded name, date


@dataclass(frozen=True, slots=True)
class EventKey:
    """The event one row names, as far as the file says: its id in the tool that wrote it, its name, its date."""

    ref: str = ""
    title: str = ""
    when: date | datetime | None = None  # a day, or an exact moment (aware) as exports write a start time
    date_text: str = ""  # the date as typed (also when it could not be read: `when` is then None)

    def named(self) -> bool:
        """Whether the row names an event at all."""
        return bool(self.ref or self.title or self.date_text)

    def same(self) -> Same:
        """Equal for two rows naming the same event (names compared as matching compares them)."""
        day = self.when.isoformat() if self.when is not None else fold(self.date_text)
        return self.ref, fold(self.title), day

    def read(self, field: str, raw: str) -> EventKey:
        """The key with one more of the row's columns read (a date that cannot be read is kept as typed:
        a row whose event cannot be told is left out of a file that names several)."""
        text = " ".join(raw.split())
        if field == "event_ref":
            return replace(self, ref=text[:100])
        if field == "event_title":
            return replace(self, title=text[:300])
        try:
            when: date | datetime | None = read_when(text)
        except InvalidValue:
            when = None
        return replace(self, when=when, date_text=text[:40])

    def cell(self) -> tuple[str, str]:
        """The field and value that best name the event, for a report: its name, else its date, else its id."""
        return next(((field, value) for field, value in (("event_title", self.title), ("event_date", self.date_text))
                     if value), ("event_ref", self.ref))

    def described(self) -> str:
        """“Canvass kickoff” on 2026-05-02; id 202 in the file."""
        parts = [f"“{self.title[:100]}”"] if self.title else []
        if self.date_text:
            parts.append(f"on {self.date_text}" if self.when is not None else f"on “{self.date_text}”")
        if not parts:
            parts.append(f"id {self.ref[:40]} in the file")
        return " ".join(parts)


NO_EVENT = EventKey()


def read_when(raw: str) -> date | datetime:
    """An event's date or start as exports write it ("2026-05-02", "05/02/2026 10:00 AM",
    "2026-05-02T14:00:00Z", a Unix time): a day, or an aware moment; raises InvalidValue."""
    text = raw.strip()
    if text.isdigit() and 9 <= len(text) <= 10:
        return datetime.fromtimestamp(int(text), UTC)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return parse_date(text.split()[0] if text.split() else text)
    return moment if moment.tzinfo is not None else moment.date()


@dataclass(frozen=True, slots=True)
class _Known:
    """An event of the chapter, as rows are matched to it."""

    id: int
    title: str
    external_id: str
    day: date  # its start, on its own wall clock
    time_zone: str

    def on(self, when: date | datetime | None) -> bool:
        """Whether it is on that day or starts at that moment's day (no date: any day)."""
        if isinstance(when, datetime):
            return in_zone(when, self.time_zone).date() == self.day
        return when is None or when == self.day

    def described(self) -> str:
        return f"“{self.title[:100]}” on {self.day.isoformat()}"


class EventSorter:
    """The event each row of one file goes to: all to the chosen event unless the file names several."""

    def __init__(self, session: Session, chosen: Event, keys: Iterable[EventKey]) -> None:
        self.chosen = chosen.id
        distinct = {key.same(): key for key in keys if key.named()}
        self.several = len(distinct) > 1
        self._found: dict[Same, int | str] = {}
        self._events: dict[int, _Known] = {}
        if self.several:
            rows = session.execute(select(Event.id, Event.title, Event.external_id, Event.starts_at,
                                          Event.time_zone))
            self._events = {r.id: _Known(r.id, r.title, r.external_id, in_zone(r.starts_at, r.time_zone).date(),
                                         r.time_zone) for r in rows}
            events = list(self._events.values())
            self._found = {same: _resolve(key, self._events[chosen.id], events) for same, key in distinct.items()}

    def event_for(self, key: EventKey) -> int | str:
        """The id of the event a row goes to, or why it is left out."""
        if not self.several or not key.named():
            return self.chosen
        return self._found[key.same()]

    def described(self, event_id: int) -> str:
        """An event rows went to, in words: “Phone bank” on 2026-05-02."""
        known = self._events.get(event_id)
        return known.described() if known is not None else f"event {event_id}"

    def elsewhere_notice(self, rows_by_event: Mapping[int, int]) -> str:
        """The report's line on the rows that went to other events than the one imported into."""
        named = [f"{self.described(event_id)} ({counted(n, 'row')})" for event_id, n in sorted(rows_by_event.items())]
        more = f" and {len(named) - SHOWN:,} more" if len(named) > SHOWN else ""
        rows = sum(rows_by_event.values())
        one = rows == 1
        return (f"{counted(rows, 'row')} of the file {'is' if one else 'are'} for other events of this chapter "
                f"and {'goes' if one else 'go'} to them: {', '.join(named[:SHOWN])}{more}.")


def _resolve(key: EventKey, chosen: _Known, events: list[_Known]) -> int | str:
    if key.ref:  # an id the chapter keeps for the event says it outright
        carrying = [e for e in events if e.external_id == key.ref]
        if chosen in carrying or len(carrying) == 1:
            return chosen.id if chosen in carrying else carrying[0].id
    if key.date_text and key.when is None:
        return (f"for an event {key.described()}, a date that cannot be read, so which event it is cannot be "
                "told: write the date as YYYY-MM-DD, then import again")
    if key.title:
        return _by_title(key, chosen, events)
    if key.when is not None:
        return chosen.id if chosen.on(key.when) else (
            f"for another event, {key.described()}: import the file from that event to record its rows there")
    return (f"for the event with {key.described()}, which no event of this chapter is known by, so its rows "
            "cannot be told from other events' rows: import that event's rows on their own, from that event")


def _by_title(key: EventKey, chosen: _Known, events: list[_Known]) -> int | str:
    """By name and date; by name alone only the chosen event (the one the user is importing into)."""
    title = fold(key.title)
    if fold(chosen.title) == title and chosen.on(key.when):
        return chosen.id
    named = [e for e in events if fold(e.title) == title and e.id != chosen.id]
    if named and key.when is None:
        return (f"for another event, {key.described()}, and the file gives no date to tell which of this "
                "chapter's events of that name it is: import the file from that event to record its rows there")
    that_day = [e for e in named if e.on(key.when)]
    if len(that_day) == 1:
        return that_day[0].id
    if that_day:
        return (f"for another event, {key.described()}, and this chapter has more than one event of that name "
                "that day: import the file from the one it is to record its rows there")
    return f"for another event, {key.described()}, which this chapter does not have: add it, then import again"


__all__ = ["EVENT_FIELDS", "EventKey", "EventSorter", "read_when"]
