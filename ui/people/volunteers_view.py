"""The Volunteers screen: search and filter volunteers, see their rung and point person; add, open, remove."""

from __future__ import annotations

from datetime import date
from enum import IntEnum
from typing import Any

import qtawesome as qta
from PySide6.QtCore import QPoint, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from organizer.domain.codes import EngagementLevel, VolunteerStatus
from organizer.services.changes import PEOPLE, VOLUNTEERS, Change
from organizer.services.container import Services
from organizer.services.volunteers import VolunteerRow
from ui.people.header_memory import HeaderMemory
from ui.people.people_model import IdRole, SortRole, status_label
from ui.people.people_view import keep_search_wide
from ui.people.person_dialog import open_person_dialog
from ui.shared.changes import RefreshOnChange
from ui.shared.rows_model import ModelIndex, RowsModel
from ui.shared.tasks import run_in_background
from ui.shared.widgets import (
    EmptyState,
    SearchField,
    count_text,
    delete_key_action,
    focus_first_row,
    focus_search_field,
    make_list_table,
    name_widget,
    show_problem,
)


class VColumn(IntEnum):
    """The Volunteers table's columns, in order."""

    NAME = 0
    EMAIL = 1
    PHONE = 2
    STATUS = 3
    ENGAGEMENT = 4
    SKILLS = 5
    POINT_PERSON = 6
    SINCE = 7

    @property
    def header(self) -> str:
        """The column's heading."""
        return self.name.replace("_", " ").capitalize()


WIDTHS = {VColumn.NAME: 180, VColumn.EMAIL: 210, VColumn.PHONE: 125, VColumn.STATUS: 80, VColumn.ENGAGEMENT: 110,
          VColumn.POINT_PERSON: 140, VColumn.SINCE: 105}


def engagement_label(value: str) -> str:
    """ "Took shift" for "took_shift"."""
    try:
        return EngagementLevel(value).label
    except ValueError:
        return value


def _engagement_rank(value: str) -> int:
    try:
        return EngagementLevel(value).order
    except ValueError:
        return -1


def format_day(day: date | None) -> str:
    """ "Aug 20, 2025"."""
    return f"{day:%b} {day.day}, {day.year}" if day else ""


class VolunteersModel(RowsModel[VolunteerRow]):
    """Volunteer rows as the service returned them (a chapter has hundreds, not millions)."""

    column_count = len(VColumn)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_for(index)
        if row is None:
            return None
        column = VColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == SortRole:
            return self._sort_value(index.row(), row, column)
        if role == IdRole:
            return row.person_id
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if column is VColumn.SINCE else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column is VColumn.NAME and row.languages:
            return "Speaks " + ", ".join(row.languages)
        return None

    @staticmethod
    def _text(row: VolunteerRow, column: VColumn) -> str:
        values = {
            VColumn.NAME: row.list_name or row.name,
            VColumn.EMAIL: row.email,
            VColumn.PHONE: row.phone,
            VColumn.STATUS: status_label(row.status),
            VColumn.ENGAGEMENT: engagement_label(row.engagement_level),
            VColumn.SKILLS: ", ".join(row.skills),
            VColumn.POINT_PERSON: row.point_person,
            VColumn.SINCE: format_day(row.started_on),
        }
        return values[column]

    @staticmethod
    def _sort_value(position: int, row: VolunteerRow, column: VColumn) -> Any:
        if column is VColumn.NAME:
            return position  # the service's order: family name, then given name
        if column is VColumn.ENGAGEMENT:
            return _engagement_rank(row.engagement_level)
        if column is VColumn.SINCE:
            return row.started_on.isoformat() if row.started_on else ""
        return VolunteersModel._text(row, column).casefold()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(VColumn):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return VColumn(section).header
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if section == VColumn.SINCE else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


def confirm_remove(parent: QWidget, count: int, name: str) -> bool:
    """Ask before removing volunteer profiles; the people themselves stay."""
    what = name if count == 1 else f"{count:,} volunteers"
    box = QMessageBox(QMessageBox.Icon.Question, "Remove from volunteers", f"Remove {what} from volunteers?",
                      parent=parent)
    box.setInformativeText("Their volunteer profile (status, skills, languages, point person) is deleted. "
                           "They stay in People.")
    remove = box.addButton("Remove from volunteers", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is remove


def load_volunteers(services: Services, text: str, status: str) -> tuple[list[VolunteerRow], int]:
    """The volunteers matching, and how many there are in all (runs off the GUI thread)."""
    rows = services.volunteers.list(text, status)
    total = len(rows) if not (text or status) else len(services.volunteers.list())
    return rows, total


class VolunteersView(QWidget):
    """Volunteers: who, how engaged, who looks after them. Enter opens the person."""

    status_message = Signal(str)
    people_requested = Signal()
    query_finished = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("volunteersView")
        self._services = services
        self._generation = 0
        self._total = 0
        self.model = VolunteersModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        layout = QVBoxLayout(self)
        layout.addLayout(self._filters())
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._table())
        self.pages.addWidget(self._empty())
        layout.addWidget(self.pages, 1)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        name_widget(self.count_label, "How many volunteers")
        layout.addWidget(self.count_label)
        self._actions()
        for first, second in ((self.search, self.status_filter), (self.status_filter, self.add_button),
                              (self.add_button, self.table)):
            QWidget.setTabOrder(first, second)
        # A volunteer row shows the person's name and email too: follow changes to either.
        self.listener = RefreshOnChange(services.changes, frozenset({PEOPLE, VOLUNTEERS}), self._changed, self)
        self.refresh()

    def _changed(self, _change: Change) -> None:
        self.refresh()

    def _filters(self) -> QHBoxLayout:
        self.search = SearchField("Search by name, email, phone, skill or language", self)
        self.search.search_changed.connect(lambda _text: self.refresh())
        self.search.down_pressed.connect(self.focus_table)
        self.status_filter = QComboBox(self)
        self.status_filter.addItem("All statuses", "")
        for status in VolunteerStatus:
            self.status_filter.addItem(status.label, status.value)
        name_widget(self.status_filter, "Status filter", "Show volunteers of one status")
        self.status_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        keep_search_wide(self.search, (self.status_filter,))
        self.add_button = QPushButton(qta.icon("fa5s.user-plus"), "Add volunteer…", self)
        self.add_button.setToolTip("Add a volunteer: a new person, or open someone already in People")
        name_widget(self.add_button, "Add volunteer")
        self.add_button.clicked.connect(self.add_volunteer)
        row = QHBoxLayout()
        row.addWidget(self.search, 3)
        row.addWidget(self.status_filter, 1)
        row.addWidget(self.add_button)
        return row

    def _table(self) -> QTableView:
        self.table = table = make_list_table(
            self, self.proxy, "Volunteers", "Enter opens a volunteer, Delete removes the selected from volunteers",
            VColumn.SKILLS, dict(WIDTHS), multi_select=True)
        table.setObjectName("volunteersTable")
        table.activated.connect(lambda index: self.edit_person(int(index.data(IdRole))))
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._context_menu)
        self.header_memory = HeaderMemory(table, "volunteers")
        self.header_memory.restore()
        return table

    def _actions(self) -> None:
        self.delete_action = delete_key_action(self.table, "fa5s.user-minus", "Remove from volunteers…",
                                               self.remove_selected)
        self.edit_action = QAction(qta.icon("fa5s.user-edit"), "Open…", self.table)
        self.edit_action.triggered.connect(self._edit_current)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_count())

    def context_menu(self) -> QMenu:
        """The menu a right-click on a row opens: the same actions as the keys (Enter, Delete)."""
        menu = QMenu(self)
        menu.addAction(self.edit_action)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        return menu

    def _context_menu(self, pos: QPoint) -> None:
        if self.table.indexAt(pos).isValid():
            self.context_menu().exec(self.table.viewport().mapToGlobal(pos))

    def _empty(self) -> EmptyState:
        self.empty = EmptyState("fa5s.hands-helping", self)
        self.empty.add_button("Go to People", "fa5s.users", self.people_requested.emit, default=True)
        self.empty.add_button("Clear filters", "fa5s.times", self.clear_filters)
        self.empty.finish_buttons()
        return self.empty

    def refresh(self) -> None:
        """Load the volunteers again in the background; only the newest answer is shown."""
        self._generation += 1
        generation, services = self._generation, self._services
        text, status = self.search.text().strip(), str(self.status_filter.currentData() or "")
        run_in_background(
            self,
            lambda _p, _c: load_volunteers(services, text, status),
            lambda result: self._loaded(generation, *result),
            lambda exc: show_problem(self, exc) if generation == self._generation else None,
        )

    def _loaded(self, generation: int, rows: list[VolunteerRow], total: int) -> None:
        if generation != self._generation:
            return
        self._total = total
        self.model.set_rows(rows)
        self._show_count()
        self._show_page()
        self.query_finished.emit()

    def _show_page(self) -> None:
        if self.model.rowCount():
            self.pages.setCurrentWidget(self.table)
            return
        if self._total == 0:
            self.empty.set_text(
                "No volunteers yet",
                "Open a person on the People screen and tick “Is a volunteer”, or import a volunteer sign-up sheet.",
            )
            self.empty.show_buttons("Go to People")
        else:
            text = self.search.text().strip()
            self.empty.set_text(f"No volunteer matches “{text}”" if text else "No volunteer has this status",
                                "Check the spelling, try fewer words, or clear the filters.")
            self.empty.show_buttons("Clear filters")
        self.pages.setCurrentWidget(self.empty)

    def clear_filters(self) -> None:
        """Show every volunteer again."""
        self.status_filter.blockSignals(True)
        self.status_filter.setCurrentIndex(0)
        self.status_filter.blockSignals(False)
        self.search.clear()
        self.search.flush()
        self.refresh()
        self.search.setFocus()

    def focus_search(self) -> None:
        """Ctrl+F: put the cursor in the search box."""
        focus_search_field(self.search)

    def focus_table(self) -> None:
        """Move from the search box into the list."""
        focus_first_row(self.table)

    def edit_person(self, person_id: int) -> None:
        """Open the volunteer's person form (with its Volunteer tab)."""
        open_person_dialog(self, self._services, person_id, self._saved, volunteer_tab=True)

    def _saved(self, _person_id: int, name: str) -> None:
        self.status_message.emit(f"Saved {name}.")  # the list refreshes when the services say what changed

    def add_volunteer(self) -> None:
        """A new person's form with "Is a volunteer" ticked; someone already in People can be opened from it."""
        open_person_dialog(self, self._services, None, self._saved, make_volunteer=True)

    def _edit_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.edit_person(int(index.data(IdRole)))

    def selected_ids(self) -> list[int]:
        """The selected volunteers' person ids, in table order."""
        return [int(i.data(IdRole)) for i in sorted(self.table.selectionModel().selectedRows(), key=lambda i: i.row())]

    def _show_count(self) -> None:
        text = count_text(self._total, self.model.rowCount(), "volunteer", "volunteers")
        selected = len(self.table.selectionModel().selectedRows())
        if selected > 1:
            text += f" · {selected:,} selected"
        self.count_label.setText(text)

    def remove_selected(self) -> None:
        """Delete: ask, naming how many, then remove their volunteer profiles in the background."""
        rows = sorted(self.table.selectionModel().selectedRows(), key=lambda i: i.row())
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().siblingAtColumn(VColumn.NAME)]
        if not rows:
            return
        ids = [int(i.data(IdRole)) for i in rows]
        if not confirm_remove(self, len(ids), str(rows[0].data() or "this volunteer")):
            return
        volunteers = self._services.volunteers
        run_in_background(self, lambda _p, _c: volunteers.remove_many(ids), self._removed,
                          lambda exc: show_problem(self, exc))

    def _removed(self, count: Any) -> None:
        n = int(count)
        self.status_message.emit("Removed 1 volunteer." if n == 1 else f"Removed {n:,} volunteers.")
