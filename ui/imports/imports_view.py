"""The Imports screen: past imports with their counts; start one, see what one did, or undo it."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import IntEnum
from pathlib import Path
from typing import Any

import qtawesome as qta
from PySide6.QtCore import (
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from organizer.services.changes import IMPORTS
from organizer.services.container import Services
from organizer.services.imports import (
    BatchRow,
    EditedRecord,
    EditedSinceImport,
    ImportResult,
    UndoReport,
    named_records,
)
from ui.imports.import_parts import (
    RIGHT,
    CountsGrid,
    IssueTabs,
    confirm,
    count_of,
    error_text,
    kind_label,
    report_counts,
    show_status,
    status_label,
    table_view,
    undo_message,
    undo_question,
)
from ui.imports.import_wizard import ImportWizard
from ui.shared.changes import RefreshOnChange
from ui.shared.rows_model import ModelIndex, RowsModel
from ui.shared.tasks import run_in_background
from ui.shared.widgets import EmptyState, count_text, name_widget

EMPTY_TEXT = ("No imports yet", "Import a spreadsheet to add people, or to load a voter roll.")
NAMED_IN_QUESTION = 8


class Col(IntEnum):
    """The columns of the imports table."""

    ID = 0
    DATE = 1
    KIND = 2
    FILE = 3
    ROWS = 4
    CREATED = 5
    UPDATED = 6
    UNCHANGED = 7
    REJECTED = 8
    STATE = 9


HEADERS = ("No.", "Date", "Kind", "File", "Rows", "Added", "Updated", "Unchanged", "Rejected", "State")
NUMBERS = {Col.ID: "id", Col.ROWS: "rows", Col.CREATED: "created", Col.UPDATED: "updated",
           Col.UNCHANGED: "unchanged", Col.REJECTED: "rejected"}


def edited_warning(edited: tuple[EditedRecord, ...], kind: str) -> str:
    """The part of the undo question naming who was edited since the import (empty when nobody was)."""
    if not edited:
        return ""
    verb = "was" if len(edited) == 1 else "were"
    return (f"\n\n{count_of(len(edited), kind)} {verb} edited after this import; undoing it removes or "
            f"rolls them back, losing those edits: {named_records(edited, NAMED_IN_QUESTION)}.")


def local_time(moment: datetime) -> datetime:
    """A stored time (UTC, naive when SQLite returns it) in the computer's time zone."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone()


class BatchTableModel(RowsModel[BatchRow]):
    """Past imports as rows; never touches the database (`set_rows` is fed from a background load)."""

    IdRole = Qt.ItemDataRole.UserRole + 1
    SortRole = Qt.ItemDataRole.UserRole + 2
    column_count = len(Col)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        batch = self.row_for(index)
        if batch is None:
            return None
        col = Col(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(batch, col)
        if role == self.SortRole:
            return self._raw(batch, col)
        if role == self.IdRole:
            return batch.id
        if role == Qt.ItemDataRole.TextAlignmentRole and col in NUMBERS:
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and batch.undone:
            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        return None

    def _raw(self, batch: BatchRow, col: Col) -> Any:
        if col in NUMBERS:
            return getattr(batch, NUMBERS[col])
        return {Col.DATE: batch.imported_at.isoformat(), Col.KIND: kind_label(batch.kind),
                Col.FILE: batch.file_name.casefold(), Col.STATE: int(batch.undone)}[col]

    def _text(self, batch: BatchRow, col: Col) -> str:
        if col in NUMBERS:
            return f"{getattr(batch, NUMBERS[col]):,}"
        if col == Col.DATE:
            return f"{local_time(batch.imported_at):%Y-%m-%d %H:%M}"
        if col == Col.KIND:
            return kind_label(batch.kind)
        if col == Col.FILE:
            return batch.file_name
        return "Undone" if batch.undone else "Imported"

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in NUMBERS:
            return RIGHT
        return None


class ImportDetailsDialog(QDialog):
    """What one past import did: its counts, the rows it rejected and the values it kept as typed."""

    def __init__(self, batch: BatchRow, report: ImportResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import {batch.id}: {batch.file_name}")
        when = f"{local_time(batch.imported_at):%Y-%m-%d %H:%M}"
        about = f"“{batch.file_name}”, imported {when}: {count_of(report.rows or batch.rows, 'rows')} " \
                f"read, headers on row {report.header_row or '?'}."
        if batch.undone:
            about += " This import was undone."
        self.summary = QLabel(about)
        self.summary.setWordWrap(True)
        name_widget(self.summary, "Summary")
        self.counts = CountsGrid()
        self.counts.set_counts(report_counts(report))
        self.issues = IssueTabs()
        self.issues.show_report(report)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.summary, self.counts):
            layout.addWidget(widget)
        layout.addWidget(self.issues, 1)
        layout.addWidget(buttons)
        self.resize(760, 520)


class ImportsView(QWidget):
    """Every import so far, newest first, with Import, Undo and Details."""

    data_changed = Signal()  # after an import or an undo: people, voters and counts may differ

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.wizard: ImportWizard | None = None
        self.details: ImportDetailsDialog | None = None
        self.model = BatchTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(BatchTableModel.SortRole)
        self.view = table_view(self.proxy, "Past imports", row_numbers=False)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(Col.ID, Qt.SortOrder.DescendingOrder)
        self.view.setSelectionMode(self.view.SelectionMode.SingleSelection)
        header = self.view.horizontalHeader()  # numbers as wide as they need, the file name takes the rest
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Col.FILE, QHeaderView.ResizeMode.Stretch)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.view.activated.connect(self.show_details)  # Enter or a double click
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.view, self.undo_selected,
                  context=Qt.ShortcutContext.WidgetShortcut)  # asks first, like every delete
        self.import_button = self._button("fa5s.file-import", "&Import a spreadsheet…", "Import a spreadsheet",
                                          self.open_wizard)
        self.undo_button = self._button("fa5s.undo", "&Undo", "Undo the selected import", self.undo_selected)
        self.details_button = self._button("fa5s.info-circle", "&Details", "Details of the selected import",
                                           self.show_details)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        name_widget(self.count_label, "Number of imports")
        self.empty = EmptyState("fa5s.file-import", self)
        self.empty.set_text(*EMPTY_TEXT)
        self.empty.add_button("Import a spreadsheet…", "fa5s.file-import", self.open_wizard, default=True)
        self.empty.finish_buttons()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.view)
        self.status = status_label()
        self._lay_out()
        self._update_buttons()
        # Imports and undos made anywhere (the main window's wizard, the command line's services) show here.
        self.listener = RefreshOnChange(services.changes, frozenset({IMPORTS}), lambda _change: self.refresh(), self)
        self.refresh()

    def _button(self, icon: str, text: str, name: str, slot: Any) -> QPushButton:
        button = QPushButton(qta.icon(icon), text)
        name_widget(button, name)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _lay_out(self) -> None:
        bar = QHBoxLayout()
        for button in (self.import_button, self.undo_button, self.details_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.status)

    def refresh(self) -> None:
        """Load the list of imports again (in the background)."""
        imports = self.services.imports  # the worker gets the service, never this widget
        run_in_background(self, lambda _p, _c: imports.batches(), self._loaded,
                          lambda exc: show_status(self.status, error_text(exc), error=True))

    def selected(self) -> BatchRow | None:
        """The import selected in the table, if any."""
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(self.proxy.mapToSource(rows[0]).row()) if rows else None

    def open_wizard(self, path: Path | None = None) -> ImportWizard:
        """Start the import wizard (window-modal, never blocking the event loop)."""
        wizard = ImportWizard(self.services, path, self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.import_finished.connect(self._changed)
        self.wizard = wizard
        wizard.open()
        return wizard

    def undo_selected(self) -> None:
        """Find who was edited since the import (in the background), ask naming them, then undo."""
        batch = self.selected()
        if batch is None or batch.undone or not self.undo_button.isEnabled():
            return
        self.undo_button.setEnabled(False)
        imports = self.services.imports
        run_in_background(self, lambda _p, _c: imports.edited_since(batch.id),
                          lambda edited: self._ask_and_undo(batch, edited), self._undo_failed)

    def _ask_and_undo(self, batch: BatchRow, edited: tuple[EditedRecord, ...]) -> None:
        question = undo_question(batch.id, batch.file_name, batch.created, batch.updated, batch.kind)
        if not confirm(self, "Undo this import?", question + edited_warning(edited, batch.kind)):
            self._update_buttons()
            return
        show_status(self.status, f"Undoing import {batch.id}…")
        confirmed = frozenset(record.id for record in edited)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, EditedSinceImport):  # someone edited more meanwhile: ask again, naming them
                self._ask_and_undo(batch, exc.edited)
            else:
                self._undo_failed(exc)

        imports = self.services.imports
        run_in_background(self, lambda _p, _c: imports.undo(batch.id, confirmed=confirmed), self._undone, failed)

    def _undone(self, report: UndoReport) -> None:
        show_status(self.status, undo_message(report))
        self._changed()

    def _undo_failed(self, exc: BaseException) -> None:
        show_status(self.status, error_text(exc), error=True)
        self._update_buttons()

    def show_details(self) -> None:
        """Open the stored report of the selected import."""
        batch = self.selected()
        if batch is None:
            return

        def done(report: ImportResult) -> None:
            if self.details is not None:
                self.details.deleteLater()  # one details window at a time
            self.details = ImportDetailsDialog(batch, report, self)
            self.details.open()

        imports = self.services.imports
        run_in_background(self, lambda _p, _c: imports.report(batch.id), done,
                          lambda exc: show_status(self.status, error_text(exc), error=True))

    def _loaded(self, rows: list[BatchRow]) -> None:
        chosen = self.selected()
        self.model.set_rows(rows)
        self.stack.setCurrentWidget(self.view if rows else self.empty)
        self.count_label.setText(count_text(len(rows), len(rows), "import", "imports") if rows else "")
        if chosen is not None:
            self._select(chosen.id)
        self._update_buttons()

    def _select(self, batch_id: int) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(BatchTableModel.IdRole) == batch_id:
                self.view.selectRow(row)

    def _changed(self, _report: object = None) -> None:
        self.refresh()
        self.data_changed.emit()

    def _update_buttons(self) -> None:
        batch = self.selected()
        self.undo_button.setEnabled(batch is not None and not batch.undone)
        self.details_button.setEnabled(batch is not None)
