"""File → Deletions from other chapters…: records other chapters deleted, each deleted here or kept by hand."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from organizer.services.container import Services
from ui.imports.import_parts import error_text, show_status, status_label
from ui.shared.tasks import run_in_background
from ui.shared.widgets import name_widget


class DeletionsDialog(QDialog):
    """The open offers: Delete here or Keep."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Deletions from other chapters")
        self.setObjectName("deletionsDialog")
        self.resize(620, 360)
        self._services = services
        self.offers: list[Any] = []
        layout = QVBoxLayout(self)
        self.empty = QLabel("No deletions wait: when a share file says another chapter deleted a record you "
                            "have, it is listed here for you to delete or keep.", self)
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(["Record", "Deleted in", "When"])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        name_widget(self.table, "Offered deletions")
        layout.addWidget(self.table, 1)
        self.status = status_label("Deletions status")
        layout.addWidget(self.status)
        row = QHBoxLayout()
        row.addStretch(1)
        self.delete_button = QPushButton("Delete here", self)
        self.delete_button.clicked.connect(lambda: self.settle(True))
        self.keep_button = QPushButton("Keep", self)
        self.keep_button.clicked.connect(lambda: self.settle(False))
        close = QPushButton("Close", self)
        close.clicked.connect(self.accept)
        for button in (self.delete_button, self.keep_button, close):
            row.addWidget(button)
        layout.addLayout(row)
        self.load()

    def load(self) -> None:
        """Read the open offers in the background."""
        run_in_background(self, lambda _p, _c: self._services.sharing.offered_deletions(), self._show,
                          lambda exc: show_status(self.status, error_text(exc), error=True))

    def _show(self, offers: list[Any]) -> None:
        self.offers = offers
        self.table.setRowCount(len(offers))
        for i, offer in enumerate(offers):
            for j, text in enumerate((offer.what, offer.chapter, f"{offer.deleted_at.astimezone():%Y-%m-%d}")):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(i, j, item)
        self.empty.setVisible(not offers)
        self.table.setVisible(bool(offers))
        for button in (self.delete_button, self.keep_button):
            button.setEnabled(bool(offers))
        if offers:
            self.table.selectRow(0)

    def settle(self, delete: bool) -> None:
        """Delete or keep the selected record."""
        row = self.table.currentRow()
        if not 0 <= row < len(self.offers):
            return
        offer = self.offers[row]
        sharing = self._services.sharing

        def done(_result: object) -> None:
            show_status(self.status, f"{'Deleted' if delete else 'Kept'}: {offer.what}")
            self.load()

        run_in_background(self, lambda _p, _c: sharing.resolve_deletion(offer.id, delete), done,
                          lambda exc: show_status(self.status, error_text(exc), error=True))


def open_deletions_dialog(parent: QWidget, services: Services) -> DeletionsDialog:
    """Show the dialog over its window."""
    dialog = DeletionsDialog(services, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
