"""Pieces of the import screens (tables, counts, a job panel) and the wizard's check, import and report pages."""

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
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
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
    QWizard,
    QWizardPage,
)

from organizer.errors import UserError
from organizer.importing.reading import FileProblem
from organizer.importing.report import ImportReport, RowIssue
from organizer.logs import log_file
from organizer.services.imports import ImportOptions, ImportService
from organizer.services.progress import Cancelled, CancelToken, Progress
from ui.tasks import TaskHandle, run_in_background
from ui.widgets import ElidedDelegate, name_widget

Index = QModelIndex | QPersistentModelIndex
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
RunArgs = Callable[[bool], tuple[Path, str, ImportOptions]]  # dry_run -> (path, kind, options)
NOUNS = {"people": ("person", "people"), "voters": ("voter", "voters")}
SAVE_FILTER = "Excel workbook (*.xlsx);;CSV file (*.csv)"


def count_of(n: int, kind: str) -> str:
    """ "1 person", "1,204 people", "3 voters"."""
    one, many = NOUNS.get(kind, ("row", "rows"))
    return f"{n:,} {one if n == 1 else many}"


def error_text(exc: BaseException) -> str:
    """One plain line: the user's problem as the core words it, or where the log of a bug is."""
    if isinstance(exc, UserError | FileProblem):
        return str(exc)
    return f"Something went wrong. The details are in the log: {log_file()}"


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


def report_counts(report: ImportReport | dict[str, Any], future: bool = False) -> list[tuple[str, int]]:
    """The counts worth showing, worded for a dry run (`future`) or a finished import."""
    data = report if isinstance(report, dict) else report.to_json()
    words = [("created", "Will be added", "Added"), ("updated", "Will be updated", "Updated"),
             ("unchanged", "Will stay unchanged", "Unchanged"), ("rejected", "Will be rejected", "Rejected"),
             ("deactivated", "Will be marked inactive", "Marked inactive"),
             ("conflicts", "Differing values to review", "Differing values to review"),
             ("possible_duplicates", "Possible duplicates to review", "Possible duplicates to review")]
    return [(will if future else did, int(data.get(key) or 0)) for key, will, did in words
            if key in ("created", "updated", "unchanged", "rejected") or data.get(key)]


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

    def start(self, message: str, job: Callable[[Progress, CancelToken], Any], on_done: Callable[[Any], None]) -> None:
        """Run `job(progress, cancel)` in the background; a failure or a cancel is shown here."""
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
                show_status(self.message, error_text(failure), error=not isinstance(failure, Cancelled))

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

    def show_report(self, report: ImportReport) -> None:
        """Fill both tables from an import report."""
        self.show_issues([(r.row, r.cells, r.reason) for r in report.rejected_rows], report.warnings)


class JobPage(QWizardPage):
    """A page that runs the import (for real or as a dry run) as soon as it is shown."""

    def __init__(self, imports: ImportService, run_args: RunArgs, *, dry_run: bool, message: str) -> None:
        super().__init__()
        self.setCommitPage(True)  # past here, an import is undone from the report, never by going back
        self.imports, self.run_args, self.dry_run, self.message = imports, run_args, dry_run, message
        self.report: ImportReport | None = None
        self.panel = JobPanel()
        self.panel.retry_requested.connect(self.initializePage)
        self.box = QVBoxLayout(self)
        self.box.addWidget(self.panel)

    def initializePage(self) -> None:
        self.report = None
        imports, (path, kind, options) = self.imports, self.run_args(self.dry_run)

        def job(progress: Progress, cancel: CancelToken) -> ImportReport:  # runs on a worker: no widgets here
            return imports.run(path, kind, options, progress, cancel)

        self.panel.start(self.message, job, self.finished)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.report is not None

    def finished(self, report: ImportReport) -> None:
        """The run ended well."""
        self.report = report
        self.completeChanged.emit()


class CheckPage(JobPage):
    """Step 3: a dry run over every row, showing what the import would do and which rows fail."""

    def __init__(self, imports: ImportService, run_args: RunArgs) -> None:
        super().__init__(imports, run_args, dry_run=True, message="Checking every row… nothing is saved yet.")
        self.setTitle("Check the rows")
        self.setSubTitle("Nothing is saved yet: this is what the import would do.")
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Import")
        self.counts, self.issues = CountsGrid(), IssueTabs()
        self.box.addWidget(self.counts)
        self.box.addWidget(self.issues, 1)

    def initializePage(self) -> None:
        self.counts.set_counts([])
        self.issues.show_issues([], [])
        super().initializePage()

    def cleanupPage(self) -> None:
        self.panel.cancel()  # Back while checking

    def finished(self, report: ImportReport) -> None:
        if report.created + report.updated + report.unchanged == 0:
            text = "No row can be imported: go back and check which columns hold the names, emails and phones."
        else:
            text = f"Checked {report.rows:,} rows. Press Import to import them; nothing was changed yet."
        show_status(self.panel.message, text)
        self.counts.set_counts(report_counts(report, future=True))
        self.issues.show_report(report)
        super().finished(report)


class RunPage(JobPage):
    """Step 4: the real import, with progress and a Cancel that leaves everything as it was."""

    imported = Signal(object)  # ImportReport

    def __init__(self, imports: ImportService, run_args: RunArgs) -> None:
        super().__init__(imports, run_args, dry_run=False, message="Importing… (a backup of the database comes first)")
        self.setTitle("Importing")
        self.setSubTitle("You can cancel until it finishes: a cancelled import changes nothing.")
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Next >")
        self.box.addStretch(1)

    def finished(self, report: ImportReport) -> None:
        show_status(self.panel.message, "Done.")
        super().finished(report)
        self.imported.emit(report)
        QTimer.singleShot(0, self._advance)

    def _advance(self) -> None:
        wizard = self.wizard()
        if wizard is not None and wizard.currentPage() is self:
            wizard.next()


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


def undo_message(result: dict[str, int], kind: str) -> str:
    """What an undo did, in words."""
    removed, restored = result.get("removed", 0), result.get("restored", 0)
    text = f"The import was undone: {count_of(removed, kind)} removed"
    return text + (f", {count_of(restored, kind)} put back as they were before it." if restored else ".")


class ReportPage(QWizardPage):
    """Step 5: what the import did, with the rejected rows to save and an undo."""

    undone = Signal(object)  # the ImportReport of the import that was undone

    def __init__(self, imports: ImportService, run_args: RunArgs) -> None:
        super().__init__()
        self.setTitle("Import finished")
        self.setSubTitle("Here is what changed. You can save the rows that were left out, or undo the import.")
        self.imports, self.run_args = imports, run_args
        self.report: ImportReport | None = None
        self.summary, self.status, self.counts = status_label("Summary"), status_label(), CountsGrid()
        self.save_button = QPushButton(qta.icon("fa5s.save"), "&Save rejected rows…")
        self.undo_button = QPushButton(qta.icon("fa5s.undo"), "&Undo this import")
        buttons = QHBoxLayout()
        for button, slot in ((self.save_button, self._save), (self.undo_button, self._undo)):
            name_widget(button, button.text().replace("&", "").rstrip("…"))
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.counts)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def show_report(self, report: ImportReport) -> None:
        """Show the outcome of a finished import."""
        self.report = report
        text = f"Imported “{report.file_name}”: {count_of(report.created, report.kind)} added, " \
               f"{report.updated:,} updated."
        if report.backup:
            text += f"\nA copy of the database from before the import is kept at {report.backup}"
        show_status(self.summary, text)
        self.counts.set_counts(report_counts(report))
        self.save_button.setEnabled(bool(report.rejected_rows))
        self.undo_button.setEnabled(report.batch is not None)
        show_status(self.status, "")

    def _save(self) -> None:
        report = self.report
        if report is None:
            return
        suggested = self.run_args(False)[0].with_name(f"{Path(report.file_name).stem} - rejected rows.xlsx")
        name, chosen = QFileDialog.getSaveFileName(self, "Save rejected rows", str(suggested), SAVE_FILTER)
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() not in (".xlsx", ".csv"):
            path = path.with_name(path.name + (".csv" if "csv" in chosen.lower() else ".xlsx"))

        imports = self.imports

        def job(_progress: Progress, _cancel: CancelToken) -> int:
            try:
                return imports.save_rejected(report, path)
            except OSError as exc:
                raise UserError(f"The file could not be saved ({exc.strerror}): choose another folder.") from exc

        show_status(self.status, "Saving…")
        run_in_background(self, job, lambda n: show_status(self.status, f"Saved {n:,} rejected rows to {path}. "
                                                           "Fix them there and import that file again."),
                          lambda exc: show_status(self.status, error_text(exc), error=True))

    def _undo(self) -> None:
        report = self.report
        if report is None or report.batch is None:
            return
        batch, kind = report.batch, report.kind
        if not confirm(self, "Undo this import?", undo_question(None, "", report.created, report.updated, kind)):
            return
        self.undo_button.setEnabled(False)
        show_status(self.status, "Undoing the import…")

        def done(result: dict[str, int]) -> None:
            self.setSubTitle("The import was undone.")
            show_status(self.status, undo_message(result, kind))
            self.undone.emit(report)

        def failed(exc: BaseException) -> None:
            self.undo_button.setEnabled(True)
            show_status(self.status, error_text(exc), error=True)

        imports = self.imports
        run_in_background(self, lambda _p, _c: imports.undo(batch), done, failed)
