"""Small shared widgets: the search field, empty states, an eliding delegate, counts and error dialogs."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import qtawesome as qta
from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QFontMetrics, QHelpEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from organizer.errors import ValidationFailed, explain
from organizer.logs import log_file

log = logging.getLogger(__name__)
SEARCH_DELAY_MS = 150
ModelIndex = QModelIndex | QPersistentModelIndex


def resources_dir() -> Path:
    """The folder holding the stylesheet and icons: beside the source tree, in the package, or in a bundle."""
    here = Path(__file__).resolve().parent
    candidates = [here.parents[1] / "resources", here.parent / "resources"]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.insert(0, Path(bundle) / "resources")
    for folder in candidates:
        if (folder / "style.qss").is_file():
            return folder
    return candidates[-1]


def resource_path(name: str) -> Path:
    """One file from the resources folder."""
    return resources_dir() / name


def count_text(total: int, shown: int, singular: str, plural: str) -> str:
    """ "1,204 people, 37 shown", or just "1,204 people" when nothing is filtered out."""
    noun = singular if total == 1 else plural
    if shown == total:
        return f"{total:,} {noun}"
    return f"{total:,} {noun}, {shown:,} shown"


def name_widget(widget: QWidget, name: str, description: str = "") -> QWidget:
    """Give a control its accessible name (and description) for screen readers."""
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)
    return widget


class SearchField(QLineEdit):
    """A search box that reports its text once typing pauses; Escape clears it."""

    search_changed = Signal(str)
    down_pressed = Signal()

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchField")
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self.addAction(qta.icon("fa5s.search", color="gray"), QLineEdit.ActionPosition.LeadingPosition)
        name_widget(self, "Search", placeholder)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._emit)
        self.textChanged.connect(lambda _text: self._timer.start())

    def _emit(self) -> None:
        self.search_changed.emit(self.text().strip())

    def flush(self) -> None:
        """Report the current text now instead of after the pause (Enter does this)."""
        if self._timer.isActive():
            self._timer.stop()
            self._emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            self.flush()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.flush()
        if event.key() == Qt.Key.Key_Down:
            self.flush()
            self.down_pressed.emit()
            return
        super().keyPressEvent(event)


class EmptyState(QWidget):
    """A friendly page saying why a list is empty and what to do next, with buttons that do it."""

    def __init__(self, icon_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        self._icon = QLabel(self)
        self._icon.setPixmap(qta.icon(icon_name, color="gray").pixmap(QSize(56, 56)))
        self._icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel(self)
        self.title.setObjectName("emptyTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setObjectName("emptyMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self._buttons = QHBoxLayout()
        self._buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        for widget in (self._icon, self.title, self.message):
            layout.addWidget(widget)
        layout.addSpacing(12)
        layout.addLayout(self._buttons)
        layout.addStretch(3)
        self._button_list: list[QPushButton] = []

    def set_text(self, title: str, message: str) -> None:
        """Say what is (not) here and why."""
        self.title.setText(title)
        self.message.setText(message)
        self.setAccessibleName(title)

    def add_button(
        self, text: str, icon_name: str, slot: Callable[[], object], *, default: bool = False
    ) -> QPushButton:
        """A button offering the next step."""
        button = QPushButton(qta.icon(icon_name), text, self)
        button.setAccessibleName(text.replace("…", ""))
        button.setDefault(default)
        button.clicked.connect(lambda _checked=False: slot())
        self._buttons.insertWidget(self._buttons.count(), button)
        self._button_list.append(button)
        return button

    def finish_buttons(self) -> None:
        """Centre the buttons once all are added."""
        self._buttons.addStretch(1)

    def show_buttons(self, *texts: str) -> None:
        """Show only the buttons with these texts."""
        for button in self._button_list:
            button.setVisible(button.text() in texts)

    def buttons(self) -> list[QPushButton]:
        """Every button, shown or not (for tests and tab order)."""
        return list(self._button_list)


class ElidedDelegate(QStyledItemDelegate):
    """Elides long text at the right and shows the whole value as a tooltip only when it was cut."""

    def helpEvent(
        self, event: QHelpEvent, view: QAbstractItemView, option: QStyleOptionViewItem, index: ModelIndex
    ) -> bool:
        if event is None or event.type() != QEvent.Type.ToolTip:
            return super().helpEvent(event, view, option, index)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        tip = index.data(Qt.ItemDataRole.ToolTipRole)
        if is_elided(option, text):
            QToolTip.showText(event.globalPos(), text if not tip else f"{text}\n{tip}", view)
            return True
        if tip:
            QToolTip.showText(event.globalPos(), str(tip), view)
            return True
        QToolTip.hideText()
        event.ignore()
        return True


def make_list_table(parent: QWidget, model: QAbstractItemModel, name: str, description: str,
                    stretch: int, widths: dict[Any, int], multi_select: bool) -> QTableView:
    """A read-only, row-selecting, header-sortable table as every list screen shows it."""
    table = QTableView(parent)
    name_widget(table, name, description)
    table.setModel(model)
    table.setItemDelegate(ElidedDelegate(table))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    mode = QAbstractItemView.SelectionMode
    table.setSelectionMode(mode.ExtendedSelection if multi_select else mode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 12)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    for column, width in widths.items():
        header.resizeSection(column, width)
    header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
    table.setSortingEnabled(True)
    return table


def focus_search_field(search: QLineEdit) -> None:
    """Ctrl+F: put the cursor in a screen's search box, its text selected."""
    search.setFocus(Qt.FocusReason.ShortcutFocusReason)
    search.selectAll()


def focus_first_row(table: QTableView) -> None:
    """Move from a search box into its list, landing on the first row if none is current."""
    model = table.model()
    if model is not None and model.rowCount():
        table.setFocus()
        if not table.currentIndex().isValid():
            table.selectRow(0)


def is_elided(option: QStyleOptionViewItem, text: str) -> bool:
    """Whether `text` is too wide for the cell described by `option` (so it is shown cut)."""
    style = option.widget.style() if option.widget is not None else None
    margin = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1) if style else 6
    return QFontMetrics(option.font).horizontalAdvance(text) > option.rect.width() - margin


def show_problem(parent: QWidget | None, exc: BaseException, title: str = "Chapter Organizer") -> None:
    """A plain message for something the user can act on; the "something went wrong" dialog for a bug."""
    explained = explain(exc)
    if isinstance(exc, ValidationFailed) and exc.problems:  # each problem under its field's name in words
        QMessageBox.warning(parent, title, "\n".join(f"{key.replace('_', ' ').capitalize()}: {why}" if key else why
                                                    for key, why in exc.problems.items()))
        return
    if explained.user_error:
        QMessageBox.warning(parent, title, explained.message)
        return
    show_bug_dialog(parent)


def show_bug_dialog(parent: QWidget | None) -> None:
    """Tell the user a bug happened and where its details were written."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("Something went wrong")
    box.setText("Something went wrong. What you were doing may not have finished.")
    box.setInformativeText(
        f"The details were written to the log file:\n{log_file()}\n\n"
        "Please send that file to whoever looks after Chapter Organizer for your chapter."
    )
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.exec()


def standard_shortcut(key: QKeySequence.StandardKey, fallback: str) -> QKeySequence:
    """A platform shortcut, or `fallback` where the platform has none."""
    sequence = QKeySequence(key)
    return sequence if not sequence.isEmpty() else QKeySequence(fallback)


class FieldBox(QWidget):
    """A form field with its label above and a red inline problem below (hidden until needed)."""

    def __init__(self, label: str, field: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.label = QLabel(label, self)
        self.label.setObjectName("fieldLabel")
        self.label.setBuddy(field)
        self.error = QLabel(self)
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        name_widget(field, label.replace("&", "").rstrip(":"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.label)
        layout.addWidget(field)
        layout.addWidget(self.error)

    def set_problem(self, text: str) -> None:
        """Show (or with "" hide) the reason this field was refused."""
        self.error.setText(text)
        self.error.setVisible(bool(text))
        self.field.setProperty("invalid", bool(text))
        self.field.style().unpolish(self.field)
        self.field.style().polish(self.field)
        self.field.setAccessibleDescription(text)


class ListCompleter(QCompleter):
    """Completes the last item of a comma-separated list ("Parent, Door kn" → "Parent, Door knocker")."""

    def __init__(self, words: list[str], parent: QObject | None = None) -> None:
        super().__init__(words, parent)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)

    def splitPath(self, path: str) -> list[str]:
        return [path.rsplit(",", 1)[-1].strip()]

    def pathFromIndex(self, index: ModelIndex) -> str:
        widget = self.widget()
        text = widget.text() if isinstance(widget, QLineEdit) else ""
        head = text.rsplit(",", 1)[0] + ", " if "," in text else ""
        return head + str(index.data())


def split_list(text: str) -> list[str]:
    """Items of a comma-separated (or one-per-line) list, without blanks."""
    return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]


def delete_key_action(table: QAbstractItemView, icon: str, text: str, slot: Callable[[], object]) -> QAction:
    """A table's delete action, on the Delete and Backspace keys while the table has the focus (the
    table's own, added to it, so its right-click menu can show it too)."""
    action = QAction(qta.icon(icon), text, table)
    action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Delete), QKeySequence("Backspace")])
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.triggered.connect(slot)
    table.addAction(action)
    return action
