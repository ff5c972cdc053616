"""The check-in kiosk: a full-screen door view, keyboard only, large type, names only (never anyone's contacts).

Type any part of a name, email or phone; Up and Down move through who was found; Enter checks the
highlighted person in. F2 opens the walk-in form. Leaving takes Ctrl+Shift+Q and a confirmation: a
person signing in cannot close it by accident (Escape only clears what was typed).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from organizer.services.container import Services
from organizer.services.events import CheckinResult, DifferentName, EventRow, KioskMatch, WalkIn
from ui.shared.tasks import run_in_background
from ui.shared.widgets import name_widget, show_problem

SEARCH_DELAY_MS = 120
GREETING_MS = 6000
INTERESTS = ("Canvassing", "Phone banking", "Hosting events", "Data entry", "Driving people", "Running for office")
LEAVE_KEYS = "Ctrl+Shift+Q"


def _big(widget: QWidget, points: int, bold: bool = False) -> None:
    font = QFont(widget.font())
    font.setPointSize(points)
    font.setBold(bold)
    widget.setFont(font)


def match_text(match: KioskMatch) -> str:
    """One line of the door's list: a name, a town, and whether they RSVP'd or are in already."""
    parts = [match.name]
    if match.hint:
        parts.append(match.hint)
    if match.checked_in:
        parts.append("checked in ✓")
    elif match.rsvp in ("registered", "confirmed"):
        parts.append("RSVP'd")
    return "  ·  ".join(parts)


class SearchBox(QLineEdit):
    """The door's search box: Up and Down move through the list below while typing goes on."""

    moved = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.moved.emit(1 if event.key() == Qt.Key.Key_Down else -1)
            return
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
            return
        super().keyPressEvent(event)


class CheckinKiosk(QWidget):
    """The door view for one event."""

    results_shown = Signal()
    checked_in = Signal(object)  # CheckinResult
    left = Signal()

    def __init__(self, services: Services, event: EventRow, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("checkinKiosk")
        self.setWindowTitle(f"Check-in: {event.title}")
        self._services = services
        self._event = event
        self._generation = 0
        self._leaving = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._search)
        self._greeting_timer = QTimer(self)
        self._greeting_timer.setSingleShot(True)
        self._greeting_timer.timeout.connect(self._clear_greeting)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._find_page())
        self.pages.addWidget(self._walk_in_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 24)
        title = QLabel(event.title, self)
        _big(title, 30, bold=True)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        self.greeting = QLabel("", self)
        self.greeting.setObjectName("kioskGreeting")
        self.greeting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.greeting.setStyleSheet("color: #1b7f3a;")
        _big(self.greeting, 28, bold=True)
        name_widget(self.greeting, "Greeting")
        layout.addWidget(self.greeting)
        layout.addWidget(self.pages, 1)
        hint = QLabel(f"Hosts: {LEAVE_KEYS} leaves check-in mode", self)
        hint.setAlignment(Qt.AlignmentFlag.AlignRight)
        layout.addWidget(hint)
        QShortcut(QKeySequence(LEAVE_KEYS), self, self.ask_to_leave)
        QShortcut(QKeySequence("F2"), self, self.show_walk_in)
        self.search.setFocus()

    def _clear_greeting(self) -> None:
        self.greeting.setText("")

    # Finding people ------------------------------------------------------------------------------

    def _find_page(self) -> QWidget:
        page = QWidget(self)
        self.prompt = QLabel("Type your name, email or phone — then press Enter", page)
        _big(self.prompt, 20)
        self.search = SearchBox(page)
        self.search.setPlaceholderText("Start typing…")
        _big(self.search, 30)
        name_widget(self.search, "Find yourself", "Type any part of your name, email or phone")
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self.check_in_current)
        self.search.moved.connect(self._move)
        self.results = QListWidget(page)
        _big(self.results, 24)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard stays in the search box
        name_widget(self.results, "People found", "Names only; press Enter to check in the highlighted one")
        self.results.itemActivated.connect(lambda _item: self.check_in_current())
        self.new_here = QPushButton("I'm new here  (F2)", page)
        _big(self.new_here, 20)
        self.new_here.clicked.connect(self.show_walk_in)
        layout = QVBoxLayout(page)
        for widget in (self.prompt, self.search):
            layout.addWidget(widget)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.new_here, 0, Qt.AlignmentFlag.AlignCenter)
        return page

    def _search(self) -> None:
        self._generation += 1
        generation, text, event_id = self._generation, self.search.text(), self._event.id
        run_in_background(self, lambda _p, _c: self._services.attendance.find_for_kiosk(event_id, text),
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

    def _move(self, step: int) -> None:
        count = self.results.count()
        if count:
            self.results.setCurrentRow(max(0, min(count - 1, self.results.currentRow() + step)))

    def check_in_current(self) -> None:
        """Check in the highlighted person (Enter)."""
        item = self.results.currentItem()
        if item is None:
            return
        person_id = int(item.data(Qt.ItemDataRole.UserRole))
        event_id = self._event.id
        run_in_background(self, lambda _p, _c: self._services.attendance.check_in(event_id, person_id),
                          self._done, lambda exc: show_problem(self, exc))

    def _done(self, result: CheckinResult) -> None:
        text = result.greeting
        if result.over_capacity:
            text += "  (we are at capacity — find a seat where you can)"
        self.greeting.setText(text)
        self._greeting_timer.start(GREETING_MS)
        self.search.clear()
        self.results.clear()
        self.pages.setCurrentIndex(0)
        self.search.setFocus()
        self.checked_in.emit(result)

    # Walk-ins ----------------------------------------------------------------------------------

    def _walk_in_page(self) -> QWidget:
        page = QWidget(self)
        self.walk_fields = {key: QLineEdit(page) for key in ("given", "family", "email", "phone", "zip")}
        labels = {"given": "First name", "family": "Last name", "email": "Email", "phone": "Phone", "zip": "ZIP"}
        grid = QGridLayout(page)
        heading = QLabel("Welcome! Tell us who you are — a name and an email or phone", page)
        _big(heading, 20)
        grid.addWidget(heading, 0, 0, 1, 4)
        for i, (key, field) in enumerate(self.walk_fields.items()):
            label = QLabel(labels[key], page)
            _big(label, 16)
            _big(field, 22)
            label.setBuddy(field)
            name_widget(field, labels[key])
            field.returnPressed.connect(self.submit_walk_in)
            grid.addWidget(label, 1 + i, 0)
            grid.addWidget(field, 1 + i, 1, 1, 3)
        self.wants_to_volunteer = QCheckBox("I want to volunteer", page)
        _big(self.wants_to_volunteer, 18)
        grid.addWidget(self.wants_to_volunteer, 6, 0, 1, 4)
        self.interests = [QCheckBox(text, page) for text in INTERESTS]
        for i, box in enumerate(self.interests):
            _big(box, 16)
            grid.addWidget(box, 7 + i // 3, i % 3)
        self.walk_problem = QLabel("", page)
        self.walk_problem.setStyleSheet("color: #b00020;")
        self.walk_problem.setWordWrap(True)
        _big(self.walk_problem, 16)
        grid.addWidget(self.walk_problem, 9, 0, 1, 4)
        self.walk_submit = QPushButton("Check me in  (Enter)", page)
        self.walk_back = QPushButton("Back  (Esc)", page)
        self.walk_new_anyway = QPushButton("Add as a new person", page)
        self.walk_new_anyway.hide()
        for column, button in enumerate((self.walk_submit, self.walk_back, self.walk_new_anyway)):
            _big(button, 18)
            grid.addWidget(button, 10, column)
        self.walk_submit.clicked.connect(self.submit_walk_in)
        self.walk_back.clicked.connect(self.show_find)
        self.walk_new_anyway.clicked.connect(lambda: self.submit_walk_in(new=True))
        return page

    def show_walk_in(self) -> None:
        """The walk-in form, empty (F2)."""
        for field in self.walk_fields.values():
            field.clear()
        for box in (self.wants_to_volunteer, *self.interests):
            box.setChecked(False)
        self.walk_problem.setText("")
        self.walk_new_anyway.hide()
        self._clear_greeting()  # the last person's welcome is not for the next one
        self.pages.setCurrentIndex(1)
        self.walk_fields["given"].setFocus()

    def show_find(self) -> None:
        """Back to the search."""
        self.pages.setCurrentIndex(0)
        self.search.setFocus()

    def walk_in_typed(self) -> WalkIn:
        """What the walk-in form holds."""
        f = self.walk_fields
        return WalkIn(f["given"].text(), f["family"].text(), f["email"].text(), f["phone"].text(), f["zip"].text(),
                      self.wants_to_volunteer.isChecked(), [b.text() for b in self.interests if b.isChecked()])

    def submit_walk_in(self, new: bool = False) -> None:
        """Check the walk-in in: someone the chapter knows by email or phone, or a new person."""
        typed, event_id = self.walk_in_typed(), self._event.id
        run_in_background(self, lambda _p, _c: self._services.attendance.walk_in(event_id, typed, new=new),
                          self._done, self._walk_in_failed)

    def _walk_in_failed(self, exc: BaseException) -> None:
        if isinstance(exc, DifferentName):
            self.walk_problem.setText("That email or phone is already in our list under a different name. "
                                      "Please ask a host — they can add you as a new person.")
            self.walk_new_anyway.show()
            return
        self.walk_problem.setText(str(exc) if explainable(exc) else "Something went wrong: please ask a host.")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.pages.currentIndex() == 1:
            self.show_find()
            return
        super().keyPressEvent(event)

    # Leaving -----------------------------------------------------------------------------------

    def ask_to_leave(self) -> None:
        """Leave check-in mode after a host confirms."""
        answer = QMessageBox.question(self, "Leave check-in mode?",
                                      "Leave check-in mode and go back to the chapter's data?")
        if answer == QMessageBox.StandardButton.Yes:
            self.leave()

    def leave(self) -> None:
        """Close the kiosk (after the deliberate action)."""
        self._leaving = True
        self.close()
        self.left.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._leaving:
            super().closeEvent(event)
        else:
            event.ignore()  # Alt+F4 and the window's close button do nothing at the door


def explainable(exc: BaseException) -> bool:
    """Whether an error's text is meant for people (a user error), not a bug's."""
    from organizer.errors import explain

    return explain(exc).user_error


__all__ = ["CheckinKiosk", "match_text"]
