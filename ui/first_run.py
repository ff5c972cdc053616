"""The first-run dialog: create a chapter, open a database file, or open the demo chapter."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import phonenumbers
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCommandLinkButton,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from organizer.errors import UserError, ValidationFailed
from organizer.paths import data_dir, folder_for_new_file
from organizer.progress import Progress
from organizer.services.backups import DamagedDatabase
from organizer.services.container import Services, create_chapter, create_demo_chapter, open_chapter
from ui.backups.damaged_dialog import DamagedDialog, restore_then_open
from ui.shared.tasks import run_in_background
from ui.shared.widgets import FieldBox, name_widget, show_problem

DATABASE_FILTER = "Chapter databases (*.db *.sqlite *.sqlite3);;All files (*)"


def region_choices() -> list[tuple[str, str]]:
    """Every phone region as ("United States (US)", "US"), sorted by country name."""
    choices = []
    for code in phonenumbers.SUPPORTED_REGIONS:
        territory = QLocale.codeToTerritory(code)
        name = QLocale.territoryToString(territory) if territory != QLocale.Country.AnyTerritory else code
        choices.append((f"{name} ({code})", code))
    return sorted(choices, key=lambda c: c[0].casefold())


def demo_path() -> Path:
    """Where the demo chapter lives: the per-user data folder."""
    return data_dir() / "demo.db"


def open_or_make_demo(progress: Progress) -> Services:
    """Open the demo chapter, building it first if there is none (runs off the GUI thread)."""
    path = demo_path()
    if path.exists():
        return open_chapter(path)
    return create_demo_chapter(path, progress)


class FirstRunDialog(QDialog):
    """Shown when there is no chapter database yet (or it could not be opened)."""

    def __init__(self, suggested_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunDialog")
        self.setWindowTitle("Welcome to Chapter Organizer")
        self.services: Services | None = None
        self.damaged: DamagedDialog | None = None
        self._busy = False
        self._path = suggested_path
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._choice_page())
        self.pages.addWidget(self._create_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.resize(560, 460)

    # Pages -----------------------------------------------------------------------------------

    def _choice_page(self) -> QWidget:
        page = QWidget(self)
        title = QLabel("Welcome to Chapter Organizer", page)
        title.setObjectName("dialogTitle")
        intro = QLabel("Everything stays in one file on this computer. How would you like to start?", page)
        intro.setWordWrap(True)
        self.create_button = self._link("Create a chapter", "Start an empty database for your chapter.",
                                        self.show_create_page)
        self.open_button = self._link("Open a database file…", "Use a chapter file you already have.",
                                      self.choose_file)
        self.demo_button = self._link("Open the demo chapter",
                                      "A made-up chapter with 300 people, to try things out safely.", self.open_demo)
        self.choice_error = QLabel(page)
        self.choice_error.setObjectName("fieldError")
        self.choice_error.setWordWrap(True)
        self.choice_error.hide()
        self.progress = QProgressBar(page)
        name_widget(self.progress, "Progress")
        self.progress.hide()
        self.progress_label = QLabel(page)
        self.progress_label.setObjectName("mutedNote")
        self.progress_label.hide()
        quit_button = QPushButton("Quit", page)
        quit_button.clicked.connect(self.reject)
        layout = QVBoxLayout(page)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addSpacing(8)
        for widget in (self.create_button, self.open_button, self.demo_button, self.choice_error,
                       self.progress_label, self.progress):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(quit_button, 0, Qt.AlignmentFlag.AlignRight)
        return page

    def _link(self, text: str, description: str, slot: Callable[[], None]) -> QCommandLinkButton:
        button = QCommandLinkButton(text, description, self)
        name_widget(button, text.replace("…", ""), description)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _create_page(self) -> QWidget:
        page = QWidget(self)
        title = QLabel("Create a chapter", page)
        title.setObjectName("dialogTitle")
        self.chapter_name = QLineEdit(page)
        self.chapter_name.setPlaceholderText("e.g. Riverside County Chapter")
        self.region = QComboBox(page)
        for label, code in region_choices():
            self.region.addItem(label, code)
        self.region.setCurrentIndex(max(0, self.region.findData("US")))
        self.location = QLineEdit(str(self._path), page)
        self.location.setReadOnly(True)
        change = QPushButton("Change…", page)
        name_widget(change, "Change file location")
        change.clicked.connect(self.choose_location)
        holder = QWidget(page)
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.location, 1)
        row.addWidget(change)
        self.name_box = FieldBox("Chapter &name", self.chapter_name, page)
        self.region_box = FieldBox("Default phone &region (for numbers written without +country code)", self.region,
                                   page)
        self.location_box = FieldBox("File location", holder, page)
        name_widget(self.location, "File location")
        back, self.create_confirm = QPushButton("Back", page), QPushButton("Create chapter", page)
        self.create_confirm.setDefault(True)
        back.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        self.create_confirm.clicked.connect(self.create_chapter)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(back)
        buttons.addWidget(self.create_confirm)
        layout = QVBoxLayout(page)
        for widget in (title, self.name_box, self.region_box, self.location_box):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def show_create_page(self) -> None:
        """Step into the "Create a chapter" form."""
        self.pages.setCurrentIndex(1)
        self.chapter_name.setFocus()

    def choose_location(self) -> None:
        """Pick where the new chapter file goes."""
        name, _ = QFileDialog.getSaveFileName(self, "Save the chapter database as", str(self._path), DATABASE_FILTER)
        if name:
            self._path = Path(name) if Path(name).suffix else Path(name).with_suffix(".db")
            self.location.setText(str(self._path))
            self.location_box.set_problem("")

    # Jobs ------------------------------------------------------------------------------------

    def create_chapter(self) -> None:
        """Check the form, then create the chapter in the background."""
        name, region, path = self.chapter_name.text().strip(), str(self.region.currentData()), self._path
        problems = {}
        if not name:
            problems["chapter"] = "Give the chapter a name."
        if path.exists():
            problems["location"] = "A file already exists here: open it instead, or choose another name."
        if self._show_create_problems(problems):
            return
        self._run(lambda _p, _c: _create(path, name, region), self._create_failed)

    def _show_create_problems(self, problems: dict[str, str]) -> bool:
        self.name_box.set_problem(problems.get("chapter", ""))
        self.region_box.set_problem(problems.get("region", ""))
        self.location_box.set_problem(problems.get("location", ""))
        return bool(problems)

    def _create_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationFailed):
            self._show_create_problems(exc.problems)
        elif not _is_bug(exc):
            self._show_create_problems({"location": str(exc)})
        else:
            show_problem(self, exc)

    def choose_file(self) -> None:
        """Open an existing chapter file."""
        name, _ = QFileDialog.getOpenFileName(self, "Open a chapter database", str(self._path.parent), DATABASE_FILTER)
        if name:
            self.open_file(Path(name))

    def open_file(self, path: Path) -> None:
        """Open a chapter file in the background; a problem shows under the buttons, a damaged file in a dialog."""
        self._run(lambda _p, _c: open_chapter(path), lambda exc: self._open_failed(path, exc))

    def _open_failed(self, path: Path, exc: BaseException) -> None:
        self._choice_failed(exc)
        if not isinstance(exc, DamagedDatabase):
            return
        self.choice_error.setText(f"{path.name} is damaged (SQLite's check of it failed), so it was not opened "
                                  "and nothing in it was changed.")
        dialog = DamagedDialog(path, exc.good_backup, self, other_text="Choose another file…", cancel_text="Back")
        dialog.restore_chosen.connect(lambda backup: self._run(restore_then_open(path, backup),
                                                               lambda failure: self._open_failed(path, failure)))
        dialog.other_chosen.connect(self.choose_file)
        self.damaged = dialog
        dialog.open()

    def open_demo(self) -> None:
        """Open the demo chapter, building it (with progress) the first time."""
        self.progress.setRange(0, 0)
        self.progress_label.setText("Opening the demo chapter…" if demo_path().exists() else
                                    "Building the demo chapter (a few seconds)…")
        for widget in (self.progress, self.progress_label):
            widget.show()
        self._run(lambda progress, _c: open_or_make_demo(progress), lambda exc: self._open_failed(demo_path(), exc),
                  self._progressed)

    def _progressed(self, done: int, total: int, message: str) -> None:
        self.progress.setRange(0, max(total, 0))
        self.progress.setValue(done)
        if message:
            self.progress_label.setText(message)

    def _choice_failed(self, exc: BaseException) -> None:
        self.progress.hide()
        self.progress_label.hide()
        if _is_bug(exc):
            show_problem(self, exc)
            return
        self.choice_error.setText(str(exc))
        self.choice_error.show()

    def _run(self, job: Callable[[Any, Any], Services], on_error: Callable[[BaseException], None],
             on_progress: Callable[[int, int, str], None] | None = None) -> None:
        self._set_busy(True)
        self.choice_error.hide()

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            on_error(exc)

        run_in_background(self, job, self._opened, failed, on_progress)

    def _opened(self, services: Services) -> None:
        self._set_busy(False)
        self.services = services
        self.accept()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)
        for widget in (self.create_button, self.open_button, self.demo_button, self.create_confirm):
            widget.setEnabled(not busy)

    def reject(self) -> None:
        if not self._busy:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._busy:
            event.ignore()
            return
        super().closeEvent(event)


def _create(path: Path, name: str, region: str) -> Services:
    folder_for_new_file(path)  # the per-user data folder is new on a first run: private, whatever the umask
    return create_chapter(path, name, region)


def _is_bug(exc: BaseException) -> bool:
    return not isinstance(exc, UserError | OSError)
