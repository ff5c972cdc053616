"""A list's column widths and sort order, remembered between runs (by column heading, so new columns fit in)."""

from __future__ import annotations

import json
import logging
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QHeaderView, QTableView

from ui.shared.settings import app_settings

log = logging.getLogger(__name__)
SAVE_DELAY_MS = 300  # dragging a column edge resizes it many times a second: write once it stops


class HeaderMemory(QObject):
    """Restores a table's remembered widths and sort order, and remembers each change."""

    def __init__(self, table: QTableView, key: str) -> None:
        super().__init__(table)
        self._table = table
        self._key = key
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save)
        header = table.horizontalHeader()
        header.sectionResized.connect(lambda *_: self._timer.start())
        header.sortIndicatorChanged.connect(lambda *_: self.save())

    def _headings(self) -> list[str]:
        model = self._table.model()
        count = model.columnCount() if model is not None else 0
        return [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(count)] if model else []

    def restore(self) -> tuple[int, Qt.SortOrder] | None:
        """Set the remembered widths (not of the stretching column) and sort order; returns that order."""
        settings = app_settings()
        header = self._table.horizontalHeader()
        headings = self._headings()
        widths = _loaded(settings.value(f"{self._key}/widths"))
        widths = widths if isinstance(widths, dict) else {}
        for column, heading in enumerate(headings):
            width = widths.get(heading)
            if isinstance(width, int) and width > 0 and not _stretches(header, column):
                header.resizeSection(column, max(width, header.minimumSectionSize()))
        sort = _loaded(settings.value(f"{self._key}/sort"))
        if not isinstance(sort, list) or len(sort) != 2 or sort[0] not in headings:
            return None
        order = Qt.SortOrder.DescendingOrder if sort[1] == "descending" else Qt.SortOrder.AscendingOrder
        column = headings.index(sort[0])
        header.setSortIndicator(column, order)
        return column, order

    def save(self) -> None:
        """Remember the widths and sort order as they are now."""
        self._timer.stop()
        header = self._table.horizontalHeader()
        headings = self._headings()
        widths = {h: header.sectionSize(c) for c, h in enumerate(headings) if not _stretches(header, c)}
        column = header.sortIndicatorSection()
        settings = app_settings()
        settings.setValue(f"{self._key}/widths", json.dumps(widths))
        if 0 <= column < len(headings):
            descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
            settings.setValue(f"{self._key}/sort",
                              json.dumps([headings[column], "descending" if descending else "ascending"]))


def _stretches(header: QHeaderView, column: int) -> bool:
    return header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch


def _loaded(value: object) -> Any:
    """A remembered JSON value, or None (nothing remembered, or unreadable)."""
    try:
        return json.loads(value) if isinstance(value, str) else None
    except ValueError:
        log.info("Ignoring an unreadable remembered column layout")
        return None


__all__ = ["HeaderMemory"]
