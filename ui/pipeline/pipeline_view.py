"""The Candidates section: the pipeline as a board of stage columns or as a list, filtered by office, organizer
and election."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import IntEnum
from pathlib import Path
from typing import Any

import qtawesome as qta
from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from organizer.domain.codes import ProspectStage
from organizer.domain.text import fold
from organizer.services.changes import PEOPLE, PROSPECTS
from organizer.services.container import Services
from organizer.services.prospects_offices import OfficeRow
from organizer.services.prospects_rows import ProspectFilter, ProspectRow, Reminder
from ui.pipeline.board import Board, card_lines, short_day, warning_colors
from ui.pipeline.prospect_dialog import open_prospect_dialog
from ui.shared.changes import RefreshOnChange
from ui.shared.rows_model import ModelIndex, RowsModel
from ui.shared.tasks import run_in_background
from ui.shared.widgets import EmptyState, count_text, make_list_table, name_widget, show_problem

IdRole = Qt.ItemDataRole.UserRole + 10
SortRole = Qt.ItemDataRole.UserRole + 11
STAGES = list(ProspectStage)


class PColumn(IntEnum):
    """The list's columns."""

    NAME = 0
    OFFICE = 1
    STAGE = 2
    NEXT_STEP = 3
    DUE = 4
    FILING = 5
    ELECTION = 6
    ORGANIZER = 7

    @property
    def header(self) -> str:
        """The column's heading."""
        return {PColumn.DUE: "Next step due", PColumn.FILING: "Filing deadline"}.get(
            self, self.name.replace("_", " ").capitalize())


WIDTHS = {PColumn.NAME: 170, PColumn.OFFICE: 200, PColumn.STAGE: 110, PColumn.DUE: 115, PColumn.FILING: 120,
          PColumn.ELECTION: 110, PColumn.ORGANIZER: 150}
DATES = {PColumn.DUE: "next_step_due", PColumn.FILING: "filing_deadline", PColumn.ELECTION: "election_date"}


class ProspectsModel(RowsModel[ProspectRow]):
    """Prospect rows for the list view."""

    column_count = len(PColumn)
    today = date.today()

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_for(index)
        if row is None:
            return None
        column = PColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == IdRole:
            return row.id
        if role == SortRole:
            if column is PColumn.STAGE:
                return ProspectStage(row.stage).order
            if column in DATES:
                value = getattr(row, DATES[column])
                return value.isoformat() if value else "9999"
            return fold(self._text(row, column))
        if role == Qt.ItemDataRole.ForegroundRole and column in (PColumn.DUE, PColumn.FILING):
            state = card_lines(row, self.today)[3]
            if state and (column is PColumn.DUE) == row.overdue(self.today):
                overdue, soon = warning_colors(QApplication.palette())
                return overdue if state == "overdue" else soon
        if role == Qt.ItemDataRole.TextAlignmentRole and column in DATES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, row: ProspectRow, column: PColumn) -> str:
        if column in DATES:
            value = getattr(row, DATES[column])
            return short_day(value, self.today) if value else ""
        values = {PColumn.NAME: row.name, PColumn.OFFICE: row.office_text,
                  PColumn.STAGE: ProspectStage(row.stage).label, PColumn.NEXT_STEP: row.next_step,
                  PColumn.ORGANIZER: row.organizer}
        return values[column]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(PColumn):
            return PColumn(section).header
        return None


@dataclass(frozen=True, slots=True)
class Loaded:
    """One background load: the prospects shown, how many in all, the filter choices and reminders."""

    rows: list[ProspectRow]
    total: int
    offices: list[str]
    organizers: list[tuple[int, str]]
    elections: list[date]
    open_seats: list[OfficeRow]
    reminders: list[Reminder]


def load(services: Services, wanted: ProspectFilter) -> Loaded:
    """Everything the section shows (off the GUI thread)."""
    every = services.prospects.rows()
    rows = services.prospects.rows(wanted) if wanted != ProspectFilter() else every
    organizers = sorted({(r.organizer_id, r.organizer) for r in every if r.organizer_id is not None},
                        key=lambda o: o[1].casefold())
    return Loaded(rows, len(every), services.prospects.offices_in_use(), organizers, services.prospects.elections(),
                  services.offices.uncontested(), services.prospects.reminders())


class PipelineView(QWidget):
    """Candidates: who the chapter recruits to run, stage by stage."""

    status_message = Signal(str)
    query_finished = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pipelineView")
        self._services = services
        self._generation = 0
        self._keep: int | None = None
        layout = QVBoxLayout(self)
        layout.addLayout(self._filters())
        self.summary = QLabel(self)
        self.summary.setObjectName("mutedNote")
        self.summary.setWordWrap(True)
        name_widget(self.summary, "Deadlines and open seats")
        self.offices_button = QPushButton(qta.icon("fa5s.landmark"), "Offices…", self)
        self.offices_button.setToolTip("The offices and elections the chapter follows: seats, filing windows")
        name_widget(self.offices_button, "Offices")
        self.offices_button.clicked.connect(self.show_offices)
        self.export_button = QPushButton(qta.icon("fa5s.file-export"), "Export…", self)
        self.export_button.setToolTip("Save the pipeline, with stages, dates and every move, as a spreadsheet")
        name_widget(self.export_button, "Export the pipeline")
        self.export_button.clicked.connect(self.export_pipeline)
        second = QHBoxLayout()
        second.addWidget(self.summary, 1)
        second.addWidget(self.offices_button)
        second.addWidget(self.export_button)
        layout.addLayout(second)
        self.pages = QStackedWidget(self)
        self.board = Board(self)
        self.board.card_dropped.connect(self.move_to)
        self.board.move_requested.connect(self.move_by)
        self.board.open_requested.connect(self.open_prospect)
        self.model = ProspectsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.table = make_list_table(self, self.proxy, "Prospects", "Enter opens a prospect", PColumn.NEXT_STEP,
                                     dict(WIDTHS), multi_select=False)
        self.table.sortByColumn(PColumn.STAGE, Qt.SortOrder.AscendingOrder)  # pipeline order
        self.table.activated.connect(lambda index: self.open_prospect(int(index.data(IdRole))))
        self.empty = EmptyState("fa5s.flag-checkered", self)
        self.empty.add_button("Add a prospect…", "fa5s.user-plus", self.add_prospect, default=True)
        self.empty.add_button("Clear filters", "fa5s.times", self.clear_filters)
        self.empty.finish_buttons()
        for page in (self.board, self.table, self.empty):
            self.pages.addWidget(page)
        layout.addWidget(self.pages, 1)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        layout.addWidget(self.count_label)
        self.listener = RefreshOnChange(services.changes, frozenset({PROSPECTS, PEOPLE}), lambda _c: self.refresh(),
                                        self)
        self.refresh()

    def _filters(self) -> QHBoxLayout:
        self.view_tabs = QTabBar(self)
        self.view_tabs.addTab(qta.icon("fa5s.columns"), "Board")
        self.view_tabs.addTab(qta.icon("fa5s.list"), "List")
        name_widget(self.view_tabs, "Board or list")
        self.view_tabs.currentChanged.connect(lambda _i: self._show_page())
        self.office_filter, self.organizer_filter = QComboBox(self), QComboBox(self)
        self.election_filter = QComboBox(self)
        for combo, name in ((self.office_filter, "Office filter"), (self.organizer_filter, "Organizer filter"),
                            (self.election_filter, "Election filter")):
            name_widget(combo, name)
            combo.setMinimumContentsLength(3)  # the window may be narrow; the list opens as wide as it needs
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumWidth(0)
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.add_button = QPushButton(qta.icon("fa5s.user-plus"), "Add prospect…", self)
        name_widget(self.add_button, "Add prospect")
        self.add_button.clicked.connect(self.add_prospect)
        row = QHBoxLayout()
        row.addWidget(self.view_tabs)
        row.addStretch(1)
        for widget in (self.office_filter, self.organizer_filter, self.election_filter):
            row.addWidget(widget, 1)
        row.addWidget(self.add_button)
        return row

    def wanted(self) -> ProspectFilter:
        """The filters as chosen."""
        return ProspectFilter(office=str(self.office_filter.currentData() or ""),
                              organizer_id=self.organizer_filter.currentData(),
                              election=self.election_filter.currentData())

    def refresh(self) -> None:
        """Load again in the background; only the newest answer is shown."""
        self._generation += 1
        generation, services, wanted = self._generation, self._services, self.wanted()
        run_in_background(self, lambda _p, _c: load(services, wanted), lambda got: self._loaded(generation, got),
                          lambda exc: show_problem(self, exc) if generation == self._generation else None)

    def _loaded(self, generation: int, got: Loaded) -> None:
        if generation != self._generation:
            return
        self._fill_filters(got)
        self.board.set_rows(got.rows, self._keep)
        self.model.set_rows(got.rows)
        self.count_label.setText(count_text(got.total, len(got.rows), "prospect", "prospects"))
        self.summary.setText(summary_text(got))
        self._show_page()
        if self._keep is not None:
            self.board.focus_card(self._keep)
            self._keep = None
        self.query_finished.emit()

    def _fill_filters(self, got: Loaded) -> None:
        choices = ((self.office_filter, "All offices", [(o, o) for o in got.offices]),
                   (self.organizer_filter, "All organizers", [(n, i) for i, n in got.organizers]),
                   (self.election_filter, "All elections", [(d.isoformat(), d) for d in got.elections]))
        for combo, every, items in choices:
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(every, None)
            for text, value in items:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(0, combo.findData(current)) if current is not None else 0)
            combo.blockSignals(False)

    def _show_page(self) -> None:
        if not self.model.rowCount():
            filtered = self.wanted() != ProspectFilter()
            self.empty.set_text("No prospect matches these filters" if filtered else "No prospects yet",
                                "Clear the filters to see the whole pipeline." if filtered else
                                "Add someone the chapter hopes will run for office: a school board, council or "
                                "election administrator seat.")
            self.empty.show_buttons("Clear filters" if filtered else "Add a prospect…")
            self.pages.setCurrentWidget(self.empty)
            return
        self.pages.setCurrentWidget(self.board if self.view_tabs.currentIndex() == 0 else self.table)

    def clear_filters(self) -> None:
        """Every prospect again."""
        for combo in (self.office_filter, self.organizer_filter, self.election_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.refresh()

    def move_to(self, prospect_id: int, stage: str) -> None:
        """A card dropped on a column: move it there (kept on its timeline)."""
        prospects, self._keep = self._services.prospects, prospect_id
        run_in_background(self, lambda _p, _c: prospects.move(prospect_id, stage), self._moved,
                          lambda exc: show_problem(self, exc))

    def move_by(self, prospect_id: int, step: int) -> None:
        """Ctrl+Left / Ctrl+Right on a card: a stage back or on."""
        for column in self.board.columns:
            if column.current_id() == prospect_id:
                at = STAGES.index(column.stage) + step
                if 0 <= at < len(STAGES):
                    self.move_to(prospect_id, STAGES[at].value)
                return

    def _moved(self, row: ProspectRow) -> None:
        self.status_message.emit(f"Moved {row.name} to {ProspectStage(row.stage).label}.")

    def open_prospect(self, prospect_id: int) -> None:
        """Enter on a card or row: the prospect's form."""
        open_prospect_dialog(self, self._services, prospect_id, lambda: self.status_message.emit("Prospect saved."))

    def add_prospect(self) -> None:
        """A new prospect's form."""
        open_prospect_dialog(self, self._services, None, lambda: self.status_message.emit("Prospect added."))

    def show_offices(self) -> None:
        """The offices catalog."""
        from ui.pipeline.offices_dialog import OfficesDialog

        dialog = OfficesDialog(self._services, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def export_pipeline(self) -> None:
        """Save the pipeline as .xlsx (the dialog asks before replacing a file)."""
        name, _ = QFileDialog.getSaveFileName(self, "Export the pipeline", "pipeline.xlsx", "Excel workbook (*.xlsx)")
        if not name:
            return
        path = Path(name if name.lower().endswith(".xlsx") else f"{name}.xlsx")
        prospects = self._services.prospects
        run_in_background(self, lambda _p, _c: prospects.export(path, force=True),  # the save dialog asked
                          lambda done: self.status_message.emit(f"Exported {plural(done.prospects)}."),
                          lambda exc: show_problem(self, exc))

    def focus_search(self) -> None:
        """Ctrl+F: the first filter (the section has no search box)."""
        self.office_filter.setFocus()


def plural(n: int) -> str:
    """ "1 prospect", "3 prospects"."""
    return f"{n:,} prospect{'' if n == 1 else 's'}"


def summary_text(got: Loaded) -> str:
    """ "2 next steps overdue · 1 filing deadline within 14 days · Open seats with no prospect: …"."""
    overdue = sum(1 for r in got.reminders if r.kind == "next_step" and r.days < 0)
    filing = sum(1 for r in got.reminders if r.kind in ("filing_deadline", "office_filing") and r.days >= 0)
    parts = []
    if overdue:
        parts.append(f"{overdue} next step{'s' if overdue != 1 else ''} overdue")
    if filing:
        parts.append(f"{filing} filing deadline{'s' if filing != 1 else ''} within 14 days")
    if got.open_seats:
        parts.append("Open seats with no prospect: " + "; ".join(o.title for o in got.open_seats))
    return " · ".join(parts)
