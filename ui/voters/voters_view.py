"""The Voters screen: the voter roll in a lazy table, searched as you type and filtered by precinct, party, status."""

from __future__ import annotations

from dataclasses import dataclass

import qtawesome as qta
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from organizer.services.changes import IMPORTS, VOTERS, Change
from organizer.services.container import Services
from organizer.services.voters import VoterChoices, VoterQuery, VoterRow
from ui.shared.changes import RefreshOnChange
from ui.shared.tasks import run_in_background
from ui.shared.widgets import (
    EmptyState,
    SearchField,
    count_text,
    focus_first_row,
    focus_search_field,
    make_list_table,
    name_widget,
    show_problem,
)
from ui.voters.refreshes_dialog import RefreshesDialog
from ui.voters.voters_model import PAGE_SIZE, Column, VotersModel

COLUMN_WIDTHS = {Column.NAME: 230, Column.STREET: 280, Column.ZIP: 80, Column.PRECINCT: 90, Column.PARTY: 70,
                 Column.STATUS: 80}


FIRST_PAGE = PAGE_SIZE  # the rows a search shows before it has every matching id


@dataclass(frozen=True, slots=True)
class VoterResult:
    """What one search brings back first: the ids of its first page, their rows, and the size of the roll;
    `complete` when those are all the matches (else every id follows, from a second query in the background)."""

    ids: list[int]
    first_rows: list[VoterRow]
    total: int
    complete: bool


def run_voter_query(services: Services, query: VoterQuery, first_page: int = FIRST_PAGE) -> VoterResult:
    """The first page of matches in order (a scan that stops there), its rows, and the roll's size
    (runs off the GUI thread)."""
    ids = services.voters.search_ids(query, limit=first_page)
    return VoterResult(ids, services.voters.rows(ids), services.voters.count(), len(ids) < first_page)


class VotersView(QWidget):
    """Find voters on the roll; see what each voter-file refresh changed. Every database call runs in the background."""

    status_message = Signal(str)
    import_requested = Signal()
    query_finished = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None, *, can_import: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("votersView")
        self._services = services
        self._generation = 0
        self._total = 0
        self._sort = ("name", False)
        self.model = VotersModel(services.voters.rows, parent=self)
        self.model.load_failed.connect(lambda exc: show_problem(self, exc))
        self.model.sort_requested.connect(self._sort_requested)
        layout = QVBoxLayout(self)
        layout.addLayout(self._filters())
        self.pages = QStackedWidget(self)
        self.table = make_list_table(self, self.model, "Voters", "The voter roll, in name order",
                                     Column.STREET, dict(COLUMN_WIDTHS), multi_select=False)
        self.table.setObjectName("votersTable")
        self.pages.addWidget(self.table)
        self.pages.addWidget(self._empty(can_import))
        layout.addWidget(self.pages, 1)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        name_widget(self.count_label, "How many voters")
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.refreshes_button)
        layout.addLayout(bottom)
        self.listener = RefreshOnChange(services.changes, frozenset({VOTERS, IMPORTS}), self._changed, self)
        for first, second in ((self.search, self.precinct_filter), (self.precinct_filter, self.party_filter),
                              (self.party_filter, self.status_filter), (self.status_filter, self.refreshes_button),
                              (self.refreshes_button, self.table)):
            QWidget.setTabOrder(first, second)
        self.refresh()

    def _filters(self) -> QHBoxLayout:
        self.search = SearchField("Search by name, street or voter id", self)
        self.search.setMinimumWidth(140)
        self.search.search_changed.connect(lambda _text: self.run_query())
        self.search.down_pressed.connect(lambda: focus_first_row(self.table))
        self.precinct_filter = self._combo("All precincts", "Precinct filter", "Show only voters in this precinct")
        self.party_filter = self._combo("All parties", "Party filter", "Show only voters of this party")
        self.status_filter = self._combo("Any status", "Status filter", "Show only active or inactive voters")
        self.refreshes_button = QPushButton(qta.icon("fa5s.history"), "What refreshes changed…", self)
        name_widget(self.refreshes_button, "What refreshes changed",
                    "Each voter-file import: the voters it added, changed and marked inactive")
        self.refreshes_button.clicked.connect(self.show_refreshes)
        row = QHBoxLayout()
        row.addWidget(self.search, 3)
        for widget in (self.precinct_filter, self.party_filter, self.status_filter):
            row.addWidget(widget, 1)
        return row

    def _combo(self, everyone: str, name: str, description: str) -> QComboBox:
        combo = QComboBox(self)
        combo.addItem(everyone, "")
        combo.setMinimumContentsLength(8)  # the window stays narrow enough for a small laptop screen
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        name_widget(combo, name, description)
        combo.currentIndexChanged.connect(lambda _i: self.run_query())
        return combo

    def _empty(self, can_import: bool) -> EmptyState:
        self.empty = EmptyState("fa5s.vote-yea", self)
        if can_import:
            self.empty.add_button("Import a voter file…", "fa5s.file-import", self.import_requested.emit, default=True)
        self.empty.add_button("Clear filters", "fa5s.times", self.clear_filters)
        self.empty.finish_buttons()
        return self.empty

    # Querying --------------------------------------------------------------------------------

    def query(self) -> VoterQuery:
        """The search and filters as they stand."""
        return VoterQuery(text=self.search.text().strip(), precinct=str(self.precinct_filter.currentData() or ""),
                          party=str(self.party_filter.currentData() or ""),
                          status=str(self.status_filter.currentData() or ""),
                          sort=self._sort[0], descending=self._sort[1])

    def refresh(self) -> None:
        """Reload the filter choices and the voters shown (after a refresh of the roll or its undo)."""
        voters = self._services.voters
        run_in_background(self, lambda _p, _c: voters.choices(), self._choices_loaded,
                          lambda exc: show_problem(self, exc))
        self.run_query()

    def _changed(self, change: Change) -> None:
        if change.touches(VOTERS):
            self.refresh()

    def run_query(self) -> None:
        """Search again in the background; only the newest answer is shown."""
        self._generation += 1
        generation, query, services, first_page = self._generation, self.query(), self._services, FIRST_PAGE
        run_in_background(self, lambda _p, _c: run_voter_query(services, query, first_page),
                          lambda result: self._query_done(generation, query, result),
                          lambda exc: self._query_failed(generation, exc))

    def _query_done(self, generation: int, query: VoterQuery, result: VoterResult) -> None:
        if generation != self._generation:
            return
        self._total = result.total
        self.model.set_ids(result.ids, result.first_rows)
        self._show_page()
        if result.complete:
            self._show_count()
            self.query_finished.emit()
            return
        filtered = bool(query.text or query.precinct or query.party or query.status)
        self.count_label.setText(f"{self._total:,} voters" + (", counting the matches…" if filtered else ""))
        voters = self._services.voters
        run_in_background(self, lambda _p, _c: voters.search_ids(query),
                          lambda ids: self._rest_done(generation, ids),
                          lambda exc: self._query_failed(generation, exc))

    def _rest_done(self, generation: int, ids: list[int]) -> None:
        """Every matching id, after the first page: the table grows to its full length (rows shown stay)."""
        if generation != self._generation:
            return
        self.model.extend_ids(ids)
        self._show_count()
        self._show_page()
        self.query_finished.emit()

    def _show_count(self) -> None:
        self.count_label.setText(count_text(self._total, self.model.rowCount(), "voter", "voters"))

    def _query_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            show_problem(self, exc)

    def _choices_loaded(self, choices: VoterChoices) -> None:
        for combo, values in ((self.precinct_filter, choices.precincts), (self.party_filter, choices.parties),
                              (self.status_filter, choices.statuses)):
            chosen = str(combo.currentData() or "")
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for value, n in values:
                label = value.capitalize() if combo is self.status_filter else value
                combo.addItem(f"{label} ({n:,})", value)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
            combo.blockSignals(False)

    def _show_page(self) -> None:
        for widget in (self.search, self.precinct_filter, self.party_filter, self.status_filter):
            widget.setVisible(self._total > 0)
        if self.model.rowCount():
            self.pages.setCurrentWidget(self.table)
            return
        if self._total == 0:
            self.empty.set_text("No voter roll yet",
                                "Import your county's or state's voter file (or a VAN export) to see it here.")
            self.empty.show_buttons("Import a voter file…")
        else:
            text = self.search.text().strip()
            self.empty.set_text(f"No voter matches “{text}”" if text else "No voter matches these filters",
                                "Check the spelling, try fewer words, or clear the filters.")
            self.empty.show_buttons("Clear filters")
        self.pages.setCurrentWidget(self.empty)

    def _sort_requested(self, key: str, descending: bool) -> None:
        self._sort = (key, descending)
        self.run_query()

    def clear_filters(self) -> None:
        """Show the whole roll again."""
        for combo in (self.precinct_filter, self.party_filter, self.status_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.clear()
        self.search.flush()
        self.run_query()
        self.search.setFocus()

    def focus_search(self) -> None:
        """Ctrl+F: put the cursor in the search box, text selected."""
        focus_search_field(self.search)

    def show_refreshes(self) -> None:
        """Open the list of refreshes and what each changed."""
        dialog = RefreshesDialog(self._services, self)
        dialog.open()
