"""One petition: its progress, sheets, the entry grid, and the check results with review side by side."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from organizer.domain.petition_rules import reason_text
from organizer.domain.petition_sample import SampleOutcome
from organizer.domain.text import counted
from organizer.services.container import Services
from organizer.services.petitions import PetitionProgress, PetitionRow, SheetRow, SignatureRow, VoterCandidate
from ui.petitions.entry_grid import EntryGrid
from ui.petitions.models import CandidatesModel, SheetsModel, SignaturesModel, kept_text
from ui.petitions.petition_dialog import SheetDialog
from ui.shared.tasks import run_in_background
from ui.shared.widgets import make_list_table, name_widget, show_problem

STATUSES = ("", "needs_review", "valid", "not_registered", "outside_district", "wrong_party", "inactive", "duplicate")


@dataclass(frozen=True, slots=True)
class PetitionState:
    """Everything the petition's tabs show, loaded together off the GUI thread."""

    petition: PetitionRow
    progress: PetitionProgress
    sheets: list[SheetRow]
    lines: list[SignatureRow]


def load_state(services: Services, petition_id: int, status: str) -> PetitionState:
    """The petition, its progress, sheets and lines (of one status, when given)."""
    p = services.petitions
    return PetitionState(p.get(petition_id), p.progress(petition_id), p.sheets(petition_id),
                         p.signatures(petition_id, status or None))


def progress_text(state: PetitionState) -> str:
    """The figures that matter, in words."""
    f, prog = state.progress.figures, state.progress
    rate = f"{f.validity_rate:.0%}" if f.validity_rate is not None else "not checked yet"
    lines = [f"<b>{f.raw:,}</b> signatures gathered, {f.checked:,} checked — validity so far {rate}",
             f"Projected valid <b>{f.projected_valid:,}</b> of {f.required:,} required"
             + (f" — <b>{f.gap_to_required:,} short</b>" if f.gap_to_required else " — requirement met"),
             f"Buffer goal {f.buffer_goal:,} raw"
             + (f" — {f.gap_to_buffer:,} to go" if f.gap_to_buffer else " — reached")]
    if f.maximum is not None:
        lines.append(f"Maximum allowed {f.maximum:,}" + (" — <b>over the maximum</b>" if f.over_maximum else ""))
    if f.days_left is not None:
        lines.append(f"{f.days_left:,} days to the deadline" if f.days_left >= 0 else
                     f"The deadline passed {-f.days_left:,} days ago")
    if prog.sheets_by_status:
        lines.append("Sheets: " + ", ".join(f"{n:,} {s}" for s, n in sorted(prog.sheets_by_status.items())))
    if prog.needs_review:
        lines.append(f"{prog.needs_review:,} lines need a person to decide (Check results)")
    if prog.at_risk:
        lines.append(f"<span style='color:#b00020'><b>{prog.at_risk:,} valid signatures are at risk</b>: their sheets' "
                     "circulator statements are incomplete or not notarized.</span>")
    return "<br>".join(lines)


class PetitionDetail(QWidget):
    """The tabs of one petition; every database call runs in the background."""

    status_message = Signal(str)
    loaded = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._petition: int | None = None
        self._state: PetitionState | None = None
        self._generation = 0
        self.title = QLabel(self)
        self.title.setObjectName("petitionTitle")
        self.title.setWordWrap(True)  # a long nominating petition's title wraps rather than running off
        self.title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._progress_tab(), "Progress")
        self.tabs.addTab(self._sheets_tab(), "Sheets")
        self.entry = EntryGrid(services, self)
        self.tabs.addTab(self.entry, "Enter signatures")
        self.tabs.addTab(self._results_tab(), "Check results")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.tabs, 1)

    def _progress_tab(self) -> QWidget:
        tab = QWidget(self)
        self.bar = QProgressBar(tab)
        self.bar.setFormat("%v of %m required (projected valid)")
        name_widget(self.bar, "Projected valid against required")
        self.figures = QLabel(tab)
        self.figures.setWordWrap(True)
        self.figures.setObjectName("petitionFigures")
        layout = QVBoxLayout(tab)
        layout.addWidget(self.bar)
        layout.addWidget(self.figures)
        layout.addStretch(1)
        return tab

    def _sheets_tab(self) -> QWidget:
        tab = QWidget(self)
        self.sheets = SheetsModel(tab)
        self.sheet_table = make_list_table(tab, self.sheets, "Sheets", "The petition's sheets and their circulators",
                                           6, {0: 55, 1: 150, 2: 85, 3: 55, 4: 55, 5: 120}, multi_select=False)
        self.sheet_table.doubleClicked.connect(lambda index: self.edit_sheet(index.row()))
        add = QPushButton("&Add sheet…", tab)
        add.clicked.connect(lambda: self.edit_sheet(None))
        edit = QPushButton("&Edit sheet…", tab)
        edit.clicked.connect(lambda: self.edit_sheet(self.sheet_table.currentIndex().row()))
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(edit)
        buttons.addStretch(1)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.sheet_table, 1)
        layout.addLayout(buttons)
        return tab

    def _results_tab(self) -> QWidget:
        tab = QWidget(self)
        self.status_filter = QComboBox(tab)
        for status in STATUSES:
            self.status_filter.addItem(status.replace("_", " ").capitalize() if status else "Every status", status)
        name_widget(self.status_filter, "Show lines of status")
        self.status_filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.check_button = QPushButton("&Check against the voter roll", tab)
        self.check_button.clicked.connect(self.run_check)
        self.sample_button = QPushButton("Simulate the clerk's &sample", tab)
        self.sample_button.clicked.connect(self.run_sample)
        self.export_button = QPushButton("E&xport…", tab)
        self.export_button.setToolTip("Save the signature list with statuses, or the per-circulator summary")
        self.export_button.clicked.connect(lambda: self.export_to(None))
        self.counts = QLabel(tab)
        self.counts.setWordWrap(True)
        self.lines = SignaturesModel(tab)
        self.line_table = make_list_table(tab, self.lines, "Signatures", "Each line and what the check found",
                                          7, {0: 48, 1: 40, 2: 140, 3: 160, 4: 125, 5: 200, 6: 70},
                                          multi_select=False)
        self.line_table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._show_candidates(cur.row()))
        self.kept = QLabel(tab)  # what the selected line kept as typed, beside the voters to choose from
        self.kept.setObjectName("keptAsTyped")
        self.kept.setWordWrap(True)
        self.kept.setTextFormat(Qt.TextFormat.PlainText)  # typed in a file: never read as markup
        self.kept.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        name_widget(self.kept, "Kept as typed on the selected line")
        self.kept.hide()
        self.candidates = CandidatesModel(tab)
        self.candidate_table = make_list_table(tab, self.candidates, "Voters who may be this signer",
                                               "Registered voters side by side with the line", 1,
                                               {0: 180, 2: 70, 3: 70, 4: 60, 5: 110, 6: 50}, multi_select=False)
        self.this_voter = QPushButton("This &voter", tab)
        self.this_voter.clicked.connect(lambda: self.decide(True))
        self.no_voter = QPushButton("&None of them (not registered)", tab)
        self.no_voter.clicked.connect(lambda: self.decide(False))
        top = QVBoxLayout()  # two rows, so a narrow panel never cuts the buttons' words
        actions, shown = QHBoxLayout(), QHBoxLayout()
        for widget in (self.check_button, self.sample_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        shown.addWidget(self.status_filter)
        shown.addStretch(1)
        shown.addWidget(self.export_button)
        top.addLayout(actions)
        top.addLayout(shown)
        review = QVBoxLayout()  # the question above its answers, so a narrow panel never cuts their words
        review.addWidget(QLabel("Review the selected line:", tab))
        answers = QHBoxLayout()
        answers.addWidget(self.this_voter)
        answers.addWidget(self.no_voter)
        answers.addStretch(1)
        review.addLayout(answers)
        layout = QGridLayout(tab)
        layout.addLayout(top, 0, 0)
        layout.addWidget(self.counts, 1, 0)
        layout.addWidget(self.line_table, 2, 0)
        layout.addWidget(self.kept, 3, 0)
        layout.addWidget(self.candidate_table, 4, 0)
        layout.addLayout(review, 5, 0)
        layout.setRowStretch(2, 3)
        layout.setRowStretch(4, 1)
        return tab

    # Loading ---------------------------------------------------------------------------------------

    def set_petition(self, petition_id: int | None) -> None:
        """Show this petition (None: nothing chosen)."""
        if petition_id != self._petition:
            self.entry.set_petition(petition_id)
        self._petition = petition_id
        self.setEnabled(petition_id is not None)
        if petition_id is None:
            self.title.setText("No petition chosen")
            return
        self.reload()

    def reload(self) -> None:
        """Load the petition again (after a change)."""
        if self._petition is None:
            return
        self._generation += 1
        generation, petition = self._generation, self._petition
        status = str(self.status_filter.currentData() or "")

        def done(state: PetitionState) -> None:
            if generation == self._generation:
                self._show(state)

        run_in_background(self, lambda _p, _c: load_state(self._services, petition, status), done,
                          lambda exc: show_problem(self, exc))

    def _show(self, state: PetitionState) -> None:
        self._state = state
        f = state.progress.figures
        self.title.setText(state.petition.title)
        self.bar.setMaximum(max(1, f.required))
        self.bar.setValue(min(f.projected_valid, max(1, f.required)))
        self.figures.setText(progress_text(state))
        self.sheets.set_rows(state.sheets)
        self._keep_current_line(state.lines)
        counted: dict[str, int] = {}
        for line in state.lines:
            counted[line.status] = counted.get(line.status, 0) + 1
        reasons: dict[str, int] = {}
        for line in state.lines:
            if line.reason:
                reasons[line.reason] = reasons.get(line.reason, 0) + 1
        self.counts.setText(", ".join(f"{n:,} {s.replace('_', ' ')}" for s, n in sorted(counted.items()))
                            + ("<br>Why: " + "; ".join(f"{reason_text(r)} ({n:,})" for r, n in reasons.items())
                               if reasons else ""))
        self.loaded.emit()

    def _keep_current_line(self, lines: list[SignatureRow]) -> None:
        """Show the lines again with the line a person was looking at still chosen (a reload must not lose it)."""
        row = self.line_table.currentIndex().row()
        kept = self.lines.row_at(row).id if 0 <= row < self.lines.rowCount() else None
        self.lines.set_rows(lines)
        again = next((i for i, line in enumerate(lines) if line.id == kept), None)
        if again is not None:
            self.line_table.selectRow(again)

    # Actions ---------------------------------------------------------------------------------------

    def edit_sheet(self, row: int | None) -> None:
        """Add a sheet, or change one (its status, circulator statement, filing date)."""
        if self._petition is None or self._state is None:
            return
        sheet = self.sheets.row_at(row) if row is not None and 0 <= row < self.sheets.rowCount() else None
        dialog = SheetDialog(self, sheet, number=max((s.number for s in self._state.sheets), default=0) + 1,
                             services=self._services)
        if not dialog.exec():
            return
        petition, data = self._petition, dialog.value()
        run_in_background(self, lambda _p, _c: self._services.petitions.save_sheet(
            petition, data, sheet.id if sheet else None), lambda _r: None, lambda exc: show_problem(self, exc))

    def run_check(self) -> None:
        """Check every line against the voter roll, in the background."""
        if self._petition is None:
            return
        petition = self._petition
        self.check_button.setEnabled(False)

        def finish(result: object) -> None:
            self.check_button.setEnabled(True)
            total = getattr(result, "total", 0)
            self.status_message.emit(f"Checked {total:,} signatures against the voter roll")

        def failed(exc: BaseException) -> None:
            self.check_button.setEnabled(True)
            show_problem(self, exc)

        run_in_background(self, lambda p, c: self._services.petitions.check(petition, p, c), finish, failed)

    def run_sample(self) -> None:
        """Simulate the clerk's random sample and say what it projects."""
        if self._petition is None:
            return
        petition = self._petition

        def show(o: SampleOutcome) -> None:
            more = (f"; about {o.more_for_qualifying:,} more raw signatures would qualify"
                    if o.more_for_qualifying else "")
            self.counts.setText(
                f"Sample of {o.sample_size:,} of {o.raw:,}: {o.valid_in_sample:,} valid, {o.duplicates_in_sample:,} "
                f"duplicates — projected valid {o.projected_valid:,} ({o.low:,}–{o.high:,}): "
                f"<b>{o.outcome.replace('_', ' ')}</b>{more}")

        run_in_background(self, lambda _p, _c: self._services.petitions.sample(petition), show,
                          lambda exc: show_problem(self, exc))

    def _show_candidates(self, row: int) -> None:
        if not 0 <= row < self.lines.rowCount():
            self.candidates.set_rows([])
            self.kept.hide()
            return
        line: SignatureRow = self.lines.row_at(row)
        self.kept.setText(f"Kept as typed on this line — {kept_text(line.as_typed)}")
        self.kept.setVisible(bool(line.as_typed))
        run_in_background(self, lambda _p, _c: self._services.petitions.candidates(line.id),
                          lambda found: self.candidates.set_rows(found), lambda exc: show_problem(self, exc))

    def decide(self, take_voter: bool) -> None:
        """The person's decision on the selected line: the selected voter, or none."""
        row = self.line_table.currentIndex().row()
        if not 0 <= row < self.lines.rowCount():
            return
        line: SignatureRow = self.lines.row_at(row)
        voter: int | None = None
        if take_voter:
            chosen = self.candidate_table.currentIndex().row()
            if not 0 <= chosen < self.candidates.rowCount():
                self.status_message.emit("Choose the voter first (in the list below the lines)")
                return
            candidate: VoterCandidate = self.candidates.row_at(chosen)
            voter = candidate.voter_row_id
        run_in_background(self, lambda _p, _c: self._services.petitions.decide(line.id, voter), lambda _r: None,
                          lambda exc: show_problem(self, exc))

    def export_to(self, path: Path | None, what: str = "signatures") -> None:
        """Save the signature list (or, chosen in the dialog, the per-circulator summary) as .xlsx or .csv."""
        if self._petition is None:
            return
        if path is None:
            lines, circulators = "Signature list (*.xlsx *.csv)", "Per-circulator summary (*.xlsx *.csv)"
            chosen, kind = QFileDialog.getSaveFileName(self, "Export", "signatures.xlsx", f"{lines};;{circulators}")
            if not chosen:
                return
            path, what = Path(chosen), "circulators" if kind == circulators else "signatures"
        petition, target = self._petition, path
        run_in_background(self, lambda _p, _c: self._services.petitions.export(petition, target, what, force=True),
                          lambda rows: self.status_message.emit(f"Saved {counted(rows, 'row')} to {target.name}"),
                          lambda exc: show_problem(self, exc))
