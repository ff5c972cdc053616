"""Small charts painted with QPainter: columns by month, a funnel by stage, progress toward a goal.

Each chart's accessible name says its figures in words, for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget


def accent(widget: QWidget) -> QColor:
    """The palette's highlight colour: the one colour charts use for data."""
    return widget.palette().color(QPalette.ColorRole.Highlight)


def soft(color: QColor, alpha: int = 70) -> QColor:
    """A lighter shade of a colour for backgrounds and goals."""
    out = QColor(color)
    out.setAlpha(alpha)
    return out


class ColumnChart(QWidget):
    """Vertical columns with their value above and their label below (new people per month)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[tuple[str, int]] = []
        self.setMinimumHeight(110)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_items(self, items: Sequence[tuple[str, int]], what: str) -> None:
        """The columns, left to right, and what they count (for the accessible name)."""
        self._items = list(items)
        self.setAccessibleName(f"{what}: " + ", ".join(f"{label} {value}" for label, value in self._items))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(260, 120)

    def paintEvent(self, _event: QPaintEvent) -> None:
        if not self._items:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        text_h = metrics.height()
        top, bottom = text_h + 2, self.height() - text_h - 4
        slot = self.width() / len(self._items)
        biggest = max((v for _, v in self._items), default=0) or 1
        color, text = accent(self), self.palette().color(QPalette.ColorRole.WindowText)
        for i, (label, value) in enumerate(self._items):
            bar_w = min(36.0, slot * 0.6)
            x = i * slot + (slot - bar_w) / 2
            h = (bottom - top) * value / biggest
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color if i == len(self._items) - 1 else soft(color, 150))
            painter.drawRoundedRect(QRectF(x, bottom - h, bar_w, max(h, 1.0)), 3, 3)
            painter.setPen(text)
            painter.drawText(QRect(int(i * slot), int(bottom - h - text_h - 1), int(slot), text_h),
                             int(Qt.AlignmentFlag.AlignCenter), str(value))
            painter.drawText(QRect(int(i * slot), bottom + 2, int(slot), text_h), int(Qt.AlignmentFlag.AlignCenter),
                             metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(slot)))
        painter.end()


class FunnelChart(QWidget):
    """Horizontal bars, one per stage, centred like a funnel, with the stage and its count beside."""

    ROW = 20

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[tuple[str, int]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_items(self, items: Sequence[tuple[str, int]], what: str) -> None:
        """The stages in order with their counts."""
        self._items = list(items)
        self.setFixedHeight(self.ROW * len(self._items) + 4)
        self.setAccessibleName(f"{what}: " + ", ".join(f"{label} {value}" for label, value in self._items))
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        if not self._items:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        label_w = max(metrics.horizontalAdvance(label) for label, _ in self._items) + 10
        count_w = metrics.horizontalAdvance("0000") + 6
        room = max(10, self.width() - label_w - count_w)
        biggest = max((v for _, v in self._items), default=0) or 1
        color, text = accent(self), self.palette().color(QPalette.ColorRole.WindowText)
        for i, (label, value) in enumerate(self._items):
            y = 2 + i * self.ROW
            painter.setPen(text)
            painter.drawText(QRect(0, y, label_w - 8, self.ROW), int(Qt.AlignmentFlag.AlignRight
                                                                     | Qt.AlignmentFlag.AlignVCenter), label)
            w = room * value / biggest
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(soft(color, 45))
            painter.drawRoundedRect(QRectF(label_w, y + 3, room, self.ROW - 6), 3, 3)
            painter.setBrush(color)
            if value:
                painter.drawRoundedRect(QRectF(label_w + (room - w) / 2, y + 3, max(w, 3.0), self.ROW - 6), 3, 3)
            painter.setPen(text)
            painter.drawText(QRect(label_w + room + 4, y, count_w, self.ROW),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), str(value))
        painter.end()


class GoalBar(QWidget):
    """Progress toward a required number, with the buffer goal marked: valid signatures against required."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._done, self._required, self._goal, self._total = 0, 0, 0, 0
        self.setFixedHeight(14)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_values(self, done: int, required: int, goal: int, total: int = 0) -> None:
        """Valid so far, required, the buffer goal, and all collected (drawn lighter behind the valid ones)."""
        self._done, self._required, self._goal, self._total = done, required, goal, total
        self.setAccessibleName(f"{done} valid of {required} required, goal {goal}, {total} collected")
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        scale = max(self._goal, self._required, self._total, self._done, 1)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color, w, h = accent(self), self.width(), self.height()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(soft(color, 35))
        painter.drawRoundedRect(QRectF(0, 2, w, h - 4), 4, 4)
        painter.setBrush(soft(color, 90))
        painter.drawRoundedRect(QRectF(0, 2, w * min(self._total, scale) / scale, h - 4), 4, 4)
        painter.setBrush(color)
        painter.drawRoundedRect(QRectF(0, 2, w * min(self._done, scale) / scale, h - 4), 4, 4)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        for mark in (self._required, self._goal):
            if mark:
                x = min(w - 1.0, w * mark / scale)
                painter.drawLine(int(x), 0, int(x), h)
        painter.end()
