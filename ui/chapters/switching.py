"""Leaving this chapter for another: the main window's File menu ways to open one and the signals they send.

`ChapterSwitcher` is the base of the main window (`MainWindow`, ui/main_window.py): it opens a chapter
file, a recent chapter, a server database, a new chapter or one of this chapter's backups, and the
banner's offer (a backup's original, or a real chapter after the demo). It never opens one itself: it
sends `open_database_requested`, `chapter_opened` or `restore_requested`, and the app (ui/app.py)
shows that chapter in place of this one.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu

from organizer.services.container import Services
from organizer.services.server_login import Passwords, ServerLogin, open_server_chapter
from ui.chapters.connect_dialog import ConnectDialog
from ui.chapters.new_chapter import NewChapterDialog
from ui.chapters.recent import current_chapter, fill_recent_menu
from ui.chapters.status import ChapterState
from ui.first_run import demo_path

DATABASE_FILTER = "Chapter databases (*.db *.sqlite *.sqlite3);;All files (*)"


class ChapterSwitcher(QMainWindow):
    """Open another chapter (or a backup of this one) in place of this one, by asking the app to."""

    open_database_requested = Signal(Path)
    chapter_opened = Signal(object)  # Services of a chapter opened from here (a server database), to show instead
    restore_requested = Signal(Path)  # a backup of this chapter, chosen and confirmed in the Backups dialog

    services: Services
    state: ChapterState
    recent_menu: QMenu

    def choose_database(self) -> None:
        """File > Open…: pick another chapter file; the app opens it in place of this one."""
        start = str(self.services.path.parent) if self.services.path else ""
        name, _ = QFileDialog.getOpenFileName(self, "Open a chapter database", start, DATABASE_FILTER)
        if name:
            self.open_database_requested.emit(Path(name))

    def fill_recent(self) -> None:
        """File > Open recent: the chapters opened lately (one no longer there shown disabled)."""
        current = current_chapter(self.services.path, self.services.server_location)
        fill_recent_menu(self.recent_menu, current, self.open_database_requested.emit, self.connect_server)

    def connect_server(self, login: ServerLogin | None = None) -> None:
        """File > Connect to a server database… (or a server in Open recent, filled in, connecting at once
        when its password was remembered): the chapter opens in place of this one."""
        dialog = ConnectDialog(Passwords(), open_server_chapter, self, login=login if isinstance(login, ServerLogin)
                               else None)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.connected.connect(self.chapter_opened)
        dialog.open()
        if dialog.had_password:
            dialog.connect_to_server()

    def new_chapter(self) -> None:
        """File > New chapter…: name, region and file; the new chapter then opens in place of this one."""
        here = self.services.path
        folder = here.parent if here is not None and self.state.backup is None else Path.home()
        if here is not None and here == demo_path():
            folder = Path.home()  # the demo lives in the app's data folder, no place for a real chapter
        dialog = NewChapterDialog(folder, self.services.settings.phone_region(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.created.connect(self.open_database_requested)
        dialog.open()

    def _banner_action(self) -> None:
        backup = self.state.backup
        if backup is not None and backup.database is not None:
            self.open_database_requested.emit(backup.database)
        elif self.state.demo:
            self.new_chapter()

    def show_backups(self) -> None:
        """File > Backups…: this chapter's backups; restoring one reopens the chapter (see ui.app)."""
        from ui.backups.backups_dialog import BackupsDialog

        if self.services.path is None:
            return
        dialog = BackupsDialog(self.services.path, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.restore_requested.connect(self.restore_requested)
        self.backups_dialog = dialog
        dialog.open()
