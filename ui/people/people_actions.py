"""What can be done to the people a table shows: open, edit, add, merge and delete them, from keys and a menu.

`PeopleActions` is the base of the People screen (`PeopleView`, people_view.py): it holds the table's
actions and right-click menu, the selection they act on, and the background delete that asks first
(`confirm_delete`). The screen itself builds the table and model and runs the search.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import qtawesome as qta
from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox, QTableView, QWidget

from organizer.services.container import Services
from ui.people.people_model import PeopleModel
from ui.people.person_dialog import open_person_dialog
from ui.people.person_view import open_person_view
from ui.review.merge_dialog import open_merge_dialog
from ui.shared.tasks import run_in_background
from ui.shared.widgets import delete_key_action, show_problem


def confirm_delete(parent: QWidget, count: int, name: str, prospects: Sequence[str] = ()) -> bool:
    """Ask before deleting; the answer names how many people go, and the prospects whose history stays."""
    what = name if count == 1 else f"{count:,} people"
    box = QMessageBox(QMessageBox.Icon.Warning, "Delete people", f"Delete {what}?", parent=parent)
    text = "Their emails, phones, tags and volunteer profiles are deleted too. This cannot be undone."
    if prospects:
        text += (f" In the candidate pipeline ({', '.join(prospects)}) their prospect record and its timeline "
                 "are kept under their name.")
    box.setInformativeText(text)
    delete = box.addButton(f"Delete {what}", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is delete


class PeopleActions(QWidget):
    """Open, edit, add, merge and delete the people of `table` (set up by the screen that builds it)."""

    status_message = Signal(str)

    _services: Services
    model: PeopleModel
    table: QTableView

    def _actions(self) -> None:
        """The table's actions, its keys among them (called once the screen has built `table`)."""
        self.delete_action = delete_key_action(self.table, "fa5s.trash-alt", "Delete…", self.delete_selected)
        self.edit_action = QAction(qta.icon("fa5s.user-edit"), "Open…", self.table)
        self.edit_action.triggered.connect(self._edit_current)
        self.open_action = QAction(qta.icon("fa5s.id-card"), "Open record…", self.table)
        self.open_action.setShortcut(QKeySequence("Ctrl+Return"))  # Ctrl+I is the window's Import
        self.open_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.open_action.triggered.connect(self._open_current)
        self.table.addAction(self.open_action)
        self.merge_action = QAction(qta.icon("fa5s.compress-alt"), "Merge these two…", self.table)
        self.merge_action.setShortcut(QKeySequence("Ctrl+M"))
        self.merge_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.merge_action.triggered.connect(self.merge_selected)
        self.table.addAction(self.merge_action)

    def current_id(self) -> int | None:
        """The person under the keyboard cursor."""
        index = self.table.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def selected_ids(self) -> list[int]:
        """The selected people, in table order."""
        return [self.model.id_at(i.row()) for i in sorted(self.table.selectionModel().selectedRows())]

    def context_menu(self) -> QMenu:
        """The menu a right-click on a row opens: the same actions as the keys (Enter, Delete)."""
        menu = QMenu(self)
        menu.addAction(self.edit_action)
        menu.addAction(self.open_action)
        if len(self.selected_ids()) == 2:
            menu.addAction(self.merge_action)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        return menu

    def merge_selected(self) -> None:
        """Ctrl+M or "Merge these two…" with two people selected: the merge dialog, side by side."""
        ids = self.selected_ids()
        if len(ids) != 2:
            self.status_message.emit("Select the two people to merge (Ctrl+click), then choose Merge.")
            return
        open_merge_dialog(self, self._services, ids[0], ids[1])

    def _context_menu(self, pos: QPoint) -> None:
        if not self.table.indexAt(pos).isValid():
            return
        self.context_menu().exec(self.table.viewport().mapToGlobal(pos))

    def add_person(self) -> None:
        """Ctrl+N: open an empty person form."""
        open_person_dialog(self, self._services, None, self._saved)

    def edit_person(self, person_id: int) -> None:
        """Enter or double-click: open the person's form."""
        open_person_dialog(self, self._services, person_id, self._saved)

    def open_record(self, person_id: int) -> None:
        """Ctrl+Enter or "Open record…": everything the chapter holds about the person."""
        open_person_view(self, self._services, person_id)

    def _open_current(self) -> None:
        person_id = self.current_id()
        if person_id is not None:
            self.open_record(person_id)

    def _edit_current(self) -> None:
        person_id = self.current_id()
        if person_id is not None:
            self.edit_person(person_id)

    def _saved(self, _person_id: int, name: str) -> None:
        self.status_message.emit(f"Saved {name}.")  # the list refreshes when the services say what changed

    def delete_selected(self) -> None:
        """Delete: ask, naming how many, then delete in the background."""
        current = self.current_id()
        ids = self.selected_ids() or ([current] if current is not None else [])
        if not ids:
            return
        person = self.model.person(self.model.row_of(ids[0]))
        name = person.display_name if person else "this person"
        prospects = self._services.prospects
        run_in_background(self, lambda _p, _c: [f"{r.name}: {r.office_text}" for r in prospects.for_people(ids)],
                          lambda found: self._confirm_delete(ids, name, found), lambda exc: show_problem(self, exc))

    def _confirm_delete(self, ids: list[int], name: str, prospects: list[str]) -> None:
        if not confirm_delete(self, len(ids), name, prospects):
            return
        people = self._services.people
        run_in_background(self, lambda _p, _c: people.delete(ids), self._deleted,
                          lambda exc: show_problem(self, exc))

    def _deleted(self, count: Any) -> None:
        self.status_message.emit("Deleted 1 person." if count == 1 else f"Deleted {int(count):,} people.")
