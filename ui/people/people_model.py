"""The People table model: holds only ids and fetches rows a page at a time, off the GUI thread."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import Any

import qtawesome as qta
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QIcon, QPixmap

from organizer.domain.codes import VolunteerStatus
from organizer.services.people_rows import PersonRow
from ui.shared.paged_model import PAGE_SIZE as PAGE_SIZE
from ui.shared.paged_model import IdRole as IdRole
from ui.shared.paged_model import ModelIndex, PagedModel
from ui.shared.paged_model import SortRole as SortRole

log = logging.getLogger(__name__)
Fetch = Callable[[Sequence[int]], list[PersonRow]]
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


class PeopleModel(PagedModel[PersonRow]):
    """People in the order the service gave; each page of rows is fetched when first shown."""

    def __init__(
        self, fetch: Fetch, *, page_size: int = PAGE_SIZE, background: bool = True, parent: QObject | None = None
    ) -> None:
        super().__init__(fetch, list(Column), page_size=page_size, background=background, parent=parent)
        self._icons: dict[str, QIcon] = {}

    def person(self, row: int) -> PersonRow | None:
        """The loaded row, or None while its page is being fetched."""
        return self.loaded(row)

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
