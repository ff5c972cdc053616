"""A person's whole record in one window: contact, wishes, custom fields (kept values fixable), volunteer, history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import qtawesome as qta
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from organizer.domain.codes import EmailStatus, EngagementLevel, PhoneType, VolunteerStatus
from organizer.errors import NotFound, ValidationFailed
from organizer.services.changes import ATTENDANCE, EVENTS, PEOPLE, PETITIONS, PROSPECTS, TAGS, VOLUNTEERS, Change
from organizer.services.container import Services
from organizer.services.kept_values import KeptValue
from organizer.services.person_record import PersonRecord
from ui.people.person_dialog import NOT_FOUND_TEXT, open_person_dialog
from ui.shared.changes import RefreshOnChange
from ui.shared.tasks import run_in_background
from ui.shared.widgets import name_widget, show_problem

DO_NOT_LABELS = {"walk": "Do not knock", "call": "Do not call", "text": "Do not text",
                 "email": "Do not email"}
GONE_TEXT = "This person is no longer in the chapter: they were deleted, merged away, or their import was undone."


def open_person_view(parent: QWidget, services: Services, person_id: int) -> None:
    """Load the record in the background, then show it (window-modal) over `parent`."""

    def show(record: PersonRecord) -> None:
        view = PersonView(services, record, parent)
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # a closed view stops listening for changes
        view.open()

    def failed(exc: BaseException) -> None:
        if isinstance(exc, NotFound):
            QMessageBox.information(parent, "Person not found", NOT_FOUND_TEXT)
        else:
            show_problem(parent, exc)

    run_in_background(parent, lambda _p, _c: services.records.record(person_id), show, failed)


def _value(text: str, parent: QWidget, *, muted: bool = False) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if muted:
        label.setObjectName("mutedNote")
    return label


def _day(day: date | None) -> str:
    """ "March 9, 1980" (no leading zero, on every platform)."""
    return f"{day:%B} {day.day}, {day.year}" if day is not None else ""


def _form(box: QGroupBox) -> QFormLayout:
    form = QFormLayout(box)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    return form


class KeptValueRow(QWidget):
    """A value an import kept as typed: why, and a field to type the corrected value into."""

    fix_requested = Signal(str, str)  # key, corrected value

    def __init__(self, kept: KeptValue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = kept.key
        icon = QLabel(self)
        icon.setPixmap(qta.icon("fa5s.exclamation-triangle", color="#c0392b").pixmap(14, 14))
        self.reason = QLabel(f"Kept as typed: not {kept.meant_for} ({kept.reason}).", self)
        self.reason.setObjectName("fieldError")
        self.reason.setWordWrap(True)
        self.edit = QLineEdit(kept.value, self)
        name_widget(self.edit, f"Corrected {kept.key}", f"Type {kept.meant_for} and press Fix")
        self.fix_button = QPushButton("Fix", self)
        self.fix_button.setToolTip(f"Save the corrected value as {kept.meant_for}")
        name_widget(self.fix_button, f"Fix {kept.key}")
        self.problem = QLabel(self)
        self.problem.setObjectName("fieldError")
        self.problem.setWordWrap(True)
        self.problem.hide()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.addWidget(icon, 0, 0)
        grid.addWidget(self.reason, 0, 1, 1, 2)
        grid.addWidget(self.edit, 1, 1)
        grid.addWidget(self.fix_button, 1, 2)
        grid.addWidget(self.problem, 2, 1, 1, 2)
        grid.setColumnStretch(1, 1)
        self.fix_button.clicked.connect(self._fix)
        self.edit.returnPressed.connect(self._fix)

    def _fix(self) -> None:
        self.fix_requested.emit(self.key, self.edit.text())

    def set_problem(self, text: str) -> None:
        """Show why the corrected value was refused ("" hides it)."""
        self.problem.setText(text)
        self.problem.setVisible(bool(text))
        self.edit.setProperty("invalid", bool(text))
        self.edit.style().unpolish(self.edit)
        self.edit.style().polish(self.edit)


class PersonView(QDialog):
    """Everything the chapter holds about one person, kept current as the services report changes."""

    record_changed = Signal(object)  # the PersonRecord shown after a reload or a fix

    def __init__(self, services: Services, record: PersonRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("personView")
        self._services = services
        self.record = record
        self.gone = False
        self.kept_rows: dict[str, KeptValueRow] = {}
        self.title = QLabel(self)
        self.title.setObjectName("dialogTitle")
        self.subtitle = _value("", self, muted=True)
        self.banner = QLabel(self)
        self.banner.setObjectName("fieldError")
        self.banner.setWordWrap(True)
        font = self.banner.font()
        font.setBold(True)
        self.banner.setFont(font)
        name_widget(self.banner, "Contact wishes and status")
        self.area = QScrollArea(self)
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.edit_button = self.buttons.addButton("&Edit…", QDialogButtonBox.ButtonRole.ActionRole)
        self.edit_button.setIcon(qta.icon("fa5s.user-edit"))
        self.edit_button.setToolTip("Edit this person (Ctrl+E)")
        name_widget(self.edit_button, "Edit person")
        self.edit_button.clicked.connect(self.edit)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+E"), self, self.edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.banner)
        layout.addWidget(self.area, 1)
        layout.addWidget(self.buttons)
        self.resize(720, 760)
        # Its history shows events, candidacies and petitions too: a change to any of them reloads it.
        shown = frozenset({PEOPLE, VOLUNTEERS, TAGS, EVENTS, ATTENDANCE, PROSPECTS, PETITIONS})
        self.listener = RefreshOnChange(services.changes, shown, self._changed, self)
        self.show_record(record)

    # Showing ---------------------------------------------------------------------------------

    def show_record(self, record: PersonRecord) -> None:
        """Show (or show again) a record, section by section."""
        self.record = record
        self.setWindowTitle(record.display_name)
        self.setAccessibleName(f"Record of {record.display_name}")
        self.title.setText(record.display_name)
        details = [record.gender_pronouns, f"uuid {record.uuid}", f"source: {record.source}" if record.source else ""]
        self.subtitle.setText(" · ".join(d for d in details if d))
        warnings = [label for key, label in DO_NOT_LABELS.items() if record.do_not_contact[key]]
        warnings += [w for w, on in (("Deceased", record.deceased), ("Moved away", record.moved)) if on]
        self.banner.setText("⚠ " + "  ·  ".join(warnings) if warnings else "")
        self.banner.setVisible(bool(warnings))
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 8, 0)
        self.kept_rows = {}
        for build in (self._contact, self._wishes, self._custom, self._volunteer, self._tags, self._history,
                      self._details):
            column.addWidget(build(record, body))
        column.addStretch(1)
        self.area.setWidget(body)
        self.record_changed.emit(record)

    def section_titles(self) -> list[str]:
        """The titles of the sections shown, top to bottom."""
        body = self.area.widget()
        return [box.title() for box in body.findChildren(QGroupBox)] if body is not None else []

    def _contact(self, r: PersonRecord, parent: QWidget) -> QGroupBox:
        box = QGroupBox("Contact", parent)
        form = _form(box)
        emails = [f"{e.address} — {EmailStatus(e.status).label.lower()}{', primary' if e.primary else ''}"
                  for e in r.emails]
        phones = [f"{p.display} — {PhoneType(p.type).label.lower()}{', primary' if p.primary else ''}"
                  f"{', do not call' if p.do_not_call else ''}" for p in r.phones]
        places = [a.one_line() + (f" (precinct {a.precinct})" if a.precinct else "") for a in r.addresses]
        for label, lines, none in (("Emails", emails, "No email"), ("Phones", phones, "No phone"),
                                   ("Addresses", places, "No address")):
            form.addRow(f"{label}:", _value("\n".join(lines) or none, box, muted=not lines))
        return box

    def _wishes(self, r: PersonRecord, parent: QWidget) -> QGroupBox:
        box = QGroupBox("Contact wishes", parent)
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(24)
        wishes = [(label, r.do_not_contact[key]) for key, label in DO_NOT_LABELS.items()]
        wishes += [("Deceased", r.deceased), ("Moved away", r.moved)]
        for i, (label, on) in enumerate(wishes):
            shown = _value(f"{label}: {'Yes' if on else 'No'}", box, muted=not on)
            if on:
                shown.setObjectName("fieldError")
                shown.setContentsMargins(2, 2, 2, 2)  # in line with the muted ones' padding
            grid.addWidget(shown, i // 3, i % 3)
        return box

    def _custom(self, r: PersonRecord, parent: QWidget) -> QGroupBox:
        box = QGroupBox("Custom fields", parent)
        form = _form(box)
        if not r.custom_fields:
            form.addRow(_value("No custom fields. Columns an import does not know are kept here.", box, muted=True))
        for key, value in r.custom_fields.items():
            kept = r.kept.get(key)
            if kept is None:
                form.addRow(f"{key}:", _value(str(value), box))
                continue
            row = KeptValueRow(kept, box)
            row.fix_requested.connect(self.fix)
            self.kept_rows[key] = row
            form.addRow(f"{key}:", row)
        return box

    def _volunteer(self, r: PersonRecord, parent: QWidget) -> QGroupBox:
        box = QGroupBox("Volunteer profile", parent)
        form = _form(box)
        v = r.volunteer
        if v is None:
            form.addRow(_value("Not a volunteer. Edit the person to add a volunteer profile.", box, muted=True))
            return box
        rows = (("Status", VolunteerStatus(v.status).label), ("Engagement", EngagementLevel(v.engagement_level).label),
                ("Skills", ", ".join(v.skills)), ("Languages", ", ".join(v.languages)),
                ("Availability", v.availability), ("Point person", v.point_person), ("Recruited by", v.recruited_by),
                ("Since", _day(v.started_on)), ("Notes", v.notes))
        for label, text in rows:
            if text:
                form.addRow(f"{label}:", _value(text, box))
        return box

    def _tags(self, r: PersonRecord, parent: QWidget) -> QGroupBox:
        box = QGroupBox("Tags", parent)
        form = _form(box)
        form.addRow(_value(", ".join(r.tags) or "No tags.", box, muted=not r.tags))
        return box

    def _history(self, r: PersonRecord, parent: QWidget) -> QGroupBox:
        box = QGroupBox("History", parent)
        layout = QVBoxLayout(box)
        if not r.history:
            layout.addWidget(_value("Nothing yet: imports, events, signatures and contacts appear here.", box,
                                    muted=True))
            return box
        self.history_table = table = QTableWidget(len(r.history), 3, box)
        table.setHorizontalHeaderLabels(["Date", "What", "Details"])
        for row, entry in enumerate(r.history):
            when = entry.when.astimezone().strftime("%Y-%m-%d") if entry.when else ""
            for col, text in enumerate((when, entry.title, entry.detail)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                table.setItem(row, col, item)
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # Tall enough for a dozen entries; a longer history scrolls inside the table.
        table.setMinimumHeight(min(12, len(r.history)) * table.verticalHeader().defaultSectionSize()
                               + table.horizontalHeader().sizeHint().height() + 4)
        name_widget(table, "History", "Imports, events, signatures, contacts and pipeline stages, newest first")
        layout.addWidget(table)
        return box

    def _details(self, r: PersonRecord, parent: QWidget) -> QGroupBox:
        box = QGroupBox("Details", parent)
        form = _form(box)
        rows = (("Birthdate", _day(r.birthdate)),
                ("Languages", ", ".join(r.languages_spoken)), ("Notes", r.notes),
                ("From chapter", r.origin_chapter), ("Merged from", "\n".join(r.aliases)),
                ("Added", r.created_at.astimezone().strftime("%Y-%m-%d %H:%M") if r.created_at else ""),
                ("Changed", r.modified_at.astimezone().strftime("%Y-%m-%d %H:%M") if r.modified_at else ""))
        for label, text in rows:
            if text:
                form.addRow(f"{label}:", _value(text, box))
        return box

    # Acting ----------------------------------------------------------------------------------

    def edit(self) -> None:
        """Open the person's form; the record follows whatever it saves."""
        if not self.gone:
            open_person_dialog(self, self._services, self.record.id, lambda _id, _name: None)

    def fix(self, key: str, value: str) -> None:
        """Save a corrected value for a kept one in the background; a refusal shows under its row."""
        records, person_id = self._services.records, self.record.id
        row = self.kept_rows.get(key)
        if row is not None:
            row.set_problem("")
            row.fix_button.setEnabled(False)
        run_in_background(self, lambda _p, _c: records.fix_custom_value(person_id, key, value), self.show_record,
                          lambda exc: self._fix_failed(key, exc))

    def _fix_failed(self, key: str, exc: BaseException) -> None:
        row = self.kept_rows.get(key)
        if row is not None:
            row.fix_button.setEnabled(True)
        if isinstance(exc, ValidationFailed) and row is not None:
            row.set_problem(exc.problems.get(key) or str(exc))
            row.edit.setFocus()
        elif isinstance(exc, NotFound):
            self._show_gone()
        else:
            show_problem(self, exc)

    # Keeping current -------------------------------------------------------------------------

    def _changed(self, change: Change) -> None:
        if self.gone or not change.may_concern(self.record.id):
            return
        self.reload()

    def reload(self, on_done: Callable[[], None] | None = None) -> None:
        """Read the record again (after a change elsewhere)."""
        records, person_id = self._services.records, self.record.id

        def loaded(record: PersonRecord) -> None:
            self.show_record(record)
            if on_done is not None:
                on_done()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, NotFound):
                self._show_gone()
            else:
                show_problem(self, exc)

        run_in_background(self, lambda _p, _c: records.record(person_id), loaded, failed)

    def _show_gone(self) -> None:
        self.gone = True
        self.banner.setText(GONE_TEXT)
        self.banner.show()
        self.edit_button.setEnabled(False)
        for row in self.kept_rows.values():
            row.setEnabled(False)


__all__ = ["KeptValueRow", "PersonView", "open_person_view"]
