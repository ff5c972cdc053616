"""Add people to an event's roster: find them as you type, then invite or register them (with a shift, a role)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from organizer.domain.codes import AttendanceStatus
from organizer.services.container import Services
from organizer.services.events import KioskMatch, ShiftRow
from ui.events.checkin_kiosk import match_text
from ui.shared.tasks import run_in_background
from ui.shared.widgets import name_widget, show_problem

FOUND = 20


class InviteDialog(QDialog):
    """Pick people and record their RSVP; stays open to add several."""

    results_shown = Signal()
    added = Signal(int)  # the person's id

    def __init__(self, services: Services, event_id: int, shifts: list[ShiftRow],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inviteDialog")
        self.setWindowTitle("Add people to the event")
        self._services = services
        self._event_id = event_id
        self._generation = 0
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Name, email or phone")
        name_widget(self.search, "Find people")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self._find)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.results = QListWidget(self)
        name_widget(self.results, "People found")
        self.results.itemActivated.connect(lambda _i: self.add_current())
        self.status = QComboBox(self)
        for code in AttendanceStatus:
            self.status.addItem(code.label, code.value)
        self.status.setCurrentIndex(self.status.findData(AttendanceStatus.REGISTERED.value))
        name_widget(self.status, "RSVP")
        self.shift = QComboBox(self)
        self.shift.addItem("No shift", None)
        for s in shifts:
            self.shift.addItem(s.name, s.id)
        name_widget(self.shift, "Shift")
        self.role = QLineEdit(self)
        self.role.setPlaceholderText("Role (\"Driver\", \"Shift lead\")")
        name_widget(self.role, "Role")
        self.note = QLabel("Enter on a name adds them.", self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        for widget in (self.status, self.shift, self.role):
            row.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.results, 1)
        layout.addLayout(row)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.resize(520, 420)

    def _find(self) -> None:
        self._generation += 1
        generation, text, event_id = self._generation, self.search.text(), self._event_id
        run_in_background(self, lambda _p, _c: self._services.attendance.find_for_kiosk(event_id, text, FOUND),
                          lambda found: self._show(generation, found), lambda exc: show_problem(self, exc))

    def _show(self, generation: int, found: list[KioskMatch]) -> None:
        if generation != self._generation:
            return
        self.results.clear()
        for match in found:
            item = QListWidgetItem(match_text(match))
            item.setData(Qt.ItemDataRole.UserRole, match.person_id)
            self.results.addItem(item)
        if found:
            self.results.setCurrentRow(0)
        self.results_shown.emit()

    def add_current(self) -> None:
        """Record the chosen RSVP for the highlighted person."""
        item = self.results.currentItem()
        if item is None:
            return
        person_id = int(item.data(Qt.ItemDataRole.UserRole))
        status, shift, role = str(self.status.currentData()), self.shift.currentData(), self.role.text()
        name = item.text().split("  ·  ")[0]
        run_in_background(
            self, lambda _p, _c: self._services.attendance.set_rsvp(self._event_id, person_id, status, shift, role),
            lambda _r: self._added(person_id, name), lambda exc: show_problem(self, exc))

    def _added(self, person_id: int, name: str) -> None:
        self.note.setText(f"Added {name}.")
        self._find()
        self.added.emit(person_id)


__all__ = ["InviteDialog"]
