"""File → Share with another chapter…: what to share (sections, tags, privacy), summary only, a password;
written in the background with progress and Cancel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import qtawesome as qta
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from organizer.progress import Cancelled, CancelToken, Progress
from organizer.services.container import Services
from organizer.services.sharing.options import ShareChoice, ShareExportResult, ShareRequest
from organizer.services.sharing.schema import SECTIONS
from ui.imports.import_parts import error_text, show_status, status_label
from ui.shared.job_dialog import JobDialog
from ui.shared.tasks import run_in_background
from ui.shared.widgets import name_widget

SECTION_LABELS = {"people": "People (emails, phones, addresses, tags)", "lists": "Lists",
                  "volunteers": "Volunteers", "prospects": "Candidate pipeline",
                  "petitions": "Petitions and signatures",
                  "events": "Events, shifts and attendance", "canvassing": "Walk lists and contact attempts"}
PRIVACY = (("no_contact_details", "Leave out contact details (emails, phones, addresses)"),
           ("no_notes", "Leave out notes and comments"), ("no_custom_fields", "Leave out custom fields"),
           ("no_do_not_contact", "Leave out people who must not be contacted (for outreach)"))


class ShareDialog(JobDialog):
    """Choose what goes to the other chapter, then where to save it."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Share with another chapter")
        self.setObjectName("shareDialog")
        self._services = services
        self.written: ShareExportResult | None = None
        layout = QVBoxLayout(self)
        intro = QLabel("A share workbook carries every record you choose with its id, so the other chapter can "
                       "import it without duplicates, and import later versions of it too.", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self._sections_box())
        layout.addWidget(self._people_box())
        layout.addWidget(self._privacy_box())
        layout.addWidget(self._password_box())
        self.progress = QProgressBar(self)
        self.progress.setVisible(False)
        name_widget(self.progress, "Share progress")
        layout.addWidget(self.progress)
        self.status = status_label("Share status")
        layout.addWidget(self.status)
        layout.addLayout(self._buttons())

    def _sections_box(self) -> QGroupBox:
        box = QGroupBox("What to share", self)
        grid = QGridLayout(box)
        self.section_boxes: dict[str, QCheckBox] = {}
        for i, key in enumerate(SECTIONS):
            check = QCheckBox(SECTION_LABELS.get(key, key.capitalize()), box)
            check.setChecked(True)
            name_widget(check, SECTION_LABELS.get(key, key))
            self.section_boxes[key] = check
            grid.addWidget(check, i // 2, i % 2)
        self.summary_only = QCheckBox("Summary only, no personal data (for a state or national body)", box)
        self.summary_only.setToolTip("Counts by section, petition progress and event turnout")
        self.summary_only.toggled.connect(self._update)
        name_widget(self.summary_only, "Summary only")
        grid.addWidget(self.summary_only, (len(SECTIONS) + 1) // 2, 0, 1, 2)
        return box

    def _people_box(self) -> QGroupBox:
        box = QGroupBox("Which people", self)
        form = QFormLayout(box)
        self.tags = QLineEdit(box)
        self.tags.setPlaceholderText("everyone — or tags, separated by commas")
        name_widget(self.tags, "Tags", "Only people with any of these tags")
        form.addRow("Tagged:", self.tags)
        self.lists = QLineEdit(box)
        self.lists.setPlaceholderText("or lists, separated by commas")
        name_widget(self.lists, "Lists", "Only people on any of these lists")
        form.addRow("On the lists:", self.lists)
        return box

    def _privacy_box(self) -> QGroupBox:
        box = QGroupBox("Privacy", self)
        column = QVBoxLayout(box)
        self.privacy: dict[str, QCheckBox] = {}
        for key, text in PRIVACY:
            check = QCheckBox(text, box)
            name_widget(check, text)
            self.privacy[key] = check
            column.addWidget(check)
        return box

    def _password_box(self) -> QGroupBox:
        box = QGroupBox("Password (optional)", self)
        form = QFormLayout(box)
        self.password = QLineEdit(box)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        name_widget(self.password, "Password", "Excel and LibreOffice ask for it when the file is opened")
        self.again = QLineEdit(box)
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        name_widget(self.again, "Password again")
        form.addRow("Password:", self.password)
        form.addRow("Again:", self.again)
        return box

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addStretch(1)
        self.export_button = QPushButton(qta.icon("fa5s.share-square"), "Save share file…", self)
        self.export_button.setDefault(True)
        name_widget(self.export_button, "Save share file", "Choose where to save it, then write it")
        self.export_button.clicked.connect(self.choose_and_export)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.clicked.connect(self.cancel_job)
        self.cancel_button.setVisible(False)
        self.close_button = QPushButton("Close", self)
        self.close_button.clicked.connect(self.reject)
        for button in (self.export_button, self.cancel_button, self.close_button):
            row.addWidget(button)
        return row

    def _update(self) -> None:
        summary = self.summary_only.isChecked()
        for widget in (*self.section_boxes.values(), *self.privacy.values(), self.tags, self.lists):
            widget.setEnabled(not summary and self.task is None)

    def request(self, path: Path, force: bool) -> ShareRequest:
        """The export the dialog's choices describe."""
        chosen = tuple(k for k, c in self.section_boxes.items() if c.isChecked())
        sections = () if len(chosen) == len(self.section_boxes) else chosen
        choice = ShareChoice(sections, _split(self.tags.text()), _split(self.lists.text()),
                             **{k: c.isChecked() for k, c in self.privacy.items()})
        return ShareRequest(path, choice, self.password.text() or None, self.summary_only.isChecked(), force)

    def choose_and_export(self) -> None:
        """Check the password, ask where, then write in the background."""
        if self.password.text() != self.again.text():
            show_status(self.status, "The two passwords differ: type the same password twice.", error=True)
            return
        start = str(Path.home() / ("chapter-summary.xlsx" if self.summary_only.isChecked() else "chapter-share.xlsx"))
        name, _chosen = QFileDialog.getSaveFileName(self, "Save the share file as", start, "Excel workbook (*.xlsx)")
        if not name:
            return
        path = Path(name)
        force = path.suffix.lower() == ".xlsx"
        self.start(self.request(path if force else path.with_name(path.name + ".xlsx"), force))

    def start(self, request: ShareRequest) -> None:
        """Write the share file off the GUI thread."""
        sharing = self._services.sharing

        def job(progress: Progress, cancel: CancelToken) -> ShareExportResult:
            return sharing.export(request, progress=progress, cancel=cancel)

        self._running(True)
        show_status(self.status, "Writing the share file…")
        self.task = run_in_background(self, job, self._done, self._failed, self._progressed)

    def _progressed(self, done: int, total: int, message: str) -> None:
        self.progress.setMaximum(max(total, 0))
        self.progress.setValue(done)
        self.progress.setFormat(message)

    def _done(self, result: Any) -> None:
        self.written = result
        self._running(False)
        rows = sum(result.sheets.values())
        locked = " (password protected)" if result.encrypted else ""
        show_status(self.status, f"Saved {rows:,} records to {result.path}{locked}")

    def _failed(self, exc: BaseException) -> None:
        self._running(False)
        show_status(self.status, error_text(exc), error=not isinstance(exc, Cancelled))

    def _running(self, running: bool) -> None:
        if not running:
            self.task = None
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        self.close_button.setVisible(not running)
        self.export_button.setEnabled(not running)
        self._update()



def _split(text: str) -> tuple[str, ...]:
    """ "Teacher, Nurse" → ("Teacher", "Nurse")."""
    return tuple(t.strip() for t in text.split(",") if t.strip())


def open_share_dialog(parent: QWidget, services: Services) -> ShareDialog:
    """Show the share dialog over its window."""
    dialog = ShareDialog(services, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
