"""Merging two people: both side by side, field by field, with a choice per field that differs."""

from __future__ import annotations

from typing import Any

import qtawesome as qta
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from organizer.services.container import Services
from organizer.services.merge_fields import OTHER, SURVIVOR, FieldChoice
from organizer.services.merging import MergeResult
from organizer.services.review import MergePreview
from ui.shared.tasks import run_in_background
from ui.shared.widgets import name_widget, show_problem

BOTH = "both"
COMBINED = frozenset({"languages_spoken", "custom_fields"})  # fields whose values can be kept together
SIDES = (SURVIVOR, OTHER, BOTH)


class MergeDialog(QDialog):
    """Choose who stays and, field by field, whose value; every email, phone, tag and record moves."""

    merged = Signal(object)  # MergeResult

    def __init__(self, services: Services, first_id: int, second_id: int, duplicate_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mergeDialog")
        self.setWindowTitle("Merge two people")
        self._services = services
        self._ids = (first_id, second_id)
        self._duplicate_id = duplicate_id
        self.preview: MergePreview | None = None
        self.groups: dict[str, QButtonGroup] = {}
        self.intro = QLabel("Loading…", self)
        self.intro.setWordWrap(True)
        self.swap_button = QPushButton(qta.icon("fa5s.exchange-alt"), "Keep the other one", self)
        name_widget(self.swap_button, "Keep the other one", "Make the other person the one who stays")
        self.swap_button.clicked.connect(self.swap)
        self.grid_host = QWidget(self)
        self.grid = QGridLayout(self.grid_host)
        self.grid.setHorizontalSpacing(18)
        self.grid.setVerticalSpacing(6)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.grid_host)
        self.buttons = QDialogButtonBox(self)
        self.merge_button = self.buttons.addButton("Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setIcon(qta.icon("fa5s.object-group"))
        self.merge_button.setEnabled(False)
        self.merge_button.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.run_merge)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.swap_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        self.resize(820, 640)
        self.load()

    def load(self) -> None:
        """Read both people in the background."""
        review, (first, second) = self._services.review, self._ids
        self.merge_button.setEnabled(False)
        run_in_background(self, lambda _p, _c: review.preview(first, second), self._loaded,
                          lambda exc: self._failed(exc))

    def swap(self) -> None:
        """The other person stays instead."""
        self._ids = (self._ids[1], self._ids[0])
        self.load()

    def _failed(self, exc: BaseException) -> None:
        show_problem(self, exc)
        self.reject()

    def _loaded(self, preview: MergePreview) -> None:
        self.preview = preview
        keep, other = preview.survivor, preview.other
        self.intro.setText(f"<b>{_html(keep.name)}</b> stays; <b>{_html(other.name)}</b> is merged into them. "
                           "Their emails, phones, addresses, tags, events, signatures and roles all move to the "
                           "one who stays. Choose the value to keep where the two differ. A merge can be undone.")
        self._fill(preview)
        self.merge_button.setEnabled(True)

    def _fill(self, preview: MergePreview) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.groups.clear()
        for col, (title, person) in enumerate((("Stays", preview.survivor), ("Merged in", preview.other)), start=1):
            self._heading(f"{title}: {person.name}\n{_contact(person.records)}", 0, col)
        row = 1
        for choice in preview.fields:
            if choice.differs or choice.survivor not in ("", "No"):  # flags off on both sides say nothing
                self._field_row(row, choice)
                row += 1
        self._heading("Kept from both", row, 0)
        row += 1
        for (label, mine), (_label, theirs) in zip(preview.survivor.records, preview.other.records, strict=True):
            if mine or theirs:
                self._label(label, row, 0, "fieldLabel")
                self._label(mine or "—", row, 1)
                self._label(theirs or "—", row, 2)
                row += 1
        self.grid.setRowStretch(row, 1)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(2, 1)

    def _label(self, text: str, row: int, col: int, name: str = "") -> QLabel:
        label = QLabel(text, self.grid_host)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if name:
            label.setObjectName(name)
        self.grid.addWidget(label, row, col, Qt.AlignmentFlag.AlignTop)
        return label

    def _heading(self, text: str, row: int, col: int) -> None:
        label = self._label(text, row, col, "mergeHeading")
        font = label.font()
        font.setBold(True)
        label.setFont(font)

    def _field_row(self, row: int, choice: FieldChoice) -> None:
        self._label(choice.label, row, 0, "fieldLabel")
        if not choice.differs:
            self._label(choice.survivor, row, 1)
            self._label("(the same)", row, 2)
            return
        group = QButtonGroup(self.grid_host)
        both = choice.field in COMBINED and bool(choice.survivor) and bool(choice.other)
        for col, (side, text) in enumerate(((SURVIVOR, choice.survivor), (OTHER, choice.other)), start=1):
            button = QRadioButton(text or "(empty)", self.grid_host)
            name_widget(button, f"{choice.label}: {text or 'empty'}")
            button.setProperty("side", side)
            group.addButton(button)
            self.grid.addWidget(button, row, col, Qt.AlignmentFlag.AlignTop)
            button.setChecked(side == choice.default and not both)
        if both:
            button = QRadioButton("Keep both", self.grid_host)
            name_widget(button, f"{choice.label}: keep both")
            button.setProperty("side", BOTH)
            button.setChecked(True)
            group.addButton(button)
            self.grid.addWidget(button, row, 3, Qt.AlignmentFlag.AlignTop)
        self.groups[choice.field] = group

    def choices(self) -> dict[str, str]:
        """The side chosen for each field that differs ("both" left to the merge's default)."""
        out: dict[str, str] = {}
        for name, group in self.groups.items():
            checked = group.checkedButton()
            side = str(checked.property("side")) if checked is not None else ""
            if side in (SURVIVOR, OTHER):
                out[name] = side
        return out

    def choose(self, field: str, side: str) -> None:
        """Pick a side for a field (as a click on its button would)."""
        for button in self.groups[field].buttons():
            if button.property("side") == side:
                button.setChecked(True)

    def run_merge(self) -> None:
        """Merge in the background; the dialog closes when it is done."""
        if self.preview is None:
            return
        review, choices = self._services.review, self.choices()
        keep, other, pair = self.preview.survivor.id, self.preview.other.id, self._duplicate_id
        self.merge_button.setEnabled(False)
        run_in_background(self, lambda _p, _c: review.merge(keep, other, choices, pair), self._merged,
                          self._merge_failed)

    def _merged(self, result: MergeResult) -> None:
        self.merged.emit(result)
        self.accept()

    def _merge_failed(self, exc: BaseException) -> None:
        self.merge_button.setEnabled(True)
        show_problem(self, exc)


def _contact(records: tuple[tuple[str, str], ...]) -> str:
    """The first email (else phone) of a person: what tells two people of the same name apart."""
    found = dict(records)
    return (found.get("Emails") or found.get("Phones") or "").split("\n")[0]


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def open_merge_dialog(parent: QWidget, services: Services, first_id: int, second_id: int,
                      duplicate_id: int | None = None, on_merged: Any = None) -> MergeDialog:
    """Open the merge dialog (window-modal); `on_merged(result)` runs after a merge."""
    dialog = MergeDialog(services, first_id, second_id, duplicate_id, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if on_merged is not None:
        dialog.merged.connect(on_merged)
    dialog.open()
    return dialog
