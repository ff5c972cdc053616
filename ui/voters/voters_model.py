"""The Voters table model: a million ids in memory, rows fetched a page at a time off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QObject, Qt

from organizer.services.voters import VoterRow
from ui.shared.paged_model import PAGE_SIZE as PAGE_SIZE
from ui.shared.paged_model import IdRole as IdRole
from ui.shared.paged_model import ModelIndex, PagedModel
from ui.shared.paged_model import SortRole as SortRole

Fetch = Callable[[Sequence[int]], list[VoterRow]]


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


class VotersModel(PagedModel[VoterRow]):
    """Voters in the order the service gave; each page of rows is fetched when first shown."""

    def __init__(self, fetch: Fetch, *, page_size: int = PAGE_SIZE, background: bool = True,
                 parent: QObject | None = None) -> None:
        super().__init__(fetch, list(Column), page_size=page_size, background=background, parent=parent)

    def voter(self, row: int) -> VoterRow | None:
        """The loaded row, or None while its page is being fetched."""
        return self.loaded(row)

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


def _tooltip(row: VoterRow, column: Column) -> str | None:
    if column is Column.STREET:
        place = ", ".join(p for p in (row.address, row.locality, f"{row.region} {row.postal_code}".strip()) if p)
        return place or None
    if column is Column.NAME:
        born = f", born {row.birth_year}" if row.birth_year else ""
        return f"{row.display_name} (voter id {row.voter_id}{born})"
    return None
