"""Add or edit a person and their volunteer profile; refused values are shown next to their fields."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from superqt import QSearchableComboBox

from organizer.domain.codes import EngagementLevel, VolunteerStatus
from organizer.errors import NotFound, ValidationFailed
from organizer.services.changes import PEOPLE, Change
from organizer.services.container import Services
from organizer.services.lookups import PossibleDuplicate, Probe
from organizer.services.people_rows import FLAG_NAMES, PersonRow
from organizer.services.person_input import PersonInput, clean_person
from organizer.services.volunteers import VolunteerInput, VolunteerRow, volunteer_problems
from ui.people.duplicate_warning import OPEN_EXISTING, SAVE_ANYWAY, DuplicateChecker, DuplicateWarning, ask_duplicate
from ui.shared.changes import RefreshOnChange
from ui.shared.tasks import run_in_background
from ui.shared.widgets import FieldBox, ListCompleter, name_widget, show_problem, split_list

FLAG_LABELS = {
    "do_not_call": "Do not call",
    "do_not_text": "Do not text",
    "do_not_email": "Do not email",
    "do_not_walk": "Do not knock on their door",
    "moved": "Moved away",
    "deceased": "Deceased",
}
NOBODY = "Nobody"
# Problems the form can check by itself as you type; others (found by the database) go when their field changes.
LOCAL_CHECKS = frozenset({"given_name", "emails", "phones", "postal_code", "flags", "status", "engagement_level",
                          "point_person_id"})
NOT_FOUND_TEXT = "This person is no longer in the chapter: they were deleted, or the import that added them was undone."
GONE_TEXT = NOT_FOUND_TEXT + " These changes cannot be saved."


@dataclass(frozen=True, slots=True)
class PersonForm:
    """What the dialog needs, loaded off the GUI thread before it opens."""

    person: PersonRow | None
    volunteer: VolunteerRow | None
    tag_names: list[str]
    point_people: list[tuple[int, str]]
    phone_region: str = "US"


def load_form(services: Services, person_id: int | None) -> PersonForm:
    """Everything the form shows for a person (None: a new person)."""
    volunteers = services.volunteers.list()
    person = services.people.get(person_id) if person_id is not None else None
    volunteer = next((v for v in volunteers if v.person_id == person_id), None)
    points = [(v.person_id, v.name) for v in volunteers if v.person_id != person_id and v.status == "active"]
    return PersonForm(person, volunteer, services.tags.names(), sorted(points, key=lambda p: p[1].casefold()),
                      services.settings.phone_region())


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


class PersonDialog(QDialog):
    """The add/edit form. Saving runs in the background; nothing typed is lost when a value is refused."""

    saved = Signal(int, str)
    open_requested = Signal(int)  # the form was closed to open this person instead

    def __init__(self, services: Services, form: PersonForm, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("personDialog")
        self._services = services
        self._form = form
        self._person_id = form.person.id if form.person else None
        self._saving = False
        self._accepted_duplicates: frozenset[int] = frozenset()
        self._open_after_save: int | None = None
        person = form.person
        self.setWindowTitle(f"Edit {person.display_name}" if person else "Add a person")
        self.setAccessibleName(self.windowTitle())
        self.boxes: dict[str, FieldBox] = {}
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._person_tab(), "&Person")
        self.tabs.addTab(self._volunteer_tab(), "&Volunteer")
        name_widget(self.tabs, "Person and volunteer tabs")
        self.general_error = QLabel(self)
        self.general_error.setObjectName("fieldError")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
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
        self._fill(person, form.volunteer)
        self._original = self.snapshot()
        self._watch_fields()
        self.resize(680, 600)
        self.given.setFocus()
        self.gone = False
        self.listener = RefreshOnChange(services.changes, frozenset({PEOPLE}), self._changed, self)

    # Building --------------------------------------------------------------------------------

    def _box(self, key: str, label: str, field: QWidget) -> FieldBox:
        box = FieldBox(label, field, self)
        self.boxes[key] = box
        return box

    def _person_tab(self) -> QWidget:
        page = QWidget(self)
        self.given, self.middle, self.family = QLineEdit(), QLineEdit(), QLineEdit()
        self.pronouns, self.tags = QLineEdit(), QLineEdit()
        self.pronouns.setPlaceholderText("e.g. she/her")
        self.tags.setPlaceholderText("Separate tags with commas")
        self.tags.setCompleter(ListCompleter(self._form.tag_names, self.tags))
        self.emails, self.phones = _list_edit("One email per line"), _list_edit("One phone number per line")
        self.street, self.city, self.state, self.zip = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(64)
        grid = QGridLayout(page)
        grid.setHorizontalSpacing(12)
        rows: list[list[tuple[str, str, QWidget, int]]] = [
            [("given_name", "&Given name", self.given, 2), ("additional_name", "&Middle name", self.middle, 1),
             ("family_name", "&Family name", self.family, 3)],
            [("emails", "&Emails", self.emails, 3), ("phones", "P&hones", self.phones, 3)],
            [("street", "S&treet address", self.street, 6)],
            [("locality", "C&ity", self.city, 3), ("region", "St&ate", self.state, 1),
             ("postal_code", "&ZIP", self.zip, 2)],
            [("tags", "T&ags", self.tags, 4), ("gender_pronouns", "Pr&onouns", self.pronouns, 2)],
        ]
        for r, row in enumerate(rows):
            column = 0
            for key, label, field, span in row:
                # Top-aligned: a problem shown under one field never shifts its neighbours' labels.
                grid.addWidget(self._box(key, label, field), r, column, 1, span, Qt.AlignmentFlag.AlignTop)
                column += span
        grid.addWidget(self._flags_box(page), len(rows), 0, 1, 6, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self._box("notes", "&Notes", self.notes), len(rows) + 1, 0, 1, 6, Qt.AlignmentFlag.AlignTop)
        grid.setRowStretch(len(rows) + 2, 1)
        return page

    def _flags_box(self, parent: QWidget) -> FieldBox:
        holder = QWidget(parent)
        layout = QGridLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        self.flag_boxes: dict[str, QCheckBox] = {}
        shown = [f for f in FLAG_LABELS if f in FLAG_NAMES] + [f for f in FLAG_NAMES if f not in FLAG_LABELS]
        for i, flag in enumerate(shown):
            check = QCheckBox(FLAG_LABELS.get(flag, flag.replace("_", " ").capitalize()), holder)
            name_widget(check, check.text())
            self.flag_boxes[flag] = check
            layout.addWidget(check, i // 3, i % 3)
        return self._box("flags", "Contact wishes", holder)

    def _volunteer_tab(self) -> QWidget:
        page = QWidget(self)
        self.is_volunteer = QCheckBox("&Is a volunteer", page)
        name_widget(self.is_volunteer, "Is a volunteer")
        self.status: QComboBox = QComboBox()
        self.engagement: QComboBox = QComboBox()
        for status in VolunteerStatus:
            self.status.addItem(status.label, status.value)
        for level in EngagementLevel:
            self.engagement.addItem(level.label, level.value)
        self.skills, self.languages, self.availability = QLineEdit(), QLineEdit(), QLineEdit()
        self.skills.setPlaceholderText("Canvassing, data entry… (separate with commas)")
        self.languages.setPlaceholderText("English, Spanish… (separate with commas)")
        self.availability.setPlaceholderText("Weekday evenings, weekends…")
        self.point_person = cast(QComboBox, QSearchableComboBox())
        self.point_person.addItem(NOBODY, None)
        for person_id, name in self._form.point_people:
            self.point_person.addItem(name, person_id)
        self.removal_note = QLabel("Saving without “Is a volunteer” removes their volunteer profile.", page)
        self.removal_note.setObjectName("mutedNote")
        self.removal_note.hide()
        grid = QGridLayout(page)
        grid.setHorizontalSpacing(12)
        grid.addWidget(self.is_volunteer, 0, 0, 1, 2)
        fields: list[tuple[str, str, QWidget, int, int, int]] = [
            ("status", "&Status", self.status, 1, 0, 1), ("engagement_level", "&Engagement", self.engagement, 1, 1, 1),
            ("skills", "S&kills", self.skills, 2, 0, 2), ("languages", "&Languages", self.languages, 3, 0, 2),
            ("availability", "A&vailability", self.availability, 4, 0, 2),
            ("point_person_id", "&Point person", self.point_person, 5, 0, 2),
        ]
        for key, label, field, row, column, span in fields:
            grid.addWidget(self._box(key, label, field), row, column, 1, span, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.removal_note, 6, 0, 1, 2)
        grid.setRowStretch(7, 1)
        self.is_volunteer.toggled.connect(self._volunteer_toggled)
        return page

    def _fill(self, person: PersonRow | None, volunteer: VolunteerRow | None) -> None:
        if person is not None:
            for edit, value in ((self.given, person.given_name), (self.middle, person.additional_name),
                                (self.family, person.family_name), (self.street, person.street),
                                (self.city, person.locality), (self.state, person.region),
                                (self.zip, person.postal_code), (self.pronouns, person.gender_pronouns),
                                (self.tags, ", ".join(person.tags))):
                edit.setText(value)
            self.emails.setPlainText("\n".join(person.emails))
            self.phones.setPlainText("\n".join(person.phones_display))
            self.notes.setPlainText(person.notes)
            for flag, check in self.flag_boxes.items():
                check.setChecked(flag in person.flags)
        self.is_volunteer.setChecked(volunteer is not None)
        self._volunteer_toggled(volunteer is not None)
        if volunteer is None:
            return
        _select_data(self.status, volunteer.status)
        _select_data(self.engagement, volunteer.engagement_level)
        self.skills.setText(", ".join(volunteer.skills))
        self.languages.setText(", ".join(volunteer.languages))
        self.availability.setText(volunteer.availability)
        if volunteer.point_person_id is not None and self.point_person.findData(volunteer.point_person_id) < 0:
            self.point_person.addItem(volunteer.point_person, volunteer.point_person_id)
        _select_data(self.point_person, volunteer.point_person_id)

    def _volunteer_toggled(self, on: bool) -> None:
        for key in ("status", "engagement_level", "skills", "languages", "availability", "point_person_id"):
            self.boxes[key].setEnabled(on)
        self.removal_note.setVisible(not on and self._form.volunteer is not None)

    # Reading the form ------------------------------------------------------------------------

    def person_input(self) -> PersonInput:
        """The person as typed (custom fields and source are kept as they were)."""
        person = self._form.person
        return PersonInput(
            given_name=self.given.text(), family_name=self.family.text(), additional_name=self.middle.text(),
            emails=self.emails.toPlainText().splitlines(), phones=self.phones.toPlainText().splitlines(),
            street=self.street.text(), locality=self.city.text(), region=self.state.text(),
            postal_code=self.zip.text(), tags=split_list(self.tags.text()), gender_pronouns=self.pronouns.text(),
            notes=self.notes.toPlainText(), source=person.source if person else "",
            flags=[flag for flag, check in self.flag_boxes.items() if check.isChecked()],
            custom_fields=dict(person.custom_fields) if person else {},
        )

    def volunteer_input(self) -> VolunteerInput:
        """The volunteer profile as typed; raises ValidationFailed for a point person not in the list."""
        index = self.point_person.findText(self.point_person.currentText(), Qt.MatchFlag.MatchFixedString)
        if index < 0:
            raise ValidationFailed({"point_person_id": "Choose a point person from the list, or Nobody."})
        volunteer = self._form.volunteer
        return VolunteerInput(
            status=str(self.status.currentData()), engagement_level=str(self.engagement.currentData()),
            skills=split_list(self.skills.text()), languages=split_list(self.languages.text()),
            availability=self.availability.text(), point_person_id=self.point_person.itemData(index),
            recruited_by_id=volunteer.recruited_by_id if volunteer else None,
            started_on=volunteer.started_on if volunteer else None, notes=volunteer.notes if volunteer else "",
        )

    def probe(self) -> Probe:
        """What to look up: for a person being edited, only what was changed (their own details, and
        someone who already shared them before this edit, are no news)."""
        person = self._form.person
        emails = [e.strip() for e in self.emails.toPlainText().splitlines() if e.strip()]
        phones = [p.strip() for p in self.phones.toPlainText().splitlines() if p.strip()]
        place = (self.given.text(), self.family.text(), self.street.text(), self.zip.text())
        if person is not None:
            known_emails = {e.casefold() for e in person.emails}
            emails = [e for e in emails if e.casefold() not in known_emails]
            phones = [p for p in phones if p not in person.phones_display]
            if place == (person.given_name, person.family_name, person.street, person.postal_code):
                place = ("", "", "", "")
        given, family, street, postal = place
        return Probe(given_name=given, family_name=family, emails=tuple(emails), phones=tuple(phones),
                     street=street, postal_code=postal, exclude_id=self._person_id)

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
        people, person_id = self._services.people, self._person_id
        run_in_background(self, lambda _p, _c: people.save(person_id, data, volunteer), self._finished,
                          self._save_failed)

    def _finished(self, row: PersonRow) -> None:
        self._set_saving(False)
        self._original = self.snapshot()
        self.saved.emit(row.id, row.display_name)
        self.accept()
        if self._open_after_save is not None:
            self.open_requested.emit(self._open_after_save)

    # Closing ---------------------------------------------------------------------------------

    def snapshot(self) -> tuple[object, ...]:
        """Everything the form holds, to tell whether anything was changed since it opened or was saved."""
        texts = [e.text() for e in (self.given, self.middle, self.family, self.street, self.city, self.state,
                                    self.zip, self.tags, self.pronouns, self.skills, self.languages,
                                    self.availability)]
        texts += [e.toPlainText() for e in (self.emails, self.phones, self.notes)]
        flags = tuple(flag for flag, check in self.flag_boxes.items() if check.isChecked())
        return (*texts, flags, self.is_volunteer.isChecked(), self.status.currentData(),
                self.engagement.currentData(), self.point_person.currentText())

    def is_modified(self) -> bool:
        """Whether anything was changed and not saved."""
        return self.snapshot() != self._original

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
        else:
            show_problem(self, exc)

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

    def show_problems(self, problems: dict[str, str]) -> None:
        """Show each problem under its field (others above the buttons) and go to the first one."""
        for key, box in self.boxes.items():
            box.set_problem(problems.get(key, "").strip())
        others = [f"{key.replace('_', ' ').capitalize()}: {why}" for key, why in problems.items()
                  if key not in self.boxes]
        self.general_error.setText("\n".join(others))
        self.general_error.setVisible(bool(others))
        first = next((self.boxes[k] for k in problems if k in self.boxes), None)
        if first is not None:
            person_page = self.tabs.widget(0)
            self.tabs.setCurrentIndex(0 if person_page is not None and person_page.isAncestorOf(first) else 1)
            first.field.setFocus()

    def problem_text(self, key: str) -> str:
        """The problem shown under a field ("" when none)."""
        box = self.boxes[key]
        return box.error.text() if not box.error.isHidden() else ""


def _list_edit(placeholder: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(64)
    return edit


def _select_data(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


__all__ = ["PersonDialog", "PersonForm", "load_form", "open_person_dialog"]
