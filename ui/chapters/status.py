"""What the window says about the open file: its title, and a banner for a backup or the demo chapter."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import qtawesome as qta
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from organizer.services.chapter_file import BackupOf, backup_of
from organizer.services.container import Services
from ui.shared.widgets import name_widget

APP = "Chapter Organizer"


@dataclass(frozen=True, slots=True)
class ChapterState:
    """The open chapter as the window presents it."""

    name: str
    path: Path | None
    backup: BackupOf | None
    demo: bool

    @property
    def title(self) -> str:
        """The window title: the chapter's name, and what kind of file it is when that matters."""
        if self.backup is not None:
            taken = self.backup.taken.astimezone().strftime("%Y-%m-%d %H:%M")
            return f"{self.name} — BACKUP from {taken} — {APP}"
        if self.demo and "demo" not in self.name.casefold():
            return f"{self.name} (demo data) — {APP}"
        return f"{self.name} — {APP}"

    def banner(self) -> tuple[str, str] | None:
        """(tone, text) of the banner to show, or None for an ordinary chapter."""
        if self.backup is not None:
            taken = self.backup.taken.astimezone().strftime("%Y-%m-%d at %H:%M")
            of = f"of {self.backup.database.name} " if self.backup.database is not None else ""
            return ("warning", f"<b>This is a backup</b> {of}taken {taken}, {self.backup.why}. Changes made here do "
                    "not reach the chapter itself. To go back to this copy, open the chapter and restore it from "
                    "<b>Backups</b> instead.")
        if self.demo:
            return ("info", "<b>Demo data.</b> Everyone in this chapter is made up, to try things out safely. "
                    "When you are ready, start your own chapter with <b>File → New chapter…</b>")
        return None


def chapter_state(services: Services, demo_file: Path | None = None) -> ChapterState:
    """Read what the window shows about this chapter (the demo by its setting, or by being the demo file)."""
    path = services.path
    demo = services.settings.is_demo() or (path is not None and demo_file is not None and path == demo_file)
    return ChapterState(services.settings.chapter_name(), path, backup_of(path), demo)


class ChapterBanner(QFrame):
    """A strip above the sections: what is special about this file, and the one thing to do about it."""

    action_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chapterBanner")
        self.icon = QLabel(self)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.button = QPushButton(self)
        self.button.clicked.connect(self.action_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)
        name_widget(self, "Notice about this chapter file")
        self.hide()

    def show_state(self, state: ChapterState) -> None:
        """Show the banner this chapter needs (or hide it)."""
        shown = state.banner()
        if shown is None:
            self.hide()
            return
        tone, text = shown
        self.setProperty("tone", tone)
        self.style().unpolish(self)
        self.style().polish(self)
        icon = "fa5s.exclamation-triangle" if tone == "warning" else "fa5s.flask"
        self.icon.setPixmap(qta.icon(icon).pixmap(QSize(20, 20)))
        self.text.setText(text)
        self.setAccessibleDescription(self.text.text())
        button = self._button_text(state)
        self.button.setText(button)
        self.button.setVisible(bool(button))
        self.show()

    @staticmethod
    def _button_text(state: ChapterState) -> str:
        if state.backup is not None:
            database = state.backup.database
            return f"Open {database.name}" if database is not None else ""
        return "New chapter…" if state.demo else ""
