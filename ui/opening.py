"""The window shown at once while a chapter is checked and opened in the background."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from ui.shared.widgets import name_widget

CHECKING = "Checking the file for damage before anything in it is shown or changed…"


class OpeningWindow(QWidget):
    """"Opening chapter.db…" with a busy bar: the app is on screen at once, while SQLite's check (a second
    or so on a big chapter that changed since it last passed) runs off the GUI thread."""

    def __init__(self, path: Path, message: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("openingWindow")
        self.setWindowTitle("Chapter Organizer")
        self.title = QLabel(message or f"Opening {path.name}…", self)
        self.title.setObjectName("dialogTitle")
        self.title.setWordWrap(True)
        self.note = QLabel(CHECKING, self)
        self.note.setObjectName("mutedNote")
        self.note.setWordWrap(True)
        self.where = QLabel(str(path), self)
        self.where.setObjectName("mutedNote")
        self.where.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)
        self.bar.setTextVisible(False)
        name_widget(self.bar, "Opening", CHECKING)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        for widget in (self.title, self.note, self.bar, self.where):
            layout.addWidget(widget)
        self.resize(480, 170)

    def stopped(self, text: str) -> None:
        """Opening stopped (a damaged file, a problem): say so while the next question is asked."""
        self.note.setText(text)
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
