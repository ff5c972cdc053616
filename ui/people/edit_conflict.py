"""A person changed by someone else while the form was open: both versions side by side, and the user chooses."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from organizer.domain.phones import format_phone
from organizer.errors import ValidationFailed
from organizer.services.edit_conflicts import EditConflict
from organizer.services.people_rows import PersonRow
from organizer.services.person_input import PersonInput, clean_person
from organizer.services.volunteers import VolunteerInput
from ui.people.person_fields import FLAG_LABELS

KEEP_THEIRS, OVERWRITE, GO_BACK = "keep-theirs", "overwrite", "go-back"
NOT_A_VOLUNTEER = "Not a volunteer"


@dataclass(frozen=True, slots=True)
class Side:
    """One version of the person as the comparison shows it: a label and a text per field."""

    values: tuple[tuple[str, str], ...]

    def text(self, label: str) -> str:
        """The text shown for a field."""
        return dict(self.values)[label]


def theirs_side(row: PersonRow) -> Side:
    """The version someone else saved, as stored now."""
    name = " ".join(p for p in (row.given_name, row.additional_name, row.family_name) if p)
    place = ", ".join(p for p in (row.street, row.locality, " ".join(x for x in (row.region, row.postal_code) if x))
                      if p)
    return _side(name, row.emails, row.phones_display, place, row.tags, row.gender_pronouns, row.notes,
                 row.flags, row.volunteer_status.capitalize() or NOT_A_VOLUNTEER)


def yours_side(data: PersonInput, volunteer: VolunteerInput | None, region: str) -> Side:
    """The version typed in the form, cleaned as saving would clean it (as typed where it cannot be)."""
    try:
        clean = clean_person(data, region)
    except ValidationFailed:
        clean = None
    name = " ".join(p.strip() for p in (data.given_name, data.additional_name, data.family_name) if p.strip())
    emails = clean.emails if clean else tuple(e.strip() for e in data.emails if e.strip())
    phones = (tuple(format_phone(p.e164, region, p.extension) for p in clean.phones) if clean
              else tuple(p.strip() for p in data.phones if p.strip()))
    postal = clean.postal_code if clean else data.postal_code.strip()
    place = ", ".join(p for p in (data.street.strip(), data.locality.strip(),
                                  " ".join(x for x in (data.region.strip(), postal) if x)) if p)
    tags = clean.tags if clean else tuple(data.tags)
    return _side(name, emails, phones, place, tags, data.gender_pronouns.strip(), data.notes.strip(),
                 tuple(data.flags), volunteer.status.capitalize() if volunteer is not None else NOT_A_VOLUNTEER)


def _side(name: str, emails: tuple[str, ...], phones: tuple[str, ...], place: str, tags: tuple[str, ...],
          pronouns: str, notes: str, flags: tuple[str, ...], volunteer: str) -> Side:
    flag_text = ", ".join(FLAG_LABELS[f] for f in FLAG_LABELS if f in flags)
    return Side((("Name", name), ("Emails", "\n".join(emails)), ("Phones", "\n".join(phones)), ("Address", place),
                 ("Tags", ", ".join(sorted(tags, key=str.casefold))), ("Pronouns", pronouns), ("Notes", notes),
                 ("Flags", flag_text), ("Volunteer", volunteer)))


class EditConflictDialog(QDialog):
    """Theirs now beside yours, differing fields marked; Keep theirs, Overwrite with mine, or Go back and edit."""

    def __init__(self, conflict: EditConflict, yours: Side, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editConflictDialog")
        self.setWindowTitle("Changed by someone else")
        self.choice = GO_BACK
        theirs = theirs_side(conflict.theirs)
        self.differing = [label for label, text in theirs.values if yours.text(label) != text]
        who = conflict.theirs.display_name
        heading = QLabel(f"<b>Someone else changed {_escaped(who)} while you were editing.</b>")
        heading.setTextFormat(Qt.TextFormat.RichText)
        heading.setWordWrap(True)
        changed = ", ".join(label.lower() for label in self.differing) or "nothing you can see here"
        explain = QLabel(f"Their version is saved now; yours is not saved yet. They differ in: {changed}. "
                         "Keep theirs, put yours over theirs, or go back to the form and edit it.")
        explain.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(explain)
        layout.addWidget(self._comparison(theirs, yours), 1)
        layout.addWidget(self._buttons())
        self.resize(720, 440)
        self.back_button.setFocus()

    def _comparison(self, theirs: Side, yours: Side) -> QScrollArea:
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.setHorizontalSpacing(16)
        for column, title in ((1, "Theirs (saved now)"), (2, "Yours (not saved)")):
            head = QLabel(f"<b>{title}</b>")
            grid.addWidget(head, 0, column)
        for row, (label, their_text) in enumerate(theirs.values, start=1):
            differs = label in self.differing
            name = QLabel(f"<b>{label} ≠</b>" if differs else label)
            name.setToolTip("The two versions differ here." if differs else "")
            grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            for column, text in ((1, their_text), (2, yours.text(label))):
                cell = QLabel(text or "—")
                cell.setObjectName(f"conflict-{label.lower()}-{'theirs' if column == 1 else 'yours'}")
                cell.setWordWrap(True)
                cell.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                cell.setTextFormat(Qt.TextFormat.PlainText)
                cell.setProperty("differs", differs)
                if differs:
                    font = cell.font()
                    font.setBold(True)
                    cell.setFont(font)
                grid.addWidget(cell, row, column, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.setRowStretch(len(theirs.values) + 1, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.StyledPanel)
        scroll.setWidget(grid_host)
        return scroll

    def _buttons(self) -> QDialogButtonBox:
        box = QDialogButtonBox()
        self.keep_button = QPushButton("&Keep theirs")
        self.keep_button.setToolTip("Close the form without saving: their version stays.")
        self.overwrite_button = QPushButton("&Overwrite with mine")
        self.overwrite_button.setToolTip("Save your version over theirs.")
        self.back_button = QPushButton("&Go back and edit")
        self.back_button.setToolTip("Return to the form; saving then puts your version over theirs.")
        for button, role, choice in ((self.keep_button, QDialogButtonBox.ButtonRole.DestructiveRole, KEEP_THEIRS),
                                     (self.overwrite_button, QDialogButtonBox.ButtonRole.AcceptRole, OVERWRITE),
                                     (self.back_button, QDialogButtonBox.ButtonRole.RejectRole, GO_BACK)):
            box.addButton(button, role)
            button.clicked.connect(lambda _checked=False, c=choice: self._choose(c))
        self.back_button.setDefault(True)  # the safe choice: nothing is lost either way
        return box

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept() if choice != GO_BACK else self.reject()


def ask_conflict(parent: QWidget, conflict: EditConflict, yours: Side) -> str:
    """Show both versions and ask: KEEP_THEIRS, OVERWRITE or GO_BACK (Escape and closing go back)."""
    dialog = EditConflictDialog(conflict, yours, parent)
    dialog.exec()
    return dialog.choice


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


__all__ = ["GO_BACK", "KEEP_THEIRS", "OVERWRITE", "EditConflictDialog", "Side", "ask_conflict", "theirs_side",
           "yours_side"]
