"""The import wizard's second step, `MappingPage`: which row holds the headers and what each column holds.

It shows the file's first rows with the header row highlighted, a combo box per column for the field it
holds (the program's proposal first, the user's choices kept as overrides), the known layouts of voter
files, and notes on what the chosen mapping would do, all refreshed live through the `PreviewController`.
"""

from __future__ import annotations

import functools
from collections import Counter

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from organizer.services.imports import Field, ImportPreview, column_letter
from ui.imports.import_pages import ImportChoices, PreviewController, PreviewPage
from ui.imports.import_parts import TextTableModel, clear_layout, fit_columns, show_status, status_label, table_view
from ui.shared.widgets import name_widget


class MappingPage(PreviewPage):
    """Step 2: which row holds the headers and what each column holds, with a live preview."""

    def __init__(self, choices: ImportChoices, controller: PreviewController) -> None:
        super().__init__(choices, controller)
        self.setTitle("Match the columns")
        self.setSubTitle("Check the row that holds the headers, then say what each column holds.")
        self.combos: dict[str, QComboBox] = {}
        self.proposal: dict[str, str] = {}  # what the program proposed for each header
        self._fields: tuple[Field, ...] = ()
        self.found, self.updating, self.note = QLabel(), QLabel("Updating…"), status_label("Notes")
        name_widget(self.found, "Header row")
        policy = self.updating.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.updating.setSizePolicy(policy)
        self.row_spin = QSpinBox()
        name_widget(self.row_spin, "Headers are on row")
        self.row_spin.setMinimumWidth(self.row_spin.fontMetrics().horizontalAdvance("0000") + 40)
        self.row_spin.setSpecialValueText("none")  # 0: the file has no header row
        self.row_spin.valueChanged.connect(self._row_changed)
        self.row_spin.installEventFilter(self)
        self._advance_when_ready = False  # Enter was pressed while the new header row was being read
        self.layout_combo = QComboBox()
        self.layout_combo.setMinimumContentsLength(22)
        self.layout_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        name_widget(self.layout_combo, "Layout", "Read the file as a known layout (a state's voter file, VAN)")
        self.layout_combo.activated.connect(self._layout_chosen)
        self.head_model = TextTableModel(parent=self)
        self.head_view = table_view(self.head_model, "First rows of the file")
        layout = QVBoxLayout(self)
        layout.addLayout(self._top_row())
        layout.addWidget(self._splitter(), 1)
        layout.addWidget(self.note)

    def _top_row(self) -> QHBoxLayout:
        spin_label = QLabel("&Headers are on row")
        spin_label.setBuddy(self.row_spin)
        row = QHBoxLayout()
        for widget in (self.found, self.updating, self.layout_combo, spin_label, self.row_spin):
            row.addWidget(widget, 1 if widget is self.found else 0)
        return row

    def _show_layouts(self, preview: ImportPreview) -> None:
        """The known layouts of this kind (voter files), the one picked first; hidden for other kinds."""
        layouts = preview.kind.layouts
        self.layout_combo.setVisible(bool(layouts))
        if [self.layout_combo.itemData(i) for i in range(1, self.layout_combo.count())] != [n for n, _ in layouts]:
            self.layout_combo.clear()
            self.layout_combo.addItem("Layout: recognised", "")
            for name, label in layouts:
                self.layout_combo.addItem(label, name)
        self.layout_combo.setCurrentIndex(max(0, self.layout_combo.findData(self.choices.layout or "")))

    def _layout_chosen(self, _index: int) -> None:
        self.choices.layout = str(self.layout_combo.currentData() or "") or None
        self.choices.header_row = None
        self.choices.overrides.clear()
        self.proposal.clear()
        self.grid_host.setEnabled(False)
        self.controller.request()

    def _splitter(self) -> QSplitter:
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setColumnStretch(2, 1)
        self.grid.setHorizontalSpacing(16)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        name_widget(scroll, "What each column holds")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.head_view)
        splitter.addWidget(scroll)
        splitter.setSizes([220, 300])
        return splitter

    def initializePage(self) -> None:
        self._advance_when_ready = False
        if self.controller.preview is not None:
            self.ready(self.controller.preview)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the header-row box goes on to the check, once the rows under that header are read."""
        if (watched is self.row_spin and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.row_spin.interpretText()
            if self.controller.ok:
                QTimer.singleShot(0, self._advance)
            else:
                self._advance_when_ready = not self.controller.problem
            return True
        return super().eventFilter(watched, event)

    def _advance(self) -> None:
        wizard = self.wizard()
        if wizard is not None and wizard.currentPage() is self and self.controller.ok:
            wizard.next()

    def busy(self) -> None:
        self.updating.show()
        super().busy()

    def failed(self, message: str) -> None:
        self._advance_when_ready = False
        self.updating.hide()
        self.grid_host.setEnabled(True)
        show_status(self.note, message, error=True)
        super().failed(message)

    def ready(self, preview: ImportPreview) -> None:
        layout = preview.layout
        for header, key in layout.mapping().items():
            if header not in self.choices.overrides:
                self.proposal[header] = key
        self.updating.hide()
        self.row_spin.blockSignals(True)
        self.row_spin.setRange(0, max(1, len(preview.head)))
        self.row_spin.setValue(layout.header_row)
        self.row_spin.blockSignals(False)
        self._show_layouts(preview)
        n = layout.header_row
        found = f"We found your headers on row {n}." if self.choices.header_row is None else f"Headers on row {n}."
        if n == 0:
            found = (f"Read as the {layout.preset}." if layout.preset else
                     "No header row we recognise: say what each column holds, or pick the file's layout.")
        elif layout.preset:
            found += f" Read as the {layout.preset}."
        self.found.setText(found + (" The rows above it are left out." if n > 1 else ""))
        self.found.setWordWrap(True)
        self._show_head(preview)
        if tuple(self.combos) != layout.headers or self._fields != preview.fields:
            self._build_grid(preview)
        for column in layout.columns:
            self.combos[column.header].setCurrentIndex(self.combos[column.header].findData(column.field))
        self.grid_host.setEnabled(True)
        self._show_notes(preview)
        super().ready(preview)
        if self._advance_when_ready:
            self._advance_when_ready = False
            QTimer.singleShot(0, self._advance)

    def _show_head(self, preview: ImportPreview) -> None:
        width = max([len(r) for r in preview.head] + [len(preview.layout.headers)])
        index = preview.layout.header_row - 1
        self.head_model.set_rows(preview.head, headers=[column_letter(i) for i in range(width)],
                                 highlight=index, muted_before=index)
        fit_columns(self.head_view, 220)
        self.head_view.scrollTo(self.head_model.index(index, 0))

    def _build_grid(self, preview: ImportPreview) -> None:
        clear_layout(self.grid)
        self.combos.clear()
        self._fields = preview.fields
        for col, caption in enumerate(("Column", "Holds", "For example")):
            self.grid.addWidget(QLabel(f"<b>{caption}</b>"), 0, col)
        rows = preview.head[preview.layout.header_row:]
        for row, column in enumerate(preview.layout.columns, start=1):
            sample = next((r[column.index] for r in rows if column.index < len(r) and r[column.index].strip()), "")
            name, example, combo = QLabel(column.header), QLabel(), QComboBox()
            example.setText(example.fontMetrics().elidedText(sample, Qt.TextElideMode.ElideRight, 260))
            example.setToolTip(sample)
            example.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            name_widget(combo, f"What the column “{column.header}” holds")
            for f in preview.fields:
                combo.addItem(f.label, f.key)
            combo.activated.connect(functools.partial(self._mapped, column.header))
            name.setBuddy(combo)
            self.combos[column.header] = combo
            for col, widget in enumerate((name, combo, example)):
                self.grid.addWidget(widget, row, col)

    def _row_changed(self, value: int) -> None:
        preview = self.controller.preview
        if preview is not None and value == preview.layout.header_row and not self.controller.busy:
            return  # Enter re-reads the same number: the row and the columns chosen under it stay
        self.choices.header_row = value
        self.choices.overrides.clear()
        self.proposal.clear()
        self.grid_host.setEnabled(False)  # the headers change with the row: the old combos no longer apply
        self.controller.request()

    def _mapped(self, header: str, _index: int) -> None:
        key = self.combos[header].currentData()
        if key == self.proposal.get(header):
            self.choices.overrides.pop(header, None)
        else:
            self.choices.overrides[header] = key
        self.controller.request()

    def _show_notes(self, preview: ImportPreview) -> None:
        chosen, kind = [c.currentData() for c in self.combos.values()], preview.kind
        notes = [] if kind.identifying & set(chosen) else [f"No column holds {kind.identity}, so every row would be "
                                                            "rejected."]
        single = {f.key: f.label for f in preview.fields if not f.multi}
        notes += [f"“{single[key]}” is chosen for {n} columns: only the first one with a value is used."
                  for key, n in Counter(chosen).items() if key in single and n > 1]
        show_status(self.note, " ".join(notes))
