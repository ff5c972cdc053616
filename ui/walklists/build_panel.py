"""The build form of the Walk lists section: filters, turf size, and a preview of the turfs with door counts."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from organizer.domain.vote_history import VoteRule
from organizer.services.walklists import REASON_LABELS, Preview, WalkFilters
from ui.shared.widgets import name_widget, split_list


class BuildPanel(QGroupBox):
    """What to build: the source, its filters and the turf size; says what a build would make."""

    preview_requested = Signal()
    build_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Build a walk list", parent)
        form = QFormLayout()
        self.source = QComboBox(self)
        self.source.addItem("Voter roll", "voters")
        self.source.addItem("People with addresses", "people")
        self.precincts = self._line("Precincts", "01-01, 04-03")
        self.zips = self._line("ZIP codes", "27601, 27605")
        self.streets = self._line("Streets", "North Main Street")
        self.parties = self._line("Parties", "DEM, UNA")
        self.tags = self._line("Tags (people)", "Door knocker")
        self.not_contacted = self._spin("Not contacted in the last … days (0: any)", 0, 3650, 0)
        self.voted_at_least = self._spin("Voted in at least", 0, 20, 0)
        self.of_last = self._spin("of the last … general elections", 0, 20, 0)
        self.municipal = QCheckBox("Voted in the last municipal election", self)
        self.turf_size = self._spin("Doors per turf", 5, 5000, 60)
        self.name = self._line("List name", "Spring canvass")
        self.script = self._line("Script", "Hi, I'm a volunteer with …")
        self.questions = self._line("Survey questions (separated by ;)", "Will you vote?; Yard sign?")
        history = QHBoxLayout()
        history.addWidget(self.voted_at_least)
        history.addWidget(QLabel("of the last", self))
        history.addWidget(self.of_last)
        history.addWidget(QLabel("generals", self))
        history.addStretch(1)
        for label, widget in (("From", self.source), ("Precincts", self.precincts), ("ZIP codes", self.zips),
                              ("Streets", self.streets), ("Parties", self.parties), ("Tags", self.tags),
                              ("Not contacted in (days)", self.not_contacted)):
            form.addRow(label, widget)
        form.addRow("Voted in at least", history)
        form.addRow("", self.municipal)
        for label, widget in (("Doors per turf", self.turf_size), ("List name", self.name),
                              ("Script", self.script), ("Questions", self.questions)):
            form.addRow(label, widget)
        name_widget(self.source, "Draw targets from", "The voter roll, or People with addresses")
        name_widget(self.municipal, "Voted in the last municipal election")
        self.preview_button = QPushButton("Preview", self)
        self.build_button = QPushButton("Build and save…", self)
        self.build_button.setDefault(True)
        self.preview_button.clicked.connect(self.preview_requested)
        self.build_button.clicked.connect(self.build_requested)
        self.summary = QLabel("Choose the doors, then Preview to see the turfs.", self)
        self.summary.setObjectName("previewSummary")
        self.summary.setWordWrap(True)
        name_widget(self.summary, "What a build would make")
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.build_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        self.source.currentIndexChanged.connect(self._source_changed)
        self._source_changed()

    def _line(self, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setPlaceholderText(placeholder)
        name_widget(edit, name)
        return edit

    def _spin(self, name: str, low: int, high: int, value: int) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setRange(low, high)
        spin.setValue(value)
        name_widget(spin, name)
        return spin

    def _source_changed(self) -> None:
        voters = self.source.currentData() == "voters"
        for widget in (self.parties, self.voted_at_least, self.of_last, self.municipal):
            widget.setEnabled(voters)
        self.tags.setEnabled(not voters)

    def filters(self) -> WalkFilters:
        """The filters as chosen."""
        voters = self.source.currentData() == "voters"
        rule = VoteRule(self.voted_at_least.value(), self.of_last.value(), self.municipal.isChecked()) if voters \
            else VoteRule()
        return WalkFilters(str(self.source.currentData()), tuple(split_list(self.precincts.text())),
                           tuple(split_list(self.zips.text())), tuple(split_list(self.streets.text())),
                           tuple(split_list(self.parties.text())) if voters else (),
                           () if voters else tuple(split_list(self.tags.text())),
                           self.not_contacted.value() or None, rule)

    def question_list(self) -> list[str]:
        """The survey questions typed, in order."""
        return [q.strip() for q in self.questions.text().split(";") if q.strip()][:5]

    def show_preview(self, preview: Preview) -> None:
        """Say what a build would make and what it would leave off."""
        left = ", ".join(f"{n:,} {REASON_LABELS.get(k, k)}" for k, n in preview.skipped.items() if n)
        self.summary.setText(f"{len(preview.turfs):,} turfs · {preview.doors:,} doors · {preview.people:,} people"
                             + (f"\nLeft off: {left}" if left else ""))
