"""File → Import a share file…: check what another chapter's share workbook would do (a dry run), then import it;
conflicts and offered deletions then wait in the review."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import qtawesome as qta
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from organizer.progress import Cancelled, CancelToken, Progress
from organizer.services.container import Services
from organizer.services.sharing.passwords import KeyringStore, PasswordStore
from organizer.services.sharing.service import ShareImportResult
from ui.imports.import_parts import error_text, show_status, status_label
from ui.shared.tasks import TaskHandle, run_in_background
from ui.shared.widgets import name_widget

COLUMNS = ("Records", "In the file", "New", "Updated", "Unchanged", "Rejected")


class ImportShareDialog(QDialog):
    """Pick the file (and its password), check it, import it."""

    def __init__(self, services: Services, path: Path | None = None, parent: QWidget | None = None,
                 passwords: PasswordStore | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import a share file")
        self.setObjectName("importShareDialog")
        self.resize(640, 480)
        self._services = services
        self._passwords = passwords or KeyringStore()
        self.task: TaskHandle | None = None
        self.outcome: ShareImportResult | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.path = QLineEdit(str(path or ""), self)
        name_widget(self.path, "Share file")
        browse = QPushButton(qta.icon("fa5s.folder-open"), "Choose…", self)
        browse.clicked.connect(self.choose_file)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form.addRow("File:", row)
        self.partner = QLineEdit(self)
        self.partner.setPlaceholderText("the chapter it came from (to remember its password)")
        self.partner.editingFinished.connect(self._fill_password)
        name_widget(self.partner, "Partner chapter")
        form.addRow("From:", self.partner)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        name_widget(self.password, "Password", "Only for a password-protected file")
        form.addRow("Password:", self.password)
        self.remember = QCheckBox("Remember this chapter's password in the computer's keyring", self)
        form.addRow("", self.remember)
        layout.addLayout(form)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        name_widget(self.table, "What the file holds")
        layout.addWidget(self.table, 1)
        self.status = status_label("Import status")
        layout.addWidget(self.status)
        layout.addLayout(self._buttons())
        self._update()

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addStretch(1)
        self.check_button = QPushButton(qta.icon("fa5s.search"), "Check", self)
        name_widget(self.check_button, "Check", "See what importing would do; nothing changes")
        self.check_button.clicked.connect(lambda: self.start(dry_run=True))
        self.import_button = QPushButton(qta.icon("fa5s.file-import"), "Import", self)
        name_widget(self.import_button, "Import", "Import the file as one import that can be undone")
        self.import_button.clicked.connect(lambda: self.start(dry_run=False))
        self.close_button = QPushButton("Close", self)
        self.close_button.clicked.connect(self.reject)
        for button in (self.check_button, self.import_button, self.close_button):
            row.addWidget(button)
        self.path.textChanged.connect(lambda _t: self._update())
        return row

    def _update(self) -> None:
        ready = self.task is None and bool(self.path.text().strip())
        self.check_button.setEnabled(ready)
        self.import_button.setEnabled(ready)

    def _fill_password(self) -> None:
        partner = self.partner.text().strip()
        if partner and not self.password.text():
            remembered = self._passwords.get(partner)
            if remembered:
                self.password.setText(remembered)

    def choose_file(self) -> None:
        """Ask for the share workbook."""
        name, _f = QFileDialog.getOpenFileName(self, "Import a share file", str(Path.home()),
                                               "Excel workbook (*.xlsx)")
        if name:
            self.path.setText(name)

    def start(self, dry_run: bool) -> None:
        """Check or import in the background."""
        sharing, path = self._services.sharing, Path(self.path.text().strip())
        password = self.password.text() or None

        def job(progress: Progress, cancel: CancelToken) -> ShareImportResult:
            return sharing.import_share(path, password=password, dry_run=dry_run, progress=progress, cancel=cancel)

        self.task = run_in_background(self, job, lambda r: self._done(r, dry_run), self._failed)
        show_status(self.status, "Checking…" if dry_run else "Importing…")
        self._update()

    def _done(self, outcome: Any, dry_run: bool) -> None:
        self.task = None
        self.outcome = outcome
        self._show(outcome)
        r = outcome.result
        source = outcome.source or "another chapter"
        review = ""
        if r.conflicts or r.possible_duplicates or outcome.sections.get("deletions", {}).get("offered"):
            review = (" Differing values and possible duplicates wait in Review; deletions in File → Deletions "
                      "from other chapters.")
        if dry_run:
            show_status(self.status, f"From {source}: {r.created:,} new, {r.updated:,} updated, "
                                     f"{r.unchanged:,} unchanged, {r.rejected:,} rejected. Nothing was changed yet.")
        else:
            show_status(self.status, f"Imported from {source} as import {r.batch}: {r.created:,} new, "
                                     f"{r.updated:,} updated.{review}")
            self._remember()
        self._update()

    def _remember(self) -> None:
        partner, password = self.partner.text().strip(), self.password.text()
        if self.remember.isChecked() and partner and password:
            problem = self._passwords.remember(partner, password)
            if problem:
                show_status(self.status, f"{self.status.text()} {problem}")

    def _show(self, outcome: ShareImportResult) -> None:
        rows = [(name, c) for name, c in outcome.sections.items() if c.get("rows")]
        self.table.setRowCount(len(rows))
        for i, (name, counts) in enumerate(rows):
            new = counts.get("created", 0) + counts.get("offered", 0)
            values: list[str | int] = [name.replace("_", " ").capitalize(), counts.get("rows", 0), new,
                                       counts.get("updated", 0), counts.get("unchanged", 0), counts.get("rejected", 0)]
            for j, value in enumerate(values):
                item = QTableWidgetItem(f"{value:,}" if isinstance(value, int) else value)
                if isinstance(value, int):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, j, item)

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        show_status(self.status, error_text(exc), error=not isinstance(exc, Cancelled))
        self._update()


def open_import_share_dialog(parent: QWidget, services: Services) -> ImportShareDialog:
    """Show the dialog over its window."""
    dialog = ImportShareDialog(services, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
