"""The Review section: conflicts an import kept aside and possible duplicates, each a queue to work through."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import qtawesome as qta
from PySide6.QtCore import QSortFilterProxyModel, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from organizer.services.changes import IMPORTS, PEOPLE, REVIEW, Change
from organizer.services.conflicts import BOTH, KEEP, TAKE, ConflictRow
from organizer.services.container import Services
from organizer.services.merging import MergeResult
from organizer.services.review import DuplicateRow
from ui.review.merge_dialog import MergeDialog, open_merge_dialog
from ui.review.review_models import ConflictCol, ConflictsModel, DuplicateCol, DuplicatesModel, IdRole, SortRole
from ui.shared.changes import RefreshOnChange
from ui.shared.tasks import run_in_background
from ui.shared.widgets import EmptyState, make_list_table, name_widget, show_problem

CONFLICT_WIDTHS = {ConflictCol.PERSON: 180, ConflictCol.FIELD: 150, ConflictCol.STORED: 200,
                   ConflictCol.INCOMING: 200}
DUPLICATE_WIDTHS = {DuplicateCol.PERSON: 220, DuplicateCol.OTHER: 220, DuplicateCol.REASON: 160}
LISTENS = frozenset({PEOPLE, IMPORTS, REVIEW, "people"})


@dataclass(frozen=True, slots=True)
class Queues:
    """Both queues as one background load brings them."""

    conflicts: list[ConflictRow]
    duplicates: list[DuplicateRow]


class _Queue(QWidget):
    """One queue: a line saying what it is, a table (or an empty state) and its action buttons."""

    def __init__(self, about: str, model: Any, name: str, stretch: int, widths: dict[Any, int],
                 empty: tuple[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.proxy.setSortRole(SortRole)
        self.table: QTableView = make_list_table(self, self.proxy, name, about, stretch, widths, multi_select=False)
        self.empty = EmptyState("fa5s.check-circle", self)
        self.empty.set_text(*empty)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.table)
        self.pages.addWidget(self.empty)
        self.buttons = QHBoxLayout()
        label = QLabel(about, self)
        label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.pages, 1)
        layout.addLayout(self.buttons)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.update_buttons())

    def add_button(self, text: str, icon: str, slot: Callable[[], None], tip: str) -> QPushButton:
        button = QPushButton(qta.icon(icon), text, self)
        button.setToolTip(tip)
        name_widget(button, text.replace("…", ""), tip)
        button.clicked.connect(lambda _checked=False: slot())
        self.buttons.addWidget(button)
        return button

    def set_rows(self, rows: list[Any]) -> None:
        current = self.current_id()
        self.model.set_rows(rows)
        self.pages.setCurrentWidget(self.table if rows else self.empty)
        row = next((i for i in range(self.proxy.rowCount()) if self.proxy.index(i, 0).data(IdRole) == current), 0)
        if rows:
            self.table.selectRow(row)
        self.update_buttons()

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return int(index.data(IdRole)) if index.isValid() else None

    def current_row(self) -> Any:
        index = self.table.currentIndex()
        return self.model.row_for(self.proxy.mapToSource(index)) if index.isValid() else None

    def update_buttons(self) -> None:
        chosen = self.current_row() is not None
        for i in range(self.buttons.count()):
            item = self.buttons.itemAt(i)
            widget = item.widget() if item is not None else None
            if isinstance(widget, QPushButton) and widget.property("needs_row"):
                widget.setEnabled(chosen)


class ReviewView(QWidget):
    """Work through what imports kept aside: keep, take or keep both; merge two people or tell them apart."""

    status_message = Signal(str)
    loaded = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewView")
        self._services = services
        self._generation = 0
        self._last_merge: MergeResult | None = None
        self.merge_dialog: MergeDialog | None = None
        self.tabs = QTabWidget(self)
        name_widget(self.tabs, "Review queues")
        self.conflicts = self._conflicts_queue()
        self.duplicates = self._duplicates_queue()
        self.tabs.addTab(self.conflicts, qta.icon("fa5s.not-equal"), "Conflicts")
        self.tabs.addTab(self.duplicates, qta.icon("fa5s.user-friends"), "Possible duplicates")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.listener = RefreshOnChange(services.changes, LISTENS, self._changed, self)
        self.refresh()

    def _conflicts_queue(self) -> _Queue:
        queue = _Queue("Values an import brought that differ from what was stored: it kept them aside rather than "
                       "overwrite. Keep the stored value, take the import's, or keep both (a second email or "
                       "phone, a second custom field, or a line in the notes).", ConflictsModel(self), "Conflicts",
                       ConflictCol.FILE, dict(CONFLICT_WIDTHS),
                       ("Nothing to review", "Imports have kept no differing values aside."), self)
        for text, icon, action, tip in (
            ("Keep stored value", "fa5s.check", KEEP, "Keep what was stored; the import's value is set aside"),
            ("Take the import's value", "fa5s.file-import", TAKE, "Replace the stored value with the import's"),
            ("Keep both", "fa5s.clone", BOTH, "Keep the stored value and add the import's beside it"),
        ):
            queue.add_button(text, icon, partial(self.resolve, action), tip).setProperty("needs_row", True)
        queue.buttons.addStretch(1)
        return queue

    def _duplicates_queue(self) -> _Queue:
        queue = _Queue("People who look alike (the same name, or a similar spelling). Compare them side by side "
                       "and merge them, or say they are different people: they are then never proposed again.",
                       DuplicatesModel(self), "Possible duplicates", DuplicateCol.REASON, dict(DUPLICATE_WIDTHS),
                       ("No possible duplicates", "Nobody an import brought looks like someone already here."), self)
        self.compare_button = queue.add_button("Compare and merge…", "fa5s.object-group", self.compare,
                                               "Show both people side by side and merge them")
        self.compare_button.setProperty("needs_row", True)
        self.compare_button.setDefault(True)
        queue.add_button("Not the same person", "fa5s.user-slash", self.not_same,
                         "They are different people: never propose them again").setProperty("needs_row", True)
        queue.buttons.addStretch(1)
        self.undo_button = queue.add_button("Undo last merge", "fa5s.undo", self.undo_last_merge,
                                            "Put back the person merged last, with everything that moved")
        self.undo_button.setEnabled(False)
        queue.table.activated.connect(lambda _index: self.compare())
        return queue

    # Loading ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Load both queues in the background; only the newest answer is shown."""
        self._generation += 1
        generation, review = self._generation, self._services.review
        run_in_background(self, lambda _p, _c: Queues(review.conflicts(), review.duplicates()),
                          lambda queues: self._loaded(generation, queues), lambda exc: show_problem(self, exc))

    def _changed(self, _change: Change) -> None:
        self.refresh()

    def _loaded(self, generation: int, queues: Queues) -> None:
        if generation != self._generation:
            return
        self.conflicts.set_rows(queues.conflicts)
        self.duplicates.set_rows(queues.duplicates)
        self.tabs.setTabText(0, f"Conflicts ({len(queues.conflicts):,})")
        self.tabs.setTabText(1, f"Possible duplicates ({len(queues.duplicates):,})")
        self.loaded.emit()

    def show_duplicates(self) -> None:
        """Open the possible duplicates (or the conflicts, when only they wait)."""
        only_conflicts = self.conflicts.model.rowCount() and not self.duplicates.model.rowCount()
        self.tabs.setCurrentWidget(self.conflicts if only_conflicts else self.duplicates)

    # Actions ---------------------------------------------------------------------------------

    def resolve(self, action: str) -> None:
        """Keep, take or keep both for the chosen conflict."""
        row: ConflictRow | None = self.conflicts.current_row()
        if row is None:
            return
        review = self._services.review
        done = {KEEP: "Kept the stored", TAKE: "Took the import's", BOTH: "Kept both values of"}[action]
        message = f"{done} {row.field_label.lower()} of {row.person_name}."
        run_in_background(self, lambda _p, _c: review.resolve_conflict(row.id, action),
                          lambda _r: self.status_message.emit(message),
                          lambda exc: show_problem(self, exc))

    def compare(self) -> None:
        """The chosen pair side by side, to merge."""
        row: DuplicateRow | None = self.duplicates.current_row()
        if row is not None:
            self.merge_dialog = open_merge_dialog(self, self._services, row.other_id, row.person_id, row.id,
                                                  self._merged)

    def _merged(self, result: MergeResult) -> None:
        self._last_merge = result
        self.undo_button.setEnabled(True)
        self.status_message.emit(f"Merged: {result.moved:,} records moved to the person who stays.")

    def not_same(self) -> None:
        """The chosen pair are different people."""
        row: DuplicateRow | None = self.duplicates.current_row()
        if row is None:
            return
        review = self._services.review
        run_in_background(self, lambda _p, _c: review.not_same(row.id),
                          lambda _r: self.status_message.emit("They will not be proposed as duplicates again."),
                          lambda exc: show_problem(self, exc))

    def undo_last_merge(self) -> None:
        """Put back the person merged last from this screen."""
        merge = self._last_merge
        if merge is None:
            return
        review = self._services.review
        self.undo_button.setEnabled(False)
        self._last_merge = None
        run_in_background(self, lambda _p, _c: review.undo_merge(merge.merge_id),
                          lambda _r: self.status_message.emit("Merge undone: the merged person is back."),
                          lambda exc: show_problem(self, exc))
