"""Keying paper results quickly: type the short id, Tab, the code (support and notes if any), Enter for the next."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from organizer.domain.walk_results import DOOR_KEY
from organizer.services.walklists.results import EnteredResult
from ui.shared.widgets import name_widget

COLUMNS = ("Short id", "Result", "Support", "Notes")
ROWS = 40


class ResultsGrid(QDialog):
    """A keyboard-only grid of results for one walk list; more rows appear as the last fills."""

    def __init__(self, list_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Enter results — walk list {list_id}")
        key = "   ".join(f"{short} {result.label}" for short, result in DOOR_KEY)
        hint = QLabel(f"Type the short id from the sheet, Tab, the result code. Key: {key}. "
                      "Support 1 (strong yes) … 5 (strong no).", self)
        hint.setWordWrap(True)
        self.table = QTableWidget(ROWS, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 110)
        self.table.setColumnWidth(1, 90)
        self.table.setColumnWidth(2, 80)
        self.table.cellChanged.connect(self._grow)
        name_widget(self.table, "Results", "One line per person: short id, result code, support, notes")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(640, 520)
        self.table.setCurrentCell(0, 0)

    def _grow(self, row: int, _column: int) -> None:
        if row == self.table.rowCount() - 1:
            self.table.insertRow(self.table.rowCount())

    def entries(self) -> list[EnteredResult]:
        """The lines typed (blank lines left out)."""
        out = []
        for row in range(self.table.rowCount()):
            cells = [self._text(row, c) for c in range(len(COLUMNS))]
            if any(cells):
                out.append(EnteredResult(*cells))
        return out

    def set_line(self, row: int, *values: str) -> None:
        """Fill a line (as typing would)."""
        for column, value in enumerate(values):
            self.table.setItem(row, column, QTableWidgetItem(value))

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""
