"""The attendance import: each row's person placed as a people import places them, then their RSVP and
attendance recorded on the event (or on the event the row names, in a file of several), every change kept so
the import can be undone."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from organizer.domain.codes import AttendanceStatus, RecordKind
from organizer.domain.errors import InvalidValue
from organizer.domain.event_times import parse_local, to_utc
from organizer.domain.rsvp import read_rsvp
from organizer.errors import NotFound, UserError
from organizer.progress import CancelToken, Progress
from organizer.services.events.attendance_events import EVENT_FIELDS, NO_EVENT, EventKey, EventSorter
from organizer.services.events.growth import raise_levels
from organizer.services.importing.cell_values import yes_no
from organizer.services.importing.cleaning import Candidate, Column
from organizer.services.importing.fields import IGNORE
from organizer.services.importing.kind import NumberedRows, RunContext
from organizer.services.importing.kinds.attendance import ATTENDANCES_CREATED, ATTENDANCES_UPDATED, FIELD_KEYS
from organizer.services.importing.layout import Layout
from organizer.services.importing.people_import import PeopleRun
from organizer.services.importing.people_writer import PeopleWriter
from organizer.services.importing.prepare import PreparedChunk, Preparer
from organizer.services.importing.report import ImportReport, RowIssue
from organizer.services.importing.undo import changes_newest_first
from organizer.services.importing.undo_people import undo_people
from organizer.storage.identity import record_tombstones
from organizer.storage.models import Attendance, Event, ImportBatch, ImportChange, Person, Shift, Volunteer
from organizer.storage.models.base import utcnow

KEPT = ("status", "attended", "walk_in", "checked_in_at", "role", "comment", "imported_at")
UNREAD_LENGTH = 200  # of a value kept in the comment because it could not be read
LEVEL = "volunteer_level"  # a volunteer profile's rung, raised by the attendance the batch recorded


@dataclass(slots=True)
class RowValues:
    """What one row says about the person at the event (None: the row does not say)."""

    status: str | None = None
    attended: bool | None = None
    walk_in: bool | None = None
    checked_in_at: datetime | None = None
    shift: str = ""
    role: str = ""
    status_unread: bool = False  # the row gave an RSVP status this version cannot read (it was warned of)
    unread: list[str] = field(default_factory=list)  # "Status: Member": values it cannot read, kept as typed
    event: EventKey = NO_EVENT  # the event the row names, if the file has a column for it
    cells: tuple[str, ...] = ()  # the row as read, kept when it names an event (it may be left out for it)


@dataclass(slots=True)
class AttendanceChunk:
    """A prepared chunk of people and, by row number, what each row says about attendance."""

    people: PreparedChunk
    values: dict[int, RowValues]
    has_status: bool
    has_attended: bool


def people_layout(layout: Layout) -> Layout:
    """The layout with the attendance columns left out (they are no field of a person)."""
    return replace(layout, columns=[Column(c.index, c.header, IGNORE) if c.field in FIELD_KEYS else c
                                    for c in layout.columns])


def prepare_rows(layout: Layout, region: str, rows: NumberedRows,
                 warn: Callable[[RowIssue], object]) -> Iterator[AttendanceChunk]:
    """People prepared as a people import prepares them, with each row's attendance values beside."""
    columns = [c for c in layout.columns if c.field in FIELD_KEYS]
    fields = {c.field for c in columns}
    seen: dict[int, RowValues] = {}

    def tapped() -> Iterator[tuple[int, list[str]]]:
        for number, cells in rows:
            if number > layout.header_row:
                seen[number] = values = _values(number, cells, columns, warn)
                if values.event.named():
                    values.cells = tuple(cells)
            yield number, cells

    for chunk in Preparer(people_layout(layout), region).chunks(tapped()):
        values = {c.row: seen[c.row] for c, _street in chunk.people if c.row in seen}
        seen.clear()
        yield AttendanceChunk(chunk, values, "rsvp_status" in fields, "attended" in fields)


def _values(number: int, cells: list[str], columns: list[Column], warn: Callable[[RowIssue], object]) -> RowValues:
    out = RowValues()
    for column in columns:
        raw = cells[column.index].strip() if column.index < len(cells) else ""
        if not raw:
            continue
        if column.field in EVENT_FIELDS:
            out.event = out.event.read(column.field, raw)
            continue
        try:
            _apply(out, column.field, raw)
        except InvalidValue as exc:
            # Nothing is dropped: the value goes, as typed, into the attendance's comment.
            out.unread.append(f"{column.header.strip() or column.field}: {raw[:UNREAD_LENGTH]}")
            kept = f"{exc}; kept as typed in the attendance's comment"
            if column.field == "rsvp_status":
                out.status_unread = True
                kept += ", and the row is not marked present"
            warn(RowIssue(number, column.header, raw, kept))
    return out


def with_unread(comment: str, unread: list[str]) -> str:
    """An attendance's comment with the row's unread values added (each once: importing again adds nothing)."""
    kept = comment.split("; ")
    notes = [note for note in unread if note not in kept]
    return "; ".join([comment, *notes] if comment else notes)


def _apply(out: RowValues, field: str, raw: str) -> None:
    if field == "rsvp_status":
        out.status, came = read_rsvp(raw)
        if out.attended is None:  # an attended column says it more plainly: it wins whichever comes first
            out.attended = came
    elif field == "attended":
        out.attended = yes_no(raw)
    elif field == "walk_in":
        out.walk_in = yes_no(raw)
    elif field == "checked_in_at":
        out.checked_in_at = to_utc(parse_local(raw.replace("Z", "")[:19]), "UTC")
    elif field == "shift":
        out.shift = " ".join(raw.split())[:200]
    elif field == "role":
        out.role = " ".join(raw.split())[:100]


class _RecordingWriter(PeopleWriter):
    """A people writer that remembers the stand-in id of the person it created last."""

    last_created: int | None = None

    def create(self, c: Candidate, street: str, tag_ids: list[int]) -> tuple[int, str]:
        pid, uuid = super().create(c, street, tag_ids)
        self.last_created = pid
        return pid, uuid


class _PlacingRun(PeopleRun):
    """A people run that remembers which person each row turned out to be."""

    def __init__(self, session: Session, batch_id: int, layout: Layout, region: str, source: str) -> None:
        super().__init__(session, batch_id, layout, region, source)
        self.writer = self.recorder = _RecordingWriter(session, batch_id, source)
        self.placed: dict[int, int] = {}  # row -> person id (a stand-in until written)

    def _place(self, c: Candidate, street: str, states: dict[int, Any], report: ImportReport) -> None:
        found = self._match(c, street)
        self.recorder.last_created = None
        super()._place(c, street, states, report)
        pid = self.recorder.last_created if found is None else found
        if pid is not None:
            self.placed[c.row] = pid


class AttendanceRun:
    """One attendance import over an open write session, into the event the import targets."""

    def __init__(self, context: RunContext) -> None:
        self.context = context
        self.session = context.session
        self.event = _target(context)
        self.shifts: dict[tuple[int, str], int] = {}
        self.sorter = EventSorter(self.session, self.event, ())  # every row to the event imported into
        self.elsewhere: Counter[int] = Counter()  # rows recorded on another event the file named, by event

    def run(self, chunks: Iterator[Any], report: ImportReport, total: int, progress: Progress,
            cancel: CancelToken) -> None:
        """Place the people, then record what each row says about them at its event."""
        c = self.context
        people = _PlacingRun(self.session, c.batch_id, people_layout(c.layout), c.region, f"import: {c.file_name}")
        if any(column.field in EVENT_FIELDS for column in c.layout.columns):
            # Read whole first (attendance sheets are small): whether the file names one event or several says
            # where its rows go, and a row for no event of the chapter is left out before its person is placed.
            chunks = self._sorted(list(chunks))
        values: dict[int, RowValues] = {}
        flags = {"status": False, "attended": False}

        def people_chunks() -> Iterator[PreparedChunk]:
            for chunk in chunks:
                values.update(chunk.values)
                flags.update(status=chunk.has_status, attended=chunk.has_attended)
                yield chunk.people

        people.run(people_chunks(), report, total, progress, cancel)
        report.extra.setdefault(ATTENDANCES_CREATED.key, 0)
        report.extra.setdefault(ATTENDANCES_UPDATED.key, 0)
        sign_in_sheet = not (flags["status"] or flags["attended"])
        touched = []
        for row, pid in sorted(people.placed.items()):
            person_id = people.writer.real_id(pid)
            self._record(row, person_id, values.get(row, RowValues()), sign_in_sheet, flags["status"], report)
            touched.append(person_id)
        if self.elsewhere:  # the counts say "on the event": say which others rows went to
            report.notices.append(self.sorter.elsewhere_notice(self.elsewhere))
        self.session.flush()
        raised = raise_levels(self.session, touched)
        for level in raised:
            self._change(0, LEVEL, level.volunteer_id, "updated",
                         {"engagement_level": level.before, "raised_to": level.after})
        self.session.flush()
        self._keep_batch_time([level.volunteer_id for level in raised])

    def _sorted(self, prepared: list[AttendanceChunk]) -> Iterator[AttendanceChunk]:
        """The chunks, once a file that names several events has its rows for no event of the chapter left out."""
        self.sorter = EventSorter(self.session, self.event,
                                  (v.event for chunk in prepared for v in chunk.values.values()))
        if self.sorter.several:
            headers = {c.field: c.header for c in self.context.layout.columns if c.field in EVENT_FIELDS}
            for chunk in prepared:
                self._leave_out_other_events(chunk, headers)
        return iter(prepared)

    def _leave_out_other_events(self, chunk: AttendanceChunk, headers: dict[str, str]) -> None:
        """A row for an event this chapter does not have, or one that cannot be told, goes to the rejected rows."""
        kept = []
        for candidate, street in chunk.people.people:
            v = chunk.values.get(candidate.row, RowValues())
            reason = self.sorter.event_for(v.event)
            if isinstance(reason, int):
                kept.append((candidate, street))
                continue
            named, value = v.event.cell()
            chunk.people.rejected.append((RowIssue(candidate.row, headers.get(named, ""), value, reason), v.cells))
        chunk.people.people = kept
        chunk.people.rejected.sort(key=lambda rejected: rejected[0].row)

    def _keep_batch_time(self, volunteer_ids: list[int]) -> None:
        """A level this import raised is its own change: the people it brought keep its time as their last
        change (a profile's change moved their time on), so undoing it straight after asks nothing."""
        if not volunteer_ids:
            return
        owners = select(Volunteer.person_id).where(Volunteer.id.in_(volunteer_ids))
        brought = list(self.session.scalars(select(Person.id).where(
            Person.id.in_(owners), Person.import_batch_id == self.context.batch_id)))
        if not brought:
            return
        self.session.execute(update(Person).where(Person.id.in_(brought)).values(modified_at=Person.imported_at)
                             .execution_options(synchronize_session=False))
        when = select(Person.imported_at).where(Person.id == Volunteer.person_id).scalar_subquery()
        self.session.execute(update(Volunteer).where(Volunteer.person_id.in_(brought)).values(modified_at=when)
                             .execution_options(synchronize_session=False))

    def _record(self, row: int, person_id: int, v: RowValues, sign_in_sheet: bool, has_status: bool,
                report: ImportReport) -> None:
        event_id = self.sorter.event_for(v.event)
        if isinstance(event_id, str):  # never: such a row was left out before its person was placed
            return
        if event_id != self.event.id:
            self.elsewhere[event_id] += 1
        shift_id = self._shift(row, event_id, v.shift) if v.shift else None
        existing = self.session.scalar(select(Attendance).where(
            Attendance.event_id == event_id, Attendance.person_id == person_id,
            Attendance.shift_id.is_(None) if shift_id is None else Attendance.shift_id == shift_id))
        # A line with no RSVP in a sheet that lists RSVPs is a walk-in written below them: present (not a
        # line whose RSVP could not be read: it says something, only not what).
        came = v.attended if v.attended is not None else (
            True if sign_in_sheet or (has_status and not v.status and not v.status_unread) else None)
        if existing is None:
            self._create(row, (event_id, person_id, shift_id), v, came)
            report.extra[ATTENDANCES_CREATED.key] += 1
        elif self._update(row, existing, v, came):
            report.extra[ATTENDANCES_UPDATED.key] += 1

    def _create(self, row: int, where: tuple[int, int, int | None], v: RowValues, came: bool | None) -> None:
        """A new attendance: `where` is the event, the person and the shift (if any)."""
        event_id, person_id, shift_id = where
        walk_in = v.walk_in if v.walk_in is not None else bool(came) and not v.status
        now = utcnow()
        record = Attendance(event_id=event_id, person_id=person_id, shift_id=shift_id,
                            status=v.status or AttendanceStatus.REGISTERED.value, attended=came,
                            checked_in_at=v.checked_in_at or (now if came else None), walk_in=walk_in,
                            role=v.role, comment=with_unread("", v.unread),
                            source=f"import: {self.context.file_name}"[:100],
                            import_batch_id=self.context.batch_id, imported_at=now)
        self.session.add(record)
        self.session.flush()
        self._change(row, "attendance", record.id, "created", {})

    def _update(self, row: int, a: Attendance, v: RowValues, came: bool | None) -> bool:
        wanted = {"status": v.status or a.status, "attended": came if came is not None else a.attended,
                  "role": v.role or a.role, "comment": with_unread(a.comment, v.unread),
                  "checked_in_at": None if came is False else a.checked_in_at or (v.checked_in_at or utcnow()
                                                                                  if came else None)}
        changed = {k: val for k, val in wanted.items() if getattr(a, k) != val}
        if not changed:
            return False
        before = {k: _jsonable(getattr(a, k)) for k in KEPT}
        for key, value in changed.items():
            setattr(a, key, value)
        a.import_batch_id, a.imported_at = self.context.batch_id, utcnow()
        self._change(row, "attendance", a.id, "updated", before)
        return True

    def _shift(self, row: int, event_id: int, name: str) -> int:
        """The event's shift of this name or external id (a Mobilize timeslot), made if missing."""
        key = (event_id, name.casefold())
        if key not in self.shifts:
            found = self.session.scalar(select(Shift.id).where(Shift.event_id == event_id)
                                        .where((Shift.external_id == name) | (Shift.name == name)).order_by(Shift.id))
            if found is None:
                shift = Shift(event_id=event_id, name=name if not name.isdigit() else f"Timeslot {name}",
                              external_id=name if name.isdigit() else "", import_batch_id=self.context.batch_id)
                self.session.add(shift)
                self.session.flush()
                self._change(row, "shift", shift.id, "created", {})
                found = shift.id
            self.shifts[key] = found
        return self.shifts[key]

    def _change(self, row: int, entity: str, entity_id: int, action: str, before: dict[str, Any]) -> None:
        self.session.add(ImportChange(batch_id=self.context.batch_id, row=row, entity=entity, entity_id=entity_id,
                                      action=action, before=before))


def _target(context: RunContext) -> Event:
    if not context.target.strip().isdigit():
        raise UserError("An attendance import goes into one event: import it from the event (Events → Files → "
                        "Import attendance…, or 'organizer event import-attendance EVENT_ID FILE').")
    event = context.session.get(Event, int(context.target))
    if event is None:
        raise NotFound(f"There is no event with id {context.target}: see 'organizer event list'.")
    return event


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def undo_attendance(session: Session, batch: ImportBatch) -> dict[str, int]:
    """Reverse an attendance batch: its attendances and shifts taken off, those it changed put back, then
    its people undone as a people import's are."""
    created: dict[str, list[int]] = {"attendance": [], "shift": []}
    for entity, eid, action, before in changes_newest_first(session, batch.id):
        if action == "created" and entity in created:
            created[entity].append(eid)
        elif entity == "attendance" and action == "updated":
            _put_back(session, eid, before)
        elif entity == LEVEL and action == "updated":
            _lower_back(session, eid, before)
    conn = session.connection()
    record_tombstones(conn, Attendance, RecordKind.ATTENDANCE, created["attendance"])
    session.execute(delete(Attendance).where(Attendance.id.in_(created["attendance"])))
    record_tombstones(conn, Shift, RecordKind.SHIFT, created["shift"])
    # Attendances a later edit put on a shift being removed keep their place at the event, without one.
    session.execute(update(Attendance).where(Attendance.shift_id.in_(created["shift"])).values(shift_id=None))
    session.execute(delete(Shift).where(Shift.id.in_(created["shift"])))
    return undo_people(session, batch)


def _lower_back(session: Session, volunteer_id: int, before: dict[str, Any]) -> None:
    """The rung the batch raised put back, unless someone has set another since."""
    session.execute(update(Volunteer).where(Volunteer.id == volunteer_id,
                                            Volunteer.engagement_level == before.get("raised_to"))
                    .values(engagement_level=before.get("engagement_level"), modified_at=utcnow()))


def _put_back(session: Session, attendance_id: int, before: dict[str, Any]) -> None:
    row = session.get(Attendance, attendance_id)
    if row is None:
        return
    for key in KEPT:
        if key in before:
            value = before[key]
            when = key in ("checked_in_at", "imported_at") and value
            setattr(row, key, datetime.fromisoformat(value) if when else value)
    row.modified_at = utcnow()


__all__ = ["AttendanceChunk", "AttendanceRun", "RowValues", "people_layout", "prepare_rows", "undo_attendance"]
