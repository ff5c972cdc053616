"""Shared pieces of the import screens: a text table, counts, a background job panel, problem tables."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import qtawesome as qta
from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from organizer.progress import Cancelled, CancelToken, Progress
from organizer.services.imports import ImportResult, MassInactive, RowIssue, UndoReport, import_kinds
from ui.shared.tasks import TaskHandle, failure_text, run_in_background
from ui.shared.widgets import ElidedDelegate, name_widget

Index = QModelIndex | QPersistentModelIndex
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
KINDS = {kind.name: kind for kind in import_kinds()}


def select_data(combo: QComboBox, value: str | None, label: str) -> None:
    """Select the item holding `value`, adding it (as `label`) when the list lacks it."""
    if combo.findData(value) < 0 and value is not None:
        combo.addItem(label, value)
    combo.setCurrentIndex(combo.findData(value))


def typed_path(text: str) -> Path | None:
    """The path typed or pasted (quotes a file manager adds dropped), or None when the box is empty."""
    text = text.strip().strip('"').strip("'")
    return Path(text).expanduser() if text else None


def kind_label(kind: str) -> str:
    """How lists name a kind of import ("Voter roll"); a kind this version does not know, by its name."""
    known = KINDS.get(kind)
    return known.label if known is not None else kind


def count_of(n: int, kind: str) -> str:
    """ "1 person", "1,204 people", "3 voters"; "rows" for a kind this version does not know."""
    known = KINDS.get(kind)
    one, many = known.nouns if known is not None else ("row", "rows")
    return f"{n:,} {one if n == 1 else many}"


def error_text(exc: BaseException) -> str:
    """One plain line: the user's problem as the core words it, or where the log of a bug is."""
    return failure_text(exc)


def show_status(label: QLabel, text: str, *, error: bool = False) -> None:
    """Show a status line (hidden when empty); errors take the stylesheet's error colour."""
    label.setText(text)
    label.setVisible(bool(text))
    name = "fieldError" if error else "statusNote"
    if label.objectName() != name:
        label.setObjectName(name)
        label.style().unpolish(label)
        label.style().polish(label)


def status_label(name: str = "Status") -> QLabel:
    """A wrapped, selectable status line, hidden while empty."""
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setVisible(False)
    name_widget(label, name)
    return label


class TextTableModel(QAbstractTableModel):
    """A read-only table of text and numbers; numbers right-aligned, one row can stand out."""

    def __init__(self, headers: Sequence[str] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers, self._rows = list(headers), list[Sequence[object]]()
        self._highlight: int | None = None
        self._muted_before = 0

    def set_rows(self, rows: Sequence[Sequence[object]], *, headers: Sequence[str] | None = None,
                 highlight: int | None = None, muted_before: int = 0) -> None:
        """Replace everything; `highlight` and `muted_before` are 0-based row positions."""
        self.beginResetModel()
        self._rows, self._highlight, self._muted_before = list(rows), highlight, muted_before
        if headers is not None:
            self._headers = list(headers)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        cells = self._rows[index.row()]
        value = cells[index.column()] if index.column() < len(cells) else ""  # rows of a sheet are ragged
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return f"{value:,}" if isinstance(value, int) else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int):
            return RIGHT
        palette = QApplication.palette()
        if index.row() == self._highlight and role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if index.row() == self._highlight and role == Qt.ItemDataRole.BackgroundRole:
            colour = QColor(palette.color(QPalette.ColorRole.Highlight))
            colour.setAlpha(60)
            return colour
        if role == Qt.ItemDataRole.ForegroundRole and index.row() < self._muted_before:
            return palette.color(QPalette.ColorRole.PlaceholderText)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or section < 0:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if section < len(self._headers) else None
        return str(section + 1) if section < len(self._rows) else None


def table_view(model: QAbstractItemModel, name: str, *, row_numbers: bool = True) -> QTableView:
    """A read-only, keyboard-navigable table; long text elided, whole in a tooltip."""
    view = QTableView()
    view.setModel(model)
    view.setItemDelegate(ElidedDelegate(view))
    name_widget(view, name)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setWordWrap(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.verticalHeader().setVisible(row_numbers)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    return view


def fit_columns(view: QTableView, widest: int = 260) -> None:
    """Size columns to their contents, none wider than `widest`."""
    view.resizeColumnsToContents()
    for column in range(view.model().columnCount()):
        view.setColumnWidth(column, min(view.columnWidth(column), widest))


# (report key, worded for a dry run's check, worded after the import)
ALWAYS_SHOWN = (("created", "Will be added", "Added"), ("updated", "Will be updated", "Updated"),
                ("unchanged", "Will stay unchanged", "Unchanged"), ("rejected", "Will be rejected", "Rejected"))
SHOWN_IF_ANY = (("conflicts", "Differing values to review", "Differing values to review"),
                ("possible_duplicates", "Possible duplicates to review", "Possible duplicates to review"))


def report_counts(report: ImportResult, future: bool = False) -> list[tuple[str, int]]:
    """The counts worth showing (the kind's own among them), worded for a dry run (`future`) or after it."""
    known = KINDS.get(report.kind)
    own = [(c.key, c.will, c.did) for c in (known.counts if known is not None else ())]
    return [(will if future else did, report.count(key)) for key, will, did in ALWAYS_SHOWN] + [
        (will if future else did, report.count(key)) for key, will, did in [*own, *SHOWN_IF_ANY] if report.count(key)]


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every widget of a layout."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()


class CountsGrid(QWidget):
    """Labelled counts with the numbers right-aligned in one column."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 4, 0, 4)
        self._grid.setColumnStretch(2, 1)

    def set_counts(self, counts: Sequence[tuple[str, int]]) -> None:
        """Show these counts, replacing the previous ones."""
        clear_layout(self._grid)
        for row, (text, number) in enumerate(counts):
            value = QLabel(f"{number:,}")
            value.setAlignment(RIGHT)
            value.setMinimumWidth(value.fontMetrics().horizontalAdvance("0,000,000"))
            name_widget(value, text)
            self._grid.addWidget(QLabel(text), row, 0)
            self._grid.addWidget(value, row, 1)


class JobPanel(QWidget):
    """A background job shown in the page: a progress bar, what it is doing, a real Cancel, Try again."""

    retry_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.handle: TaskHandle | None = None
        self._generation = 0
        self.bar = QProgressBar()
        self.message = status_label("Progress message")
        self.cancel_button = QPushButton(qta.icon("fa5s.stop"), "&Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.retry_button = QPushButton(qta.icon("fa5s.redo"), "&Try again")
        self.retry_button.clicked.connect(self.retry_requested)
        for widget, name in ((self.bar, "Progress"), (self.cancel_button, "Cancel"), (self.retry_button, "Try again")):
            name_widget(widget, name)
        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.retry_button.hide()

    @property
    def running(self) -> bool:
        """Whether a job is under way."""
        return self.handle is not None and self.handle.running

    def start(self, message: str, job: Callable[[Progress, CancelToken], Any], on_done: Callable[[Any], None],
              failure_text: Callable[[BaseException], str | None] | None = None) -> None:
        """Run `job(progress, cancel)` in the background; a failure or a cancel is shown here
        (in `failure_text`'s words where it has some)."""
        self.bar.setRange(0, 0)
        for widget, visible in ((self.bar, True), (self.cancel_button, True), (self.retry_button, False)):
            widget.setVisible(visible)
        self.cancel_button.setEnabled(True)
        show_status(self.message, message)
        self._generation += 1
        generation = self._generation  # a job replaced by a newer one (Back, then Next) reports nothing

        def ended(failure: BaseException | None) -> None:
            if generation != self._generation:
                return
            self.bar.hide()
            self.cancel_button.hide()
            self.retry_button.setVisible(failure is not None)
            if failure is not None:
                text = failure_text(failure) if failure_text is not None else None
                show_status(self.message, text or error_text(failure), error=not isinstance(failure, Cancelled))

        def done(result: Any) -> None:
            if generation == self._generation:
                ended(None)
                on_done(result)

        self.handle = run_in_background(self, job, done, ended, self._progress)

    def cancel(self) -> None:
        """Ask the job to stop; it then ends showing "Cancelled: nothing was changed."."""
        if self.running and self.handle is not None:
            self.handle.cancel()
            self.cancel_button.setEnabled(False)
            show_status(self.message, "Stopping…")

    def _progress(self, done: int, total: int, message: str) -> None:
        if self.handle is None or not self.handle.running:
            return
        if total > 0:
            self.bar.setRange(0, 100)
            self.bar.setValue(min(100, done * 100 // total))
        if message and self.cancel_button.isEnabled():
            show_status(self.message, message)


class IssueTabs(QTabWidget):
    """Two tables: rows that will not be imported, and values kept as typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name_widget(self, "Problems found")
        self.rejected = TextTableModel(("Row", "What the row has", "Why it is left out"), self)
        self.warnings = TextTableModel(("Row", "Column", "Value", "Why it is kept as typed"), self)
        self.views = (table_view(self.rejected, "Rejected rows", row_numbers=False),
                      table_view(self.warnings, "Values kept as typed", row_numbers=False))
        for view in self.views:
            self.addTab(view, "")
        self.show_issues([], [])

    def show_issues(self, rejected: Sequence[tuple[int, Sequence[str], str]], warnings: Sequence[RowIssue]) -> None:
        """Fill both tables: rejected rows as (row, cells, reason), warnings as row issues."""
        self.rejected.set_rows([(row, " | ".join(c for c in cells if c.strip()), why) for row, cells, why in rejected])
        self.warnings.set_rows([(i.row, i.column, i.value, i.reason) for i in warnings])
        for view in self.views:
            fit_columns(view, 320)
        self.setTabText(0, f"&Rejected rows ({len(rejected):,})")
        self.setTabText(1, f"&Kept as typed ({len(warnings):,})")
        self.setCurrentIndex(0 if rejected or not warnings else 1)

    def show_report(self, report: ImportResult) -> None:
        """Fill both tables from an import report."""
        self.show_issues([(r.row, r.cells, r.reason) for r in report.rejected_rows], report.warnings)


def confirm(parent: QWidget, title: str, text: str) -> bool:
    """Ask a yes/no question; No is the default."""
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    answer = QMessageBox.question(parent, title, text, buttons, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def undo_question(number: int | None, file_name: str, created: int, updated: int, kind: str) -> str:
    """What undoing an import will do, asked before doing it."""
    which = f"import {number} of “{file_name}”" if number is not None else "this import"
    return (f"Undo {which}? This removes the {count_of(created, kind)} it added and puts back what it "
            f"changed in {count_of(updated, kind)}.")


def undo_message(report: UndoReport) -> str:
    """What an undo did, in words: removed and put back counted apart, and where the backup is."""
    text = f"The import was undone: {count_of(report.removed, report.kind)} removed"
    if report.restored:
        text += f", {count_of(report.restored, report.kind)} put back as they were before it"
    return text + (". The database as it was is kept as a backup (File → Backups…)." if report.backup else ".")


def rejected_table() -> tuple[TextTableModel, QTableView]:
    """A table of rejected rows: the row number, why, and the row's values under the file's headers."""
    model = TextTableModel(("Row", "Why it was left out"))
    view = table_view(model, "Rows left out", row_numbers=False)
    view.setMinimumHeight(view.verticalHeader().defaultSectionSize() * 5)
    view.hide()
    return model, view


def mass_inactive_question(exc: MassInactive) -> str:
    """Why a voter-file refresh would mark so many voters inactive, asked before going ahead."""
    if exc.has_ids:
        what = (f"This voter file would mark {exc.would:,} of the {exc.active:,} active voters inactive: more than "
                "a fifth of the roll is not in it.")
    else:
        what = (f"This voter file holds no voter ids, so none of the {exc.active:,} active voters can be found in "
                f"it and {exc.would:,} would be marked inactive.")
    return (f"{what}\n\nA refresh marks inactive every voter who is no longer in the file, because the county "
            "leaves out people who moved away, died or were removed from the roll. That is right when this file "
            "is the whole new roll. When it holds only part of it (one precinct, a filtered export) those voters "
            "would be marked inactive by mistake.\n\nIs this file the whole new voter roll? Nothing is saved until "
            "you press Import; an import can be undone.")
