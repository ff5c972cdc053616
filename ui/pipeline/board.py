"""The pipeline board: one column per stage, a card per prospect; drag a card or use the keyboard to move it.

Keys on a card: Up/Down choose a card, Left/Right go to the next column, Ctrl+Left/Ctrl+Right (or
Alt+Left/Alt+Right) move the card a stage back or on, Enter opens it.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDrag,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from organizer.domain.codes import ProspectStage
from organizer.services.prospects_rows import OUTCOMES, ProspectRow
from ui.shared.widgets import name_widget

MIME = "application/x-chapter-organizer-prospect"
RowRole = Qt.ItemDataRole.UserRole + 1
CARD_HEIGHT = 74
COLUMN_WIDTH = 188


def warning_colors(palette: QPalette) -> tuple[QColor, QColor]:
    """(overdue, due soon) colours readable on the palette's base, light or dark."""
    dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
    return (QColor("#ff8a80"), QColor("#ffcc80")) if dark else (QColor("#c62828"), QColor("#b26a00"))


def short_day(day: date, today: date) -> str:
    """ "Dec 9" this year, "Dec 9, 2027" otherwise."""
    return f"{day:%b} {day.day}" if day.year == today.year else f"{day:%b} {day.day}, {day.year}"


def card_lines(row: ProspectRow, today: date) -> tuple[str, str, str, str]:
    """Name, office, the due line and its state ("overdue", "soon" or "")."""
    if row.overdue(today) and row.next_step_due is not None:
        return row.name, row.office_text, f"Overdue since {short_day(row.next_step_due, today)}", "overdue"
    if row.filing_soon(today) and row.filing_deadline is not None:
        days = (row.filing_deadline - today).days
        when = "passed" if days < 0 else "today" if days == 0 else f"in {days} days"
        return row.name, row.office_text, f"Filing deadline {when}", "overdue" if days < 0 else "soon"
    if row.next_step_due is not None and row.stage not in OUTCOMES:
        return row.name, row.office_text, f"Next step {short_day(row.next_step_due, today)}", ""
    return row.name, row.office_text, "", ""


class CardDelegate(QStyledItemDelegate):
    """Draws a prospect as a card: name, office, and the next due date (overdue and filing soon stand out)."""

    def __init__(self, parent: QWidget, today: date) -> None:
        super().__init__(parent)
        self.today = today

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(COLUMN_WIDTH - 24, CARD_HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        row = index.data(RowRole)
        if not isinstance(row, ProspectRow):
            return
        palette = option.palette
        rect = option.rect.adjusted(3, 3, -3, -3)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Mid),
                            2 if selected else 1))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(rect, 6, 6)
        name, office, due, state = card_lines(row, self.today)
        overdue, soon = warning_colors(palette)
        if state:
            painter.fillRect(QRect(rect.left() + 1, rect.top() + 6, 4, rect.height() - 12),
                             overdue if state == "overdue" else soon)
        inner = rect.adjusted(12, 6, -8, -6)
        bold = QFont(option.font)
        bold.setBold(True)
        lines = ((name, bold, palette.color(QPalette.ColorRole.Text)),
                 (office, option.font, palette.color(QPalette.ColorRole.PlaceholderText)),
                 (due, option.font, overdue if state == "overdue" else soon if state else
                  palette.color(QPalette.ColorRole.Text)))
        y = inner.top()
        for text, font, color in lines:
            metrics = QFontMetrics(font)
            painter.setFont(font)
            painter.setPen(color)
            painter.drawText(QRect(inner.left(), y, inner.width(), metrics.height()),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             metrics.elidedText(text, Qt.TextElideMode.ElideRight, inner.width()))
            y += metrics.height() + 2
        painter.restore()


class StageColumn(QListWidget):
    """The cards of one stage; a card dropped here (or moved here by key) asks to move to this stage."""

    card_dropped = Signal(int, str)  # prospect id, stage
    move_requested = Signal(int, int)  # prospect id, step (-1 back, +1 on)
    focus_requested = Signal(int)  # step to the column left (-1) or right (+1)
    open_requested = Signal(int)

    def __init__(self, stage: ProspectStage, delegate: CardDelegate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage = stage
        self.setObjectName(f"stage_{stage.value}")
        name_widget(self, f"{stage.label} column", "Cards of this stage. Ctrl+Left or Ctrl+Right moves the card "
                    "a stage back or on; Enter opens it")
        self.setItemDelegate(delegate)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSpacing(1)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.itemActivated.connect(lambda item: self.open_requested.emit(int(item.data(Qt.ItemDataRole.UserRole))))

    def set_rows(self, rows: list[ProspectRow], keep: int | None) -> None:
        """Replace the cards, keeping the card with id `keep` current if it is here."""
        self.clear()
        for row in rows:
            item = QListWidgetItem(row.name)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            item.setData(RowRole, row)
            item.setToolTip("\n".join(p for p in (row.name, row.office_text, row.next_step, row.organizer) if p))
            self.addItem(item)
            if row.id == keep:
                self.setCurrentItem(item)

    def current_id(self) -> int | None:
        """The id of the card that is current, if any."""
        item = self.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def startDrag(self, supportedActions: Qt.DropAction) -> None:  # noqa: N803 - Qt's name
        prospect_id = self.current_id()
        if prospect_id is None:
            return
        mime = QMimeData()
        mime.setData(MIME, QByteArray(str(prospect_id).encode()))
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.exec(Qt.DropAction.MoveAction)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        if not event.mimeData().hasFormat(MIME):
            event.ignore()
            return
        event.acceptProposedAction()
        prospect_id = int(bytes(event.mimeData().data(MIME).data()).decode())
        self.card_dropped.emit(prospect_id, self.stage.value)  # the board reloads; nothing moves here by itself

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        moving = mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            step = -1 if key == Qt.Key.Key_Left else 1
            prospect_id = self.current_id()
            if moving and prospect_id is not None:
                self.move_requested.emit(prospect_id, step)
            elif not moving:
                self.focus_requested.emit(step)
            return
        super().keyPressEvent(event)


class Board(QScrollArea):
    """Every stage's column side by side, scrolling sideways; outcomes after the pipeline's stages."""

    card_dropped = Signal(int, str)
    move_requested = Signal(int, int)
    open_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pipelineBoard")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.delegate = CardDelegate(self, today or date.today())
        holder = QWidget(self)
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        self.columns: list[StageColumn] = []
        self.titles: list[QLabel] = []
        for stage in ProspectStage:
            box = QFrame(holder)
            box.setObjectName("stageBox")
            box.setFixedWidth(COLUMN_WIDTH)
            layout = QVBoxLayout(box)
            layout.setContentsMargins(4, 4, 4, 4)
            title = QLabel(stage.label, box)
            title.setObjectName("stageTitle")
            column = StageColumn(stage, self.delegate, box)
            title.setBuddy(column)
            column.card_dropped.connect(self.card_dropped)
            column.move_requested.connect(self.move_requested)
            column.open_requested.connect(self.open_requested)
            column.focus_requested.connect(lambda step, c=column: self._focus_next(c, step))
            layout.addWidget(title)
            layout.addWidget(column, 1)
            row.addWidget(box)
            self.columns.append(column)
            self.titles.append(title)
        row.addStretch(1)
        self.setWidget(holder)

    def set_rows(self, rows: list[ProspectRow], keep: int | None = None) -> None:
        """Deal the prospects out to their stages' columns."""
        for column, title in zip(self.columns, self.titles, strict=True):
            mine = [r for r in rows if r.stage == column.stage.value]
            column.set_rows(mine, keep)
            title.setText(f"{column.stage.label} · {len(mine)}")

    def column_of(self, stage: str) -> StageColumn:
        """The column of a stage."""
        return next(c for c in self.columns if c.stage.value == stage)

    def focus_card(self, prospect_id: int) -> None:
        """Put the keyboard on a card, wherever it is now."""
        for column in self.columns:
            for i in range(column.count()):
                if int(column.item(i).data(Qt.ItemDataRole.UserRole)) == prospect_id:
                    column.setCurrentRow(i)
                    column.setFocus()
                    self.ensureWidgetVisible(column)
                    return

    def _focus_next(self, column: StageColumn, step: int) -> None:
        at = self.columns.index(column) + step
        if 0 <= at < len(self.columns):
            target = self.columns[at]
            if target.count() and target.currentRow() < 0:
                target.setCurrentRow(0)
            target.setFocus()
            self.ensureWidgetVisible(target)
