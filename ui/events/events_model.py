"""The Events table: ids in start order, rows fetched a page at a time; the roster table of one event."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt

from organizer.domain.codes import AttendanceStatus, EventType
from organizer.services.events import EventRow, RosterRow
from ui.shared.paged_model import PAGE_SIZE, IdRole, ModelIndex, PagedModel, SortRole

RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


class Column(IntEnum):
    """The Events table's columns, in order."""

    WHEN = 0
    TITLE = 1
    TYPE = 2
    PLACE = 3
    STATUS = 4
    RSVPS = 5
    ATTENDED = 6

    @property
    def header(self) -> str:
        """The column's heading."""
        return {Column.RSVPS: "RSVPs", Column.WHEN: "When"}.get(self, self.name.capitalize())

    @property
    def sort_key(self) -> str:
        """Events sort by start only."""
        return "start"


def event_cell(row: EventRow, column: Column) -> str:
    """What an Events cell shows."""
    if column is Column.WHEN:
        return f"{row.local_start():%a %Y-%m-%d %H:%M}"
    if column is Column.TYPE:
        return EventType(row.event_type).label
    if column is Column.STATUS:
        return row.status.capitalize()
    if column is Column.RSVPS:
        return f"{row.rsvps:,}" + (f" / {row.capacity:,}" if row.capacity else "")
    if column is Column.ATTENDED:
        return f"{row.attended:,}"
    return {Column.TITLE: row.title, Column.PLACE: row.place}[column]


class EventsModel(PagedModel[EventRow]):
    """Events in start order; each page of rows fetched when first shown."""

    def __init__(self, fetch: Callable[[Sequence[int]], list[EventRow]], *, page_size: int = PAGE_SIZE,
                 background: bool = True, parent: QObject | None = None) -> None:
        super().__init__(fetch, list(Column), page_size=page_size, background=background, parent=parent)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        column = Column(index.column())
        if role == IdRole:
            return self._ids[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if column in (Column.RSVPS, Column.ATTENDED) else LEFT
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, SortRole):
            return None
        row = self.loaded(index.row())
        if row is None:
            return "" if role != Qt.ItemDataRole.ToolTipRole else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.recurrence or None
        if role == SortRole:
            return row.starts_at.isoformat() if column is Column.WHEN else event_cell(row, column).casefold()
        return event_cell(row, column)


class RosterColumn(IntEnum):
    """The roster's columns."""

    NAME = 0
    RSVP = 1
    PRESENT = 2
    SHIFT = 3
    EMAIL = 4
    PHONE = 5

    @property
    def header(self) -> str:
        """The column's heading."""
        return {RosterColumn.RSVP: "RSVP", RosterColumn.PRESENT: "Here"}.get(self, self.name.capitalize())


def roster_cell(row: RosterRow, column: RosterColumn) -> str:
    """What a roster cell shows."""
    if column is RosterColumn.RSVP:
        return AttendanceStatus(row.status).label + (" · walk-in" if row.walk_in else "")
    if column is RosterColumn.PRESENT:
        text = {True: "Yes", False: "No", None: ""}[row.attended]
        return f"{text} · first time" if row.first_time else text
    values = {RosterColumn.NAME: row.name, RosterColumn.SHIFT: " ".join(p for p in (row.shift_name, row.role) if p),
              RosterColumn.EMAIL: row.email, RosterColumn.PHONE: row.phone}
    return values[column]


class RosterModel(QAbstractTableModel):
    """One event's roster (hundreds at most: held whole); the Here column is a checkbox."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RosterRow] = []

    def set_rows(self, rows: Sequence[RosterRow]) -> None:
        """Show these rows."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> RosterRow:
        """The attendance on a row."""
        return self._rows[row]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(RosterColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(RosterColumn):
            return RosterColumn(section).header
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        return base | Qt.ItemFlag.ItemIsUserCheckable if index.column() == RosterColumn.PRESENT else base

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], RosterColumn(index.column())
        if role == IdRole:
            return row.id
        if role == Qt.ItemDataRole.CheckStateRole and column is RosterColumn.PRESENT:
            return Qt.CheckState.Checked if row.attended else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, SortRole):
            text = roster_cell(row, column)
            return text.casefold() if role == SortRole else text
        return None
