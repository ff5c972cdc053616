"""The streaming xlsx writer: print sheets keep their page setup, styles and text exactly; tables as before."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from organizer.files.fastxlsx import HEAD, PAGE, PAGES, TITLE, PageSetup, PrintSheet, Styled, write_xlsx
from organizer.files.writing import SheetSpec


def _write(path: Path, sheets: list[SheetSpec | PrintSheet]) -> Path:
    with path.open("wb") as fh:
        write_xlsx(fh, sheets)
    return path


def _page() -> PageSetup:
    return PageSetup(landscape=True, fit_to_width=True, grid_lines=True, title_rows=(3, 3),
                     header=("", "", "Smith & Sons <North>"), footer=("List 4", f"Page {PAGE} of {PAGES}", ""))


def _sheet(name: str) -> PrintSheet:
    rows = [[Styled("Walk list 4 — turf 1", TITLE)], ["Doors: 2"], [Styled("Door", HEAD), Styled("Name", HEAD)],
            ["1", "O'Neil, Ana"], ["", "=cmd|' /c calc'!A0"], ["2", "'quoted"], ["3", "Lee & Kim <x>"]]
    return PrintSheet(name, rows, [5, 24.5], _page(), frozen_rows=3)


def test_print_settings_read_back(tmp_path: Path) -> None:
    path = _write(tmp_path / "walk.xlsx", [_sheet("1 O'Hara p1-2"), _sheet("2 Main")])
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["1 O'Hara p1-2", "2 Main"]
    for ws in book.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert ws.print_title_rows == "$3:$3"  # the column heads repeat on every printed page
        assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_options.gridLines
        assert ws.oddFooter.center.text == "Page &P of &N" and ws.oddFooter.left.text == "List 4"
        assert ws.oddHeader.right.text == "Smith && Sons <North>"  # the "&" prints as itself
        assert ws.freeze_panes == "A4"
        assert ws.column_dimensions["A"].width == 5 and ws.column_dimensions["B"].width == 24.5


def test_print_sheet_cells_styles_and_text(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(_write(tmp_path / "walk.xlsx", [_sheet("Turf")]))["Turf"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[3] == ["1", "O'Neil, Ana"]
    assert rows[4] == [None, "=cmd|' /c calc'!A0"] and ws["B5"].data_type == "s"  # text, never a formula
    assert rows[5][1] == "'quoted"  # as typed: an xlsx text cell needs no apostrophe before it
    assert rows[6][1] == "Lee & Kim <x>"
    assert ws["A1"].font.b and ws["A1"].font.sz == 14
    assert ws["A3"].font.b and ws["A3"].fill.fgColor.rgb.endswith("DDDDDD")
    assert not ws["A4"].font.b


def test_calamine_reads_print_sheets(tmp_path: Path) -> None:
    calamine = pytest.importorskip("python_calamine")
    path = _write(tmp_path / "walk.xlsx", [_sheet("Turf"), SheetSpec("Table", ["A", "B"], [["x", 1]])])
    book = calamine.CalamineWorkbook.from_path(str(path))
    turf = book.get_sheet_by_name("Turf").to_python()
    assert turf[0][0] == "Walk list 4 — turf 1" and turf[3][:2] == ["1", "O'Neil, Ana"]
    assert book.get_sheet_by_name("Table").to_python() == [["A", "B"], ["x", 1.0]]


def test_print_titles_are_named_for_their_own_sheet() -> None:
    out = io.BytesIO()
    write_xlsx(out, [SheetSpec("Plain", ["A"], []), _sheet("2 O'Hara")])
    workbook = zipfile.ZipFile(out).read("xl/workbook.xml").decode()
    assert ('<definedName name="_xlnm.Print_Titles" localSheetId="1">\'2 O\'\'Hara\'!$3:$3</definedName>'
            in workbook)


def test_a_table_sheet_keeps_its_frozen_header_and_filter(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(_write(tmp_path / "t.xlsx", [SheetSpec("T", ["Id", "Name"], [["1", "Ana"]])]))["T"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:B2" and ws["A1"].font.b
    assert ws.page_setup.orientation is None and ws.print_title_rows is None
