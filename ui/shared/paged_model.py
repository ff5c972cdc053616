"""A lazy table of ids: the ids come in the order the service gave, each page of rows is fetched when first shown.

People and Voters both list up to a million records this way; only the cells differ (each model's `data`).
A screen may show a first page before it has every id (`set_ids` with that page, then `extend_ids`).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from ui.shared.tasks import run_in_background

ModelIndex = QModelIndex | QPersistentModelIndex
SortRole = Qt.ItemDataRole.UserRole + 1
IdRole = Qt.ItemDataRole.UserRole + 2
PAGE_SIZE = 200
MAX_PAGES = 50  # rows kept in memory: 10,000 at most, whatever the size of the list


class Identified(Protocol):
    """A row a page holds: found again by its id."""

    @property
    def id(self) -> int: ...


class ColumnLike(Protocol):
    """A column of the table: its header and what the service sorts it by."""

    @property
    def header(self) -> str: ...

    @property
    def sort_key(self) -> str: ...


RowT = TypeVar("RowT", bound=Identified)


class PagedModel(QAbstractTableModel, Generic[RowT]):
    """Ids in the order the service gave; each page of rows is fetched (in the background) when first shown."""

    sort_requested = Signal(str, bool)
    load_failed = Signal(object)

    def __init__(self, fetch: Callable[[Sequence[int]], list[RowT]], columns: Sequence[ColumnLike], *,
                 page_size: int = PAGE_SIZE, background: bool = True, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._columns = list(columns)
        self._page_size = page_size
        self._background = background
        self._ids: list[int] = []
        self._pages: OrderedDict[int, list[RowT | None]] = OrderedDict()
        self._pending: set[int] = set()
        self._generation = 0

    # Loading -----------------------------------------------------------------------------------

    def set_ids(self, ids: Sequence[int], first_rows: Sequence[RowT] = ()) -> None:
        """Show these records (rows of the first page may come along, saving a fetch)."""
        self.beginResetModel()
        self._generation += 1
        self._ids = ids if isinstance(ids, list) else list(ids)  # a million ids: no needless copy
        self._pages.clear()
        self._pending.clear()
        if first_rows:
            self._store(0, list(first_rows))
        self.endResetModel()

    def extend_ids(self, ids: Sequence[int]) -> None:
        """The whole list, when `set_ids` showed only its start (a first page): the rest is added after the rows
        shown, which stay as they are (selection, scroll position). If the start differs, the list is set anew."""
        ids = ids if isinstance(ids, list) else list(ids)
        shown = len(self._ids)
        if ids[:shown] != self._ids:
            self.set_ids(ids)
            return
        if len(ids) == shown:
            return
        self._generation += 1  # a page fetched for the shorter list may lack rows the longer one has
        self._pending.clear()
        for page in [p for p in self._pages if (p + 1) * self._page_size > shown]:
            del self._pages[page]
        self.beginInsertRows(QModelIndex(), shown, len(ids) - 1)
        self._ids = ids
        self.endInsertRows()

    def forget_rows(self) -> None:
        """Fetch every row again when next shown (after an edit), keeping the ids and order."""
        self._generation += 1
        self._pages.clear()
        self._pending.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(self._columns) - 1))

    def ids(self) -> list[int]:
        """Every id shown, in order."""
        return list(self._ids)

    def id_at(self, row: int) -> int:
        """The id of the record on a row."""
        return self._ids[row]

    def row_of(self, record_id: int) -> int:
        """The row showing a record, or -1."""
        try:
            return self._ids.index(record_id)
        except ValueError:
            return -1

    def loaded(self, row: int) -> RowT | None:
        """The loaded row, or None while its page is being fetched."""
        if not 0 <= row < len(self._ids):
            return None
        page = row // self._page_size
        rows = self._pages.get(page)
        if rows is None:
            self._request(page)
            rows = self._pages.get(page)  # there already when fetched in the foreground
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
        run_in_background(self, lambda _progress, _cancel: self._fetch(page_ids),
                          lambda rows: self._page_loaded(generation, page, rows),
                          lambda exc: self._page_failed(generation, page, exc))

    def _store(self, page: int, rows: list[RowT]) -> None:
        by_id = {r.id: r for r in rows}
        page_ids = self._ids[page * self._page_size : (page + 1) * self._page_size]
        self._pages[page] = [by_id.get(i) for i in page_ids]
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)

    def _page_loaded(self, generation: int, page: int, rows: list[RowT]) -> None:
        if generation != self._generation:
            return
        self._pending.discard(page)
        self._store(page, rows)
        first = page * self._page_size
        last = min(len(self._ids), first + self._page_size) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(self._columns) - 1))

    def _page_failed(self, generation: int, page: int, exc: BaseException) -> None:
        if generation == self._generation:
            self._pending.discard(page)
            self.load_failed.emit(exc)

    # Qt's model interface ----------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].header
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting happens in SQL: ask the view to query again in this order."""
        if 0 <= column < len(self._columns):
            self.sort_requested.emit(self._columns[column].sort_key, order == Qt.SortOrder.DescendingOrder)
