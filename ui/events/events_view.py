"""The Events section: events in a lazy list (or a month at a glance), the chosen event's detail, and
check-in mode. Every database call runs in the background; screens refresh on the change hub's notes."""

from __future__ import annotations

from dataclasses import dataclass

import qtawesome as qta
from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QFont, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from organizer.services.changes import IMPORTS, PEOPLE, Change
from organizer.services.container import Services
from organizer.services.events import ATTENDANCE, EVENTS, EventQuery, EventRow
from ui.events.checkin_kiosk import CheckinKiosk
from ui.events.event_detail import EventDetail
from ui.events.event_form import EventDialog
from ui.events.events_model import Column, EventsModel
from ui.events.growth_dialog import GrowthDialog
from ui.shared.changes import RefreshOnChange
from ui.shared.paged_model import PAGE_SIZE
from ui.shared.tasks import run_in_background
from ui.shared.widgets import (
    EmptyState,
    SearchField,
    count_text,
    focus_search_field,
    make_list_table,
    name_widget,
    show_problem,
)

WIDTHS = {Column.WHEN: 150, Column.TITLE: 210, Column.TYPE: 110, Column.PLACE: 160, Column.STATUS: 90,
          Column.RSVPS: 70, Column.ATTENDED: 84}
WHEN = (("Upcoming", "upcoming"), ("Past", "past"), ("All events", "all"))


@dataclass(frozen=True, slots=True)
class EventResult:
    """One search's ids in order, the first page of rows, and how many events there are."""

    ids: list[int]
    first_rows: list[EventRow]
    total: int


class EventsView(QWidget):
    """Plan events, see who comes, and open check-in mode for the door."""

    status_message = Signal(str)
    query_finished = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventsView")
        self._services = services
        self._generation = 0
        self._descending = False
        self.kiosk: CheckinKiosk | None = None
        self.model = EventsModel(services.events.rows, parent=self)
        self.model.load_failed.connect(lambda exc: show_problem(self, exc))
        self.detail = EventDetail(services, self)
        self.detail.edit_requested.connect(self.edit_event)
        self.detail.checkin_requested.connect(self.open_checkin)
        self.detail.delete_requested.connect(self.delete_event)
        self.detail.status_message.connect(self.status_message)
        layout = QVBoxLayout(self)
        layout.addLayout(self._toolbar())
        splitter = QSplitter(Qt.Orientation.Vertical, self)  # fits a small laptop screen
        self.tabs = QTabWidget(splitter)
        month = self._month_page()
        self.tabs.addTab(self._list_page(), "List")
        self.tabs.addTab(month, "Month")
        splitter.addWidget(self.detail)
        splitter.setSizes([300, 420])
        layout.addWidget(splitter, 1)
        self.count_label = QLabel(self)
        name_widget(self.count_label, "How many events")
        layout.addWidget(self.count_label)
        kinds = frozenset({EVENTS, ATTENDANCE, IMPORTS, PEOPLE})
        self.listener = RefreshOnChange(services.changes, kinds, self._changed, self)
        self.model.sort_requested.connect(self._sort_requested)  # after the table set its first order
        self.refresh()

    def _toolbar(self) -> QHBoxLayout:
        self.search = SearchField("Search events", self)
        self.search.setMinimumWidth(110)
        self.search.search_changed.connect(lambda _t: self.refresh())
        self.when = QComboBox(self)
        for label, value in WHEN:
            self.when.addItem(label, value)
        name_widget(self.when, "Which events", "Upcoming, past or all events")
        self.when.setMinimumContentsLength(6)
        self.when.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.when.currentIndexChanged.connect(lambda _i: self.refresh())
        self.new_button = QPushButton(qta.icon("fa5s.calendar-plus"), "&New event…", self)
        self.new_button.clicked.connect(lambda: self.edit_event(None))
        self.growth_button = QPushButton(qta.icon("fa5s.seedling"), "&Growth…", self)
        self.growth_button.clicked.connect(self.open_growth)
        for button in (self.new_button, self.growth_button):
            name_widget(button, button.text().replace("&", "").replace("…", ""))
        row = QHBoxLayout()
        row.addWidget(self.search, 3)
        row.addWidget(self.when, 1)
        row.addWidget(self.new_button)
        row.addWidget(self.growth_button)
        return row

    def _list_page(self) -> QWidget:
        self.pages = QStackedWidget(self)
        self.table = make_list_table(self, self.model, "Events", "Events by start", Column.TITLE, dict(WIDTHS),
                                     multi_select=False)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _prev: self._chosen(current.row()))
        self.pages.addWidget(self.table)
        self.empty = EmptyState("fa5s.calendar-alt", self)
        self.empty.add_button("New event…", "fa5s.calendar-plus", lambda: self.edit_event(None), default=True)
        self.empty.finish_buttons()
        self.pages.addWidget(self.empty)
        return self.pages

    def _month_page(self) -> QWidget:
        page = QWidget(self)
        self.calendar = QCalendarWidget(page)
        self.calendar.setGridVisible(True)
        name_widget(self.calendar, "Month", "Days with events are bold")
        self.calendar.currentPageChanged.connect(lambda _y, _m: self.refresh_month())
        self.calendar.selectionChanged.connect(self._day_chosen)
        self.day_events = QLabel("", page)
        self.day_events.setWordWrap(True)
        self.day_events.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(page)
        layout.addWidget(self.calendar)
        layout.addWidget(self.day_events, 1)
        self._month: list[EventRow] = []
        return page

    def focus_search(self) -> None:
        """Ctrl+F: the search box."""
        focus_search_field(self.search)

    # Loading -----------------------------------------------------------------------------------

    def query(self) -> EventQuery:
        """What the filters ask for."""
        return EventQuery(text=self.search.text(), when=str(self.when.currentData()), descending=self._descending)

    def refresh(self) -> None:
        """Search again in the background."""
        self._generation += 1
        generation, query, events = self._generation, self.query(), self._services.events

        def job(_p: object, _c: object) -> EventResult:
            ids = events.search_ids(query)
            return EventResult(ids, events.rows(ids[:PAGE_SIZE]), events.count())

        run_in_background(self, job, lambda r: self._show(generation, r), lambda exc: show_problem(self, exc))
        self.refresh_month()

    def _show(self, generation: int, result: EventResult) -> None:
        if generation != self._generation:
            return
        chosen = self.detail._event.id if self.detail._event is not None else None
        self.model.set_ids(result.ids, result.first_rows)
        self.pages.setCurrentIndex(0 if result.ids else 1)
        self.empty.set_text("No events yet" if not result.total else "No events match",
                            "Plan the next meeting: New event… makes one, or a whole series of monthly meetings."
                            if not result.total else "Try another search, or show all events.")
        self.count_label.setText(count_text(result.total, len(result.ids), "event", "events"))
        row = self.model.row_of(chosen) if chosen is not None else -1
        if row >= 0:
            self.table.selectRow(row)
            refreshed = next((r for r in result.first_rows if r.id == chosen), None)
            self.detail.show_event(refreshed or self.detail._event)
        elif chosen is not None:
            self.detail.show_event(None)
        self.query_finished.emit()

    def _chosen(self, row: int) -> None:
        if row < 0:
            return
        event_id = self.model.id_at(row)
        run_in_background(self, lambda _p, _c: self._services.events.get(event_id), self.detail.show_event,
                          lambda exc: show_problem(self, exc))

    def _sort_requested(self, _key: str, descending: bool) -> None:
        self._descending = descending
        self.refresh()

    def _changed(self, change: Change) -> None:
        self.refresh()
        if change.touches(ATTENDANCE, IMPORTS, PEOPLE):
            self.detail.reload()

    # Month -------------------------------------------------------------------------------------

    def refresh_month(self) -> None:
        """Mark the shown month's days that have events."""
        year, month = self.calendar.yearShown(), self.calendar.monthShown()
        run_in_background(self, lambda _p, _c: self._services.events.in_month(year, month), self._month_loaded,
                          lambda exc: show_problem(self, exc))

    def _month_loaded(self, rows: list[EventRow]) -> None:
        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())  # clear the old month's marks
        bold = QTextCharFormat()
        bold.setFontWeight(QFont.Weight.Bold)
        for row in rows:
            start = row.local_start()
            self.calendar.setDateTextFormat(QDate(start.year, start.month, start.day), bold)
        self._month = rows
        self._day_chosen()

    def _day_chosen(self) -> None:
        day = self.calendar.selectedDate()
        todays = [r for r in self._month if (r.local_start().year, r.local_start().month, r.local_start().day)
                  == (day.year(), day.month(), day.day())]
        self.day_events.setText("\n".join(f"{r.local_start():%H:%M}  {r.title}" for r in todays)
                                or "No events this day.")

    # Actions -----------------------------------------------------------------------------------

    def edit_event(self, event_id: int | None) -> None:
        """The event form: a new event (None) or an existing one."""
        def show(event: EventRow | None) -> None:
            dialog = EventDialog(self._services, event, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.saved.connect(lambda _id: self.status_message.emit("Event saved"))
            dialog.open()

        if event_id is None:
            show(None)
            return
        run_in_background(self, lambda _p, _c: self._services.events.get(event_id), show,
                          lambda exc: show_problem(self, exc))

    def delete_event(self, event_id: int) -> None:
        """Delete an event after asking."""
        answer = QMessageBox.question(self, "Delete event?", "Delete this event with its shifts and attendance?")
        if answer == QMessageBox.StandardButton.Yes:
            run_in_background(self, lambda _p, _c: self._services.events.delete([event_id]),
                              lambda _n: self.status_message.emit("Event deleted"), lambda exc: show_problem(self, exc))

    def open_checkin(self, event_id: int, *, full_screen: bool = True) -> None:
        """Open the door's kiosk for an event."""
        def show(event: EventRow) -> None:
            self.kiosk = CheckinKiosk(self._services, event)
            self.kiosk.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.kiosk.left.connect(self._kiosk_left)
            if full_screen:
                self.kiosk.showFullScreen()
            else:
                self.kiosk.show()

        run_in_background(self, lambda _p, _c: self._services.events.get(event_id), show,
                          lambda exc: show_problem(self, exc))

    def _kiosk_left(self) -> None:
        self.kiosk = None
        self.detail.reload()

    def open_growth(self) -> None:
        """The volunteer growth list."""
        dialog = GrowthDialog(self._services, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()


__all__ = ["EventsView"]
