"""The person form's fields on two tabs: built, filled from a person and read back (saving is the dialog's)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTabWidget,
    QWidget,
)
from superqt import QSearchableComboBox

from organizer.domain.codes import EngagementLevel, VolunteerStatus
from organizer.errors import ValidationFailed
from organizer.services.container import Services
from organizer.services.lookups import Probe
from organizer.services.people_rows import FLAG_NAMES, PersonRow
from organizer.services.person_input import PersonInput
from organizer.services.volunteers import VolunteerInput, VolunteerRow
from ui.shared.widgets import FieldBox, ListCompleter, name_widget, split_list

FLAG_LABELS = {
    "do_not_call": "Do not call",
    "do_not_text": "Do not text",
    "do_not_email": "Do not email",
    "do_not_walk": "Do not knock on their door",
    "moved": "Moved away",
    "deceased": "Deceased",
}
NOBODY = "Nobody"


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

class PersonFields(QDialog):
    """The form's fields and how they read; `PersonDialog` adds saving, look-ups and closing."""

    def __init__(self, form: PersonForm, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._form = form
        self._person_id = form.person.id if form.person else None
        self.boxes: dict[str, FieldBox] = {}
        self.tabs = QTabWidget(self)
        # On a small screen the person's fields scroll rather than being squeezed or cut off.
        self.person_scroll = QScrollArea(self)
        self.person_scroll.setWidget(self._person_tab())
        self.person_scroll.setWidgetResizable(True)
        self.person_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.tabs.addTab(self.person_scroll, "&Person")
        self.tabs.addTab(self._volunteer_tab(), "&Volunteer")
        name_widget(self.tabs, "Person and volunteer tabs")
        self.general_error = QLabel(self)  # problems of no field shown, above the buttons
        self.general_error.setObjectName("fieldError")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        self._fill(form.person, form.volunteer)
        self._original = self.snapshot()  # what "unsaved changes" are measured against

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
            if self.person_scroll.isAncestorOf(first):
                self.person_scroll.ensureWidgetVisible(first)

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


__all__ = ["FLAG_LABELS", "PersonFields", "PersonForm", "load_form"]
