"""The dialog for a chapter database that fails SQLite's check: it is named as damaged, never shown or
written to, and the user may restore the newest backup that passes the check, pick another backup, or
open another chapter."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import qtawesome as qta
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from organizer.progress import CancelToken, Progress
from organizer.services.backups import BackupRow, describe_backup, restore_backup
from organizer.services.container import Services, open_chapter
from ui.backups.backups_dialog import BackupsDialog, confirm_restore, error_color, reason_text, when_text
from ui.shared.widgets import name_widget


def restore_then_open(database: Path, backup: Path) -> Callable[[Progress, CancelToken], Services]:
    """A background job: restore the backup into the database (keeping the database first), then open it."""

    def job(_progress: Progress, _cancel: CancelToken) -> Services:
        restore_backup(database, backup)
        return open_chapter(database)

    return job


class DamagedDialog(QDialog):
    """Says the database is damaged and what can be done; emits `restore_chosen` (a backup the user
    confirmed) or `other_chosen`; rejected means Quit (at start) or keep the chapter already open."""

    restore_chosen = Signal(Path)
    other_chosen = Signal()

    def __init__(self, database: Path, good_backup: Path | None, parent: QWidget | None = None, *,
                 other_text: str = "Open another chapter…", cancel_text: str = "Quit") -> None:
        super().__init__(parent)
        self.setObjectName("damagedDialog")
        self.setWindowTitle("Damaged chapter database")
        self.database = database
        self.backups: BackupsDialog | None = None
        self.good = describe_backup(database, good_backup) if good_backup is not None else None
        layout = QVBoxLayout(self)
        layout.addLayout(self._heading())
        for widget in self._explanation():
            layout.addWidget(widget)
        layout.addSpacing(6)
        self.restore_button = self._link("Restore the newest backup that passes the check", self._good_text(),
                                         self.restore_good)
        self.restore_button.setVisible(self.good is not None)
        self.choose_button = self._link("Choose another backup…",
                                        "Every backup of this chapter, with when it was taken and whether it passes "
                                        "the check.", self.choose_backup)
        self.other_button = self._link(other_text, "Leave this file as it is and use another chapter.",
                                       self.other_chosen.emit, close=True)
        for button in (self.restore_button, self.choose_button, self.other_button):
            layout.addWidget(button)
        layout.addStretch(1)
        self.cancel_button = QPushButton(cancel_text, self)
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        layout.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignRight)
        (self.restore_button if self.good is not None else self.other_button).setDefault(True)
        self.resize(600, self.sizeHint().height() + 24)

    def _heading(self) -> QHBoxLayout:
        icon = QLabel(self)
        icon.setPixmap(qta.icon("fa5s.exclamation-triangle", color=error_color()).pixmap(QSize(32, 32)))
        title = QLabel(f"{self.database.name} is damaged", self)
        title.setObjectName("dialogTitle")
        title.setWordWrap(True)
        name_widget(title, title.text())
        row = QHBoxLayout()
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(title, 1)
        return row

    def _explanation(self) -> list[QWidget]:
        about = QLabel("SQLite's check of this chapter database failed: parts of it may be wrong or missing. "
                       "So it was not opened, nothing in it is shown, and nothing in it was changed.", self)
        about.setWordWrap(True)
        name_widget(about, "What happened")
        where = QLabel(str(self.database), self)
        where.setObjectName("mutedNote")
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        name_widget(where, "Database file")
        widgets: list[QWidget] = [about, where]
        if self.good is None:
            none = QLabel("No backup of it passes the check. Keep the file as it is (copy it somewhere safe) and "
                          "ask someone who knows SQLite to recover it.", self)
            none.setObjectName("fieldError")
            none.setWordWrap(True)
            widgets.append(none)
        return widgets

    def _good_text(self) -> str:
        good = self.good
        if good is None:
            return ""
        return (f"Taken {when_text(good.created)} ({reason_text(good.reason).lower()}). Changes made after it are "
                "not in it; the damaged file is kept as a backup too.")

    def _link(self, text: str, description: str, slot: Callable[[], object], *,
              close: bool = False) -> QCommandLinkButton:
        button = QCommandLinkButton(text, description, self)
        name_widget(button, text.replace("…", ""), description)
        button.setAutoDefault(False)

        def clicked(_checked: bool = False) -> None:
            if close:
                self.done(QDialog.DialogCode.Accepted)
            slot()

        button.clicked.connect(clicked)
        return button

    def restore_good(self) -> None:
        """Ask, then restore the newest backup that passes the check."""
        if self.good is not None and confirm_restore(self, self.database, self.good):
            self._chose(self.good)

    def choose_backup(self) -> None:
        """Show every backup; one restored from there is this dialog's choice."""
        self.backups = BackupsDialog(self.database, self)
        self.backups.restore_requested.connect(self._chose_path)
        self.backups.open()

    def _chose_path(self, backup: Path) -> None:
        self.done(QDialog.DialogCode.Accepted)
        self.restore_chosen.emit(backup)

    def _chose(self, backup: BackupRow) -> None:
        self._chose_path(backup.path)
