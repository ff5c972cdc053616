"""People → Export…: which people (all, the current search and filter, the selected rows), CSV or xlsx,
which fields; written in the background with progress and Cancel."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import qtawesome as qta
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from organizer.progress import Cancelled, CancelToken, Progress
from organizer.services.container import Services
from organizer.services.people import PeopleQuery
from organizer.services.people_export import FORCE_HINT, ExportRequest, ExportResult
from ui.imports.import_parts import error_text, show_status, status_label
from ui.shared.job_dialog import JobDialog
from ui.shared.tasks import run_in_background
from ui.shared.widgets import name_widget

FORMATS = (("xlsx", "Excel workbook (.xlsx)"), ("csv", "CSV, comma-separated (.csv)"))
SAVE_FILTERS = {".xlsx": "Excel workbook (*.xlsx)", ".csv": "CSV file (*.csv)"}
ALL, FILTERED, SELECTED = "all", "filtered", "selected"
FIELD_COLUMNS = 3


class ExportDialog(JobDialog):
    """Choose what to export, then where; the save dialog's own "replace?" question is the consent to replace."""

    def __init__(self, services: Services, query: PeopleQuery, selected_ids: Sequence[int],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export people")
        self.setObjectName("exportDialog")
        self._services = services
        self._query = query
        self._selected = tuple(selected_ids)
        self.written: ExportResult | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self._who_box())
        layout.addWidget(self._format_box())
        layout.addWidget(self._fields_box())
        self.progress = QProgressBar(self)
        self.progress.setVisible(False)
        name_widget(self.progress, "Export progress")
        layout.addWidget(self.progress)
        self.status = status_label("Export status")
        layout.addWidget(self.status)
        layout.addLayout(self._buttons())
        self._count_people()

    # Building --------------------------------------------------------------------------------

    def _who_box(self) -> QGroupBox:
        box = QGroupBox("Which people", self)
        row = QVBoxLayout(box)
        self.who = QButtonGroup(self)
        filtered = bool(self._query.text or self._query.tag or self._query.volunteer_status)
        self.who_buttons: dict[str, QRadioButton] = {}
        for key, text in ((ALL, "Everyone"), (FILTERED, "The people the current search and filters show"),
                          (SELECTED, f"The selected rows ({len(self._selected):,})")):
            button = QRadioButton(text, box)
            name_widget(button, text)
            self.who.addButton(button)
            self.who_buttons[key] = button
            row.addWidget(button)
        for key, possible in ((FILTERED, filtered), (SELECTED, bool(self._selected))):
            self.who_buttons[key].setEnabled(possible)
            self.who_buttons[key].setProperty("blocked", not possible)
        default = SELECTED if len(self._selected) > 1 else FILTERED if filtered else ALL
        self.who_buttons[default].setChecked(True)
        return box

    def _format_box(self) -> QGroupBox:
        box = QGroupBox("File type", self)
        row = QHBoxLayout(box)
        self.format_buttons: dict[str, QRadioButton] = {}
        for key, text in FORMATS:
            button = QRadioButton(text, box)
            name_widget(button, text)
            self.format_buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        self.format_buttons["xlsx"].setChecked(True)
        return box

    def _fields_box(self) -> QGroupBox:
        box = QGroupBox("Fields", self)
        grid = QGridLayout(box)
        self.field_boxes: dict[str, QCheckBox] = {}
        for i, (key, label) in enumerate(self._services.exports.fields()):
            check = QCheckBox(label, box)
            check.setChecked(True)
            name_widget(check, label, f"Export {label.lower()}")
            check.toggled.connect(lambda _on: self._update_buttons())
            self.field_boxes[key] = check
            grid.addWidget(check, i // FIELD_COLUMNS, i % FIELD_COLUMNS)
        bottom = (len(self.field_boxes) + FIELD_COLUMNS - 1) // FIELD_COLUMNS
        row = QHBoxLayout()
        self.select_buttons: list[QPushButton] = []
        for text, on in (("Select all", True), ("Select none", False)):
            button = QPushButton(text, box)
            button.clicked.connect(lambda _c=False, on=on: self._check_all(on))
            self.select_buttons.append(button)
            row.addWidget(button)
        row.addStretch(1)
        grid.addLayout(row, bottom, 0, 1, FIELD_COLUMNS)
        return box

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addStretch(1)
        self.export_button = QPushButton(qta.icon("fa5s.file-export"), "Export…", self)
        self.export_button.setDefault(True)
        name_widget(self.export_button, "Export", "Choose where to save the file, then export")
        self.export_button.clicked.connect(self.choose_and_export)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.clicked.connect(self.cancel_job)
        self.close_button = QPushButton("Close", self)
        self.close_button.clicked.connect(self.reject)
        self.cancel_button.setVisible(False)
        for button in (self.export_button, self.cancel_button, self.close_button):
            row.addWidget(button)
        return row

    def _check_all(self, on: bool) -> None:
        for check in self.field_boxes.values():
            check.setChecked(on)

    def _update_buttons(self) -> None:
        self.export_button.setEnabled(self.task is None and bool(self.fields()))

    def _count_people(self) -> None:
        people, query = self._services.people, self._query
        run_in_background(self, lambda _p, _c: (people.count(), people.count(query)), self._counted,
                          lambda exc: None)  # the counts only decorate the choices

    def _counted(self, counts: tuple[int, int]) -> None:
        everyone, shown = counts
        self.who_buttons[ALL].setText(f"Everyone ({everyone:,})")
        if self.who_buttons[FILTERED].isEnabled():
            self.who_buttons[FILTERED].setText(f"The people the current search and filters show ({shown:,})")

    # What was chosen -------------------------------------------------------------------------

    def fields(self) -> tuple[str, ...]:
        """The checked fields, in export order."""
        return tuple(key for key, check in self.field_boxes.items() if check.isChecked())

    def suffix(self) -> str:
        """".xlsx" or ".csv", as chosen."""
        return next(f".{key}" for key, button in self.format_buttons.items() if button.isChecked())

    def request(self, path: Path, force: bool) -> ExportRequest:
        """The export the dialog's choices describe."""
        who = next(key for key, button in self.who_buttons.items() if button.isChecked())
        query = PeopleQuery(sort=self._query.sort, descending=self._query.descending)
        if who != ALL:
            query = self._query
        every = len(self.fields()) == len(self.field_boxes)
        return ExportRequest(path, query, person_ids=self._selected if who == SELECTED else (),
                             fields=() if every else self.fields(), force=force)

    def choose_path(self) -> tuple[Path, bool] | None:
        """Ask where to save; returns the path and whether replacing a file there was agreed (the save
        dialog asked), or None when the user backed out."""
        suffix = self.suffix()
        start = str(Path.home() / f"people{suffix}")
        name, _chosen = QFileDialog.getSaveFileName(self, "Export people to", start, SAVE_FILTERS[suffix])
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() != suffix:
            return path.with_name(path.name + suffix), False  # a name the save dialog never checked
        return path, True

    # Running ---------------------------------------------------------------------------------

    def choose_and_export(self) -> None:
        """Export…: ask where, then write in the background."""
        chosen = self.choose_path()
        if chosen is not None:
            self.start(self.request(*chosen))

    def start(self, request: ExportRequest) -> None:
        """Write the export off the GUI thread, with progress and Cancel."""
        exports = self._services.exports
        protect = [self._services.path] if self._services.path else []

        def job(progress: Progress, cancel: CancelToken) -> ExportResult:
            return exports.people(request, protect=protect, progress=progress, cancel=cancel)

        self._running(True)
        show_status(self.status, "Exporting…")
        self.task = run_in_background(self, job, self._done, self._failed, self._progressed)

    def _progressed(self, done: int, total: int, message: str) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(message)

    def _done(self, result: Any) -> None:
        self.written = result
        self._running(False)
        noun = "person" if result.people == 1 else "people"
        show_status(self.status, f"Exported {result.people:,} {noun} to {result.path}")
        self.close_button.setFocus()

    def _failed(self, exc: BaseException) -> None:
        self._running(False)
        # The command line's "--force" is the save dialog's "Replace?" here.
        text = error_text(exc).replace(FORCE_HINT, "choose it in the save dialog and agree to replace it")
        show_status(self.status, text, error=not isinstance(exc, Cancelled))

    def _running(self, running: bool) -> None:
        if not running:
            self.task = None
        self.progress.setVisible(running)
        self.progress.setValue(0)
        self.cancel_button.setVisible(running)
        self.close_button.setVisible(not running)
        for widget in (*self.who_buttons.values(), *self.format_buttons.values(), *self.field_boxes.values(),
                       *self.select_buttons):
            widget.setEnabled(not running and widget.property("blocked") is not True)
        self._update_buttons()



def open_export_dialog(parent: QWidget, services: Services, query: PeopleQuery,
                       selected_ids: Sequence[int]) -> ExportDialog:
    """Show the export dialog over its window (it closes itself when done with)."""
    dialog = ExportDialog(services, query, selected_ids, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
