"""Choose one person by typing part of a name, email or phone: for assigning a canvasser, a circulator…

Real lists repeat names, so each match shows what tells two Ana Lopezes apart (email or phone, town,
volunteer status). Searching runs in the background; the list shows the first matches.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from organizer.services.container import Services
from organizer.services.people import PeopleQuery
from organizer.services.people_rows import PersonRow
from ui.shared.tasks import run_in_background
from ui.shared.widgets import show_problem

SHOWN = 30


def describe(row: PersonRow) -> str:
    """A match as one line: the name and what tells it apart from namesakes."""
    contact = row.emails[0] if row.emails else (row.phones_display[0] if row.phones_display else "")
    status = f"volunteer ({row.volunteer_status})" if row.volunteer_status else ""
    details = " · ".join(p for p in (contact, row.locality, status) if p)
    return f"{row.display_name} — {details}" if details else row.display_name


class PersonPicker(QDialog):
    """A search box and its matches; ``chosen`` is the picked person's uuid ("" when cleared), and
    ``chosen_person`` their row (None when cleared)."""

    def __init__(self, services: Services, title: str, prompt: str, parent: QWidget | None = None,
                 *, allow_none: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(600)
        self._services = services
        self._asked = ""
        self.chosen: str | None = None
        self.chosen_person: PersonRow | None = None
        self._rows: list[PersonRow] = []
        self.search = QLineEdit(self, placeholderText="Type part of a name, email or phone")
        self.search.setAccessibleName("Search people")
        self.matches = QListWidget(self)
        self.matches.setAccessibleName("Matching people")
        self.status = QLabel("", self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Choose")
        if allow_none:
            clear = QPushButton(allow_none, self)
            self.buttons.addButton(clear, QDialogButtonBox.ButtonRole.ResetRole)
            clear.clicked.connect(self._choose_none)
        layout = QVBoxLayout(self)
        for widget in (QLabel(prompt, self), self.search, self.matches, self.status, self.buttons):
            layout.addWidget(widget)
        self._timer = QTimer(self, singleShot=True, interval=200)
        self._timer.timeout.connect(self._look_up)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._choose_current)
        self.matches.itemActivated.connect(lambda _i: self._choose_current())
        self.buttons.accepted.connect(self._choose_current)
        self.buttons.rejected.connect(self.reject)
        self._look_up()

    def _look_up(self) -> None:
        text = self.search.text().strip()
        self._asked = text
        services = self._services

        def find(_p: object, _c: object) -> tuple[list[PersonRow], int]:
            ids = services.people.search_ids(PeopleQuery(text=text))
            return services.people.rows(ids[:SHOWN]), len(ids)

        run_in_background(self, find, lambda found: self._show(text, *found), lambda exc: show_problem(self, exc))

    def _show(self, text: str, rows: list[PersonRow], total: int) -> None:
        if text != self._asked:
            return  # an older search answered after a newer one was asked
        self.matches.clear()
        self._rows = rows
        for row in rows:
            self.matches.addItem(QListWidgetItem(describe(row)))
        if rows:
            self.matches.setCurrentRow(0)
        more = f" (the first {SHOWN:,} of {total:,}: type more to narrow)" if total > SHOWN else ""
        self.status.setText(f"{total:,} matching{more}" if total else "Nobody matches: try part of the name.")

    def _choose_current(self) -> None:
        row = self.matches.currentRow()
        if not 0 <= row < len(self._rows):
            return
        self.chosen_person = self._rows[row]
        self.chosen = self.chosen_person.uuid
        self.accept()

    def _choose_none(self) -> None:
        self.chosen = ""
        self.accept()
