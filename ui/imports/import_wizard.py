"""The import wizard: choose a file, match its columns with a live preview, check, import, review or undo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import qtawesome as qta
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from organizer.services.container import Services
from organizer.services.imports import ImportOptions, ImportPreview, import_kinds
from ui.imports.import_pages import (
    CheckPage,
    ImportChoices,
    PreviewController,
    PreviewPage,
    ReportPage,
    RunPage,
)
from ui.imports.import_parts import select_data, show_status, status_label, typed_path
from ui.imports.mapping_page import MappingPage
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
