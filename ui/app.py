"""The composition root of the desktop app: the QApplication, its look, the database and the first window."""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from organizer.errors import UserError, explain
from organizer.paths import DB_ENV, default_database_path, resolve_database_path
from organizer.services.backups import DamagedDatabase
from organizer.services.container import Services, open_chapter
from organizer.services.server_login import Passwords, ServerLogin, open_server_chapter, server_named
from ui.backups.damaged_dialog import DamagedDialog, restore_then_open
from ui.chapters.connect_dialog import ConnectDialog
from ui.first_run import FirstRunDialog
from ui.main_window import APPLICATION, ORGANIZATION, MainWindow, app_settings
from ui.opening import OpeningWindow
from ui.shared.tasks import Job, run_in_background
from ui.shared.widgets import resource_path, show_bug_dialog, show_problem

log = logging.getLogger(__name__)
LAST_DATABASE_KEY = "database/last"
# Colours the stylesheet names as @name, one set per scheme; everything else comes from the palette.
STYLE_COLORS = {
    False: {"error": "#c62828", "muted": "#5f6368", "accent": "#2e6bd3", "sidebar": "#eef1f5", "border": "#d5d9e0"},
    True: {"error": "#ff8a80", "muted": "#a0a4ab", "accent": "#6ea2ff", "sidebar": "#262a30", "border": "#40454d"},
}


def is_dark() -> bool:
    """Whether the system asks for a dark colour scheme."""
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def make_palette(dark: bool) -> QPalette:
    """A calm light or dark palette for Fusion."""
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    if dark:
        colors = {role.Window: "#1f2227", role.WindowText: "#e6e8eb", role.Base: "#2a2e35",
                  role.AlternateBase: "#30343c", role.Text: "#e6e8eb", role.Button: "#343941",
                  role.ButtonText: "#e6e8eb", role.Highlight: "#3a6fd8", role.HighlightedText: "#ffffff",
                  role.ToolTipBase: "#2a2e35", role.ToolTipText: "#e6e8eb", role.PlaceholderText: "#8a8f98",
                  role.Link: "#6ea2ff", role.Mid: "#40454d", role.Dark: "#111316", role.Light: "#3a3f47"}
        disabled = "#6b7078"
    else:
        colors = {role.Window: "#f6f7f9", role.WindowText: "#1f2328", role.Base: "#ffffff",
                  role.AlternateBase: "#f7f9fc", role.Text: "#1f2328", role.Button: "#f3f4f6",
                  role.ButtonText: "#1f2328", role.Highlight: "#2e6bd3", role.HighlightedText: "#ffffff",
                  role.ToolTipBase: "#ffffff", role.ToolTipText: "#1f2328", role.PlaceholderText: "#80868b",
                  role.Link: "#2e6bd3", role.Mid: "#c9ced6", role.Dark: "#9aa0a6", role.Light: "#ffffff"}
        disabled = "#9aa0a6"
    palette = QPalette()
    for color_role, value in colors.items():
        palette.setColor(color_role, QColor(value))
    for color_role in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(group.Disabled, color_role, QColor(disabled))
    return palette


def load_stylesheet(dark: bool) -> str:
    """resources/style.qss with its @colour names filled in for the scheme."""
    try:
        text = resource_path("style.qss").read_text(encoding="utf-8")
    except OSError:
        log.warning("The stylesheet is missing; using plain Fusion")
        return ""
    for name, value in sorted(STYLE_COLORS[dark].items(), key=lambda item: -len(item[0])):
        text = text.replace(f"@{name}", value)
    return text


def apply_theme(app: QApplication) -> None:
    """Fusion, a palette following the system's light or dark scheme, and the stylesheet."""
    dark = is_dark()
    app.setStyle("Fusion")
    app.setPalette(make_palette(dark))
    app.setStyleSheet(load_stylesheet(dark))


def make_application(argv: list[str]) -> QApplication:
    """The QApplication with its names, look and icon (the existing one in tests)."""
    QApplication.setOrganizationName(ORGANIZATION)
    QApplication.setApplicationName(APPLICATION)
    QApplication.setApplicationDisplayName(APPLICATION)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    apply_theme(app)
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_theme(app))
    app.setWindowIcon(QIcon(str(resource_path("icon.svg"))))
    return app


def install_excepthook() -> None:
    """An error nobody caught: a user error's one line in a dialog; a bug to the log and the
    "Something went wrong" dialog with the log's location. Never a silent crash."""
    showing = False

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        nonlocal showing
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        explained = explain(exc)
        if not explained.user_error:
            log.critical("Unexpected error", exc_info=(kind, exc, tb))
        if showing or QApplication.instance() is None:
            return
        showing = True
        try:
            parent = QApplication.activeWindow()
            if explained.user_error:
                QMessageBox.warning(parent, "Chapter Organizer", explained.message)
            else:
                show_bug_dialog(parent)
        finally:
            showing = False

    sys.excepthook = hook


def database_path(db_arg: str | None) -> Path:
    """--db, then ORGANIZER_DB, then the chapter opened last time (if still there), then the default."""
    if not db_arg and not os.environ.get(DB_ENV, "").strip():
        last = app_settings().value(LAST_DATABASE_KEY)
        if isinstance(last, str) and last and Path(last).is_file():
            return Path(last)
    return resolve_database_path(db_arg)


class AppController(QObject):
    """Owns the open chapter and its window; swaps both when another database is opened or a backup restored.

    A chapter is opened in the background (SQLite's check first, then any upgrade: no write before the
    check's result), with a small window on screen at once. A damaged database is named as damaged in
    a dialog, never shown as normal data and never written to; the dialog offers its newest backup
    that passes the check, its other backups, or another chapter.
    """

    main_shown = Signal()  # a chapter's main window is on screen
    quit_requested = Signal()  # the user chose to quit before any chapter opened

    def __init__(self, db_arg: str | None, started: float | None = None) -> None:
        super().__init__()
        self._db_arg = db_arg
        self._started = started if started is not None else time.perf_counter()
        self.services: Services | None = None
        self.window: MainWindow | None = None
        self.opening: OpeningWindow | None = None
        self.damaged: DamagedDialog | None = None
        self.connecting: ConnectDialog | None = None

    def start(self) -> bool:
        """Show the opening window and open the chapter behind it (or ask, first run); False when the user quit."""
        try:
            server = server_named(self._db_arg)
        except UserError as exc:
            show_problem(None, exc)
            return False
        if server is not None:
            self.connect_at_start(server)
            return True
        path = database_path(self._db_arg)
        if path.exists():
            self.open_checked(path)
            return True
        services = self.first_run(path)
        if services is None:
            return False
        self.show_main(services)
        return True

    def connect_at_start(self, server: ServerLogin) -> None:
        """`--db postgresql://…`: connect at once in the connect dialog, which says what went wrong (a password
        to type, a server to upgrade) and lets the user try again; Cancel quits."""
        dialog = ConnectDialog(Passwords(), open_server_chapter, None, login=server)
        dialog.connected.connect(self.show_main)
        dialog.rejected.connect(self.quit)
        self.connecting = dialog
        dialog.show()
        dialog.connect_to_server()

    def first_run(self, path: Path) -> Services | None:
        """Create, open or demo: the dialog's answer, or None when the user quit."""
        dialog = FirstRunDialog(path)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.services

    def open_checked(self, path: Path, job: Job | None = None, message: str = "",
                     on_error: Callable[[BaseException], None] | None = None) -> None:
        """Show the opening window at once, let go of the chapter open now, and open `path` in the background
        (with `job` instead when given: a restore, then the opening)."""
        opening = OpeningWindow(path, message)
        opening.show()
        self._close_opening()
        self.opening = opening
        self._release_current()
        run_in_background(opening, job or (lambda _p, _c: open_chapter(path)), self.show_main,
                          on_error or (lambda exc: self._open_failed(path, exc)))

    def _open_failed(self, path: Path, exc: BaseException) -> None:
        parent = self.opening
        if isinstance(exc, DamagedDatabase):
            if parent is not None:
                parent.stopped("The file is damaged: it was not opened.")
            self.ask_about_damage(path, exc, parent, at_start=True)
            return
        if parent is not None:
            parent.stopped("The file could not be opened.")
        show_problem(parent, exc)
        self._first_run_instead(path)

    def _first_run_instead(self, path: Path) -> None:
        services = self.first_run(path)
        if services is None:
            self.quit()
        else:
            self.show_main(services)

    def ask_about_damage(self, path: Path, problem: DamagedDatabase, parent: QWidget | None, *,
                         at_start: bool) -> None:
        """The damaged-database dialog: restore a backup, open another chapter, or quit (at start) or keep
        the chapter already open."""
        keep = self.window.chapter_name if self.window is not None and not at_start else ""
        dialog = DamagedDialog(path, problem.good_backup, parent,
                               cancel_text=f"Keep “{keep}” open" if keep else "Quit")
        dialog.restore_chosen.connect(lambda backup: self.restore_into(path, backup))
        if at_start:
            dialog.other_chosen.connect(lambda: self._first_run_instead(other_suggestion(path)))
            dialog.rejected.connect(self.quit)
        elif self.window is not None:
            dialog.other_chosen.connect(self.window.choose_database)
        self.damaged = dialog
        dialog.open()

    def restore_into(self, path: Path, backup: Path) -> None:
        """Restore a backup into a chapter database (closing it first if it is the open one), then open it."""
        self.open_checked(path, restore_then_open(path, backup), "Restoring the backup…",
                          lambda exc: self._restore_failed(path, exc))

    def _restore_failed(self, path: Path, exc: BaseException) -> None:
        show_problem(self.opening, exc, "The backup was not restored")
        self.open_checked(path)  # the database as it is (the restore changed nothing, or it is named damaged)

    def show_main(self, services: Services) -> None:
        """Show a main window for this chapter, closing the previous one and the opening window."""
        old_window, old_services = self.window, self.services
        self.services = services
        if services.path is not None:
            app_settings().setValue(LAST_DATABASE_KEY, str(services.path))
        self.window = MainWindow(services)
        self.window.open_database_requested.connect(self.switch_database)
        self.window.chapter_opened.connect(self.show_main)
        self.window.restore_requested.connect(self._restore_open_chapter)
        self.window.show()
        self.damaged = None
        self._close_opening()
        QTimer.singleShot(0, self._report_shown)
        if old_window is not None:
            old_window.close()
            old_window.deleteLater()
        if old_services is not None:
            QTimer.singleShot(0, old_services.close)
        self.main_shown.emit()

    def _report_shown(self) -> None:
        log.info("Main window shown %.2f s after the app started", time.perf_counter() - self._started)

    def _restore_open_chapter(self, backup: Path) -> None:
        if self.services is not None and self.services.path is not None:
            self.restore_into(self.services.path, backup)

    def switch_database(self, path: Path) -> None:
        """File > Open database…: open another chapter in the background, then swap windows (a damaged one
        is named, and the chapter open now stays open unless a backup of it is restored)."""
        window = self.window
        if window is None:
            return

        def failed(exc: BaseException) -> None:
            if isinstance(exc, DamagedDatabase):
                self.ask_about_damage(path, exc, self.window, at_start=False)
            else:
                show_problem(self.window, exc)

        run_in_background(window, lambda _p, _c: open_chapter(path), self.show_main, failed)

    def _release_current(self) -> None:
        """Close the open chapter's window and database (its jobs finish first), as a restore needs."""
        window, services = self.window, self.services
        self.window = self.services = None
        if window is not None:
            window.close()
            window.deleteLater()
        if services is not None:
            QThreadPool.globalInstance().waitForDone(5000)
            services.close()

    def _close_opening(self) -> None:
        if self.opening is not None:
            self.opening.close()
            self.opening.deleteLater()
            self.opening = None

    def quit(self) -> None:
        """The user chose to quit before a chapter opened."""
        self._close_opening()
        self.quit_requested.emit()

    def shutdown(self) -> None:
        """Let running jobs finish, then release the database."""
        QThreadPool.globalInstance().waitForDone(5000)
        if self.services is not None:
            self.services.close()
            self.services = None
        self._close_opening()


def other_suggestion(damaged: Path) -> Path:
    """Where the first-run dialog suggests a new chapter when the damaged one was the default."""
    default = default_database_path()
    return default if default != damaged else damaged.with_name(f"{damaged.stem}-new{damaged.suffix}")


def run_app(db_arg: str | None) -> int:
    """Start the desktop app; returns the exit code."""
    started = time.perf_counter()
    app = make_application(sys.argv)
    install_excepthook()
    controller = AppController(db_arg, started)
    controller.quit_requested.connect(app.quit)
    if not controller.start():
        controller.shutdown()
        return 0
    code = app.exec()
    controller.shutdown()
    return int(code)
