"""The signature entry grid: keyed from paper or at the table, keyboard only, the voter roll looked up as you type.

Tab moves between fields; Enter saves the line (the line number moves on, the sheet and date stay);
Down (or Ctrl+Down) goes to the registered voters found so far, and Enter there copies one into the
line as registered; Escape clears the line.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from organizer.services.container import Services
from organizer.services.people import PeopleQuery
from organizer.services.petitions import SignatureInput, SignatureRow, VoterCandidate
from ui.petitions.models import CandidatesModel, SignaturesModel
from ui.shared.tasks import run_in_background
from ui.shared.widgets import make_list_table, name_widget, show_problem

LOOKUP_DELAY_MS = 200


def lookup_signer(services: Services, given: str, family: str, address: str, postal: str
                  ) -> tuple[list[VoterCandidate], list[str]]:
    """Voters and people by the name and street typed so far (runs off the GUI thread)."""
    voters = services.petitions.lookup(given, family, address, postal)
    people: list[str] = []
    if len(family.strip()) >= 2:
        ids = services.people.search_ids(PeopleQuery(text=" ".join(filter(None, (given, family)))))[:5]
        people = [" ".join(filter(None, (p.given_name, p.family_name))) for p in services.people.rows(ids)]
    return voters, people


class EntryGrid(QWidget):
    """One line at a time, fast; the lines entered so far listed below."""

    line_saved = Signal(object)  # SignatureRow
    lookup_finished = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("entryGrid")
        self._services = services
        self._petition: int | None = None
        self._generation = 0
        self.sheet, self.line = self._spin("Sheet", 1), self._spin("Line", 1)
        self.given, self.family = self._edit("Given name"), self._edit("Family name")
        self.address, self.postal = self._edit("Residence address"), self._edit("ZIP")
        self.signed = QDateEdit(QDate.currentDate(), self)
        self.signed.setCalendarPopup(False)
        self.signed.setDisplayFormat("yyyy-MM-dd")
        name_widget(self.signed, "Date signed")
        self.signed.installEventFilter(self)
        self.candidates = CandidatesModel(self)
        self.voter_table = make_list_table(self, self.candidates, "Registered voters",
                                           "Voters on the roll who fit what is typed: Enter copies one into the line",
                                           1, {0: 200, 2: 70, 3: 70, 4: 60, 5: 110, 6: 50}, multi_select=False)
        self.voter_table.setSortingEnabled(False)
        self.voter_table.installEventFilter(self)
        self.people_label = QLabel(self)
        self.people_label.setWordWrap(True)
        name_widget(self.people_label, "Also in People")
        self.hint = QLabel("Type a name and street: registered voters appear below as you type.", self)
        self.hint.setObjectName("entryHint")
        self.hint.setWordWrap(True)
        self.entered = SignaturesModel(self)
        self.entered_table = make_list_table(self, self.entered, "Lines entered", "The lines entered, newest first",
                                             3, {0: 50, 1: 45, 2: 170, 4: 120, 5: 170}, multi_select=False)
        self.entered_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(LOOKUP_DELAY_MS)
        self._timer.timeout.connect(self._lookup)
        self._layout()

    def _spin(self, name: str, value: int) -> QSpinBox:
        box = QSpinBox(self)
        box.setRange(1, 99_999)
        box.setValue(value)
        name_widget(box, name)
        box.installEventFilter(self)
        return box

    def _edit(self, name: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setPlaceholderText(name)
        name_widget(edit, name)
        edit.installEventFilter(self)
        edit.textEdited.connect(lambda _t: self._timer.start())
        return edit

    def _layout(self) -> None:
        grid = QGridLayout(self)
        labels = ("Sheet", "Line", "Given name", "Family name", "Residence address", "ZIP", "Date signed")
        fields: tuple[QWidget, ...] = (self.sheet, self.line, self.given, self.family, self.address, self.postal,
                                       self.signed)
        for column, (text, field) in enumerate(zip(labels, fields, strict=True)):
            label = QLabel(text, self)
            label.setBuddy(field)
            grid.addWidget(label, 0, column)
            grid.addWidget(field, 1, column)
        for column, stretch in enumerate((0, 0, 2, 2, 4, 1, 0)):
            grid.setColumnStretch(column, stretch)
        grid.addWidget(self.hint, 2, 0, 1, 7)
        grid.addWidget(self.voter_table, 3, 0, 1, 7)
        grid.addWidget(self.people_label, 4, 0, 1, 7)
        grid.addWidget(QLabel("Lines entered", self), 5, 0, 1, 7)
        grid.addWidget(self.entered_table, 6, 0, 1, 7)
        grid.setRowStretch(3, 2)
        grid.setRowStretch(6, 3)

    def set_petition(self, petition_id: int | None) -> None:
        """Enter lines into this petition (None: none chosen; the grid is disabled)."""
        self._petition = petition_id
        self.setEnabled(petition_id is not None)
        self.entered.set_rows([])

    def focus_first_field(self) -> None:
        """Put the cursor where a new line starts."""
        self.given.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # Keys ------------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        if watched is self.voter_table:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.take_candidate(self.voter_table.currentIndex().row())
                return True
            if key == Qt.Key.Key_Escape:
                self.address.setFocus()
                return True
            return False
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.save_line()
            return True
        if key == Qt.Key.Key_Escape:
            self.clear_line()
            return True
        if key == Qt.Key.Key_Down and isinstance(watched, QLineEdit) and self.candidates.rowCount():
            self.voter_table.setFocus()
            self.voter_table.selectRow(0)
            return True
        return False

    def take_candidate(self, row: int) -> None:
        """Copy a registered voter's name and address into the line, as the clerk will match it."""
        if not 0 <= row < self.candidates.rowCount():
            return
        voter: VoterCandidate = self.candidates.row_at(row)
        given, _sep, family = voter.name.partition(" ")
        self.given.setText(given)
        self.family.setText(family)
        self.address.setText(voter.address.replace("# ", "Apt "))
        self.postal.setText(voter.postal_code)
        self.hint.setText(f"Registered as {voter.name}, {voter.address} ({voter.status}). Enter saves the line.")
        self.signed.setFocus()

    def clear_line(self) -> None:
        """Empty the name and address (sheet, line and date stay)."""
        for edit in (self.given, self.family, self.address, self.postal):
            edit.clear()
        self.candidates.set_rows([])
        self.people_label.clear()
        self.given.setFocus()

    # Look-up and saving ----------------------------------------------------------------------------

    def _lookup(self) -> None:
        self._generation += 1
        generation = self._generation
        args = (self.given.text(), self.family.text(), self.address.text(), self.postal.text())

        def done(found: tuple[list[VoterCandidate], list[str]]) -> None:
            if generation == self._generation:
                self._show_found(*found)

        run_in_background(self, lambda _p, _c: lookup_signer(self._services, *args), done,
                          lambda exc: show_problem(self, exc))

    def _show_found(self, voters: list[VoterCandidate], people: list[str]) -> None:
        self.candidates.set_rows(voters)
        typed = self.family.text().strip()
        if voters:
            self.hint.setText(f"{len(voters)} registered voters fit: Down, then Enter, copies one into the line.")
        elif typed:
            self.hint.setText("No registered voter fits this name and street: the signer may need to register first.")
        self.people_label.setText(("Also in People: " + "; ".join(people)) if people else "")
        self.lookup_finished.emit()

    def save_line(self) -> None:
        """Save the line; the next line number follows."""
        if self._petition is None:
            return
        qdate = self.signed.date()
        data = SignatureInput(self.given.text(), self.family.text(), self.address.text(), self.postal.text(),
                              self.sheet.value(), self.line.value(), date(qdate.year(), qdate.month(), qdate.day()))
        petition = self._petition
        run_in_background(self, lambda _p, _c: self._services.petitions.add_signature(petition, data),
                          self._saved, lambda exc: show_problem(self, exc))

    def _saved(self, row: SignatureRow) -> None:
        rows: list[Any] = [row, *(self.entered.row_at(i) for i in range(self.entered.rowCount()))]
        self.entered.set_rows(rows[:200])
        self.line.setValue(self.line.value() + 1)
        self.clear_line()
        self.hint.setText(f"Saved line {row.line} of sheet {row.sheet}: {row.printed_name}.")
        self.line_saved.emit(row)

