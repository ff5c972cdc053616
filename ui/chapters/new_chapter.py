"""File → New chapter…: a name and a phone region, then where to save the new file (never over an existing one)."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from organizer.errors import UserError, ValidationFailed
from organizer.services.container import Services, create_chapter
from ui.first_run import DATABASE_FILTER, region_choices
from ui.shared.tasks import run_in_background
from ui.shared.widgets import FieldBox, show_problem

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def suggested_file(folder: Path, name: str) -> Path:
    """A file name made from the chapter's name, in ``folder``, not taken yet."""
    stem = _UNSAFE.sub(" ", name).strip(" .") or "chapter"
    path, n = folder / f"{stem}.db", 2
    while path.exists():
        path, n = folder / f"{stem} ({n}).db", n + 1
    return path


def _create(path: Path, name: str, region: str) -> Path:
    """Create the chapter's file and close it again (the window then opens it like any other)."""
    if path.exists():
        raise UserError(f"A file named {path.name} is already there: choose another name (an existing file "
                        "is never replaced).")
    services: Services = create_chapter(path, name, region)
    services.close()
    return path


class NewChapterDialog(QDialog):
    """Asks for the new chapter's name and region, then for its file; emits `created` with the new file."""

    created = Signal(Path)

    def __init__(self, folder: Path, region: str = "US", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newChapterDialog")
        self.setWindowTitle("New chapter")
        self.folder = folder
        self.path: Path | None = None
        self._busy = False
        title = QLabel("Start a new chapter", self)
        title.setObjectName("dialogTitle")
        intro = QLabel("A new, empty chapter in a file of its own. It opens in place of this one, which stays "
                       "as it is.", self)
        intro.setWordWrap(True)
        self.chapter_name = QLineEdit(self)
        self.chapter_name.setPlaceholderText("e.g. Riverside County Chapter")
        self.region = QComboBox(self)
        for label, code in region_choices():
            self.region.addItem(label, code)
        self.region.setCurrentIndex(max(0, self.region.findData(region)))
        self.name_box = FieldBox("Chapter &name", self.chapter_name, self)
        self.region_box = FieldBox("Default phone &region (for numbers written without +country code)",
                                   self.region, self)
        self.problem = QLabel(self)
        self.problem.setObjectName("fieldError")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.create_button = self.buttons.addButton("&Create…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.create_button.setDefault(True)
        self.buttons.accepted.connect(self.choose_file_and_create)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (title, intro, self.name_box, self.region_box, self.problem):
            layout.addWidget(widget)
            if widget is intro:
                layout.addSpacing(8)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(520, 300)

    def choose_file_and_create(self) -> None:
        """Check the name, ask where the file goes, then create it in the background."""
        name = self.chapter_name.text().strip()
        self.name_box.set_problem("" if name else "Give the chapter a name.")
        if not name:
            self.chapter_name.setFocus()
            return
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Save the new chapter as", str(suggested_file(self.folder, name)), DATABASE_FILTER,
            options=QFileDialog.Option.DontConfirmOverwrite)  # an existing file is refused below, never replaced
        if not chosen:
            return
        path = Path(chosen) if Path(chosen).suffix else Path(chosen).with_suffix(".db")
        if path.exists():
            self._show_problem(f"A file named {path.name} is already there: choose another name "
                               "(an existing file is never replaced).")
            return
        region = str(self.region.currentData())
        self._set_busy(True)
        run_in_background(self, lambda _p, _c: _create(path, name, region), self._created, self._failed)

    def _created(self, path: Path) -> None:
        self._set_busy(False)
        self.path = path
        self.created.emit(path)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, ValidationFailed):
            self.name_box.set_problem(exc.problems.get("chapter", ""))
            self.region_box.set_problem(exc.problems.get("region", ""))
        elif isinstance(exc, UserError | OSError):
            self._show_problem(str(exc) if isinstance(exc, UserError) else
                               f"The file could not be created ({exc.strerror}): choose another folder.")
        else:
            show_problem(self, exc)

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)
        self.create_button.setEnabled(not busy)
        if busy:
            self._show_problem("")

    def reject(self) -> None:
        if not self._busy:
            super().reject()
