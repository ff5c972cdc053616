"""The People table model: holds only ids and fetches rows a page at a time, off the GUI thread."""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import Any

import qtawesome as qta
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap

from organizer.domain.codes import VolunteerStatus
from organizer.services.people_rows import PersonRow
from ui.shared.tasks import run_in_background

log = logging.getLogger(__name__)
SortRole = Qt.ItemDataRole.UserRole + 1
IdRole = Qt.ItemDataRole.UserRole + 2
PAGE_SIZE = 200
MAX_PAGES = 50  # rows kept in memory: 10,000 at most, whatever the size of the chapter
Fetch = Callable[[Sequence[int]], list[PersonRow]]
ModelIndex = QModelIndex | QPersistentModelIndex
DO_NOT_CONTACT = {"do_not_call": "call", "do_not_text": "text", "do_not_email": "email", "do_not_walk": "knock"}
# The one mark a name gets, the weightiest first; its tooltip lists every flag.
FLAG_MARKS = (("deceased", "fa5s.ribbon", "#6b6b6b"), ("moved", "fa5s.truck-moving", "#2f6fb3"),
              ("do_not_contact", "fa5s.ban", "#c0392b"))


class Column(IntEnum):
    """The People table's columns, in order."""

    NAME = 0
    EMAIL = 1
    PHONE = 2
    ZIP = 3
    TAGS = 4
    VOLUNTEER = 5

    @property
    def header(self) -> str:
        """The column's heading."""
        return {Column.ZIP: "ZIP"}.get(self, self.name.capitalize())

    @property
    def sort_key(self) -> str:
        """The service's sort key for this column."""
        return {Column.NAME: "name", Column.EMAIL: "email", Column.PHONE: "phone", Column.ZIP: "postal_code",
                Column.TAGS: "tags", Column.VOLUNTEER: "volunteer"}[self]


def status_label(value: str) -> str:
    """ "Active" for "active"; an unknown value is shown as it is stored."""
    try:
        return VolunteerStatus(value).label
    except ValueError:
        return value


def list_name(row: PersonRow) -> str:
    """ "Silva, Ana Maria" (the list sorts by family name, so it shows it first); a name without a family
    name as it is; someone without a name by their email."""
    given = " ".join(p for p in (row.given_name, row.additional_name) if p)
    if row.family_name and given:
        return f"{row.family_name}, {given}"
    return row.family_name or given or row.display_name


def flag_words(row: PersonRow) -> list[str]:
    """Deceased, moved and do-not-contact flags as words, one per line of a tooltip."""
    words = [text for flag, text in (("deceased", "Deceased"), ("moved", "Moved away")) if flag in row.flags]
    wishes = [word for flag, word in DO_NOT_CONTACT.items() if flag in row.flags]
    if wishes:
        words.append("Do not " + ", ".join(wishes))
    return words


def flag_mark(row: PersonRow) -> str:
    """The flag a name is marked with ("" for none)."""
    for flag, _icon, _colour in FLAG_MARKS:
        if flag in row.flags or (flag == "do_not_contact" and any(f in DO_NOT_CONTACT for f in row.flags)):
            return flag
    return ""


def cell_text(row: PersonRow, column: Column) -> str:
    """What a cell shows."""
    if column is Column.NAME:
        return list_name(row)
    if column is Column.EMAIL:
        return row.emails[0] if row.emails else ""
    if column is Column.PHONE:
        return row.phones_display[0] if row.phones_display else ""
    if column is Column.ZIP:
        return row.postal_code
    if column is Column.TAGS:
        return ", ".join(row.tags)
    return status_label(row.volunteer_status) if row.volunteer_status else ""


def sort_value(row: PersonRow, column: Column) -> str:
    """The raw value a proxy or a test sorts by."""
    if column is Column.NAME:
        return f"{row.family_name}\t{row.given_name}\t{row.additional_name}".casefold()
    if column is Column.PHONE:
        return row.phones[0] if row.phones else ""
    if column is Column.VOLUNTEER:
        return row.volunteer_status
    return cell_text(row, column).casefold()


def tooltip(row: PersonRow, column: Column) -> str:
    """Extra detail a cell does not show: more emails or phones, do-not-contact wishes."""
    if column is Column.EMAIL and len(row.emails) > 1:
        return "\n".join(row.emails)
    if column is Column.PHONE and len(row.phones_display) > 1:
        return "\n".join(row.phones_display)
    if column is Column.NAME:
        return "\n".join(flag_words(row))
    return ""


def _flag_icon(mark: str) -> QIcon:
    """The icon of a flag; for no flag a blank one, so every name starts at the same place."""
    if not mark:
        blank = QPixmap(16, 16)
        blank.fill(Qt.GlobalColor.transparent)
        return QIcon(blank)
    _flag, name, colour = next(m for m in FLAG_MARKS if m[0] == mark)
    icon: QIcon = qta.icon(name, color=colour)
    return icon


class PeopleModel(QAbstractTableModel):
    """Ids in the order the service gave; each page of rows is fetched when first shown."""

    sort_requested = Signal(str, bool)
    load_failed = Signal(object)

    def __init__(
        self, fetch: Fetch, *, page_size: int = PAGE_SIZE, background: bool = True, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._page_size = page_size
        self._background = background
        self._ids: list[int] = []
        self._pages: OrderedDict[int, list[PersonRow | None]] = OrderedDict()
        self._pending: set[int] = set()
        self._generation = 0
        self._icons: dict[str, QIcon] = {}

    # Loading -----------------------------------------------------------------------------------

    def set_ids(self, ids: Sequence[int], first_rows: Sequence[PersonRow] = ()) -> None:
        """Show these people (rows of the first page may come along, saving a fetch)."""
        self.beginResetModel()
        self._generation += 1
        self._ids = list(ids)
        self._pages.clear()
        self._pending.clear()
        if first_rows:
            self._store(0, list(first_rows))
        self.endResetModel()

    def forget_rows(self) -> None:
        """Fetch every row again when next shown (after an edit), keeping the ids and order."""
        self._generation += 1
        self._pages.clear()
        self._pending.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(Column) - 1))

    def ids(self) -> list[int]:
        """Every id shown, in order."""
        return list(self._ids)

    def id_at(self, row: int) -> int:
        """The id of the person on a row."""
        return self._ids[row]

    def row_of(self, person_id: int) -> int:
        """The row showing a person, or -1."""
        try:
            return self._ids.index(person_id)
        except ValueError:
            return -1

    def person(self, row: int) -> PersonRow | None:
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
        run_in_background(
            self,
            lambda _progress, _cancel: self._fetch(page_ids),
            lambda rows: self._page_loaded(generation, page, rows),
            lambda exc: self._page_failed(generation, page, exc),
        )

    def _store(self, page: int, rows: list[PersonRow]) -> None:
        by_id = {r.id: r for r in rows}
        page_ids = self._ids[page * self._page_size : (page + 1) * self._page_size]
        self._pages[page] = [by_id.get(i) for i in page_ids]
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)

    def _page_loaded(self, generation: int, page: int, rows: list[PersonRow]) -> None:
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

    # Qt's model interface ----------------------------------------------------------------------

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
        column = Column(index.column())
        if role in (Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._marked(index.row(), role) if column is Column.NAME else None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, SortRole):
            return None
        row = self.person(index.row())
        if row is None:
            return "" if role != Qt.ItemDataRole.ToolTipRole else None
        if role == SortRole:
            return sort_value(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(row, column) or None
        return cell_text(row, column)

    def _marked(self, row_number: int, role: int) -> Any:
        """The name's flag icon, or its text with the flags in words for a screen reader."""
        row = self.person(row_number)
        if row is None:
            return None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return "; ".join([list_name(row), *flag_words(row)])
        mark = flag_mark(row)
        if mark not in self._icons:
            self._icons[mark] = _flag_icon(mark)
        return self._icons[mark]

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
