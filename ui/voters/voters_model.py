"""The Voters table model: a million ids in memory, rows fetched a page at a time off the GUI thread."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from organizer.services.voters import VoterRow
from ui.shared.tasks import run_in_background

SortRole = Qt.ItemDataRole.UserRole + 1
IdRole = Qt.ItemDataRole.UserRole + 2
PAGE_SIZE = 200
MAX_PAGES = 50  # rows kept in memory: 10,000 at most, whatever the size of the roll
Fetch = Callable[[Sequence[int]], list[VoterRow]]
ModelIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    """The Voters table's columns, in order."""

    NAME = 0
    STREET = 1
    ZIP = 2
    PRECINCT = 3
    PARTY = 4
    STATUS = 5
    VOTER_ID = 6

    @property
    def header(self) -> str:
        """The column's heading."""
        return {Column.ZIP: "ZIP", Column.VOTER_ID: "Voter id"}.get(self, self.name.capitalize())

    @property
    def sort_key(self) -> str:
        """The service's sort key for this column."""
        return {Column.NAME: "name", Column.STREET: "street", Column.ZIP: "postal_code", Column.PRECINCT: "precinct",
                Column.PARTY: "party", Column.STATUS: "status", Column.VOTER_ID: "voter_id"}[self]


def cell_text(row: VoterRow, column: Column) -> str:
    """What a cell shows."""
    if column is Column.NAME:
        return f"{row.family_name}, {row.given_name} {row.additional_name}".strip(" ,") if row.family_name else \
            row.display_name
    if column is Column.STREET:
        return row.address
    if column is Column.STATUS:
        return row.status.capitalize()
    values = {Column.ZIP: row.postal_code, Column.PRECINCT: row.precinct, Column.PARTY: row.party,
              Column.VOTER_ID: row.voter_id}
    return values[column]


class VotersModel(QAbstractTableModel):
    """Ids in the order the service gave; each page of rows is fetched when first shown."""

    sort_requested = Signal(str, bool)
    load_failed = Signal(object)

    def __init__(self, fetch: Fetch, *, page_size: int = PAGE_SIZE, background: bool = True,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._page_size = page_size
        self._background = background
        self._ids: list[int] = []
        self._pages: OrderedDict[int, list[VoterRow | None]] = OrderedDict()
        self._pending: set[int] = set()
        self._generation = 0

    def set_ids(self, ids: Sequence[int], first_rows: Sequence[VoterRow] = ()) -> None:
        """Show these voters (rows of the first page may come along, saving a fetch)."""
        self.beginResetModel()
        self._generation += 1
        self._ids = ids if isinstance(ids, list) else list(ids)  # a million ids: no needless copy
        self._pages.clear()
        self._pending.clear()
        if first_rows:
            self._store(0, list(first_rows))
        self.endResetModel()

    def id_at(self, row: int) -> int:
        """The voter row id on a table row."""
        return self._ids[row]

    def voter(self, row: int) -> VoterRow | None:
        """The loaded row, or None while its page is being fetched."""
        if not 0 <= row < len(self._ids):
            return None
        page = row // self._page_size
        rows = self._pages.get(page)
        if rows is None:
            self._request(page)
            rows = self._pages.get(page)
            if rows is None:
                return None
        self._pages.move_to_end(page)
        return rows[row - page * self._page_size]

    def _request(self, page: int) -> None:
        if page in self._pending:
            return
        page_ids = self._ids[page * self._page_size : (page + 1) * self._page_size]
        if not self._background:
            self._store(page, self._fetch(page_ids))
            return
        self._pending.add(page)
        generation = self._generation
        run_in_background(self, lambda _p, _c: self._fetch(page_ids),
                          lambda rows: self._page_loaded(generation, page, rows),
                          lambda exc: self._page_failed(generation, page, exc))

    def _store(self, page: int, rows: list[VoterRow]) -> None:
        by_id = {r.id: r for r in rows}
        page_ids = self._ids[page * self._page_size : (page + 1) * self._page_size]
        self._pages[page] = [by_id.get(i) for i in page_ids]
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)

    def _page_loaded(self, generation: int, page: int, rows: list[VoterRow]) -> None:
        if generation != self._generation:
            return
        self._pending.discard(page)
        self._store(page, rows)
        first = page * self._page_size
        last = min(len(self._ids), first + self._page_size) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(Column) - 1))

    def _page_failed(self, generation: int, page: int, exc: BaseException) -> None:
        if generation == self._generation:
            self._pending.discard(page)
            self.load_failed.emit(exc)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(Column)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == IdRole:
            return self._ids[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, SortRole):
            return None
        row = self.voter(index.row())
        if row is None:
            return "" if role != Qt.ItemDataRole.ToolTipRole else None
        column = Column(index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(row, column)
        text = cell_text(row, column)
        return text.casefold() if role == SortRole else text

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return Column(section).header
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting happens in SQL: ask the view to query again in this order."""
        if 0 <= column < len(Column):
            self.sort_requested.emit(Column(column).sort_key, order == Qt.SortOrder.DescendingOrder)


def _tooltip(row: VoterRow, column: Column) -> str | None:
    if column is Column.STREET:
        place = ", ".join(p for p in (row.address, row.locality, f"{row.region} {row.postal_code}".strip()) if p)
        return place or None
    if column is Column.NAME:
        born = f", born {row.birth_year}" if row.birth_year else ""
        return f"{row.display_name} (voter id {row.voter_id}{born})"
    return None
