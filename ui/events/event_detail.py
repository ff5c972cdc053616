"""One event in detail: when and where, turnout, the roster (tick who is here) and shifts, and its files."""

from __future__ import annotations

from pathlib import Path

import qtawesome as qta
from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from organizer.domain.codes import EventType
from organizer.domain.text import counted
from organizer.services.container import Services
from organizer.services.events import EventRow, RosterRow, ShiftRow, Turnout
from ui.events.events_model import RosterColumn, RosterModel
from ui.shared.tasks import run_in_background
from ui.shared.widgets import make_list_table, name_widget, show_problem

ROSTER_WIDTHS = {RosterColumn.NAME: 180, RosterColumn.RSVP: 130, RosterColumn.PRESENT: 150, RosterColumn.SHIFT: 120,
                 RosterColumn.EMAIL: 180}


def turnout_text(t: Turnout) -> str:
    """The turnout in one line."""
    parts = [_n(t.rsvps, "RSVP"), f"{t.attended:,} here", _n(t.walk_ins, "walk-in"),
             _n(t.first_timers, "first-timer"), _n(t.no_shows, "no-show")]
    if t.capacity:
        parts.append(f"capacity {t.capacity:,}" + (" — full" if t.attended >= t.capacity else ""))
    return " · ".join(parts)


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def heading_text(e: EventRow) -> str:
    """When, what and where."""
    start = e.local_start()
    lines = [f"<b>{_esc(e.title)}</b>",
             f"{start:%A %d %B %Y, %H:%M} ({_esc(e.time_zone)}) · {EventType(e.event_type).label} · "
             f"{e.status.capitalize()}"]
    if e.place:
        lines.append(_esc(e.place))
    if e.recurrence:
        lines.append(f"Repeats: {_esc(e.recurrence)}")
    return "<br>".join(lines)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class EventDetail(QWidget):
    """The detail pane; empty until an event is chosen."""

    edit_requested = Signal(int)
    checkin_requested = Signal(int)
    delete_requested = Signal(int)
    status_message = Signal(str)
    loaded = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventDetail")
        self._services = services
        self._event: EventRow | None = None
        self.heading = QLabel("Choose an event to see who is coming.", self)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        name_widget(self.heading, "Event")
        self.turnout = QLabel("", self)
        self.turnout.setWordWrap(True)
        name_widget(self.turnout, "Turnout")
        self.shifts = QLabel("", self)
        self.shifts.setWordWrap(True)
        name_widget(self.shifts, "Shifts")
        self.roster_model = RosterModel(self)
        self.roster = make_list_table(self, self.roster_model, "Roster", "Who is invited, registered or here",
                                      RosterColumn.PHONE, dict(ROSTER_WIDTHS), multi_select=False)
        self.roster.setSortingEnabled(False)
        self.roster.clicked.connect(self._clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(self._buttons())
        layout.addWidget(self.turnout)
        layout.addWidget(self.shifts)
        layout.addWidget(self.roster, 1)
        self.show_event(None)

    def _buttons(self) -> QHBoxLayout:
        specs = [("&Check-in mode", "fa5s.door-open", lambda: self.checkin_requested.emit(self._id())),
                 ("&Edit…", "fa5s.edit", lambda: self.edit_requested.emit(self._id())),
                 ("Add &people…", "fa5s.user-plus", self.invite),
                 ("Delete…", "fa5s.trash", lambda: self.delete_requested.emit(self._id()))]
        row = QHBoxLayout()
        self.buttons: list[QPushButton] = []
        for text, icon, slot in specs:
            button = QPushButton(qta.icon(icon), text, self)
            name_widget(button, text.replace("&", "").replace("…", ""))
            button.clicked.connect(lambda _c=False, s=slot: s())
            self.buttons.append(button)
        files = QPushButton(qta.icon("fa5s.ellipsis-h"), "&More", self)
        name_widget(files, "More", "Add a shift; the host packet, the paper sign-in sheet, a calendar file, "
                    "importing attendance")
        menu = QMenu(files)
        for text, icon, slot in (("Add a &shift…", "fa5s.clock", self.add_shift),
                                 ("Host &packet (.xlsx)…", "fa5s.file-excel", self.save_packet),
                                 ("Paper sign-in s&heet (.pdf)…", "fa5s.file-pdf", self.save_signin),
                                 ("&Calendar file (.ics)…", "fa5s.calendar-plus", self.save_ics),
                                 ("&Import attendance…", "fa5s.file-import", self.import_attendance)):
            menu.addAction(qta.icon(icon), text, slot)
        files.setMenu(menu)
        self.buttons.insert(3, files)
        for button in self.buttons:
            row.addWidget(button)
        row.addStretch(1)
        return row

    def _id(self) -> int:
        return self._event.id if self._event is not None else 0

    def show_event(self, event: EventRow | None) -> None:
        """Show an event (None: nothing chosen) and load its roster in the background."""
        self._event = event
        for button in self.buttons:
            button.setEnabled(event is not None)
        if event is None:
            self.heading.setText("Choose an event to see who is coming.")
            self.turnout.setText("")
            self.shifts.setText("")
            self.roster_model.set_rows([])
            return
        self.heading.setText(heading_text(event))
        self.reload()

    def reload(self) -> None:
        """Fetch the roster, turnout and shifts again."""
        event = self._event
        if event is None:
            return
        s = self._services

        def job(_p: object, _c: object) -> tuple[list[RosterRow], Turnout, list[ShiftRow]]:
            return s.attendance.roster(event.id), s.attendance.turnout(event.id), s.events.shifts(event.id)

        run_in_background(self, job, lambda found: self._loaded(event.id, *found), lambda exc: show_problem(self, exc))

    def _loaded(self, event_id: int, roster: list[RosterRow], turnout: Turnout, shifts: list[ShiftRow]) -> None:
        if self._event is None or self._event.id != event_id:
            return
        self.roster_model.set_rows(roster)
        self.turnout.setText(turnout_text(turnout) if roster else "No one on the roster yet: check people in, "
                             "or import an RSVP list.")
        self.shifts.setText("Shifts: " + "; ".join(f"{s.name} ({s.taken}/{s.capacity or '–'})" for s in shifts)
                            if shifts else "")
        self.loaded.emit()

    def _clicked(self, index: QModelIndex) -> None:
        if index.column() != RosterColumn.PRESENT:
            return
        row = self.roster_model.row_at(index.row())
        self.toggle_present(row)

    def toggle_present(self, row: RosterRow) -> None:
        """Mark someone here (or not) from the roster."""
        attended = not row.attended
        run_in_background(self, lambda _p, _c: self._services.attendance.set_attended(row.id, attended),
                          lambda _r: self.reload(), lambda exc: show_problem(self, exc))

    def invite(self) -> None:
        """Add people to the roster (invite or register them)."""
        if self._event is None:
            return
        event_id = self._event.id

        def show(shifts: list[ShiftRow]) -> None:
            from ui.events.invite_dialog import InviteDialog

            dialog = InviteDialog(self._services, event_id, shifts, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()

        run_in_background(self, lambda _p, _c: self._services.events.shifts(event_id), show,
                          lambda exc: show_problem(self, exc))

    def add_shift(self) -> None:
        """Ask for a shift's name and add it."""
        name, ok = QInputDialog.getText(self, "Add a shift", "Shift or role (\"Morning\", \"Driver\"):")
        if ok and name.strip() and self._event is not None:
            event_id = self._event.id
            run_in_background(self, lambda _p, _c: self._services.events.add_shift(event_id, name),
                              lambda _r: self.reload(), lambda exc: show_problem(self, exc))

    def _save_as(self, title: str, suggested: str, filter_text: str) -> Path | None:
        path, _f = QFileDialog.getSaveFileName(self, title, suggested, filter_text)
        return Path(path) if path else None

    def save_packet(self) -> None:
        """Write the host's packet."""
        self._write("Save the host packet", "host-packet.xlsx", "Workbook (*.xlsx)",
                    lambda p: self._services.event_files.write_host_packet(self._id(), p, force=True),
                    "Saved the host packet ({n} RSVPs)")

    def save_signin(self) -> None:
        """Write the paper sign-in sheet."""
        self._write("Save the sign-in sheet", "sign-in.pdf", "PDF (*.pdf)",
                    lambda p: self._services.event_files.write_signin_sheet(self._id(), p, force=True),
                    "Saved the sign-in sheet ({n} pages)")

    def save_ics(self) -> None:
        """Write this event as a calendar file."""
        self._write("Save to a calendar file", "event.ics", "Calendar (*.ics)",
                    lambda p: self._services.event_files.write_ics(p, self._id(), force=True), "Saved {n} event")

    def _write(self, title: str, name: str, filter_text: str, write: object, done: str) -> None:
        path = self._save_as(title, name, filter_text)
        if path is None:
            return
        assert callable(write)
        run_in_background(self, lambda _p, _c: write(path), lambda n: self.status_message.emit(done.format(n=n)),
                          lambda exc: show_problem(self, exc))

    def import_attendance(self) -> None:
        """Import an RSVP or attendance sheet (or a filled-in host packet) into this event."""
        path, _f = QFileDialog.getOpenFileName(self, "Import attendance", "",
                                               "Spreadsheets (*.xlsx *.xls *.ods *.csv *.tsv *.txt)")
        if not path or self._event is None:
            return
        event_id = self._event.id
        run_in_background(self, lambda _p, _c: self._services.event_files.import_attendance(event_id, Path(path)),
                          self._imported, lambda exc: show_problem(self, exc))

    def _imported(self, report: object) -> None:
        from organizer.services.imports import ImportResult

        assert isinstance(report, ImportResult)
        text = (f"Import {report.batch}: {counted(report.rows, 'row')} — {report.created:,} people added, "
                f"{report.count('attendances_created'):,} attendances recorded, "
                f"{report.count('attendances_updated'):,} updated, {counted(report.rejected, 'row')} rejected. "
                "It can be undone in the Imports section.")
        box = QMessageBox(QMessageBox.Icon.Information, "Attendance imported", "\n\n".join([text, *report.notices]),
                          QMessageBox.StandardButton.Ok, self)
        details = import_details(report)
        if details:
            box.setInformativeText("Show Details lists the rows left out and the values that could not be read.")
            box.setDetailedText(details)
        box.exec()
        self.reload()


DETAILS_SHOWN = 200  # rows left out, and values not read, listed in an import's details


def import_details(report: object) -> str:
    """The rows an import left out and the values it could not read, each with its reason, one per line."""
    from organizer.services.imports import ImportResult

    assert isinstance(report, ImportResult)
    lines = [f"Row {r.row}: left out, {r.reason}" for r in report.rejected_rows[:DETAILS_SHOWN]]
    lines += [f"Row {w.row}, {w.column}: {w.reason}" for w in report.warnings[:DETAILS_SHOWN]]
    more = len(report.rejected_rows) + len(report.warnings) + report.unlisted_warnings - len(lines)
    if more > 0:
        lines.append(f"… and {more:,} more.")
    return "\n".join(lines)


__all__ = ["EventDetail", "heading_text", "import_details", "turnout_text"]
