"""Files for an event: the host's packet (xlsx), the paper sign-in sheet (PDF), calendars (.ics), and the
attendance import that brings a packet or sheet back."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from organizer.domain.codes import Visibility
from organizer.files.output import check_output, write_bytes
from organizer.progress import NEVER, NO_PROGRESS, CancelToken, Progress
from organizer.services.events.attendance import AttendanceService
from organizer.services.events.ics import calendar_text
from organizer.services.events.rows import EventRow, RosterRow
from organizer.services.events.service import EventQuery, EventService
from organizer.services.imports import ImportOptions, ImportResult, ImportService, OutputRequest
from organizer.services.settings import SettingsService
from organizer.storage.models.base import utcnow

PACKET_HEADERS = ("Person id", "First name", "Last name", "Email", "Phone", "RSVP status", "Attended")
PACKET_BLANK_LINES = 30
SIGNIN_BLANK_LINES = 25
ICS_SUFFIXES = (".ics",)
NOT_COMING = ("declined", "cancelled")
KEY_BACK_NOTE = ("Keying this sheet back in: the host packet (organizer event host-packet) lists the same people in "
                 "the same order. Write yes in its Attended column for each ticked line, add each new line below them, "
                 "and import it with organizer event import-attendance (or Events → Import attendance…).")


class EventFilesService:
    """What the events section writes and reads back."""

    def __init__(self, settings: SettingsService, events: EventService, attendance: AttendanceService,
                 imports: ImportService, protect: tuple[Path, ...]) -> None:
        self._settings = settings
        self._events = events
        self._attendance = attendance
        self._imports = imports
        self._protect = protect

    def expected(self, event_id: int) -> list[RosterRow]:
        """The people expected at an event, one line each, in name order (declined and cancelled left out)."""
        seen: set[int] = set()
        out = []
        for row in self._attendance.roster(event_id):
            if row.status in NOT_COMING or row.person_id in seen:
                continue
            seen.add(row.person_id)
            out.append(row)
        return out

    def write_host_packet(self, event_id: int, path: Path, *, force: bool = False) -> int:
        """The packet a host checks people in with: just this event's RSVPs (names and how to reach them),
        and blank lines for walk-ins. Returns how many RSVPs it lists."""
        from organizer.files.writing import SheetSpec, write_workbook

        event = self._events.get(event_id)
        rows = self.expected(event_id)
        lines: list[list[str]] = [[r.person_uuid, r.given_name, r.family_name, r.email, r.phone, r.status,
                                   "yes" if r.attended else ""] for r in rows]
        lines += [[""] * len(PACKET_HEADERS) for _ in range(PACKET_BLANK_LINES)]
        about = [["Event", event.title], ["When", _when(event)], ["Where", event.place],
                 ["How to use", "Write yes or no in Attended for each person listed. Write each walk-in on a blank "
                                "line: their name and an email or phone. Send the file back to the chapter to import."]]
        write_workbook(path, [SheetSpec("RSVPs", PACKET_HEADERS, lines), SheetSpec("About", ["", ""], about)],
                       force=force, protect=self._protect)
        return len(rows)

    def write_signin_sheet(self, event_id: int, path: Path, *, blank_lines: int = SIGNIN_BLANK_LINES,
                           force: bool = False) -> int:
        """The paper sign-in sheet (PDF), pre-filled with the expected names; returns its pages."""
        from organizer.files.signin_pdf import SigninSheet, write_signin_sheet

        event = self._events.get(event_id)
        names = [r.name for r in self.expected(event_id)]
        sheet = SigninSheet(self._settings.chapter_name(), event.title, _when(event), event.place, names,
                            max(0, min(blank_lines, 500)), KEY_BACK_NOTE)
        return write_signin_sheet(path, sheet, force=force, protect=self._protect)

    def write_ics(self, path: Path, event_id: int | None = None, *, force: bool = False) -> int:
        """One event, or every upcoming public one, as an .ics calendar; returns how many events it holds.

        A calendar of all upcoming events is for publishing: private events (a meeting at a member's home)
        are left out of it; one asked for by its id goes, marked private."""
        check_output(path, ICS_SUFFIXES, force=force, protect=self._protect)
        if event_id is not None:
            events = [self._events.get(event_id)]
        else:
            events = [e for e in self._events.rows(self._events.search_ids(EventQuery(when="upcoming")))
                      if e.visibility != Visibility.PRIVATE.value]
        write_bytes(path, calendar_text(events, self._settings.chapter_name(), utcnow()).encode("utf-8"),
                    force=force)
        return len(events)

    def import_attendance(self, event_id: int, path: Path, options: ImportOptions | None = None,
                          progress: Progress = NO_PROGRESS, cancel: CancelToken = NEVER,
                          errors_to: OutputRequest | None = None) -> ImportResult:
        """An RSVP or attendance sheet (or a host's packet) into the event, through the import machinery."""
        self._events.get(event_id)  # refuses an unknown event before the file is read
        options = replace(options or ImportOptions(), target=str(event_id))
        return self._imports.run(path, "attendance", options, progress, cancel, errors_to)


def _when(event: EventRow) -> str:
    start = event.local_start()
    text = f"{start:%A} {start.day} {start:%B %Y}, {start:%H:%M}"
    return f"{text} ({event.time_zone})" if event.time_zone else text


__all__ = ["ICS_SUFFIXES", "PACKET_HEADERS", "EventFilesService"]
