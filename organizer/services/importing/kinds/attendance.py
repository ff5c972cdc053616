"""The attendance kind: an RSVP or attendance sheet for one event (Mobilize's participations, a sign-in
sheet keyed back in, a host's packet, any sheet): people matched as a people import matches them, and
their RSVP and attendance recorded on the event (a file naming several events sends each row to the event
it names: see organizer.services.events.attendance_events).

Rows are prepared in the import's own process (attendance sheets are small).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from organizer.services.changes import ATTENDANCE, EVENTS, PEOPLE, REVIEW, VOLUNTEERS
from organizer.services.import_rows import ReportCount
from organizer.services.importing.fields import CUSTOM, IGNORE, Field
from organizer.services.importing.kind import KindSpec, NumberedRows, RunContext
from organizer.services.importing.kinds import people

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from organizer.progress import CancelToken, Progress
    from organizer.services.importing.layout import Layout
    from organizer.services.importing.report import ImportReport, RowIssue
    from organizer.storage.models import ImportBatch

ATTENDANCE_FIELDS: tuple[Field, ...] = (
    Field("rsvp_status", "RSVP status (invited, registered, confirmed, declined, cancelled)"),
    Field("attended", "Attended (yes/no)"),
    Field("walk_in", "Walk-in (yes/no)"),
    Field("checked_in_at", "Checked-in time"),
    Field("shift", "Shift or timeslot"),
    Field("role", "Role at the event"),
    # A file of several events (a chapter's whole Mobilize export) sends each row to the event it names.
    Field("event_ref", "Event id in the tool that wrote the file"),
    Field("event_title", "Event name"),
    Field("event_date", "Event date"),
)
FIELD_KEYS = frozenset(f.key for f in ATTENDANCE_FIELDS)

FIELDS: tuple[Field, ...] = (
    *(f for f in people.FIELDS if f.key not in (CUSTOM, IGNORE)),
    *ATTENDANCE_FIELDS,
    Field(CUSTOM, "Keep as a custom field of the person", multi=True),
    Field(IGNORE, "Leave out", multi=True),
)

SYNONYMS: dict[str, tuple[str, ...]] = {
    **people.SYNONYMS,
    # What the host packet writes (organizer.services.events.packet), read back column for column.
    "uuid": (*people.SYNONYMS["uuid"], "personid"),
    "rsvp_status": ("rsvpstatus", "rsvp", "status", "registrationstatus", "participationstatus"),
    "attended": ("attended", "attendance", "present", "here", "checkedin", "showedup", "cameto"),
    "walk_in": ("walkin", "walkins", "iswalkin"),
    "checked_in_at": ("checkedinat", "checkintime", "timein", "arrived", "arrivaltime"),
    "shift": ("shift", "timeslot", "timeslotid", "slot", "shiftname", "timeslotstartdate"),
    # Not "job": in the sheets chapters trade it is what a person does for a living, not their part at the event.
    "role": ("role", "position", "eventrole", "shiftrole", "volunteerrole"),
    "event_ref": ("eventid", "eventexternalid", "externaleventid"),
    "event_title": ("event", "eventname", "eventtitle"),
    "event_date": ("eventdate", "eventday", "eventstart", "eventstartdate", "eventstarts", "eventstartsat",
                   "eventstartdatetime", "eventdatetime"),
}

ATTENDANCES_CREATED = ReportCount("attendances_created", "Attendances to record", "Attendances recorded",
                                  "{n:,} attendances recorded on the event")
ATTENDANCES_UPDATED = ReportCount("attendances_updated", "Attendances to update", "Attendances updated",
                                  "{n:,} attendances on the event updated")


def prepare(layout: Layout, region: str, rows: NumberedRows, warn: Callable[[RowIssue], object]) -> Iterator[Any]:
    """Clean each row into a candidate person and the row's attendance values."""
    from organizer.services.events.attendance_import import prepare_rows

    return prepare_rows(layout, region, rows, warn)


def run(context: RunContext, chunks: Iterator[Any], report: ImportReport, total: int, progress: Progress,
        cancel: CancelToken) -> None:
    """Match and write the people, then record each row's attendance on the event (the import's target)."""
    from organizer.services.events.attendance_import import AttendanceRun

    AttendanceRun(context).run(chunks, report, total, progress, cancel)


def undo(session: Session, batch: ImportBatch) -> dict[str, int]:
    """Take off the attendances the batch recorded, put back those it changed, then undo its people."""
    from organizer.services.events.attendance_import import undo_attendance

    return undo_attendance(session, batch)


KIND = KindSpec(
    touches=frozenset({ATTENDANCE, EVENTS, PEOPLE, VOLUNTEERS, REVIEW}),
    name="attendance",
    label="Event attendance",
    description="RSVPs, sign-in sheets, a host's packet, Mobilize participations",
    command_help="import an RSVP or attendance sheet into an event (use 'event import-attendance EVENT_ID FILE')",
    nouns=("person", "people"),
    fields=FIELDS,
    synonyms=SYNONYMS,
    identifying=people.IDENTIFYING,
    identity="a name, email or phone",
    prepare=prepare,
    run=run,
    undo=undo,
    numbered=people.KIND.numbered,
    yes_no_tags=True,
    grouped=True,
    counts=(ATTENDANCES_CREATED, ATTENDANCES_UPDATED),
)
