"""Add or edit a person and their volunteer profile; refused values are shown next to their fields."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from organizer.errors import NotFound, ValidationFailed
from organizer.services.changes import PEOPLE, Change
from organizer.services.container import Services
from organizer.services.edit_conflicts import EditConflict
from organizer.services.lookups import PossibleDuplicate
from organizer.services.people_rows import PersonRow
from organizer.services.person_input import PersonInput, clean_person
from organizer.services.volunteers import VolunteerInput, volunteer_problems
from ui.people import edit_conflict
from ui.people.duplicate_warning import OPEN_EXISTING, SAVE_ANYWAY, DuplicateChecker, DuplicateWarning, ask_duplicate
from ui.people.person_fields import FLAG_LABELS, PersonFields, PersonForm, load_form
from ui.shared.changes import RefreshOnChange
from ui.shared.tasks import run_in_background
from ui.shared.widgets import show_problem

# Problems the form can check by itself as you type; others (found by the database) go when their field changes.
LOCAL_CHECKS = frozenset({"given_name", "emails", "phones", "postal_code", "flags", "status", "engagement_level",
                          "point_person_id"})
NOT_FOUND_TEXT = "This person is no longer in the chapter: they were deleted, or the import that added them was undone."
GONE_TEXT = NOT_FOUND_TEXT + " These changes cannot be saved."
SEEN_THEIRS_TEXT = "Someone else changed this person while you edited: saving now puts your version over theirs."


def open_person_dialog(
    parent: QWidget,
    services: Services,
    person_id: int | None,
    on_saved: Callable[[int, str], None],
    *,
    volunteer_tab: bool = False,
    make_volunteer: bool = False,
) -> None:
    """Load the person in the background, then open the dialog (window-modal) over `parent`.

    `make_volunteer` ticks "Is a volunteer" for someone who is not one yet (Volunteers → Add).
    """

    def show(form: PersonForm) -> None:
        dialog = PersonDialog(services, form, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # a closed form stops listening for changes
        if volunteer_tab or make_volunteer:
            dialog.tabs.setCurrentIndex(1)
        if make_volunteer and form.volunteer is None:
            dialog.start_as_volunteer()
        dialog.saved.connect(on_saved)
        dialog.open_requested.connect(
            lambda person_id: open_person_dialog(parent, services, person_id, on_saved, volunteer_tab=volunteer_tab,
                                                 make_volunteer=make_volunteer))
        dialog.open()

    def failed(exc: BaseException) -> None:
        if isinstance(exc, NotFound):  # the list was a moment behind: it refreshes by itself
            QMessageBox.information(parent, "Person not found", NOT_FOUND_TEXT)
        else:
            show_problem(parent, exc)

    run_in_background(parent, lambda _p, _c: load_form(services, person_id), show, failed)


class PersonDialog(PersonFields):
    """The add/edit form. Saving runs in the background; nothing typed is lost when a value is refused."""

    saved = Signal(int, str)
    open_requested = Signal(int)  # the form was closed to open this person instead

    def __init__(self, services: Services, form: PersonForm, parent: QWidget | None = None) -> None:
        super().__init__(form, parent)
        self.setObjectName("personDialog")
        self._services = services
        self._saving = False
        self._accepted_duplicates: frozenset[int] = frozenset()
        self._open_after_save: int | None = None
        self._version = form.person.version if form.person else None  # saved only over the version opened
        self._typed: tuple[PersonInput, VolunteerInput | None] | None = None
        person = form.person
        self.setWindowTitle(f"Edit {person.display_name}" if person else "Add a person")
        self.setAccessibleName(self.windowTitle())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.save)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self.duplicates = DuplicateWarning(self)
        self.duplicates.open_requested.connect(self.open_instead)
        self.checker = DuplicateChecker(services.lookups, self.probe, self)
        self.checker.found.connect(self.duplicates.show_hits)
        layout = QVBoxLayout(self)
        layout.addWidget(self.duplicates)
        layout.addWidget(self.tabs)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self._watch_fields()
        self.resize(680, 600)
        self.given.setFocus()
        self.gone = False
        self.listener = RefreshOnChange(services.changes, frozenset({PEOPLE}), self._changed, self)

    # Watching what is typed ------------------------------------------------------------------

    def _watch_fields(self) -> None:
        """Look up duplicates as the identifying fields change; re-check a field shown as refused."""
        for key, edit in (("given_name", self.given), ("family_name", self.family), ("street", self.street),
                          ("postal_code", self.zip)):
            edit.textChanged.connect(lambda _t, k=key: self._edited(k, looks_up=True))
        for key, plain in (("emails", self.emails), ("phones", self.phones)):
            plain.textChanged.connect(lambda k=key: self._edited(k, looks_up=True))
        for key, line in (("additional_name", self.middle), ("locality", self.city), ("region", self.state),
                          ("tags", self.tags), ("gender_pronouns", self.pronouns), ("skills", self.skills),
                          ("languages", self.languages), ("availability", self.availability)):
            line.textChanged.connect(lambda _t, k=key: self._edited(k))
        self.notes.textChanged.connect(lambda: self._edited("notes"))
        for check in self.flag_boxes.values():
            check.toggled.connect(lambda _on: self._edited("flags"))
        for key, combo in (("status", self.status), ("engagement_level", self.engagement),
                           ("point_person_id", self.point_person)):
            combo.currentIndexChanged.connect(lambda _i, k=key: self._edited(k))
        self.point_person.editTextChanged.connect(lambda _t: self._edited("point_person_id"))
        self.is_volunteer.toggled.connect(lambda _on: self._edited("status"))

    def _edited(self, key: str, looks_up: bool = False) -> None:
        if looks_up:
            self.checker.schedule()
        shown = {k for k, box in self.boxes.items() if not box.error.isHidden()}
        if not shown:
            return
        still = self._local_problems()
        for other in shown:
            if other in still:
                self.boxes[other].set_problem(still[other])
            elif other == key or other in LOCAL_CHECKS:
                self.boxes[other].set_problem("")  # fixed: the problem goes as soon as the field is right

    def _local_problems(self) -> dict[str, str]:
        """What saving would refuse, checked here without the database (the fields' formats)."""
        problems: dict[str, str] = {}
        try:
            clean_person(self.person_input(), self._form.phone_region)
        except ValidationFailed as exc:
            problems.update(exc.problems)
        if self.is_volunteer.isChecked():
            try:
                problems.update(volunteer_problems(self.volunteer_input()))
            except ValidationFailed as exc:
                problems.update(exc.problems)
        return problems

    # Saving ----------------------------------------------------------------------------------

    def save(self) -> None:
        """Check and save the person and their volunteer profile in one go; problems appear beside their fields.

        Before saving, look once more for someone who already has what was typed, and ask.
        """
        if self._saving or self.gone:
            return
        self.show_problems({})
        try:
            data = self.person_input()
            volunteer = self.volunteer_input() if self.is_volunteer.isChecked() else None
        except ValidationFailed as exc:
            self.show_problems(exc.problems)
            return
        self._set_saving(True)
        lookups, probe = self._services.lookups, self.probe()
        run_in_background(self, lambda _p, _c: lookups.possible_duplicates(probe),
                          lambda hits: self._looked_up(hits, data, volunteer), self._save_failed)

    def _looked_up(self, hits: list[PossibleDuplicate], data: PersonInput, volunteer: VolunteerInput | None) -> None:
        self.duplicates.show_hits(hits)
        found = frozenset(h.person_id for h in hits)
        if found - self._accepted_duplicates:
            answer = ask_duplicate(self, hits, editing=self._person_id is not None)
            if answer == OPEN_EXISTING:
                self._set_saving(False)
                self.open_instead(hits[0].person_id)
                return
            if answer != SAVE_ANYWAY:
                self._set_saving(False)
                return
            self._accepted_duplicates |= found
        self._save_now(data, volunteer)

    def _save_now(self, data: PersonInput, volunteer: VolunteerInput | None) -> None:
        people, person_id, version = self._services.people, self._person_id, self._version
        self._typed = (data, volunteer)
        run_in_background(self, lambda _p, _c: people.save(person_id, data, volunteer, expected_version=version),
                          self._finished, self._save_failed)

    def _finished(self, row: PersonRow) -> None:
        self._set_saving(False)
        self._original = self.snapshot()
        self.saved.emit(row.id, row.display_name)
        self.accept()
        if self._open_after_save is not None:
            self.open_requested.emit(self._open_after_save)

    # Closing ---------------------------------------------------------------------------------

    def reject(self) -> None:
        """Cancel, Escape or the window's close button: ask first when there are unsaved changes."""
        self._close(then_open=None, ask=True)

    def open_instead(self, person_id: int) -> None:
        """Close this form and open someone else's; a new person's form closes without asking (that is
        the point of opening the one already there), an edited person's asks about their changes."""
        self._close(then_open=person_id, ask=self._person_id is not None)

    def _close(self, then_open: int | None, ask: bool) -> None:
        if not ask or self._saving or self.gone or not self.is_modified():
            self._closed(then_open)
            return
        answer = QMessageBox.question(
            self, "Unsaved changes", f"Save the changes to {self._subject()} before closing?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            self._open_after_save = then_open
            self.save()  # closes the form once saved; a refused value keeps it open, beside its field
        elif answer == QMessageBox.StandardButton.Discard:
            self._closed(then_open)

    def _closed(self, then_open: int | None) -> None:
        super().reject()
        if then_open is not None:
            self.open_requested.emit(then_open)

    def start_as_volunteer(self) -> None:
        """Tick "Is a volunteer" as where the form starts (Volunteers → Add), not as a change."""
        self.is_volunteer.setChecked(True)
        self._original = self.snapshot()

    def _subject(self) -> str:
        person = self._form.person
        return person.display_name if person is not None else "this new person"

    def _save_failed(self, exc: BaseException) -> None:
        self._set_saving(False)
        if isinstance(exc, ValidationFailed):
            self.show_problems(exc.problems)
        elif isinstance(exc, NotFound) and self._person_id is not None:
            self._show_gone()
        elif isinstance(exc, EditConflict) and self._typed is not None:
            self._crossed(exc, *self._typed)
        else:
            show_problem(self, exc)

    def _crossed(self, conflict: EditConflict, data: PersonInput, volunteer: VolunteerInput | None) -> None:
        """Someone saved this person since the form opened: show both versions and do as the user chooses."""
        yours = edit_conflict.yours_side(data, volunteer, self._form.phone_region)
        choice = edit_conflict.ask_conflict(self, conflict, yours)
        if choice == edit_conflict.KEEP_THEIRS:
            self._closed(None)
            return
        self._version = conflict.their_version  # theirs has been seen: saving from now on goes over it
        if choice == edit_conflict.OVERWRITE:
            self._set_saving(True)
            self._save_now(data, volunteer)
        else:
            self.general_error.setText(SEEN_THEIRS_TEXT)
            self.general_error.show()

    # The person removed meanwhile -------------------------------------------------------------

    def _changed(self, change: Change) -> None:
        person_id = self._person_id
        if person_id is None or self.gone or not change.may_concern(person_id):
            return
        people = self._services.people
        # A failed check changes nothing on screen: saving will tell, and a bug still reaches the log.
        run_in_background(self, lambda _p, _c: people.exists(person_id),
                          lambda exists: None if exists else self._show_gone(), lambda _exc: None)

    def _show_gone(self) -> None:
        """Say so, keep what was typed on screen (to copy from), and offer only Close."""
        self.gone = True
        self.general_error.setText(GONE_TEXT)
        self.general_error.show()
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(False)
        save.hide()
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Close")

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        self.buttons.setEnabled(not saving)


__all__ = ["FLAG_LABELS", "PersonDialog", "PersonForm", "load_form", "open_person_dialog"]
