"""Create or edit an event: once, or a repeating meeting's series; refused values shown beside their fields."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from organizer.domain.codes import EventStatus, EventType
from organizer.domain.event_times import in_zone, local_zone_name
from organizer.errors import ValidationFailed
from organizer.services.container import Services
from organizer.services.events import EventInput, EventRow
from ui.shared.tasks import run_in_background
from ui.shared.widgets import FieldBox, name_widget, show_problem

FORMAT = "yyyy-MM-dd HH:mm"
REPEATS = ("Monthly on the same weekday (e.g. the second Tuesday)", "Weekly", "Every 2 weeks")
REPEAT_RULES = ("monthly", "weekly", "every 2 weeks")


class EventDialog(QDialog):
    """The event form. `saved` carries the first event's id once the services have it."""

    saved = Signal(int)

    def __init__(self, services: Services, event: EventRow | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventDialog")
        self._services = services
        self._event = event
        self.setWindowTitle("Edit event" if event else "New event")
        self._build()
        if event is not None:
            self._load(event)
        layout = QVBoxLayout(self)
        layout.addLayout(self.grid)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(640, 0)

    def _build(self) -> None:
        self.title = QLineEdit(self)
        self.event_type = QComboBox(self)
        for code in EventType:
            self.event_type.addItem(code.label, code.value)
        self.status = QComboBox(self)
        for status in EventStatus:
            self.status.addItem(status.label, status.value)
        now = QDateTime.currentDateTime()
        self.start = self._when(now.addDays(7))
        self.end = self._when(now.addDays(7).addSecs(7200))
        self.has_end = QCheckBox("Has an end", self)
        self.has_end.setChecked(True)
        self.has_end.toggled.connect(self.end.setEnabled)
        self.time_zone = QLineEdit(local_zone_name(), self)
        self.location = QLineEdit(self)
        self.address = QLineEdit(self)
        self.link = QLineEdit(self)
        self.link.setPlaceholderText("https://… for a virtual meeting")
        self.capacity = QSpinBox(self)
        self.capacity.setRange(0, 100_000)
        self.capacity.setSpecialValueText("No limit")
        self.description = QPlainTextEdit(self)
        self.description.setFixedHeight(70)
        self.repeat = QCheckBox("Repeats", self)
        self.repeat_rule = QComboBox(self)
        self.repeat_rule.addItems(REPEATS)
        self.repeat_count = QSpinBox(self)
        self.repeat_count.setRange(2, 120)
        self.repeat_count.setValue(12)
        self.repeat_count.setSuffix(" meetings")
        for widget in (self.repeat_rule, self.repeat_count):
            widget.setEnabled(False)
            self.repeat.toggled.connect(widget.setEnabled)
        self._lay_out()

    def _when(self, value: QDateTime) -> QDateTimeEdit:
        edit = QDateTimeEdit(value, self)
        edit.setDisplayFormat(FORMAT)
        edit.setCalendarPopup(True)
        return edit

    def _lay_out(self) -> None:
        self.boxes = {
            "title": FieldBox("&Title", self.title, self), "event_type": FieldBox("T&ype", self.event_type, self),
            "status": FieldBox("Status", self.status, self), "start": FieldBox("&Starts", self.start, self),
            "end": FieldBox("Ends", self.end, self), "time_zone": FieldBox("Time &zone", self.time_zone, self),
            "location_name": FieldBox("&Place", self.location, self),
            "address": FieldBox("Address", self.address, self),
            "virtual_link": FieldBox("Meeting &link", self.link, self),
            "capacity": FieldBox("Capacity", self.capacity, self),
            "description": FieldBox("Description", self.description, self),
            "repeat": FieldBox("How it repeats", self.repeat_rule, self),
            "occurrences": FieldBox("How many to make", self.repeat_count, self),
        }
        name_widget(self.has_end, "Has an end")
        name_widget(self.repeat, "Repeats", "Make a series of meetings from one form")
        grid = QGridLayout()
        b = self.boxes
        grid.addWidget(b["title"], 0, 0, 1, 2)
        grid.addWidget(b["event_type"], 0, 2)
        grid.addWidget(b["start"], 1, 0)
        grid.addWidget(b["end"], 1, 1)
        grid.addWidget(self.has_end, 1, 2)
        grid.addWidget(b["time_zone"], 2, 0)
        grid.addWidget(b["status"], 2, 1)
        grid.addWidget(b["capacity"], 2, 2)
        grid.addWidget(b["location_name"], 3, 0)
        grid.addWidget(b["address"], 3, 1, 1, 2)
        grid.addWidget(b["virtual_link"], 4, 0, 1, 3)
        grid.addWidget(b["description"], 5, 0, 1, 3)
        grid.addWidget(self.repeat, 6, 0)
        grid.addWidget(b["repeat"], 6, 1)
        grid.addWidget(b["occurrences"], 6, 2)
        self.grid = grid

    def _load(self, event: EventRow) -> None:
        self.title.setText(event.title)
        self.event_type.setCurrentIndex(self.event_type.findData(event.event_type))
        self.status.setCurrentIndex(self.status.findData(event.status))
        self.start.setDateTime(_qt(in_zone(event.starts_at, event.time_zone).strftime("%Y-%m-%d %H:%M")))
        self.has_end.setChecked(event.ends_at is not None)
        if event.ends_at is not None:
            self.end.setDateTime(_qt(in_zone(event.ends_at, event.time_zone).strftime("%Y-%m-%d %H:%M")))
        self.time_zone.setText(event.time_zone)
        self.location.setText(event.location_name)
        self.address.setText(event.address)
        self.link.setText(event.virtual_link)
        self.capacity.setValue(event.capacity or 0)
        self.description.setPlainText(event.description)
        self.repeat.setVisible(False)  # an edit changes one meeting; a series is made once
        for key in ("repeat", "occurrences"):
            self.boxes[key].setVisible(False)

    def typed(self) -> EventInput:
        """What the form holds."""
        repeats = self.repeat.isChecked() and self._event is None
        return EventInput(
            title=self.title.text(), event_type=str(self.event_type.currentData()),
            start=self.start.dateTime().toString(FORMAT),
            end=self.end.dateTime().toString(FORMAT) if self.has_end.isChecked() else "",
            time_zone=self.time_zone.text(), location_name=self.location.text(), address=self.address.text(),
            virtual_link=self.link.text(), capacity=self.capacity.value() or None,
            contact_id=self._event.contact_id if self._event else None, status=str(self.status.currentData()),
            description=self.description.toPlainText(),
            repeat=REPEAT_RULES[self.repeat_rule.currentIndex()] if repeats else "",
            occurrences=self.repeat_count.value() if repeats else 1,
            petition_id=self._event.petition_id if self._event else None)

    def save(self) -> None:
        """Save in the background; refused values go beside their fields."""
        data = self.typed()
        for box in self.boxes.values():
            box.set_problem("")
        self.buttons.setEnabled(False)
        event = self._event

        def job(_progress: object, _cancel: object) -> int:
            if event is not None:
                return self._services.events.update(event.id, data).id
            return self._services.events.create(data)[0].id

        run_in_background(self, job, self._saved, self._failed)

    def _saved(self, event_id: int) -> None:
        self.buttons.setEnabled(True)
        self.saved.emit(event_id)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationFailed):
            for key, text in exc.problems.items():
                self.boxes.get(key, self.boxes["title"]).set_problem(text)
            return
        show_problem(self, exc)


def _qt(text: str) -> QDateTime:
    return QDateTime.fromString(text, FORMAT)


__all__ = ["EventDialog"]
