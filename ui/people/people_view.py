"""The People screen: instant search, tag and volunteer filters, a lazy table, add, edit and delete."""

from __future__ import annotations

from collections.abc import Sequence

import qtawesome as qta
from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from organizer.domain.codes import VolunteerStatus
from organizer.services.changes import PEOPLE, TAGS, VOLUNTEERS, Change
from organizer.services.container import Services
from organizer.services.people import NO_VOLUNTEER, FirstPage, PeopleQuery
from organizer.services.tags import TagRow
from ui.people.export_dialog import open_export_dialog
from ui.people.header_memory import HeaderMemory
from ui.people.people_actions import PeopleActions
from ui.people.people_model import PAGE_SIZE, Column, PeopleModel
from ui.review.review_link import ReviewLink
from ui.shared.changes import RefreshOnChange
from ui.shared.tasks import run_in_background
from ui.shared.widgets import (
    EmptyState,
    SearchField,
    count_text,
    focus_first_row,
    focus_search_field,
    make_list_table,
    name_widget,
    show_problem,
)

SEARCH_MIN_CHARS = 26  # the search box keeps room for this many characters; the filters shrink first
FILTER_MIN_CHARS = 10
COLUMN_WIDTHS = {Column.NAME: 210, Column.EMAIL: 250, Column.PHONE: 130, Column.ZIP: 70, Column.VOLUNTEER: 90}
STATUS_CHOICES = [
    ("Everyone", ""),
    *((f"{s.label} volunteers" if s is not VolunteerStatus.ALUMNI else "Volunteer alumni", s.value)
      for s in VolunteerStatus),
    ("Not volunteers", NO_VOLUNTEER),
]


def run_query(services: Services, query: PeopleQuery) -> FirstPage:
    """Search and fetch the first page (runs off the GUI thread)."""
    return services.people.first_page(query, PAGE_SIZE)


def keep_search_wide(search: QWidget, filters: Sequence[QComboBox]) -> None:
    """In a small window the filters give up width (their text elided) before the search box does."""
    metrics = search.fontMetrics()
    search.setMinimumWidth(metrics.horizontalAdvance("x" * SEARCH_MIN_CHARS) + 48)  # + icons and margins
    for combo in filters:
        combo.setMinimumContentsLength(FILTER_MIN_CHARS)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)


class PeopleView(PeopleActions):
    """Find, add, edit and delete people. Every database call runs in the background."""

    import_requested = Signal()
    query_finished = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None, *, can_import: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("peopleView")
        self._services = services
        self._generation = 0
        self._total = 0
        self._sort = ("name", False)
        self.model = PeopleModel(services.people.rows, parent=self)
        self.model.load_failed.connect(lambda exc: show_problem(self, exc))
        layout = QVBoxLayout(self)
        layout.addLayout(self._filters())
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._table())
        self.pages.addWidget(self._empty(can_import))
        layout.addWidget(self.pages, 1)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        name_widget(self.count_label, "How many people")
        self.review_link = ReviewLink(services, self)  # what imports kept aside; the main window opens Review
        status = QHBoxLayout()
        status.addWidget(self.count_label, 1)
        status.addWidget(self.review_link)
        layout.addLayout(status)
        self._actions()
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_count())
        self.model.sort_requested.connect(self._sort_requested)
        # Whoever wrote (this screen, another one, an import or its undo), the list follows.
        self.listener = RefreshOnChange(services.changes, frozenset({PEOPLE, VOLUNTEERS, TAGS}),
                                        self._changed, self)
        for first, second in ((self.search, self.tag_filter), (self.tag_filter, self.status_filter),
                              (self.status_filter, self.add_button), (self.add_button, self.table)):
            QWidget.setTabOrder(first, second)
        self.refresh()

    # Building --------------------------------------------------------------------------------

    def _filters(self) -> QHBoxLayout:
        self.search = SearchField("Search by name, email, phone or ZIP", self)
        self.search.search_changed.connect(lambda _text: self.run_query())
        self.search.down_pressed.connect(self.focus_table)
        self.tag_filter = QComboBox(self)
        self.tag_filter.addItem("All tags", "")
        name_widget(self.tag_filter, "Tag filter", "Show only people with this tag")
        self.status_filter = QComboBox(self)
        for label, value in STATUS_CHOICES:
            self.status_filter.addItem(label, value)
        keep_search_wide(self.search, (self.tag_filter, self.status_filter))
        name_widget(self.status_filter, "Volunteer filter", "Show everyone, volunteers by status, or non-volunteers")
        self.tag_filter.currentIndexChanged.connect(lambda _i: self.run_query())
        self.status_filter.currentIndexChanged.connect(lambda _i: self.run_query())
        self.add_button = QPushButton(qta.icon("fa5s.user-plus"), "Add person…", self)
        self.add_button.setToolTip("Add a person (Ctrl+N)")
        name_widget(self.add_button, "Add person")
        self.add_button.clicked.connect(self.add_person)
        row = QHBoxLayout()
        row.addWidget(self.search, 3)
        row.addWidget(self.tag_filter, 1)
        row.addWidget(self.status_filter, 1)
        row.addWidget(self.add_button)
        self.export_button = QPushButton(qta.icon("fa5s.file-export"), "Export…", self)
        name_widget(self.export_button, "Export", "Export everyone, the people shown or the selected rows")
        self.export_button.clicked.connect(self.export_people)
        row.addWidget(self.export_button)
        return row

    def _table(self) -> QTableView:
        self.table = table = make_list_table(self, self.model, "People",
                                             "Enter opens a person, Delete deletes the selected people",
                                             Column.TAGS, dict(COLUMN_WIDTHS), multi_select=True)
        table.setObjectName("peopleTable")
        table.activated.connect(lambda index: self.edit_person(self.model.id_at(index.row())))
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._context_menu)
        # The remembered order is set before the model's sort requests are heard: the first query uses it.
        self.header_memory = HeaderMemory(table, "people")
        restored = self.header_memory.restore()
        if restored is not None:
            self._sort = (Column(restored[0]).sort_key, restored[1] == Qt.SortOrder.DescendingOrder)
        return table

    def _empty(self, can_import: bool) -> EmptyState:
        self.empty = EmptyState("fa5s.users", self)
        if can_import:
            self.empty.add_button("Import a spreadsheet…", "fa5s.file-import", self.import_requested.emit)
        self.empty.add_button("Add a person…", "fa5s.user-plus", self.add_person, default=True)
        self.empty.add_button("Clear filters", "fa5s.times", self.clear_filters)
        self.empty.finish_buttons()
        return self.empty

    # Querying --------------------------------------------------------------------------------

    def query(self) -> PeopleQuery:
        """The search and filters as they stand."""
        return PeopleQuery(
            text=self.search.text().strip(),
            tag=str(self.tag_filter.currentData() or ""),
            volunteer_status=str(self.status_filter.currentData() or ""),
            sort=self._sort[0],
            descending=self._sort[1],
        )

    def refresh(self) -> None:
        """Reload the tag list and the people shown (after an import or an edit elsewhere)."""
        run_in_background(self, lambda _p, _c: self._services.tags.list(), self._tags_loaded,
                          lambda exc: show_problem(self, exc))
        self.run_query()

    def _changed(self, _change: Change) -> None:
        self.refresh()

    def run_query(self) -> None:
        """Search again in the background; only the newest answer is shown."""
        self._generation += 1
        generation, query, services = self._generation, self.query(), self._services
        run_in_background(
            self,
            lambda _p, _c: run_query(services, query),
            lambda result: self._query_done(generation, query, result),
            lambda exc: self._query_failed(generation, exc),
        )

    def _query_done(self, generation: int, query: PeopleQuery, result: FirstPage) -> None:
        if generation != self._generation:
            return
        current = self.current_id()
        # Not counted yet (a server: counted with every id, next): a first page's worth of people at least.
        self._total = result.total if result.total is not None else max(self._total, len(result.ids))
        self.model.set_ids(result.ids, result.rows)
        self._restore_current(current)
        self._show_page()
        if result.complete and result.total is not None:
            self._show_count()
            self.query_finished.emit()
            return
        filtered = bool(query.text.strip() or query.tag or query.volunteer_status)
        self.count_label.setText("counting the matches…" if filtered else "counting the people…")
        people = self._services.people
        run_in_background(self, lambda _p, _c: (people.search_ids(query), people.count()),
                          lambda found: self._rest_done(generation, current, *found),
                          lambda exc: self._query_failed(generation, exc))

    def _rest_done(self, generation: int, current: int | None, ids: list[int], total: int) -> None:
        """Every matching id, after the first page: the table grows to its full length (rows shown stay)."""
        if generation != self._generation:
            return
        self._total = total
        self.model.extend_ids(ids)
        if self.current_id() is None:
            self._restore_current(current)  # the person selected before may be past the first page
        self._show_count()
        self._show_page()
        self.query_finished.emit()

    def _query_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            show_problem(self, exc)

    def _tags_loaded(self, tags: Sequence[TagRow]) -> None:
        chosen = str(self.tag_filter.currentData() or "")
        self.tag_filter.blockSignals(True)
        self.tag_filter.clear()
        self.tag_filter.addItem("All tags", "")
        for tag in tags:
            self.tag_filter.addItem(f"{tag.name} ({tag.people:,})", tag.name)
        self.tag_filter.setCurrentIndex(max(0, self.tag_filter.findData(chosen)))
        self.tag_filter.blockSignals(False)
        if chosen and self.tag_filter.currentData() != chosen:
            self.run_query()

    def _show_count(self) -> None:
        shown = self.model.rowCount()
        text = count_text(self._total, shown, "person", "people")
        selected = len(self.table.selectionModel().selectedRows())
        if selected > 1:
            text += f" · {selected:,} selected"
        self.count_label.setText(text)

    def _show_page(self) -> None:
        for widget in (self.search, self.tag_filter, self.status_filter):
            widget.setVisible(self._total > 0)  # nothing to search or filter in an empty chapter
        if self.model.rowCount():
            self.pages.setCurrentWidget(self.table)
            return
        if self._total == 0:
            self.empty.set_text("No people yet", "Import a spreadsheet or add a person to get started.")
            self.empty.show_buttons("Import a spreadsheet…", "Add a person…")
        else:
            text = self.search.text().strip()
            title = f"Nobody matches “{text}”" if text else "Nobody matches these filters"
            self.empty.set_text(title, "Check the spelling, try fewer words, or clear the filters.")
            self.empty.show_buttons("Clear filters", "Add a person…")
        self.pages.setCurrentWidget(self.empty)

    def _sort_requested(self, key: str, descending: bool) -> None:
        self._sort = (key, descending)
        self.run_query()

    def clear_filters(self) -> None:
        """Show everyone again."""
        for combo in (self.tag_filter, self.status_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.clear()
        self.search.flush()
        self.run_query()
        self.search.setFocus()

    # Selection and focus ---------------------------------------------------------------------

    def focus_search(self) -> None:
        """Ctrl+F: put the cursor in the search box, text selected."""
        focus_search_field(self.search)

    def focus_table(self) -> None:
        """Move from the search box into the list."""
        focus_first_row(self.table)

    def _restore_current(self, person_id: int | None) -> None:
        row = self.model.row_of(person_id) if person_id is not None else -1
        if row >= 0:
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            self.table.selectionModel().setCurrentIndex(self.model.index(row, 0), flags)

    # Export ----------------------------------------------------------------------------------

    def export_people(self) -> None:
        """People → Export…: the dialog, given the current search and filters and the selected rows."""
        open_export_dialog(self, self._services, self.query(), self.selected_ids())
