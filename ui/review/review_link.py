"""The counts of what waits for review, as a link on People's status line that opens the queues."""

from __future__ import annotations

import qtawesome as qta
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from organizer.services.changes import Change
from organizer.services.container import Services
from organizer.services.review import ReviewCounts
from ui.review.review_view import LISTENS
from ui.shared.changes import RefreshOnChange
from ui.shared.tasks import run_in_background
from ui.shared.widgets import name_widget


def counts_text(counts: ReviewCounts) -> str:
    """ "2 conflicts and 1 possible duplicate to review" ("" when nothing waits)."""
    parts = []
    if counts.conflicts:
        parts.append(f"{counts.conflicts:,} conflict{'s' if counts.conflicts != 1 else ''}")
    if counts.duplicates:
        parts.append(f"{counts.duplicates:,} possible duplicate{'s' if counts.duplicates != 1 else ''}")
    return f"{' and '.join(parts)} to review" if parts else ""


class ReviewLink(QPushButton):
    """Hidden while nothing waits; otherwise says how much does, and a click opens the Review section."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewLink")
        self.setFlat(True)
        self.setIcon(qta.icon("fa5s.clipboard-check"))
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        name_widget(self, "What waits for review", "Open the conflicts and possible duplicates imports kept aside")
        self.setToolTip("Open the review queues")
        self.hide()
        self._services = services
        self.counts = ReviewCounts(0, 0)
        self.listener = RefreshOnChange(services.changes, LISTENS, self._changed, self)
        self.refresh()

    def refresh(self) -> None:
        """Count again in the background."""
        review = self._services.review
        run_in_background(self, lambda _p, _c: review.counts(), self._counted, lambda _exc: None)

    def _changed(self, _change: Change) -> None:
        self.refresh()

    def _counted(self, counts: ReviewCounts) -> None:
        self.counts = counts
        self.setText(counts_text(counts))
        self.setVisible(bool(counts.conflicts or counts.duplicates))
