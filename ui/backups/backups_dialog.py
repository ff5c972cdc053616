"""The Backups dialog: a chapter's backups, newest first, with when and why each was taken, its size and
whether it passes SQLite's check; restore one (asked first) or show the folder they are in."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import IntEnum
from pathlib import Path
from typing import Any

import qtawesome as qta
from PySide6.QtCore import QSortFilterProxyModel, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from organizer.services.backups import (
    BEFORE_IMPORT,
    BEFORE_RESTORE,
    BEFORE_UNDO,
    BEFORE_UPGRADE,
    BackupRow,
    list_backups,
)
from ui.shared.rows_model import ModelIndex, RowsModel
from ui.shared.tasks import failure_text, run_in_background
from ui.shared.widgets import EmptyState, count_text, make_list_table, name_widget

REASONS = {BEFORE_IMPORT: "Before an import", BEFORE_UNDO: "Before undoing an import",
           BEFORE_UPGRADE: "Before an upgrade of the app", BEFORE_RESTORE: "Before a restore (the chapter as it was)"}
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
EMPTY_TEXT = ("No backups yet", "A backup is taken before every import, every undo and every restore.")


class Col(IntEnum):
    """The columns of the backups table."""

    TAKEN = 0
    REASON = 1
    SIZE = 2
    CHECK = 3
    FILE = 4


HEADERS = ("Taken", "Why", "Size", "Check", "File")


def error_color() -> QColor:
    """The stylesheet's error red, for the scheme the palette shows."""
    dark = QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128
    return QColor("#ff8a80" if dark else "#c62828")


def reason_text(reason: str) -> str:
    """Why a backup was taken, in words (a reason this version does not know, as it is named)."""
    return REASONS.get(reason, reason.replace("-", " ").capitalize())


def when_text(moment: datetime) -> str:
    """A backup's time in the computer's time zone."""
    return f"{(moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone():%Y-%m-%d %H:%M:%S}"


def size_text(size: int) -> str:
    """ "12.3 MB", "840 KB"."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:,.1f} MB"
    return f"{max(1, round(size / 1000)):,} KB"


class BackupsModel(RowsModel[BackupRow]):
    """Backups as rows; never touches a file (`set_rows` is fed from a background listing)."""

    PathRole = Qt.ItemDataRole.UserRole + 1
    SortRole = Qt.ItemDataRole.UserRole + 2
    column_count = len(Col)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_for(index)
        if row is None:
            return None
        col = Col(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(row.path) if col == Col.FILE else self._text(row, col)
        if role == self.SortRole:
            return {Col.TAKEN: row.created.timestamp(), Col.REASON: reason_text(row.reason), Col.SIZE: row.size,
                    Col.CHECK: int(row.ok), Col.FILE: row.path.name}[col]
        if role == self.PathRole:
            return str(row.path)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == Col.SIZE:
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and col == Col.CHECK and not row.ok:
            return error_color()
        return None

    @staticmethod
    def _text(row: BackupRow, col: Col) -> str:
        if col == Col.TAKEN:
            return when_text(row.created)
        if col == Col.REASON:
            return reason_text(row.reason)
        if col == Col.SIZE:
            return size_text(row.size)
        if col == Col.CHECK:
            return "Passes" if row.ok else "Damaged"
        return row.path.name

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section == Col.SIZE:
            return RIGHT
        return None


class BackupsDialog(QDialog):
    """The backups of one chapter database (open, or too damaged to open); `restore_requested` once the
    user chose one and said yes. Whoever opened the dialog restores it (the database must be closed)."""

    restore_requested = Signal(Path)
    rows_loaded = Signal()

    def __init__(self, database: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupsDialog")
        self.setWindowTitle(f"Backups of {database.name}")
        self.database = database
        self.model = BackupsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(BackupsModel.SortRole)
        self.table = make_list_table(self, self.proxy, "Backups", "The chapter's backups, newest first", Col.FILE,
                                     {Col.TAKEN: 150, Col.REASON: 250, Col.SIZE: 80, Col.CHECK: 80},
                                     multi_select=False)
        self.table.sortByColumn(Col.TAKEN, Qt.SortOrder.DescendingOrder)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.activated.connect(lambda _index: self.restore_selected())
        self.empty = EmptyState("fa5s.history", self)
        self.empty.set_text(*EMPTY_TEXT)
        self.stack = QStackedWidget(self)
        self.loading = QLabel("Checking the backups…", self)
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for page in (self.loading, self.table, self.empty):
            self.stack.addWidget(page)
        self._build(database)
        self.resize(860, 420)
        self.refresh()

    def _build(self, database: Path) -> None:
        intro = QLabel(f"Backups of <b>{_escaped(database.name)}</b>, kept in the “backups” folder beside it. "
                       "Restoring one keeps the chapter as it is now as a backup first, so nothing is lost.", self)
        intro.setWordWrap(True)
        name_widget(intro, "About backups")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        self.status = QLabel(self)
        self.status.setObjectName("fieldError")
        self.status.setWordWrap(True)
        self.status.hide()
        self.restore_button = self._button("fa5s.undo-alt", "&Restore…", "Restore the selected backup",
                                           self.restore_selected)
        self.folder_button = self._button("fa5s.folder-open", "Show in &folder", "Show the backups folder",
                                          self.show_folder)
        close = self._button("fa5s.times", "Close", "Close", self.reject)
        bar = QHBoxLayout()
        for button in (self.restore_button, self.folder_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.status)
        layout.addLayout(bar)
        self._update_buttons()

    def _button(self, icon: str, text: str, name: str, slot: Any) -> QPushButton:
        button = QPushButton(qta.icon(icon), text, self)
        name_widget(button, name)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def refresh(self) -> None:
        """List the backups again in the background (checking one that changed reads it whole)."""
        database = self.database
        self.stack.setCurrentWidget(self.loading)
        run_in_background(self, lambda _p, _c: list_backups(database), self._loaded, self._failed)

    def _loaded(self, rows: list[BackupRow]) -> None:
        self.model.set_rows(rows)
        self.stack.setCurrentWidget(self.table if rows else self.empty)
        damaged = sum(1 for row in rows if not row.ok)
        text = count_text(len(rows), len(rows), "backup", "backups") if rows else ""
        self.count_label.setText(f"{text}, {damaged:,} damaged" if damaged else text)
        if rows:
            self.table.selectRow(0)
            self.table.setFocus()
        self._update_buttons()
        self.rows_loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self.stack.setCurrentWidget(self.empty)
        self.status.setText(failure_text(exc))
        self.status.show()
        self.rows_loaded.emit()

    def selected(self) -> BackupRow | None:
        """The backup selected in the table, if any."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(self.proxy.mapToSource(rows[0]).row()) if rows else None

    def _update_buttons(self) -> None:
        chosen = self.selected()
        self.restore_button.setEnabled(chosen is not None and chosen.ok)
        self.restore_button.setToolTip("" if chosen is None or chosen.ok else
                                       "This backup fails SQLite's check, so it cannot be restored.")
        self.folder_button.setEnabled(self.model.rowCount() > 0 or self.database.parent.is_dir())

    def restore_selected(self) -> None:
        """Ask, then hand the chosen backup to whoever restores it."""
        chosen = self.selected()
        if chosen is None or not chosen.ok:
            return
        if not confirm_restore(self, self.database, chosen):
            return
        self.restore_requested.emit(chosen.path)
        self.accept()

    def show_folder(self) -> None:
        """Open the folder holding the backups in the file manager."""
        chosen = self.selected()
        folder = chosen.path.parent if chosen is not None else self.database.parent / "backups"
        if not folder.is_dir():
            folder = self.database.parent
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def confirm_restore(parent: QWidget, database: Path, backup: BackupRow) -> bool:
    """Ask before restoring: what is replaced, that it is kept as a backup first, and that the app reopens."""
    text = (f"Restore the backup taken {when_text(backup.created)} ({reason_text(backup.reason).lower()}) "
            f"into {database.name}?\n\nThe chapter as it is now is kept as a backup first, so this can be "
            "undone by restoring that one. Changes made after the backup was taken are not in it. The chapter "
            "then reopens with the restored data.")
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    answer = QMessageBox.question(parent, "Restore this backup?", text, buttons, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
