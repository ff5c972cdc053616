"""The import wizard: choose a file, match its columns with a live preview, check, import, review or undo."""

from __future__ import annotations

import functools
from collections import Counter
from pathlib import Path
from typing import Any

import qtawesome as qta
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from organizer.services.container import Services
from organizer.services.imports import Field, ImportOptions, ImportPreview, column_letter, import_kinds
from ui.imports.import_pages import (
    CheckPage,
    ImportChoices,
    PreviewController,
    PreviewPage,
    ReportPage,
    RunPage,
)
from ui.imports.import_parts import (
    TextTableModel,
    clear_layout,
    fit_columns,
    select_data,
    show_status,
    status_label,
    table_view,
    typed_path,
)
from ui.shared.widgets import name_widget

FILE_FILTER = "Spreadsheets (*.xlsx *.xls *.ods *.csv *.tsv *.txt);;All files (*)"
KINDS = import_kinds()
ENCODINGS = (("UTF-8", "utf-8"), ("UTF-8 with BOM", "utf-8-sig"), ("UTF-16", "utf-16"),
             ("Windows-1252 (cp1252)", "cp1252"), ("UTF-8, some lines Windows-1252", "utf-8-cp1252"))
BOOKS = {"xlsx": "An Excel workbook", "xls": "An Excel 97–2003 workbook", "ods": "A LibreOffice workbook"}
DELIMITERS = (("Commas (,)", ","), ("Semicolons (;)", ";"), ("Tabs", "\t"), ("Pipes (|)", "|"))


class ChooseFilePage(PreviewPage):
    """Step 1: the file, what it holds, and how to read it (the sheet, or the text encoding and separator)."""

    def __init__(self, choices: ImportChoices, controller: PreviewController) -> None:
        super().__init__(choices, controller)
        self.setTitle("Choose a spreadsheet")
        self.setSubTitle("A workbook from Excel, LibreOffice or Google Sheets, or a CSV text file.")
        self.path_edit = QLineEdit(str(choices.path or ""))
        self.path_edit.setPlaceholderText("Choose a file, or type its full path")
        self.path_edit.textEdited.connect(self._path_edited)
        self.path_edit.editingFinished.connect(self._path_typed)
        browse = QPushButton(qta.icon("fa5s.folder-open"), "C&hoose…")
        browse.clicked.connect(self._browse)
        name_widget(self.path_edit, "Spreadsheet file")
        name_widget(browse, "Choose a spreadsheet file")
        self.kinds, kinds = QButtonGroup(self), QVBoxLayout()
        for i, kind in enumerate(KINDS):
            button = QRadioButton(f"&{kind.label} ({kind.description})")
            button.setChecked(kind.name == choices.kind)
            self.kinds.addButton(button, i)
            kinds.addWidget(button)
        self.kinds.idToggled.connect(self._kind_toggled)
        self.sheet_combo = self._combo("sheet", "Sheet to import", ())
        self.encoding_combo = self._combo("encoding", "Text encoding", ENCODINGS)
        self.delimiter_combo = self._combo("delimiter", "Columns separated by", DELIMITERS)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText("Only for a password-protected workbook")
        self.password_edit.editingFinished.connect(self._password_typed)
        name_widget(self.password_edit, "Workbook password")
        file_row, file_label = QHBoxLayout(), QLabel("&File:")
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(browse)
        file_label.setBuddy(self.path_edit)
        self.status = status_label()
        self.form = QFormLayout(self)
        for label, row in ((file_label, file_row), ("It holds:", kinds), ("&Sheet:", self.sheet_combo),
                           ("Text &encoding:", self.encoding_combo), ("Columns &separated by:", self.delimiter_combo),
                           ("&Password:", self.password_edit)):
            self.form.addRow(label, row)
        self.form.addRow(self.status)
        self._show_reading(None)

    def _combo(self, attribute: str, name: str, items: tuple[tuple[str, str], ...]) -> QComboBox:
        combo = QComboBox()
        name_widget(combo, name)
        for text, value in items:
            combo.addItem(text, value)
        combo.activated.connect(lambda _index: self._reading_chosen(attribute, combo.currentData()))
        return combo

    def set_path(self, path: Path | None) -> None:
        """A new file: read it afresh, detecting everything."""
        self.path_edit.setText(str(path or ""))
        self._choose(path)

    def _choose(self, path: Path | None) -> None:
        self.choices.path = path
        self.choices.sheet = self.choices.encoding = self.choices.delimiter = None
        self._reread()

    def isComplete(self) -> bool:
        return self.controller.ok and self.controller.previewed == self.choices.path

    def _path_edited(self, text: str) -> None:
        """As the path is typed: read it as soon as it names a file (Next needs no Tab or Enter first)."""
        path = typed_path(text)
        if path is not None and path.is_file():
            if path != self.choices.path:
                self._choose(path)
        elif self.choices.path is not None:  # no file (yet): the last one's preview no longer applies
            self.choices.path = None
            self.controller.clear()
            self._reread()

    def _browse(self) -> None:
        start = str(self.choices.path.parent if self.choices.path else Path.home())
        name, _filter = QFileDialog.getOpenFileName(self, "Choose a spreadsheet", start, FILE_FILTER)
        if name:
            self.set_path(Path(name))

    def _path_typed(self) -> None:
        path = typed_path(self.path_edit.text())
        if path != self.choices.path:
            self._choose(path)  # a path that names no file says so now

    def _password_typed(self) -> None:
        password = self.password_edit.text() or None
        if password != self.choices.password:
            self.choices.password = password
            self._reread()

    def _kind_toggled(self, button_id: int, checked: bool) -> None:
        if checked:
            self.choices.kind = KINDS[button_id].name
            self._reread()

    def _reading_chosen(self, attribute: str, value: str) -> None:
        setattr(self.choices, attribute, value)
        self._reread()

    def _reread(self) -> None:
        self.choices.reset_layout()
        if self.choices.path is not None:
            self.controller.request()
            return
        self._show_reading(None)
        show_status(self.status, "Choose the file to import.")
        self.completeChanged.emit()

    def _show_reading(self, kind: str | None) -> None:
        """The sheet for workbooks; the encoding and separator for text files."""
        self.form.setRowVisible(self.sheet_combo, kind not in (None, "csv"))
        self.form.setRowVisible(self.encoding_combo, kind == "csv")
        self.form.setRowVisible(self.delimiter_combo, kind == "csv")

    def busy(self) -> None:
        show_status(self.status, "Reading the file…")
        super().busy()

    def failed(self, message: str) -> None:
        if self.controller.preview is None:
            self._show_reading(None)
        show_status(self.status, message, error=True)
        super().failed(message)

    def ready(self, preview: ImportPreview) -> None:
        source = preview.source
        self._show_reading(source.kind)
        if source.kind == "csv":
            select_data(self.encoding_combo, source.encoding, (source.encoding or "").upper())
            select_data(self.delimiter_combo, source.delimiter, repr(source.delimiter))
            text = (f"A text file in {self.encoding_combo.currentText()}, with columns separated by "
                    f"{self.delimiter_combo.currentText().split()[0].lower()}. If letters look wrong on the next "
                    "page, come back and choose another encoding.")
        else:
            self.sheet_combo.clear()
            for name in source.sheets:
                self.sheet_combo.addItem(name, name)
            self.sheet_combo.setCurrentIndex(self.sheet_combo.findData(source.sheet))
            sheets = f"one of its {len(source.sheets)} sheets" if len(source.sheets) > 1 else "its only sheet"
            text = f"{BOOKS.get(source.kind, 'A workbook')}: reading “{source.sheet}”, {sheets}."
        show_status(self.status, text)
        super().ready(preview)


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


class ImportWizard(QWizard):
    """Import a spreadsheet of any kind (people, a voter roll, …), step by step; nothing blocks the window."""

    import_finished = Signal(object)  # ImportResult, after an import and after its undo

    def __init__(self, services: Services, path: Path | None, parent: QWidget | None = None,
                 kind: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import a spreadsheet")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage)
        self.choices = ImportChoices(path, kind or KINDS[0].name)
        self.controller = PreviewController(services.imports, self.choices, self)
        self.file_page = ChooseFilePage(self.choices, self.controller)
        self.mapping_page = MappingPage(self.choices, self.controller)
        self.check_page = CheckPage(services.imports, self._run_args, self.choices)
        self.run_page = RunPage(services.imports, self._run_args)
        self.report_page = ReportPage(services.imports, self._run_args)
        for page in (self.file_page, self.mapping_page, self.check_page, self.run_page, self.report_page):
            self.addPage(page)
        self.run_page.imported.connect(self._imported)
        self.report_page.undone.connect(self.import_finished)
        self.resize(920, 640)  # fits a 1366 x 768 laptop screen with its title bar and panel
        if path is not None:
            self.controller.request()

    def _run_args(self, dry_run: bool) -> tuple[Path, str, ImportOptions]:
        preview, path = self.controller.preview, self.choices.path
        if preview is None or path is None:
            raise RuntimeError("the import pages were reached without a previewed file")
        return path, self.choices.kind, self.choices.run_options(preview, dry_run=dry_run)

    def _imported(self, report: Any) -> None:
        self.report_page.show_report(report)
        self.import_finished.emit(report)

    def reject(self) -> None:
        """Closing stops a running check or import (which then changes nothing)."""
        self.check_page.panel.cancel()
        self.run_page.panel.cancel()
        super().reject()
