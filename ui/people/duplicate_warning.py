"""The person form's "already in the chapter" warning: looked up as you type, with a way to open that person."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

import qtawesome as qta
from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from organizer.services.lookups import LookupService, PossibleDuplicate, Probe
from ui.shared.tasks import run_in_background
from ui.shared.widgets import name_widget

LOOKUP_DELAY_MS = 350  # typing pauses this long before the look-up runs
SHOWN = 3  # people listed in the warning; more are counted


class DuplicateChecker(QObject):
    """Looks up who already has what the form holds, once typing pauses; only the newest answer counts."""

    found = Signal(list)

    def __init__(self, lookups: LookupService, probe: Callable[[], Probe], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lookups = lookups
        self._probe = probe
        self._generation = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(LOOKUP_DELAY_MS)
        self._timer.timeout.connect(self.check_now)

    def schedule(self) -> None:
        """Something was typed: look up once typing pauses."""
        self._timer.start()

    def check_now(self) -> None:
        """Look up now, off the GUI thread."""
        self._timer.stop()
        self._generation += 1
        generation, probe, lookups = self._generation, self._probe(), self._lookups
        if not (probe.emails or probe.phones or probe.family_name):
            self.found.emit([])
            return
        run_in_background(self, lambda _p, _c: lookups.possible_duplicates(probe),
                          lambda hits: self._answered(generation, hits),
                          lambda _exc: None)  # a failed look-up hides nothing: saving looks again

    def _answered(self, generation: int, hits: list[PossibleDuplicate]) -> None:
        if generation == self._generation:
            self.found.emit(hits)


class DuplicateWarning(QFrame):
    """A band above the form naming who is already there and why, each with an Open button."""

    open_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicateWarning")
        self._hits: list[PossibleDuplicate] = []
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(10, 8, 10, 8)
        self._grid.setHorizontalSpacing(10)
        self._grid.setVerticalSpacing(6)
        self._icon = QLabel(self)
        self._icon.setPixmap(qta.icon("fa5s.user-friends", color="#b26a00").pixmap(QSize(22, 22)))
        self._icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.buttons: list[QPushButton] = []
        self.labels: list[QLabel] = []
        self.hide()

    def hits(self) -> list[PossibleDuplicate]:
        """The people the warning names (all of them, also those counted but not listed)."""
        return list(self._hits)

    def show_hits(self, hits: Sequence[PossibleDuplicate]) -> None:
        """Name these people (or hide, for none)."""
        self._hits = list(hits)
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget is not self._icon:
                widget.deleteLater()
        self.buttons, self.labels = [], []
        self.setVisible(bool(hits))
        if not hits:
            return
        self._grid.addWidget(self._icon, 0, 0, len(hits[:SHOWN]) + 1, 1)
        title = QLabel("Already in the chapter? Open them rather than adding a second copy.", self)
        title.setObjectName("duplicateTitle")
        title.setWordWrap(True)
        self._grid.addWidget(title, 0, 1, 1, 2)
        for row, hit in enumerate(hits[:SHOWN], start=1):
            self._add_hit(row, hit)
        if len(hits) > SHOWN:
            more = QLabel(f"and {len(hits) - SHOWN:,} more", self)
            more.setObjectName("mutedNote")
            self._grid.addWidget(more, SHOWN + 1, 1, 1, 2)
        self._grid.setColumnStretch(1, 1)
        self.setAccessibleName(f"Possible duplicate: {hits[0].name}")

    def _add_hit(self, row: int, hit: PossibleDuplicate) -> None:
        text = f"<b>{html.escape(hit.name)}</b> — {html.escape(hit.why)}"
        if hit.detail:
            text += f"<br><span style='font-size:9pt'>{html.escape(hit.detail)}</span>"
        label = QLabel(text, self)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        button = QPushButton(qta.icon("fa5s.external-link-alt"), "Open", self)
        name_widget(button, f"Open {hit.name}", f"Close this form and open {hit.name} instead")
        button.setToolTip(f"Open {hit.name} instead")
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False, pid=hit.person_id: self.open_requested.emit(pid))
        self._grid.addWidget(label, row, 1)
        self._grid.addWidget(button, row, 2, Qt.AlignmentFlag.AlignTop)
        self.labels.append(label)
        self.buttons.append(button)


SAVE_ANYWAY, OPEN_EXISTING, CANCEL = "save", "open", "cancel"


def ask_duplicate(parent: QWidget, hits: Sequence[PossibleDuplicate], editing: bool) -> str:
    """Ask before saving what may be a second copy: SAVE_ANYWAY, OPEN_EXISTING (the first of them) or CANCEL."""
    first = hits[0]
    others = f" and {len(hits) - 1:,} more" if len(hits) > 1 else ""
    box = QMessageBox(QMessageBox.Icon.Warning, "Already in the chapter?",
                      f"{first.name}{others} may be this person: {first.why}.", parent=parent)
    box.setInformativeText("Saving keeps both people; they can be merged later from the review queue."
                           if not editing else "Saving gives this person the same details as them.")
    save = box.addButton("Save anyway" if editing else "Add a second person", QMessageBox.ButtonRole.AcceptRole)
    open_button = box.addButton(f"Open {first.name}", QMessageBox.ButtonRole.ActionRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return SAVE_ANYWAY if clicked is save else OPEN_EXISTING if clicked is open_button else CANCEL


__all__ = ["DuplicateChecker", "DuplicateWarning", "ask_duplicate"]
