"""A walk list as a print-ready workbook: one sheet per turf, landscape, header rows on every page, fit to width."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from organizer.domain.safe_text import for_export, xlsx_cell
from organizer.files.output import TempFile, check_output, write_problem
from organizer.files.walk_list_sheet import (
    ADDRESS,
    DETAILS,
    DOOR,
    KNOCKED,
    NAME,
    NOTES,
    RESULT,
    SHORT_ID,
    SUPPORT,
    SheetTurf,
    WalkSheets,
)
from organizer.files.writing import sheet_names

SUFFIXES = (".xlsx",)
_WIDTHS = {KNOCKED: 11, DOOR: 5, ADDRESS: 26, NAME: 24, DETAILS: 10, RESULT: 9, SUPPORT: 8, NOTES: 30, SHORT_ID: 9}
_HEAD_FILL = PatternFill("solid", fgColor="DDDDDD")
_RISKY = frozenset("=+-@\t\r'")


def write_walk_list_xlsx(path: Path, sheets: WalkSheets, *, force: bool = False,
                         protect: Iterable[Path] = ()) -> None:
    """Write the workbook whole or not at all (an existing file only replaced with ``force``)."""
    path = Path(path)
    check_output(path, SUFFIXES, force=force, protect=protect)
    temp = TempFile.create(path)
    try:
        book = Workbook(write_only=True)
        names = sheet_names([f"{t.number} {t.name.replace(' · part ', ' p').replace(' of ', '-')}"
                             for t in sheets.turfs] or ["Empty"])
        for name, turf in zip(names, sheets.turfs, strict=False):
            _Sheet(book.create_sheet(name), sheets, turf).write()
        if not sheets.turfs:
            book.create_sheet(names[0]).append(["No doors: nothing to walk."])
        book.save(temp.file)
    except BaseException as exc:
        temp.discard()
        if isinstance(exc, OSError):
            raise write_problem(path, exc) from exc
        raise
    temp.finish()
    temp.publish(force)


class _Sheet:
    """One turf's sheet."""

    def __init__(self, ws: Any, sheets: WalkSheets, turf: SheetTurf) -> None:
        self.ws, self.sheets, self.turf = ws, sheets, turf
        self.columns = sheets.columns()
        self.bold = Font(bold=True)
        self.rows = 0

    def write(self) -> None:
        self._page_setup()
        self._header()
        head_row = self.rows + 1
        cells = []
        for title in self.columns:
            cell = self._cell(title, font=self.bold)
            cell.fill = _HEAD_FILL
            cells.append(cell)
        self._append(cells)
        self.ws.print_title_rows = f"{head_row}:{head_row}"
        self.ws.freeze_panes = f"A{head_row + 1}"
        for door in self.turf.doors:
            for i, person in enumerate(door.people):
                first = i == 0
                values = self.sheets.values(door, person, first, "")  # tick boxes: the printed grid's cells
                self._append([self._text(v) for v in values])

    def _page_setup(self) -> None:
        ws = self.ws
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.gridLines = True  # the lines to write in, printed (cheaper than a border per cell)
        ws.oddFooter.center.text = "Page &P of &N"
        ws.oddFooter.left.text = f"List {self.sheets.list_id} · turf {self.turf.number}"
        ws.oddHeader.right.text = self.turf.name
        for index, title in enumerate(self.columns, start=1):
            width = _WIDTHS.get(title, 5 if len(title) <= 3 else 12)
            self.ws.column_dimensions[get_column_letter(index)].width = width

    def _header(self) -> None:
        s, turf = self.sheets, self.turf
        self._append([self._cell(s.title(turf), font=Font(bold=True, size=14))])
        when = f"{s.printed_on:%Y-%m-%d}"
        self._append([self._cell(f"Doors: {len(turf.doors)}    People: {turf.people}    Date: {when}    "
                                 f"Canvasser: {turf.canvasser or '______________________'}")])
        key = "    ".join(f"{short} = {label}" for short, label in s.result_key)
        self._append([self._cell(f"Result key: {key}    Support: 1 strong yes … 5 strong no")])
        if s.reprint:
            self._append([self._cell("Reprint: the Knocked column shows the result already recorded, and when.")])
        if s.criteria:
            self._append([self._cell(f"Chosen: {s.criteria}")])
        if s.script:
            self._append([self._cell(f"Script: {s.script}")])
        for number, question in enumerate(s.questions, start=1):
            self._append([self._cell(f"Q{number}: {question}")])
        self._append([])

    def _append(self, cells: list[Any]) -> None:
        self.ws.append(cells)
        self.rows += 1

    def _cell(self, value: str, font: Font | None = None) -> Any:
        cell = WriteOnlyCell(self.ws, value=xlsx_cell(for_export(value)))
        cell.data_type = "s"
        if font is not None:
            cell.font = font
        return cell

    def _text(self, value: str) -> Any:
        """A data cell: plain text as it is (fast), or a cell typed as text when it could read as a formula."""
        if not value:
            return None
        if value[0] in _RISKY or not value.isprintable():
            cell = WriteOnlyCell(self.ws, value=xlsx_cell(for_export(value)))
            cell.data_type = "s"  # text, never a formula, whatever it starts with
            return cell
        return value
