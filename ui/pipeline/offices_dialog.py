"""The offices and elections the chapter follows: seats, filing windows and election days, in one place."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from organizer.errors import ValidationFailed
from organizer.services.container import Services
from organizer.services.prospects_offices import OfficeInput, OfficeRow
from ui.pipeline.prospect_dialog import date_field, parse_day
from ui.shared.tasks import failure_text, run_in_background
from ui.shared.widgets import name_widget, show_problem

HEADERS = ("Office", "Election", "Filing opens", "Filing closes", "Prospects")


def confirm_remove(parent: QWidget, title: str) -> bool:
    """Ask before taking an office out of the catalog."""
    box = QMessageBox(QMessageBox.Icon.Question, "Remove office", f"Remove {title} from the offices?", parent=parent)
    box.setInformativeText("Prospects for it keep its name and dates as they are now.")
    remove = box.addButton("Remove", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Cancel))
    box.exec()
    return box.clickedButton() is remove


class OfficesDialog(QDialog):
    """List, add, change and remove the catalog's offices; prospects linked to one follow its dates."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("officesDialog")
        self.setWindowTitle("Offices and elections")
        self._services = services
        self._rows: list[OfficeRow] = []
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        name_widget(self.table, "Offices", "Choose an office to change or remove it")
        self.table.currentCellChanged.connect(lambda row, *_: self._fill(row))
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(self._form())
        self.problem = QLabel(self)
        self.problem.setObjectName("errorText")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.resize(760, 520)
        self.refresh()

    def _form(self) -> QFormLayout:
        form = QFormLayout()
        self.name, self.seat = QLineEdit(self), QLineEdit(self)
        self.district, self.jurisdiction = QLineEdit(self), QLineEdit(self)
        self.election = date_field(self, "Election day", None)
        self.opens = date_field(self, "Filing opens", None)
        self.closes = date_field(self, "Filing closes", None)
        self.seats = QSpinBox(self)
        self.seats.setRange(0, 99)
        self.seats.setValue(1)
        dates = QHBoxLayout()
        for label, widget in (("Election day", self.election), ("Filing opens", self.opens),
                              ("closes", self.closes), ("Open seats", self.seats)):
            if label != "Election day":
                dates.addWidget(QLabel(label, self))
            dates.addWidget(widget)
        dates.addStretch(1)
        self.add_button = QPushButton("Add office", self)
        self.save_button = QPushButton("Save changes", self)
        self.remove_button = QPushButton("Remove…", self)
        self.add_button.clicked.connect(lambda: self._write(None))
        self.save_button.clicked.connect(lambda: self._write(self._current()))
        self.remove_button.clicked.connect(self._remove)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.save_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for label, widget in (("&Office", self.name), ("&Seat", self.seat), ("&District", self.district),
                              ("&Jurisdiction", self.jurisdiction)):
            form.addRow(label, widget)
            name_widget(widget, label.replace("&", ""))
        election = QLabel("&Election day", self)
        election.setBuddy(self.election)
        form.addRow(election, dates)
        form.addRow(buttons)
        self.seats.setAccessibleName("Open seats")
        return form

    def refresh(self) -> None:
        """Load the offices in the background."""
        offices = self._services.offices
        run_in_background(self, lambda _p, _c: offices.rows(), self._loaded, lambda exc: show_problem(self, exc))

    def _loaded(self, rows: list[OfficeRow]) -> None:
        self._rows = rows
        self.table.setRowCount(len(rows))
        for r, office in enumerate(rows):
            values = (office.title, office.election_date, office.filing_opens, office.filing_closes,
                      office.prospects if office.prospects else "none yet")
            for c, value in enumerate(values):
                item = QTableWidgetItem(value.isoformat() if isinstance(value, date) else str(value or ""))
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.save_button.setEnabled(bool(rows))
        self.remove_button.setEnabled(bool(rows))

    def _current(self) -> int | None:
        row = self.table.currentRow()
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def _fill(self, row: int) -> None:
        if not 0 <= row < len(self._rows):
            return
        office = self._rows[row]
        for edit, text in ((self.name, office.name), (self.seat, office.seat), (self.district, office.district),
                           (self.jurisdiction, office.jurisdiction)):
            edit.setText(text)
        for edit, day in ((self.election, office.election_date), (self.opens, office.filing_opens),
                          (self.closes, office.filing_closes)):
            edit.setText(day.isoformat() if day else "")
        self.seats.setValue(office.open_seats)

    def data(self) -> OfficeInput:
        """The office as typed; raises ValidationFailed for a date that is not one."""
        return OfficeInput(name=self.name.text(), seat=self.seat.text(), district=self.district.text(),
                           jurisdiction=self.jurisdiction.text(),
                           election_date=parse_day(self.election.text(), "election_date"),
                           filing_opens=parse_day(self.opens.text(), "filing_opens"),
                           filing_closes=parse_day(self.closes.text(), "filing_closes"), open_seats=self.seats.value())

    def _write(self, office_id: int | None) -> None:
        try:
            data = self.data()
        except ValidationFailed as exc:
            self._show(str(exc))
            return
        offices = self._services.offices
        run_in_background(self, lambda _p, _c: offices.update(office_id, data) if office_id is not None
                          else offices.add(data), lambda _row: self._written(), lambda e: self._show(failure_text(e)))

    def _written(self) -> None:
        self.problem.hide()
        self.refresh()

    def _remove(self) -> None:
        office_id, row = self._current(), self.table.currentRow()
        if office_id is None or not confirm_remove(self, self._rows[row].title):
            return
        offices = self._services.offices
        run_in_background(self, lambda _p, _c: offices.remove(office_id), lambda _none: self._written(),
                          lambda e: self._show(failure_text(e)))

    def _show(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()
