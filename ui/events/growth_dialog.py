"""Volunteer growth: people by what their attendance shows ("attended twice, never took a shift")."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from organizer.domain.codes import EngagementLevel
from organizer.services.container import Services
from organizer.services.events import GrowthQuery, GrowthRow
from ui.shared.tasks import run_in_background
from ui.shared.widgets import name_widget, show_problem

HEADERS = ("Name", "Events attended", "Shifts taken", "Shifts led", "Level", "Last attended")


class GrowthDialog(QDialog):
    """A filterable list of people on the volunteer ladder."""

    loaded = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("growthDialog")
        self.setWindowTitle("Volunteer growth")
        self._services = services
        self.min_attended = QSpinBox(self)
        self.min_attended.setRange(1, 100)
        self.min_attended.setValue(2)
        self.min_attended.setSuffix(" events or more")
        name_widget(self.min_attended, "Attended at least")
        self.never_shift = QCheckBox("Never took a shift", self)
        self.never_shift.setChecked(True)
        self.level = QComboBox(self)
        self.level.addItem("Any level", "")
        for code in EngagementLevel:
            self.level.addItem(code.label, code.value)
        name_widget(self.level, "Level")
        for signal in (self.min_attended.valueChanged, self.never_shift.toggled, self.level.currentIndexChanged):
            signal.connect(lambda *_a: self.refresh())
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 220)
        name_widget(self.table, "People", "People whose attendance fits the filters")
        self.count = QLabel(self)
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Attended", self))
        filters.addWidget(self.min_attended)
        filters.addWidget(self.never_shift)
        filters.addWidget(self.level)
        filters.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addWidget(buttons)
        self.resize(760, 460)
        self.refresh()

    def query(self) -> GrowthQuery:
        """What the filters ask for."""
        return GrowthQuery(self.min_attended.value(), 0 if self.never_shift.isChecked() else None,
                           str(self.level.currentData() or ""))

    def refresh(self) -> None:
        """Load the list again in the background."""
        query = self.query()
        run_in_background(self, lambda _p, _c: self._services.growth.rows(query), self._show,
                          lambda exc: show_problem(self, exc))

    def _show(self, rows: list[GrowthRow]) -> None:
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            values = (row.name, f"{row.attended:,}", f"{row.shifts:,}", f"{row.led:,}",
                      EngagementLevel(row.level).label, f"{row.last_attended:%Y-%m-%d}" if row.last_attended else "")
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if 1 <= c <= 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.count.setText(f"{len(rows):,} people" if rows else
                           "No one fits these filters yet: attendance builds this list as people come to events.")
        self.loaded.emit()


__all__ = ["GrowthDialog"]
