"""The Petitions section: petitions with their progress on the left, the chosen one's tabs on the right."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QSplitter, QVBoxLayout, QWidget

from organizer.services.changes import SIGNATURES, Change
from organizer.services.container import Services
from organizer.services.imports import ImportOptions, ImportResult
from organizer.services.petitions import PETITIONS, PetitionRow
from ui.petitions.models import PetitionsModel
from ui.petitions.petition_detail import PetitionDetail
from ui.petitions.petition_dialog import PetitionDialog
from ui.shared.changes import RefreshOnChange
from ui.shared.tasks import run_in_background
from ui.shared.widgets import make_list_table, show_problem


class PetitionsView(QWidget):
    """Every petition with raw and valid counts; the chosen petition's progress, sheets, entry grid and checks."""

    status_message = Signal(str)
    loaded = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("petitionsView")
        self._services = services
        self.model = PetitionsModel(self)
        self.table = make_list_table(self, self.model, "Petitions", "Every petition, newest first", 0,
                                     {1: 85, 2: 50, 3: 50, 4: 72, 5: 82}, multi_select=False)
        self.table.setObjectName("petitionsTable")
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._chosen(cur.row()))
        self.new_button = QPushButton("&New petition…", self)
        self.new_button.clicked.connect(self.new_petition)
        self.edit_button = QPushButton("Edit petition…", self)
        self.edit_button.clicked.connect(self.edit_petition)
        self.import_button = QPushButton("&Import signatures…", self)
        self.import_button.clicked.connect(self.import_signatures)
        self.detail = PetitionDetail(services, self)
        self.detail.status_message.connect(self.status_message)
        self.detail.set_petition(None)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        left_layout.addLayout(buttons)
        # Narrow windows clip the tabs rather than refuse to shrink (the window's size is remembered as left).
        left.setMinimumWidth(160)
        self.detail.setMinimumWidth(300)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([430, 850])  # the detail keeps room for its four tabs
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._refresher = RefreshOnChange(services.changes, frozenset({PETITIONS, SIGNATURES}), self._changed, self)
        self.reload()

    def reload(self) -> None:
        """Load the petitions again, keeping the chosen one."""
        run_in_background(self, lambda _p, _c: self._services.petitions.list(), self._show,
                          lambda exc: show_problem(self, exc))

    def _show(self, rows: list[PetitionRow]) -> None:
        chosen = self.current()
        self.model.set_rows(rows)
        ids = [r.id for r in rows]
        row = ids.index(chosen.id) if chosen is not None and chosen.id in ids else (0 if rows else -1)
        if row >= 0:
            self.table.selectRow(row)
        self._chosen(row)
        self.loaded.emit()

    def current(self) -> PetitionRow | None:
        """The petition chosen in the list."""
        row = self.table.currentIndex().row()
        return self.model.row_at(row) if 0 <= row < self.model.rowCount() else None

    def _chosen(self, row: int) -> None:
        self.detail.set_petition(self.model.row_at(row).id if 0 <= row < self.model.rowCount() else None)

    def _changed(self, _change: Change) -> None:
        self.reload()

    def new_petition(self) -> None:
        """Ask for a new petition's fields and create it."""
        dialog = PetitionDialog(self)
        if dialog.exec():
            data = dialog.value()
            run_in_background(self, lambda _p, _c: self._services.petitions.create(data), lambda _r: None,
                              lambda exc: show_problem(self, exc))

    def edit_petition(self) -> None:
        """Change the chosen petition's fields."""
        row = self.current()
        if row is None:
            return
        dialog = PetitionDialog(self, row)
        if dialog.exec():
            data = dialog.value()
            run_in_background(self, lambda _p, _c: self._services.petitions.update(row.id, data), lambda _r: None,
                              lambda exc: show_problem(self, exc))

    def import_signatures(self, path: Path | None = None) -> None:
        """Import a spreadsheet of lines into the chosen petition (mapping by headers; undone from Imports)."""
        row = self.current()
        if row is None:
            return
        if path is None:
            chosen, _filter = QFileDialog.getOpenFileName(
                self, f"Import signatures into {row.title}", "",
                "Spreadsheets (*.xlsx *.xls *.ods *.csv *.tsv *.txt);;All files (*)")
            if not chosen:
                return
            path = Path(chosen)
        target = path

        def done(result: ImportResult) -> None:
            self.status_message.emit(f"Imported {result.created:,} signatures from {result.file_name} "
                                     f"({result.unchanged:,} unchanged, {result.rejected:,} rejected)")

        run_in_background(self, lambda p, c: self._services.imports.run(
            target, "signatures", ImportOptions(target=str(row.id)), p, c), done, lambda exc: show_problem(self, exc))
