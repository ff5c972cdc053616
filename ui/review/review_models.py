"""Table models of the two review queues: conflicts and possible duplicates (rows handed over by a background load)."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt

from organizer.services.conflicts import ConflictRow
from organizer.services.review import DuplicateRow
from ui.shared.rows_model import ModelIndex, RowsModel

IdRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class ConflictCol(IntEnum):
    """The columns of the conflicts table."""

    PERSON = 0
    FIELD = 1
    STORED = 2
    INCOMING = 3
    FILE = 4


class DuplicateCol(IntEnum):
    """The columns of the possible duplicates table."""

    PERSON = 0
    OTHER = 1
    REASON = 2
    SCORE = 3


class _QueueModel(RowsModel[Any]):
    headers: tuple[str, ...] = ()
    numbers: frozenset[int] = frozenset()

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_for(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(row, index.column())
        if role == SortRole:
            text = self._raw(row, index.column())
            return text.casefold() if isinstance(text, str) else text
        if role == IdRole:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.numbers:
            return RIGHT
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in self.numbers:
            return RIGHT
        return None

    def _raw(self, row: Any, column: int) -> Any:
        return self._text(row, column)

    def _text(self, row: Any, column: int) -> str:
        raise NotImplementedError

    def _tip(self, row: Any, column: int) -> str | None:
        return None


class ConflictsModel(_QueueModel):
    """Open conflicts: whose, which field, the stored value and the one the import brought."""

    column_count = len(ConflictCol)
    headers = ("Person", "Field", "Stored value", "Import brought", "From file")

    def _text(self, row: ConflictRow, column: int) -> str:
        col = ConflictCol(column)
        return {ConflictCol.PERSON: row.person_name, ConflictCol.FIELD: row.field_label,
                ConflictCol.STORED: row.existing, ConflictCol.INCOMING: row.incoming,
                ConflictCol.FILE: row.file_name}[col]

    def _tip(self, row: ConflictRow, column: int) -> str | None:
        return f"{row.person_name} ({row.person_uuid})" if column == ConflictCol.PERSON else None


class DuplicatesModel(_QueueModel):
    """Open possible duplicates: the two people, why they look alike, and how alike."""

    column_count = len(DuplicateCol)
    headers = ("Person", "Looks like", "Why", "Score")
    numbers = frozenset({DuplicateCol.SCORE})

    def _text(self, row: DuplicateRow, column: int) -> str:
        col = DuplicateCol(column)
        if col == DuplicateCol.SCORE:
            return f"{row.score:.0f}"
        return {DuplicateCol.PERSON: row.person_name, DuplicateCol.OTHER: row.other_name,
                DuplicateCol.REASON: row.reason.capitalize()}[col]

    def _raw(self, row: DuplicateRow, column: int) -> Any:
        return row.score if column == DuplicateCol.SCORE else self._text(row, column)

    def _tip(self, row: DuplicateRow, column: int) -> str | None:
        if column == DuplicateCol.PERSON:
            return f"{row.person_name} ({row.person_uuid})"
        if column == DuplicateCol.OTHER:
            return f"{row.other_name} ({row.other_uuid})"
        return None
