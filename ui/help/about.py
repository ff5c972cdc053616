"""Help → About: the version, and where this chapter's database, its backups and the log are."""

from __future__ import annotations

import html
from pathlib import Path

import PySide6
import qtawesome as qta
from PySide6.QtCore import QSize, Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from organizer.logs import log_file
from organizer.paths import data_dir
from organizer.services.about import app_version
from ui.shared.widgets import name_widget


def places(database: Path | None) -> list[tuple[str, Path | None]]:
    """(what, where) for each place About names; the database is None for one held in memory."""
    return [
        ("Chapter database", database),
        ("Backups", database.parent / "backups" if database is not None else None),
        ("Log file", log_file()),
        ("App data folder", data_dir()),
    ]


class AboutDialog(QDialog):
    """The app's version and the places a chapter lead (or whoever helps them) needs to find."""

    def __init__(self, database: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About Chapter Organizer")
        icon = QLabel(self)
        icon.setPixmap(qta.icon("fa5s.users", color="#2e6bd3").pixmap(QSize(40, 40)))
        title = QLabel(f"Chapter Organizer {app_version()}", self)
        title.setObjectName("dialogTitle")
        self.version = title
        blurb = QLabel("People, volunteers and imports for a local chapter, kept in one file on this computer. "
                       f"Built with Qt {qVersion()} and PySide6 {PySide6.__version__}.", self)
        blurb.setWordWrap(True)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setHorizontalSpacing(12)
        self.paths: dict[str, QLabel] = {}
        for row, (what, where) in enumerate(places(database)):
            label = QLabel(f"<b>{html.escape(what)}</b>", self)
            value = QLabel(str(where) if where is not None else "(in memory: not saved to a file)", self)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            name_widget(value, what)
            self.paths[what] = value
            grid.addWidget(label, row, 0)
            grid.addWidget(value, row, 1)
            if where is not None:
                grid.addWidget(self._show_button(what, where), row, 2)
        note = QLabel("If something goes wrong, the log file says what happened (it never holds names, emails or "
                      "phone numbers): send it to whoever looks after the app for your chapter.", self)
        note.setWordWrap(True)
        note.setObjectName("mutedNote")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        top = QGridLayout()
        top.addWidget(icon, 0, 0, 2, 1, Qt.AlignmentFlag.AlignTop)
        top.addWidget(title, 0, 1)
        top.addWidget(blurb, 1, 1)
        top.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addSpacing(8)
        layout.addLayout(grid)
        layout.addWidget(note)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.resize(640, 340)

    def _show_button(self, what: str, where: Path) -> QPushButton:
        button = QPushButton(qta.icon("fa5s.folder-open"), "Show", self)
        name_widget(button, f"Show the folder of the {what.lower()}")
        folder = where if where.suffix == "" else where.parent
        button.clicked.connect(lambda _checked=False: QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))
        return button
