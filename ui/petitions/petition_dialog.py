"""Dialogs of the Petitions section: a petition's fields, and a sheet's circulator and status."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from organizer.services.container import Services
from organizer.services.petitions import PetitionInput, PetitionRow, SheetInput, SheetRow, petition_problems
from ui.shared.person_picker import PersonPicker

NO_DATE = QDate(2000, 1, 1)


def _date_edit(parent: QWidget, value: date | None) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText("none")
    edit.setDate(QDate(value.year, value.month, value.day) if value else NO_DATE)
    return edit


def _date_of(edit: QDateEdit) -> date | None:
    value = edit.date()
    return None if value == NO_DATE else date(value.year(), value.month(), value.day())


class PetitionDialog(QDialog):
    """A new petition, or one's fields to change."""

    def __init__(self, parent: QWidget | None = None, row: PetitionRow | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit petition" if row else "New petition")
        form = QFormLayout(self)
        self.title = QLineEdit(row.title if row else "", self)
        self.kind = QComboBox(self)
        self.kind.addItem("Ballot access", "ballot_access")
        self.kind.addItem("Issue", "issue")
        if row is not None:
            self.kind.setCurrentIndex(self.kind.findData(row.kind))
        self.required = QSpinBox(self)
        self.required.setRange(0, 10_000_000)
        self.required.setValue(row.required if row else 0)
        self.maximum = QSpinBox(self)
        self.maximum.setRange(0, 10_000_000)
        self.maximum.setSpecialValueText("no maximum")
        self.maximum.setValue(row.maximum or 0 if row else 0)
        self.buffer = QDoubleSpinBox(self)
        self.buffer.setRange(1.0, 5.0)
        self.buffer.setSingleStep(0.05)
        self.buffer.setValue(row.buffer if row else 1.4)
        self.district = QLineEdit(row.district if row else "", self)
        self.party = QLineEdit(row.party if row else "", self)
        self.opens = _date_edit(self, row.opens_on if row else None)
        self.deadline = _date_edit(self, row.deadline if row else None)
        self.notary = QCheckBox("Circulator statements must be notarized", self)
        self.notary.setChecked(bool(row and row.notary_required))
        for label, field in (("&Title", self.title), ("&Kind", self.kind), ("&Required valid", self.required),
                             ("&Maximum allowed", self.maximum), ("&Buffer goal (× required)", self.buffer),
                             ("&District or county", self.district), ("&Party (primaries)", self.party),
                             ("Signing &opens", self.opens), ("&Deadline", self.deadline), ("", self.notary)):
            form.addRow(label, field)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.hide()
        form.addRow(self.problem)
        self._fields: dict[str, QWidget] = {"title": self.title, "kind": self.kind, "required": self.required,
                                            "maximum": self.maximum, "buffer": self.buffer, "opens_on": self.opens}
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        """Close only when the petition as typed can be saved; otherwise say why and stay, keeping what was typed."""
        problems = petition_problems(self.value())
        if not problems:
            super().accept()
            return
        self.problem.setText("\n".join(problem[:1].upper() + problem[1:] for problem in problems.values()))
        self.problem.show()
        field = self._fields.get(next(iter(problems)))
        if field is not None:
            field.setFocus()

    def value(self) -> PetitionInput:
        """The petition as typed."""
        return PetitionInput(self.title.text(), str(self.kind.currentData()), "", "", self.district.text(),
                             self.party.text(), self.required.value(), self.maximum.value() or None,
                             _date_of(self.deadline), self.buffer.value(), _date_of(self.opens),
                             self.notary.isChecked())


class SheetDialog(QDialog):
    """A sheet: its number, status, circulator statement and dates."""

    def __init__(self, parent: QWidget | None = None, row: SheetRow | None = None, number: int = 1,
                 services: Services | None = None) -> None:
        super().__init__(parent)
        self.row = row
        self._services = services
        self.circulator_id = row.circulator_id if row else None
        self.circulator = QLabel((row.circulator if row else "") or "None named", self)
        self.choose_circulator = QPushButton("&Choose…", self)
        self.choose_circulator.setToolTip("Pick the person who carried this sheet")
        self.choose_circulator.setEnabled(services is not None)
        self.choose_circulator.clicked.connect(self._pick_circulator)
        circulator = QHBoxLayout()
        circulator.addWidget(self.circulator, 1)
        circulator.addWidget(self.choose_circulator)
        self.setWindowTitle(f"Sheet {row.number}" if row else "New sheet")
        form = QFormLayout(self)
        self.number = QSpinBox(self)
        self.number.setRange(1, 99_999)
        self.number.setValue(row.number if row else number)
        self.status = QComboBox(self)
        for status in ("collected", "checked", "certified", "filed"):
            self.status.addItem(status.capitalize(), status)
        if row is not None:
            self.status.setCurrentIndex(self.status.findData(row.status))
        self.complete = QCheckBox("The circulator's statement is complete", self)
        self.complete.setChecked(bool(row and row.statement_complete))
        self.notarized = QCheckBox("Notarized", self)
        self.notarized.setChecked(bool(row and row.notarized))
        self.district = QLineEdit(row.district if row else "", self)
        self.filed = _date_edit(self, row.filed_on if row else None)
        form.addRow("Sheet &number", self.number)
        form.addRow("Circulator", circulator)
        for label, field in (("&Status", self.status), ("", self.complete),
                             ("", self.notarized), ("&County or district on its header", self.district),
                             ("&Filed on", self.filed)):
            form.addRow(label, field)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def value(self) -> SheetInput:
        """The sheet as typed."""
        row = self.row
        return SheetInput(self.number.value(), self.circulator_id, row.started_on if row else None,
                          row.finished_on if row else None, _date_of(self.filed), self.complete.isChecked(),
                          self.notarized.isChecked(), str(self.status.currentData()), self.district.text(),
                          row.notes if row else "")

    def _pick_circulator(self) -> None:
        if self._services is None:
            return
        picker = PersonPicker(self._services, "Choose the circulator", "Who carried this sheet?", self,
                              allow_none="No circulator")
        accepted = picker.exec() == PersonPicker.DialogCode.Accepted
        chosen, person = picker.chosen, picker.chosen_person
        picker.deleteLater()  # one picker per choice, not one kept for each
        if not accepted or chosen is None:
            return
        self.circulator_id = person.id if person else None
        self.circulator.setText(person.display_name if person else "None named")
