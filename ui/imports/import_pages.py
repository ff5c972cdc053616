"""The import wizard's choices and live preview, and its check, import and report pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import qtawesome as qta
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from organizer.domain.text import counted
from organizer.errors import UserError
from organizer.progress import CancelToken, Progress
from organizer.services.imports import (
    ImportOptions,
    ImportPreview,
    ImportResult,
    ImportService,
    MassInactive,
    SourceOptions,
    UndoReport,
)
from organizer.services.voters import INACTIVE_REASON
from ui.imports.import_parts import (
    KINDS,
    CountsGrid,
    IssueTabs,
    JobPanel,
    confirm,
    count_of,
    error_text,
    fit_columns,
    mass_inactive_question,
    rejected_table,
    report_counts,
    show_status,
    status_label,
    undo_message,
    undo_question,
)
from ui.shared.tasks import run_in_background
from ui.shared.widgets import name_widget

RunArgs = Callable[[bool], tuple[Path, str, ImportOptions]]  # dry_run -> (path, kind, options)
MASS_INACTIVE_FLAG = "allow_mass_inactive"  # the voters kind's option to go ahead all the same
SAVE_FILTER = "Excel workbook (*.xlsx);;CSV file (*.csv)"


@dataclass(slots=True)
class ImportChoices:
    """What the user chose so far; None means "let the program detect it"."""

    path: Path | None
    kind: str  # the name of an import kind
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    header_row: int | None = None
    overrides: dict[str, str] = field(default_factory=dict)  # header -> field, only where changed
    flags: set[str] = field(default_factory=set)  # the kind's own options the user agreed to (allow_mass_inactive)
    password: str | None = field(default=None, repr=False)  # of a password-protected workbook
    layout: str | None = None  # a known layout picked by hand (a voter file's state or VAN)

    def reset_layout(self) -> None:
        """A new file, sheet, kind or reading: detect the header row and mapping afresh (and ask anew)."""
        self.header_row = None
        self.layout = None
        self.overrides.clear()
        self.flags.clear()

    def preview_options(self) -> ImportOptions:
        """Options for a preview: what the user chose, the rest detected."""
        return ImportOptions(SourceOptions(self.sheet, self.encoding, self.delimiter, self.password),
                             self.header_row, dict(self.overrides), layout=self.layout)

    def run_options(self, preview: ImportPreview, *, dry_run: bool) -> ImportOptions:
        """Options for a run, pinned to exactly what the preview showed."""
        source = preview.source
        return ImportOptions(SourceOptions(source.sheet, source.encoding, source.delimiter, self.password),
                             preview.layout.header_row, dict(self.overrides), dry_run, frozenset(self.flags),
                             layout=self.layout)


class PreviewController(QObject):
    """Reads the head of the file again in the background whenever a choice changes; the newest wins."""

    started = Signal()
    ready = Signal(object)  # ImportPreview
    failed = Signal(str)

    def __init__(self, imports: ImportService, choices: ImportChoices, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.imports, self.choices = imports, choices
        self.preview: ImportPreview | None = None
        self.previewed: Path | None = None  # the file the preview shows
        self.problem, self.busy, self._generation = "", False, 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)  # typing "12" in the row box reads the file once, not twice
        self._timer.timeout.connect(self._start)

    @property
    def ok(self) -> bool:
        """A preview of the current choices is shown and nothing is wrong."""
        return self.preview is not None and not self.busy and not self.problem

    def clear(self) -> None:
        """No file chosen any more: forget the preview (and any read still under way)."""
        self._generation += 1
        self._timer.stop()
        self.busy, self.problem, self.preview, self.previewed = False, "", None, None

    def request(self) -> None:
        """Preview the current choices soon."""
        self.busy = True
        self._generation += 1  # what earlier requests bring back is stale from now on
        self.started.emit()
        self._timer.start()

    def _start(self) -> None:
        generation, imports = self._generation, self.imports
        path, kind, options = self.choices.path, self.choices.kind, self.choices.preview_options()
        if path is None:
            self.busy = False
            return
        run_in_background(self, lambda _p, _c: imports.preview(path, kind, options),
                          lambda preview: self._done(generation, path, preview),
                          lambda exc: self._failed(generation, path, exc))

    def _done(self, generation: int, path: Path, preview: ImportPreview) -> None:
        if generation == self._generation:
            self.busy, self.problem, self.preview, self.previewed = False, "", preview, path
            self.ready.emit(preview)

    def _failed(self, generation: int, path: Path, exc: BaseException) -> None:
        if generation == self._generation:
            self.busy, self.problem = False, error_text(exc)
            if path != self.previewed:  # another file that cannot be read: the last one's preview is gone
                self.preview = self.previewed = None
            self.failed.emit(self.problem)


class PreviewPage(QWizardPage):
    """A page that follows the preview: complete only while a preview of the current choices is shown."""

    def __init__(self, choices: ImportChoices, controller: PreviewController) -> None:
        super().__init__()
        self.choices, self.controller = choices, controller
        controller.started.connect(self.busy)
        controller.ready.connect(self.ready)
        controller.failed.connect(self.failed)

    def isComplete(self) -> bool:
        return self.controller.ok

    def validatePage(self) -> bool:
        return self.controller.ok  # also when next() is called directly, as Enter in a field does

    def busy(self) -> None:
        """A new preview was asked for."""
        self.completeChanged.emit()

    def ready(self, preview: ImportPreview) -> None:
        """A preview of the current choices arrived."""
        self.completeChanged.emit()

    def failed(self, message: str) -> None:
        """The preview failed; `message` is one plain line."""
        self.completeChanged.emit()


class JobPage(QWizardPage):
    """A page that runs the import (for real or as a dry run) as soon as it is shown."""

    def __init__(self, imports: ImportService, run_args: RunArgs, *, dry_run: bool, message: str) -> None:
        super().__init__()
        self.setCommitPage(True)  # past here, an import is undone from the report, never by going back
        self.imports, self.run_args, self.dry_run, self.message = imports, run_args, dry_run, message
        self.report: ImportResult | None = None
        self.panel = JobPanel()
        self.panel.retry_requested.connect(self.initializePage)
        self.box = QVBoxLayout(self)
        self.box.addWidget(self.panel)

    def initializePage(self) -> None:
        self.report = None
        imports, (path, kind, options) = self.imports, self.run_args(self.dry_run)

        def job(progress: Progress, cancel: CancelToken) -> ImportResult:  # runs on a worker: no widgets here
            return imports.run(path, kind, options, progress, cancel)

        self.panel.start(self.message, job, self.finished, self.failure_text)
        self.completeChanged.emit()

    def failure_text(self, exc: BaseException) -> str | None:
        """What to say when the run failed (None: the error as the core words it)."""
        return None

    def isComplete(self) -> bool:
        return self.report is not None

    def finished(self, report: ImportResult) -> None:
        """The run ended well."""
        self.report = report
        self.completeChanged.emit()


class CheckPage(JobPage):
    """Step 3: a dry run over every row, showing what the import would do and which rows fail."""

    def __init__(self, imports: ImportService, run_args: RunArgs, choices: ImportChoices | None = None) -> None:
        super().__init__(imports, run_args, dry_run=True, message="Checking every row… nothing is saved yet.")
        self.choices = choices
        self.setTitle("Check the rows")
        self.setSubTitle("Nothing is saved yet: this is what the import would do.")
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Import")
        self.counts, self.issues = CountsGrid(), IssueTabs()
        self.box.addWidget(self.counts)
        self.box.addWidget(self.issues, 1)

    def initializePage(self) -> None:
        self.counts.set_counts([])
        self.issues.show_issues([], [])
        super().initializePage()

    def cleanupPage(self) -> None:
        self.panel.cancel()  # Back while checking

    def failure_text(self, exc: BaseException) -> str | None:
        """A refresh that would mark a mass of voters inactive: ask, and check again if the user agrees."""
        if not isinstance(exc, MassInactive) or self.choices is None:
            return None
        if confirm(self, "Mark voters inactive?", mass_inactive_question(exc)):
            self.choices.flags.add(MASS_INACTIVE_FLAG)
            QTimer.singleShot(0, self.initializePage)
            return "Checking again…"
        return (f"Nothing was imported: this file would mark {exc.would:,} voters inactive. Go back and choose the "
                "whole voter roll, or press Try again to be asked again.")

    def finished(self, report: ImportResult) -> None:
        if report.created + report.updated + report.unchanged == 0:
            kind = KINDS.get(report.kind)
            what = kind.identity if kind is not None else "what identifies each row"
            text = f"No row can be imported: go back and check which column holds {what}."
        else:
            text = f"Checked {counted(report.rows, 'row')}. Press Import to import them; nothing was changed yet."
        if report.count("deactivated"):  # a voter-file refresh: say why before the user confirms
            text += f" {report.count('deactivated'):,} voters will be marked inactive. {INACTIVE_REASON}"
        show_status(self.panel.message, " ".join([*report.notices, text]))
        self.counts.set_counts(report_counts(report, future=True))
        self.issues.show_report(report)
        super().finished(report)


class RunPage(JobPage):
    """Step 4: the real import, with progress and a Cancel that leaves everything as it was."""

    imported = Signal(object)  # ImportResult

    def __init__(self, imports: ImportService, run_args: RunArgs) -> None:
        super().__init__(imports, run_args, dry_run=False, message="Importing… (a backup of the database comes first)")
        self.setTitle("Importing")
        self.setSubTitle("You can cancel until it finishes: a cancelled import changes nothing.")
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Next >")
        self.box.addStretch(1)

    def finished(self, report: ImportResult) -> None:
        show_status(self.panel.message, "Done.")
        super().finished(report)
        self.imported.emit(report)
        QTimer.singleShot(0, self._advance)

    def _advance(self) -> None:
        wizard = self.wizard()
        if wizard is not None and wizard.currentPage() is self:
            wizard.next()


class ReportPage(QWizardPage):
    """Step 5: what the import did, with the rejected rows to save and an undo."""

    undone = Signal(object)  # the ImportResult of the import that was undone

    def __init__(self, imports: ImportService, run_args: RunArgs) -> None:
        super().__init__()
        self.setTitle("Import finished")
        self.setSubTitle("Here is what changed. You can save the rows that were left out, or undo the import.")
        self.imports, self.run_args = imports, run_args
        self.report: ImportResult | None = None
        self.summary, self.status, self.counts = status_label("Summary"), status_label(), CountsGrid()
        self.save_button = QPushButton(qta.icon("fa5s.save"), "&Save rejected rows…")
        self.undo_button = QPushButton(qta.icon("fa5s.undo"), "&Undo this import")
        buttons = QHBoxLayout()
        for button, slot in ((self.save_button, self._save), (self.undo_button, self._undo)):
            name_widget(button, button.text().replace("&", "").rstrip("…"))
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.rejected_label = status_label("Rows left out")
        self.rejected_model, self.rejected_view = rejected_table()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.counts)
        layout.addWidget(self.rejected_label)
        layout.addWidget(self.rejected_view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)

    def show_report(self, report: ImportResult) -> None:
        """Show the outcome of a finished import."""
        self.report = report
        text = f"Imported “{report.file_name}”: {count_of(report.created, report.kind)} added, " \
               f"{report.updated:,} updated."
        if report.backup:
            text += f"\nA copy of the database from before the import is kept at {report.backup}"
        show_status(self.summary, "\n".join([text, *report.notices]))
        self.counts.set_counts(report_counts(report))
        self._show_rejected(report)
        self.save_button.setEnabled(bool(report.rejected_rows))
        self.undo_button.setEnabled(report.batch is not None)
        show_status(self.status, "")

    def _show_rejected(self, report: ImportResult) -> None:
        """The rows left out: their row number, why, and the values they have, under the file's own headers."""
        rows = report.rejected_rows
        width = max([len(report.headers), *(len(r.cells) for r in rows)], default=0)
        headers = ["Row", "Why it was left out", *report.headers,
                   *(f"Column {i + 1}" for i in range(len(report.headers), width))]
        self.rejected_model.set_rows([(r.row, r.reason, *r.cells) for r in rows], headers=headers)
        fit_columns(self.rejected_view, 320)
        self.rejected_view.setVisible(bool(rows))
        listed = f" (the first {len(rows):,} are listed)" if report.rejected > len(rows) else ""
        noun = "row was" if report.rejected == 1 else "rows were"
        show_status(self.rejected_label, f"{report.rejected:,} {noun} left out{listed}. Save them, fix them there "
                    "and import that file again." if report.rejected else "")

    def _save(self) -> None:
        report = self.report
        if report is None:
            return
        suggested = self.run_args(False)[0].with_name(f"{Path(report.file_name).stem} - rejected rows.xlsx")
        name, chosen = QFileDialog.getSaveFileName(self, "Save rejected rows", str(suggested), SAVE_FILTER)
        if not name:
            return
        path = Path(name)
        confirmed = True  # the dialog asked before naming an existing file
        if path.suffix.lower() not in (".xlsx", ".csv"):
            path = path.with_name(path.name + (".csv" if "csv" in chosen.lower() else ".xlsx"))
            confirmed = False  # a name the dialog never saw: an existing file there is refused

        imports = self.imports

        def job(_progress: Progress, _cancel: CancelToken) -> int:
            try:
                return imports.save_rejected(report, path, force=confirmed)
            except OSError as exc:
                raise UserError(f"The file could not be saved ({exc.strerror}): choose another folder.") from exc

        show_status(self.status, "Saving…")
        saved = f"to {path}. Fix them there and import that file again."
        run_in_background(self, job, lambda n: show_status(self.status, f"Saved {counted(n, 'rejected row')} {saved}"),
                          lambda exc: show_status(self.status, error_text(exc), error=True))

    def _undo(self) -> None:
        report = self.report
        if report is None or report.batch is None:
            return
        batch, kind = report.batch, report.kind
        if not confirm(self, "Undo this import?", undo_question(None, "", report.created, report.updated, kind)):
            return
        self.undo_button.setEnabled(False)
        show_status(self.status, "Undoing the import…")

        def done(result: UndoReport) -> None:
            self.setSubTitle("The import was undone.")
            show_status(self.status, undo_message(result))
            self.undone.emit(report)

        def failed(exc: BaseException) -> None:
            self.undo_button.setEnabled(True)
            show_status(self.status, error_text(exc), error=True)

        imports = self.imports
        run_in_background(self, lambda _p, _c: imports.undo(batch), done, failed)
