"""The Walk lists section: build (filters, turf size, preview), the lists and their turfs, print, assign, results."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGridLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from organizer.services.changes import IMPORTS, PEOPLE, VOTERS, Change
from organizer.services.container import Services
from organizer.services.walklists import WALKLISTS, Outputs
from organizer.services.walklists.progress_rows import TurfProgress, WalkListRow
from organizer.services.walklists.results import import_results, record_entries
from ui.shared.changes import RefreshOnChange
from ui.shared.person_picker import PersonPicker
from ui.shared.tasks import run_in_background
from ui.shared.widgets import name_widget, show_problem
from ui.walklists.build_panel import BuildPanel
from ui.walklists.results_grid import ResultsGrid

LIST_COLUMNS = ("List", "Name", "Made", "Turfs", "Doors", "Knocked")
TURF_COLUMNS = ("No.", "Turf", "Doors", "Knocked", "People", "Contacts", "Refusals", "Canvasser")


def _table(parent: QWidget, columns: tuple[str, ...], name: str) -> QTableWidget:
    table = QTableWidget(0, len(columns), parent)
    table.setHorizontalHeaderLabels(list(columns))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(False)
    table.setColumnWidth(0, 50)
    table.setColumnWidth(1, 190)
    table.setColumnWidth(2, 130 if columns is LIST_COLUMNS else 70)
    for column in range(3, len(columns) - 1):
        table.setColumnWidth(column, 80)
    name_widget(table, name)
    return table


def _item(value: Any) -> QTableWidgetItem:
    item = QTableWidgetItem(f"{value:,}" if isinstance(value, int) else str(value))
    if isinstance(value, int):
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        item.setData(Qt.ItemDataRole.UserRole, value)
    return item


class WalkListsView(QWidget):
    """Cut turf, print packets, key results in, and see progress per turf."""

    status_message = Signal(str)
    lists_loaded = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("walkListsView")
        self._services = services
        self._lists: list[WalkListRow] = []
        self._turfs: list[TurfProgress] = []
        self.build = BuildPanel(self)
        self.build.preview_requested.connect(self._preview)
        self.build.build_requested.connect(self._build)
        self.lists_table = _table(self, LIST_COLUMNS, "Walk lists")
        self.turfs_table = _table(self, TURF_COLUMNS, "Turfs of the chosen list")
        self.lists_table.itemSelectionChanged.connect(self._load_turfs)
        self.empty = QLabel("No walk lists yet — choose the doors on the left, Preview, then Build.", self)
        self.empty.setObjectName("emptyMessage")
        self.empty.setWordWrap(True)
        buttons = QGridLayout()
        for index, (text, slot) in enumerate((("Print…", self._print), ("Reprint marked…", self._reprint),
                           ("Assign canvasser…", self._assign), ("Enter results…", self._enter_results),
                           ("Key in workbook…", self._key_in_workbook))):
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            buttons.addWidget(button, index // 2, index % 2)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(QLabel("Walk lists", self))
        right_layout.addWidget(self.empty)
        right_layout.addWidget(self.lists_table, 2)
        right_layout.addWidget(QLabel("Turfs: doors knocked, contacts, refusals", self))
        right_layout.addWidget(self.turfs_table, 3)
        right_layout.addLayout(buttons)
        scroll = QScrollArea(self)  # the form scrolls rather than holding the window wide
        scroll.setWidget(self.build)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(180)
        splitter = QSplitter(self)
        splitter.addWidget(scroll)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([430, 750])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._refresher = RefreshOnChange(services.changes, frozenset({WALKLISTS, VOTERS, PEOPLE, IMPORTS}),
                                          self._changed, self)
        self.refresh()

    def _changed(self, _change: Change) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Load the lists again (in the background)."""
        run_in_background(self, lambda _p, _c: self._services.walklists.lists(), self._show_lists,
                          lambda exc: show_problem(self, exc))

    def _show_lists(self, rows: list[WalkListRow]) -> None:
        chosen = self._chosen_list()
        self._lists = rows
        self.lists_table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate((row.id, row.name, f"{row.created_at.astimezone():%Y-%m-%d %H:%M}",
                                       row.turfs, row.doors, row.knocked)):
                self.lists_table.setItem(r, c, _item(value))
        self.empty.setVisible(not rows)
        ids = [row.id for row in rows]
        if rows:
            self.lists_table.selectRow(ids.index(chosen) if chosen in ids else 0)
        self._load_turfs()  # the same row selected again says nothing, yet its progress may have moved
        self.lists_loaded.emit()

    def _chosen_list(self) -> int | None:
        row = self.lists_table.currentRow()
        return self._lists[row].id if 0 <= row < len(self._lists) else None

    def _load_turfs(self) -> None:
        list_id = self._chosen_list()
        if list_id is None:
            self.turfs_table.setRowCount(0)
            return
        run_in_background(self, lambda _p, _c: self._services.walklists.turfs(list_id), self._show_turfs,
                          lambda exc: show_problem(self, exc))

    def _show_turfs(self, turfs: list[TurfProgress]) -> None:
        self._turfs = turfs
        self.turfs_table.setRowCount(len(turfs))
        for r, t in enumerate(turfs):
            for c, value in enumerate((t.number, t.name, t.doors, f"{t.knocked:,} / {t.doors:,}", t.people,
                                       t.contacts, t.refusals, t.canvasser or "—")):
                self.turfs_table.setItem(r, c, _item(value))

    def _preview(self) -> None:
        filters, size = self.build.filters(), self.build.turf_size.value()
        self.build.summary.setText("Counting doors…")
        run_in_background(self, lambda _p, _c: self._services.walklists.preview(filters, size),
                          self.build.show_preview, lambda exc: show_problem(self, exc))

    def _build(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save the walk list", "walk-list.xlsx", "Workbook (*.xlsx)")
        if not path:
            return
        xlsx = Path(path).with_suffix(".xlsx")
        outputs = Outputs(xlsx, xlsx.with_suffix(".pdf"), force=True)  # the save dialog asked
        filters, size, name = self.build.filters(), self.build.turf_size.value(), self.build.name.text()
        script, questions = self.build.script.text(), self.build.question_list()

        def job(progress: Any, cancel: Any) -> Any:
            return self._services.walklists.build(filters, size, name, outputs, script=script, questions=questions,
                                                  progress=progress, cancel=cancel)

        run_in_background(self, job, lambda r: self.status_message.emit(
            f"Walk list {r.list_id}: {r.turfs:,} turfs, {r.doors:,} doors, saved as {xlsx.name} and "
            f"{xlsx.with_suffix('.pdf').name}"), lambda exc: show_problem(self, exc))

    def _print(self, *, reprint: bool = False) -> None:
        list_id = self._chosen_list()
        if list_id is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Print the walk list", f"walk-list-{list_id}.pdf",
                                              "PDF (*.pdf);;Workbook (*.xlsx)")
        if not path:
            return
        target = Path(path)
        outputs = Outputs(pdf=target, force=True) if target.suffix.lower() == ".pdf" else Outputs(
            xlsx=target.with_suffix(".xlsx"), force=True)
        turf = self.turfs_table.currentRow()
        turfs = [self._turfs[turf].id] if reprint and 0 <= turf < len(self._turfs) else []
        run_in_background(self, lambda _p, _c: self._services.walklists.export(list_id, outputs, turfs,
                                                                               reprint=reprint),
                          lambda doors: self._printed(doors, outputs.pdf or outputs.xlsx),
                          lambda exc: show_problem(self, exc))

    def _printed(self, doors: int, target: Path | None) -> None:
        """Say what was written; a PDF opens in the computer's PDF viewer, ready to print."""
        if target is None:
            return
        opened = target.suffix.lower() == ".pdf" and QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
        then = ": opened to print" if opened else ""
        self.status_message.emit(f"{doors:,} doors written to {target.name}{then}")

    def _reprint(self) -> None:
        self._print(reprint=True)

    def _assign(self) -> None:
        row = self.turfs_table.currentRow()
        if not 0 <= row < len(self._turfs):
            return
        turf = self._turfs[row]
        picker = PersonPicker(self._services, "Assign a canvasser", f"Who walks turf {turf.number}?", self,
                              allow_none="No canvasser")
        accepted = picker.exec() == PersonPicker.DialogCode.Accepted
        uuid = picker.chosen
        picker.deleteLater()  # one picker per assignment, not one kept for each
        if not accepted or uuid is None:
            return
        run_in_background(self, lambda _p, _c: self._services.walklists.assign(turf.id, uuid or None),
                          lambda _r: None, lambda exc: show_problem(self, exc))

    def _enter_results(self) -> None:
        list_id = self._chosen_list()
        if list_id is None:
            return
        grid = ResultsGrid(list_id, self)
        if grid.exec() != ResultsGrid.DialogCode.Accepted or not grid.entries():
            return
        entries = grid.entries()
        run_in_background(self, lambda _p, _c: record_entries(self._services, list_id, entries),
                          self._results_done, lambda exc: show_problem(self, exc))

    def _key_in_workbook(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Key in a filled-in walk list", "", "Workbook (*.xlsx)")
        if path:
            run_in_background(self, lambda _p, _c: import_results(self._services, Path(path)), self._results_done,
                              lambda exc: show_problem(self, exc))

    def _results_done(self, result: Any) -> None:
        text = (f"{result.created:,} results recorded, {result.updated:,} changed, {result.unchanged:,} as before, "
                f"{result.rejected:,} not matched (import {result.batch}: undo it in Imports)")
        if result.rejected:
            QMessageBox.information(self, "Results keyed in", text + "\n\n" + "\n".join(
                f"Line {issue.row}: {issue.reason}" for issue in result.errors[:15]))
        self.status_message.emit(text)
