"""A streaming .xlsx writer: text as inline strings (never formulas), numbers, booleans, real dates, a few styles,
and print settings. Rows go straight into the zip being written (no scratch files), about thirty times faster than
openpyxl's write-only mode; a second thread compresses and writes each sheet while its next rows are made.

Two kinds of sheet: a ``SheetSpec`` (a table: header frozen, filters on, widths fitted, as share workbooks have it)
and a ``PrintSheet`` (a page to print: given widths, styled cells, landscape, rows repeated on every page, fit to
width, page numbers)."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any, NamedTuple
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

from organizer.domain.safe_text import for_export, xlsx_cell
from organizer.files.output import OutputRefused
from organizer.files.sheets import WIDTH_SAMPLE_ROWS, CellValue, SheetSpec, column_widths, sheet_names
from organizer.files.write_behind import Sink, written_behind

PLAIN, BOLD, DATE, DATETIME, TITLE, HEAD, TIME = 0, 1, 2, 3, 4, 5, 6
"""Cell styles: plain, bold, a date, a date and time, a title (bold, larger), a column head (bold, shaded),
a time of day."""
_EPOCH = dt.datetime(1899, 12, 30)
_ENTITIES = {"\r": "&#13;", '"': "&quot;"}
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_CONTENT_TYPES = (
    _XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "{sheets}</Types>")
_SHEET_TYPE = ('<Override PartName="/xl/worksheets/sheet{n}.xml" '
               'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
_ROOT_RELS = (
    _XML + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>')
_STYLES = (
    _XML + f'<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/><numFmt numFmtId="166" formatCode="hh:mm:ss"/>'
    '</numFmts>'
    '<fonts count="3"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="14"/><name val="Calibri"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDDDDDD"/><bgColor indexed="64"/></patternFill></fill>'
    '</fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>'
    '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')


LONGEST = 32_766
"""The longest text a cell is written with. A spreadsheet cell holds 32,767 characters; one fewer, so that a share
file's reader can tell a cell a program cut at the limit from one written whole (docs/share-format.md)."""
TOO_LONG_ADVICE = "export to a .csv file instead (it has no such limit), or shorten that value"


class CellTooLong(OutputRefused):
    """A text longer than a cell holds: the workbook is not written at all, since cutting the text would lose it.
    Says where (sheet, row, column) and what to do, in one line."""

    def __init__(self, sheet: str, row: int, column: str, length: int, advice: str = TOO_LONG_ADVICE) -> None:
        self.sheet, self.row, self.column, self.length = sheet, row, column, length
        super().__init__(f"The {column} cell in row {row:,} of the sheet “{sheet}” holds {length:,} characters, more "
                         f"than the {LONGEST:,} a spreadsheet cell takes, so no file was written: {advice}.")

    def with_advice(self, advice: str) -> CellTooLong:
        """The same refusal, with what to do said for the caller's kind of export."""
        return CellTooLong(self.sheet, self.row, self.column, self.length, advice)


class _TooLong(Exception):
    """Raised while a row is written (where is added on the way out: see ``_write_rows`` and ``write_xlsx``)."""

    def __init__(self, row: int = 0, index: int = 0, length: int = 0) -> None:
        super().__init__(row, index, length)
        self.row, self.index, self.length = row, index, length


class Styled(NamedTuple):
    """A cell value with a style (PLAIN, BOLD, TITLE, HEAD); dates keep their date style."""

    value: CellValue
    style: int


@dataclass(frozen=True, slots=True)
class PageSetup:
    """How a sheet prints. Header and footer parts are text (an "&" is printed as itself) with the page codes
    PAGE and PAGES ("Page &P of &N" is ``f"Page {PAGE} of {PAGES}"``)."""

    landscape: bool = False
    fit_to_width: bool = False  # as many pages down as it takes, one page across
    grid_lines: bool = False  # the cell grid printed (the lines to write in)
    title_rows: tuple[int, int] | None = None  # rows printed at the top of every page (first, last; from 1)
    header: tuple[str, str, str] = ("", "", "")  # left, centre, right
    footer: tuple[str, str, str] = ("", "", "")


PAGE, PAGES = "\x00P", "\x00N"
"""The page number and the page count, in a PageSetup header or footer."""


@dataclass(frozen=True, slots=True)
class PrintSheet:
    """A sheet to print: rows of values (or Styled values), column widths in characters, its page setup, and how
    many rows stay on screen when scrolling."""

    name: str
    rows: Iterable[Sequence[CellValue | Styled]]
    widths: Sequence[float] = ()
    page: PageSetup = PageSetup()
    frozen_rows: int = 0


def write_xlsx(out: IO[bytes], sheets: Sequence[SheetSpec | PrintSheet]) -> None:
    """Write the sheets as one workbook into ``out``. A text longer than a cell holds (``LONGEST``) raises
    CellTooLong: the caller discards what was written (a workbook is whole or not at all)."""
    names = sheet_names([s.name for s in sheets])
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=4) as book:
        book.writestr("[Content_Types].xml", _CONTENT_TYPES.format(
            sheets="".join(_SHEET_TYPE.format(n=n) for n in range(1, len(sheets) + 1))))
        book.writestr("_rels/.rels", _ROOT_RELS)
        book.writestr("xl/workbook.xml", _workbook(names, sheets))
        book.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(len(names)))
        book.writestr("xl/styles.xml", _STYLES)
        for n, sheet in enumerate(sheets, start=1):
            part = book.open(f"xl/worksheets/sheet{n}.xml", "w", force_zip64=True)
            try:
                with part, written_behind(part) as stream:
                    if isinstance(sheet, PrintSheet):
                        _write_print_sheet(stream, sheet)
                    else:
                        _write_sheet(stream, sheet)
            except _TooLong as exc:
                raise _too_long(names[n - 1], sheet, exc) from None


def _too_long(name: str, sheet: SheetSpec | PrintSheet, exc: _TooLong) -> CellTooLong:
    letter = get_column_letter(exc.index + 1)
    headers = sheet.headers if isinstance(sheet, SheetSpec) else ()
    header = headers[exc.index] if exc.row > 1 and exc.index < len(headers) else ""
    column = f"“{header[:40]}” (column {letter})" if header.strip() else f"column {letter}"
    return CellTooLong(name, exc.row, column, exc.length)


def _workbook(names: list[str], sheets: Sequence[SheetSpec | PrintSheet]) -> str:
    listed = "".join(f'<sheet name="{escape(name, _ENTITIES)}" sheetId="{n}" r:id="rId{n}"/>'
                     for n, name in enumerate(names, start=1))
    titles = "".join(_print_titles(index, name, sheet.page.title_rows)
                     for index, (name, sheet) in enumerate(zip(names, sheets, strict=True))
                     if isinstance(sheet, PrintSheet) and sheet.page.title_rows)
    defined = f"<definedNames>{titles}</definedNames>" if titles else ""
    return (_XML + f'<workbook xmlns="{_MAIN}" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f"<sheets>{listed}</sheets>{defined}</workbook>")


def _print_titles(index: int, name: str, rows: tuple[int, int]) -> str:
    """The rows a sheet repeats on every printed page: Excel's Print_Titles name, local to the sheet."""
    quoted = "'" + name.replace("'", "''") + "'"
    return (f'<definedName name="_xlnm.Print_Titles" localSheetId="{index}">'
            f"{escape(quoted)}!${rows[0]}:${rows[1]}</definedName>")


def _workbook_rels(count: int) -> str:
    rels = "".join(f'<Relationship Id="rId{n}" '
                   'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                   f'Target="worksheets/sheet{n}.xml"/>' for n in range(1, count + 1))
    styles = (f'<Relationship Id="rId{count + 1}" '
              'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
              'Target="styles.xml"/>')
    return (_XML + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{rels}{styles}</Relationships>")


def _write_sheet(stream: Sink, sheet: SheetSpec) -> None:
    rows = iter(sheet.rows)
    first = list(itertools.islice(rows, WIDTH_SAMPLE_ROWS))
    widths = column_widths(sheet.headers, first)
    cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, start=1))
    stream.write((_XML + f'<worksheet xmlns="{_MAIN}">'
                  '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
                  'state="frozen"/></sheetView></sheetViews>'
                  f"{'<cols>' + cols + '</cols>' if cols else ''}<sheetData>").encode())
    letters = _letters(max([len(sheet.headers), *map(len, first)], default=0))
    _check_lengths(1, sheet.headers)
    header = "".join(f'<c r="{letters[i]}1" t="inlineStr" s="{BOLD}"><is><t xml:space="preserve">{_text(h)}</t>'
                     "</is></c>" for i, h in enumerate(sheet.headers))
    stream.write(f'<row r="1">{header}</row>'.encode())
    count, width = _write_rows(stream, itertools.chain(first, rows), letters, 2)
    width = max(width, len(sheet.headers))
    tail = f'<autoFilter ref="A1:{get_column_letter(width)}{count}"/>' if width else ""
    stream.write(f"</sheetData>{tail}</worksheet>".encode())


def _write_print_sheet(stream: Sink, sheet: PrintSheet) -> None:
    page = sheet.page
    cols = "".join(f'<col min="{i}" max="{i}" width="{w:g}" customWidth="1"/>'
                   for i, w in enumerate(sheet.widths, start=1))
    frozen = sheet.frozen_rows
    pane = (f'<pane ySplit="{frozen}" topLeftCell="A{frozen + 1}" activePane="bottomLeft" state="frozen"/>'
            f'<selection pane="bottomLeft" activeCell="A{frozen + 1}" sqref="A{frozen + 1}"/>' if frozen else "")
    fit = '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' if page.fit_to_width else ""
    stream.write((_XML + f'<worksheet xmlns="{_MAIN}">{fit}'
                  f'<sheetViews><sheetView workbookViewId="0">{pane}</sheetView></sheetViews>'
                  '<sheetFormatPr defaultRowHeight="15"/>'
                  f"{'<cols>' + cols + '</cols>' if cols else ''}<sheetData>").encode())
    _write_rows(stream, sheet.rows, _letters(len(sheet.widths)), 1)
    stream.write(f"</sheetData>{_page_xml(page)}</worksheet>".encode())


def _page_xml(page: PageSetup) -> str:
    """printOptions, pageMargins, pageSetup and headerFooter, in the order the schema wants them."""
    grid = '<printOptions gridLines="1"/>' if page.grid_lines else ""
    margins = '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
    setup = "".join((' orientation="landscape"' if page.landscape else "",
                     ' fitToWidth="1" fitToHeight="0"' if page.fit_to_width else ""))
    head, foot = _header_footer(page.header), _header_footer(page.footer)
    parts = (f"<oddHeader>{head}</oddHeader>" if head else "") + (f"<oddFooter>{foot}</oddFooter>" if foot else "")
    return (f"{grid}{margins}{f'<pageSetup{setup}/>' if setup else ''}"
            f"{f'<headerFooter>{parts}</headerFooter>' if parts else ''}")


def _header_footer(parts: tuple[str, str, str]) -> str:
    """ "&Lleft&Ccentre&Rright", each part's own "&" doubled so it prints as itself."""
    coded = "".join(f"{code}{text.replace('&', '&&').replace(PAGE, '&P').replace(PAGES, '&N')}"
                    for code, text in zip(("&L", "&C", "&R"), parts, strict=True) if text)
    return escape(for_export(coded))


def _letters(count: int) -> list[str]:
    return [get_column_letter(i) for i in range(1, count + 1)]


def _write_rows(stream: Sink, rows: Iterable[Sequence[Any]], letters: list[str], start: int) -> tuple[int, int]:
    """Stream the rows from row number ``start``; returns the last row's number and the widest row's length."""
    count, width, buffer = start - 1, 0, []
    for row in rows:
        count += 1
        if len(row) > width:
            width = len(row)
            letters.extend(get_column_letter(i) for i in range(len(letters) + 1, width + 1))
        try:
            buffer.append(_row(count, row, letters))
        except _TooLong as exc:
            _check_lengths(count, row)  # raises it again, saying where
            exc.row = count
            raise
        if len(buffer) >= 500:
            stream.write("".join(buffer).encode())
            buffer.clear()
    stream.write("".join(buffer).encode())
    return count, width


def _check_lengths(number: int, row: Sequence[Any]) -> None:
    """Raise _TooLong for the first cell of row ``number`` with a text longer than a cell holds."""
    for index, value in enumerate(row):
        text = value.value if type(value) is Styled else value
        length = len(text) if isinstance(text, str) else len(str(text)) if text is not None else 0
        if length > LONGEST:
            raise _TooLong(number, index, length)


def _text(value: str) -> str:
    if len(value) > LONGEST:
        raise _TooLong(length=len(value))  # never cut: that would lose the end of it
    if value.isprintable():  # the common case, without the general path's calls
        if value[:1] == "'":
            value = xlsx_cell(value)
        if "&" in value or "<" in value or ">" in value or '"' in value:
            return escape(value, _ENTITIES)
        return value
    return escape(xlsx_cell(for_export(value)), _ENTITIES)


def _row(number: int, row: Sequence[Any], letters: list[str]) -> str:
    """One row's XML: every cell that holds a value, with its reference (empty cells are left out)."""
    n = str(number)
    parts = [f'<row r="{n}">']
    for index, value in enumerate(row):
        if type(value) is str:  # most cells: text, written here
            if not value:
                continue
            if (value.isprintable() and value[0] != "'" and "&" not in value and "<" not in value
                    and ">" not in value and len(value) <= LONGEST):
                text = value  # nothing to escape: the common case
            else:
                text = _text(value)
            parts.append(f'<c r="{letters[index]}{n}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>')
        elif value is not None:
            parts.append(_cell(letters[index] + n, value))
    parts.append("</row>")
    return "".join(parts)


def _cell(ref: str, value: Any, style: int = PLAIN) -> str:
    s = f' s="{style}"' if style else ""
    if type(value) is str:
        return f'<c r="{ref}" t="inlineStr"{s}><is><t xml:space="preserve">{_text(value)}</t></is></c>'
    if type(value) is Styled:
        return _cell(ref, value.value, value.style) if value.value not in (None, "") else f'<c r="{ref}"{s}/>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"{s}><v>{int(value)}</v></c>'
    if isinstance(value, int | float) and math.isfinite(value):
        return f'<c r="{ref}"{s}><v>{value!r}</v></c>'
    if isinstance(value, Decimal) and value.is_finite():
        return f'<c r="{ref}"{s}><v>{value}</v></c>'
    if isinstance(value, dt.datetime):
        naive = value if value.tzinfo is None else value.astimezone(dt.UTC).replace(tzinfo=None)
        delta = naive - _EPOCH
        serial = delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400
        return f'<c r="{ref}" s="{DATETIME}"><v>{serial!r}</v></c>'
    if isinstance(value, dt.date):
        return f'<c r="{ref}" s="{DATE}"><v>{(value - _EPOCH.date()).days}</v></c>'
    if isinstance(value, dt.time):  # a fraction of a day; Excel has no time zones
        seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
        return f'<c r="{ref}" s="{TIME}"><v>{seconds / 86400!r}</v></c>'
    return _cell(ref, str(value), style)


__all__ = ["BOLD", "HEAD", "PAGE", "PAGES", "PLAIN", "TIME", "TITLE", "PageSetup", "PrintSheet", "Styled", "write_xlsx"]
