"""A prospect's form: who, the office, stage and next step, the chapter's checklist, and the timeline with notes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from organizer.domain.codes import ProspectStage
from organizer.errors import ValidationFailed
from organizer.services.container import Services
from organizer.services.people import PeopleQuery
from organizer.services.prospects_offices import OfficeRow
from organizer.services.prospects_rows import ProspectInput, ProspectRow, TimelineEntry
from ui.shared.tasks import failure_text, run_in_background
from ui.shared.widgets import SearchField, name_widget, show_problem

REFERRALS = ("Nominated by a member", "Self-nominated", "Partner organization")
NOBODY = "Nobody"
MATCHES = 30


@dataclass(frozen=True, slots=True)
class ProspectForm:
    """What the dialog shows, loaded off the GUI thread."""

    row: ProspectRow | None
    timeline: list[TimelineEntry]
    offices: list[OfficeRow]
    organizers: list[tuple[int, str]]
    checklist: list[str]


def load_form(services: Services, prospect_id: int | None) -> ProspectForm:
    """Everything the dialog needs (runs in the background)."""
    row = services.prospects.get(prospect_id) if prospect_id is not None else None
    timeline = services.prospects.timeline(prospect_id) if prospect_id is not None else []
    organizers = [(v.person_id, v.name) for v in services.volunteers.list() if v.status == "active"]
    return ProspectForm(row, timeline, services.offices.rows(), organizers, services.prospects.checklist_items())


def parse_day(text: str, field: str) -> date | None:
    """A typed date (YYYY-MM-DD) or None when empty; raises ValidationFailed naming the field."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationFailed({field: f"{text!r} is not a date: write it as YYYY-MM-DD."}) from None


def date_field(parent: QWidget, name: str, day: date | None) -> QLineEdit:
    """A date typed as YYYY-MM-DD (empty for none)."""
    edit = QLineEdit(day.isoformat() if day else "", parent)
    edit.setPlaceholderText("YYYY-MM-DD")
    edit.setMaximumWidth(130)
    name_widget(edit, name)
    return edit


class ProspectDialog(QDialog):
    """Add or edit a prospect. Saving runs in the background; the board refreshes from the change it makes."""

    def __init__(self, services: Services, form: ProspectForm, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("prospectDialog")
        self._services, self._form, self._row = services, form, form.row
        self.person_id: int | None = form.row.person_id if form.row else None
        self.setWindowTitle(f"Prospect: {form.row.name}" if form.row else "Add a prospect")
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        left = QVBoxLayout()
        if form.row is None:
            left.addWidget(self._person_box())
        left.addWidget(self._details_box())
        left.addStretch(1)
        top.addLayout(left, 3)
        right = QVBoxLayout()
        right.addWidget(self._checklist_box())
        right.addWidget(self._timeline_box(), 1)
        top.addLayout(right, 2)
        layout.addLayout(top, 1)
        self.problem = QLabel(self)
        self.problem.setObjectName("errorText")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(900, 600)

    # Parts -----------------------------------------------------------------------------------

    def _person_box(self) -> QGroupBox:
        box = QGroupBox("Who", self)
        self.search = SearchField("Find the person in People by name, email or phone", box)
        self.search.search_changed.connect(self._find_people)
        self.matches = QListWidget(box)
        self.matches.setMaximumHeight(110)
        name_widget(self.matches, "People found", "Choose the person to put in the pipeline")
        self.matches.currentItemChanged.connect(
            lambda item, _old: setattr(self, "person_id", int(item.data(Qt.ItemDataRole.UserRole)) if item else None))
        self.search.down_pressed.connect(lambda: (self.matches.setFocus(), self.matches.setCurrentRow(0)))
        self.new_person_button = QPushButton("New person…", box)
        self.new_person_button.setToolTip("Someone not in People yet: add them, then they are chosen here")
        self.new_person_button.clicked.connect(self._new_person)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.new_person_button)
        grid = QVBoxLayout(box)
        grid.addLayout(top)
        grid.addWidget(self.matches)
        return box

    def _new_person(self) -> None:
        from ui.people.person_dialog import open_person_dialog

        open_person_dialog(self, self._services, None, lambda person_id, name: self._found([(person_id, name)]))

    def _details_box(self) -> QGroupBox:
        box, row = QGroupBox("Office and stage", self), self._row
        form = QFormLayout(box)
        self.office = QComboBox(box)
        self.office.setEditable(True)
        self.office.addItem("", None)
        for office in self._form.offices:
            self.office.addItem(office.title, office.id)
        if row is not None:
            at = self.office.findData(row.office_id) if row.office_id else -1
            self.office.setCurrentIndex(at) if at >= 0 else self.office.setEditText(row.office)
        self.district = QLineEdit(row.district if row else "", box)
        self.jurisdiction = QLineEdit(row.jurisdiction if row else "", box)
        self.election = date_field(box, "Election day", row.election_date if row else None)
        self.filing = date_field(box, "Filing deadline", row.filing_deadline if row else None)
        self.stage = QComboBox(box)
        for stage in ProspectStage:
            self.stage.addItem(stage.label, stage.value)
        self.stage.setCurrentIndex(self.stage.findData(row.stage if row else ProspectStage.IDENTIFIED.value))
        self.next_step = QLineEdit(row.next_step if row else "", box)
        self.due = date_field(box, "Next step due", row.next_step_due if row else None)
        self.organizer = QComboBox(box)
        self.organizer.addItem(NOBODY, None)
        for person_id, name in self._form.organizers:
            self.organizer.addItem(name, person_id)
        if row is not None and row.organizer_id is not None and self.organizer.findData(row.organizer_id) < 0:
            self.organizer.addItem(row.organizer, row.organizer_id)
        self.organizer.setCurrentIndex(max(0, self.organizer.findData(row.organizer_id) if row else 0))
        self.referral = QComboBox(box)
        self.referral.setEditable(True)
        self.referral.addItems(["", *REFERRALS])
        self.referral.setEditText(row.referral_source if row else "")
        self.eligibility = QPlainTextEdit(row.eligibility_notes if row else "", box)
        self.eligibility.setPlaceholderText("Age, residency, party rules…")
        self.eligibility.setMaximumHeight(60)
        dates = QHBoxLayout()
        dates.addWidget(self.election)
        dates.addWidget(QLabel("Filing deadline", box))
        dates.addWidget(self.filing)
        dates.addStretch(1)
        step = QHBoxLayout()
        step.addWidget(self.next_step, 1)
        step.addWidget(QLabel("due", box))
        step.addWidget(self.due)
        for label, widget, buddy in (
                ("&Office", self.office, self.office), ("&District", self.district, self.district),
                ("&Jurisdiction", self.jurisdiction, self.jurisdiction), ("&Election day", dates, self.election),
                ("&Stage", self.stage, self.stage), ("&Next step", step, self.next_step),
                ("O&rganizer", self.organizer, self.organizer), ("Re&ferral", self.referral, self.referral),
                ("Eli&gibility", self.eligibility, self.eligibility)):
            text = QLabel(label, box)
            text.setBuddy(buddy)
            form.addRow(text, widget)
            if isinstance(widget, QWidget):
                name_widget(widget, label.replace("&", ""))
        self.next_step.setCursorPosition(0)
        return box

    def _checklist_box(self) -> QGroupBox:
        box = QGroupBox("Checklist", self)
        grid = QGridLayout(box)
        done = dict(self._row.checklist) if self._row else {}
        self.checks: dict[str, QCheckBox] = {}
        for i, item in enumerate(self._form.checklist):
            check = QCheckBox(item, box)
            check.setChecked(bool(done.get(item)))
            if done.get(item):
                check.setToolTip(f"Done {done[item]}")
            grid.addWidget(check, i, 0)
            self.checks[item] = check
        return box

    def _timeline_box(self) -> QGroupBox:
        box = QGroupBox("Timeline", self)
        layout = QVBoxLayout(box)
        self.timeline = QListWidget(box)
        name_widget(self.timeline, "Timeline", "Stage moves and notes, newest first")
        self.timeline.setWordWrap(True)
        for entry in reversed(self._form.timeline):
            self.timeline.addItem(timeline_text(entry))
        if not self._form.timeline:
            self.timeline.addItem("Moves and notes appear here once saved.")
        self.note = QLineEdit(box)
        self.note.setPlaceholderText("Add a note (a call, a meeting…) and press Enter")
        name_widget(self.note, "New note")
        self.note.setEnabled(self._row is not None)
        self.note.returnPressed.connect(self.add_note)
        self.note_button = QPushButton("Add note", box)
        self.note_button.setEnabled(self._row is not None)
        self.note_button.clicked.connect(self.add_note)
        row = QHBoxLayout()
        row.addWidget(self.note, 1)
        row.addWidget(self.note_button)
        layout.addWidget(self.timeline, 1)
        layout.addLayout(row)
        return box

    # Actions ---------------------------------------------------------------------------------

    def _find_people(self, text: str) -> None:
        people = self._services.people

        def find(_p: object, _c: object) -> list[tuple[int, str]]:
            if not text:
                return []
            ids = people.search_ids(PeopleQuery(text=text))[:MATCHES]
            return [(r.id, " · ".join(x for x in (r.display_name, (r.emails or ("",))[0], r.postal_code) if x))
                    for r in people.rows(ids)]

        run_in_background(self, find, self._found, lambda exc: show_problem(self, exc))

    def _found(self, found: list[tuple[int, str]]) -> None:
        self.matches.clear()
        for person_id, text in found:
            self.matches.addItem(text)
            self.matches.item(self.matches.count() - 1).setData(Qt.ItemDataRole.UserRole, person_id)
        if found:
            self.matches.setCurrentRow(0)

    def data(self) -> ProspectInput:
        """The prospect as typed; raises ValidationFailed for a date that is not one."""
        office_id = self.office.currentData() if self.office.currentText() == self.office.itemText(
            self.office.currentIndex()) else None
        return ProspectInput(
            office=self.office.currentText().strip() if office_id is None else "", office_id=office_id,
            jurisdiction=self.jurisdiction.text(), district=self.district.text(),
            election_date=parse_day(self.election.text(), "election_date"),
            filing_deadline=parse_day(self.filing.text(), "filing_deadline"), stage=str(self.stage.currentData()),
            eligibility_notes=self.eligibility.toPlainText(), next_step=self.next_step.text(),
            next_step_due=parse_day(self.due.text(), "next_step_due"), organizer_id=self.organizer.currentData(),
            referral_source=self.referral.currentText(), notes=self._row.notes if self._row else "")

    def save(self) -> None:
        """Check, then save in the background; the dialog closes when it is saved."""
        try:
            data = self.data()
            if self.person_id is None:
                raise ValidationFailed({"person": "Choose the person: search for them above."})
        except ValidationFailed as exc:
            self._show_problem(str(exc))
            return
        services, person_id, row = self._services, self.person_id, self._row
        ticks = {item: check.isChecked() for item, check in self.checks.items()}
        done = dict(row.checklist) if row else {}

        def write(_p: object, _c: object) -> ProspectRow:
            saved = services.prospects.update(row.id, data) if row else services.prospects.add(person_id, data)
            for item, ticked in ticks.items():
                if ticked != bool(done.get(item)):
                    saved = services.prospects.check_item(saved.id, item, ticked)
            return saved

        self.buttons.setEnabled(False)
        run_in_background(self, write, lambda _saved: self.accept(), self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self._show_problem(failure_text(exc))

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def add_note(self) -> None:
        """Add the typed note to the timeline now."""
        text, row = self.note.text().strip(), self._row
        if not text or row is None:
            return
        prospects = self._services.prospects

        def write(_p: object, _c: object) -> list[TimelineEntry]:
            prospects.add_note(row.id, text)
            return prospects.timeline(row.id)

        run_in_background(self, write, self._noted, self._failed)

    def _noted(self, timeline: list[TimelineEntry]) -> None:
        self.note.clear()
        self.timeline.clear()
        for entry in reversed(timeline):
            self.timeline.addItem(timeline_text(entry))


def timeline_text(entry: TimelineEntry) -> str:
    """ "2026-12-06 · Intro call → Questionnaire · Sam: good talk"."""
    if entry.from_stage == entry.to_stage:
        what = "Note"
    elif entry.from_stage:
        what = f"{ProspectStage(entry.from_stage).label} → {ProspectStage(entry.to_stage).label}"
    else:
        what = f"Added as {ProspectStage(entry.to_stage).label}"
    who = f" · {entry.changed_by}" if entry.changed_by else ""
    note = f": {entry.note}" if entry.note else ""
    return f"{entry.changed_on.isoformat()} · {what}{who}{note}"


def open_prospect_dialog(parent: QWidget, services: Services, prospect_id: int | None,
                         on_saved: Callable[[], None]) -> None:
    """Load in the background, then open the dialog over `parent`."""
    def show(form: ProspectForm) -> None:
        dialog = ProspectDialog(services, form, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(on_saved)
        dialog.open()

    run_in_background(parent, lambda _p, _c: load_form(services, prospect_id), show,
                      lambda exc: show_problem(parent, exc))
