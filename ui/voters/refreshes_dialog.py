"""What each voter-file refresh changed: the voters it added, changed and marked inactive, and why."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from organizer.services.container import Services
from organizer.services.voters import CHANGES_SHOWN, INACTIVE_REASON, RefreshRow, VoterChange
from ui.shared.tasks import run_in_background
from ui.shared.widgets import name_widget, show_problem

REFRESH_HEADERS = ("Import", "When", "File", "Added", "Changed", "Marked inactive")
CHANGE_HEADERS = ("Name", "Street", "Precinct", "Status", "What changed")
CHANGE_WIDTHS = (190, 260, 80, 80)  # the last column takes the rest, long text elided with a tooltip
SHOW = (("Changed", "changed"), ("Added", "added"), ("Marked inactive", "inactive"))


def _table(headers: Sequence[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.horizontalHeader().setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    name_widget(table, name)
    return table


def _item(text: str, number: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    if number:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class RefreshesDialog(QDialog):
    """The voter-file imports, newest first; choosing one lists the voters it added, changed or marked inactive."""

    changes_loaded = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("What refreshes changed")
        self._services = services
        self._refreshes: list[RefreshRow] = []
        self._generation = 0
        self.refreshes = _table(REFRESH_HEADERS, "Voter-file imports")
        self.refreshes.itemSelectionChanged.connect(self.load_changes)
        self.show_combo = QComboBox()
        for label, key in SHOW:
            self.show_combo.addItem(label, key)
        name_widget(self.show_combo, "Show", "Which voters of the chosen import to list")
        self.show_combo.currentIndexChanged.connect(lambda _i: self.load_changes())
        self.changes = _table(CHANGE_HEADERS, "Voters the chosen import changed")
        self.summary = QLabel()
        self.reason = QLabel(f"<b>Why a refresh marks voters inactive.</b> {INACTIVE_REASON}")
        self.reason.setWordWrap(True)
        self.reason.setObjectName("inactiveReason")
        name_widget(self.reason, "Why a refresh marks voters inactive")
        self.setLayout(self._layout())
        self.resize(900, 620)
        run_in_background(self, lambda _p, _c: services.voters.refreshes(), self._refreshes_loaded,
                          lambda exc: show_problem(self, exc))

    def _layout(self) -> QVBoxLayout:
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        show_label = QLabel("&Show")
        show_label.setBuddy(self.show_combo)
        for widget in (show_label, self.show_combo, self.summary):
            row.addWidget(widget)
        row.addStretch(1)
        lower_layout.addLayout(row)
        lower_layout.addWidget(self.changes, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.refreshes)
        splitter.addWidget(lower)
        splitter.setSizes([200, 360])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout()
        layout.addWidget(self.reason)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        return layout

    def _refreshes_loaded(self, refreshes: list[RefreshRow]) -> None:
        self._refreshes = refreshes
        self.refreshes.setRowCount(len(refreshes))
        for i, r in enumerate(refreshes):
            when = f"{r.imported_at.astimezone():%Y-%m-%d %H:%M}"
            cells = (_item(str(r.batch_id), True), _item(when), _item(r.file_name + (" (undone)" if r.undone else "")),
                     _item(f"{r.added:,}", True), _item(f"{r.changed:,}", True), _item(f"{r.deactivated:,}", True))
            for column, cell in enumerate(cells):
                self.refreshes.setItem(i, column, cell)
        self.refreshes.resizeColumnsToContents()
        if refreshes:
            self.refreshes.selectRow(0)
        else:
            self.summary.setText("No voter file has been imported yet.")

    def chosen(self) -> RefreshRow | None:
        """The refresh selected."""
        rows = self.refreshes.selectionModel().selectedRows()
        return self._refreshes[rows[0].row()] if rows else None

    def load_changes(self) -> None:
        """List the voters the chosen refresh added, changed or marked inactive (in the background)."""
        refresh = self.chosen()
        if refresh is None:
            return
        self._generation += 1
        generation, what, voters = self._generation, str(self.show_combo.currentData()), self._services.voters
        run_in_background(self, lambda _p, _c: voters.refresh_changes(refresh.batch_id, what),
                          lambda changes: self._changes_loaded(generation, refresh, what, changes),
                          lambda exc: show_problem(self, exc))

    def _changes_loaded(self, generation: int, refresh: RefreshRow, what: str, changes: list[VoterChange]) -> None:
        if generation != self._generation:
            return
        total = {"added": refresh.added, "changed": refresh.changed, "inactive": refresh.deactivated}[what]
        shown = f" (the first {len(changes):,} shown)" if total > len(changes) >= CHANGES_SHOWN else ""
        label = dict((key, text.lower()) for text, key in SHOW)[what]
        self.summary.setText(f"Import {refresh.batch_id}: {total:,} voters {label}{shown}.")
        self.changes.setRowCount(len(changes))
        for i, change in enumerate(changes):
            v = change.voter
            detail = change.detail or {"added": "new on the roll", "inactive": "not in this file"}.get(change.what, "")
            for column, text in enumerate((v.display_name, v.address, v.precinct, v.status.capitalize(), detail)):
                self.changes.setItem(i, column, _item(text))
        for column, width in enumerate(CHANGE_WIDTHS):
            self.changes.setColumnWidth(column, width)
        self.changes_loaded.emit()
