"""Streamed scans of sheet XML that find where data really lies, before any parser allocates it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

from . import errors
from .errors import FileProblem
from .limits import MAX_SHEET_CELLS, MAX_SHEET_COLUMNS, MAX_SHEET_ROWS, MAX_TAG_CARRY_BYTES, SCAN_CHUNK_BYTES

HUGE = 10**12
"""Stands in for any number too long to be a real row or column."""
DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)

_XLSX_TAG = re.compile(rb"<(/?)(?:[A-Za-z_][\w.\-]*:)?(row|c)(?=[\s/>])([^>]*)>")
_REF = re.compile(rb"""(?:^|\s)r\s*=\s*["']([A-Za-z]{0,8})([0-9]{0,13})["']""")
_FAST_ANY = re.compile(rb'<c r="[A-Z]{1,4}[0-9]{1,13}"')
_FAST_NOT_REF = re.compile(rb'<c r="(?![A-Z]{1,4}[0-9]{1,13}")')
_FAST_ANY_REF = re.compile(rb'<c r="([A-Z]{1,4})([0-9]{1,13})"')
_FAST_VALUE_COL = re.compile(rb'<c r="([A-Z]{1,4})[0-9]{1,13}"[^>]*(?<!/)>')
_FAST_VALUE_ROW = re.compile(rb'<c r="[A-Z]{1,4}([0-9]{1,13})"[^>]*(?<!/)>')
_ODS_TAG = re.compile(
    rb"<(/?)(table:table-row|table:table-cell|table:covered-table-cell|table:table"
    rb"|style:style|style:table-properties)(?=[\s/>])([^>]*)>"
)
_ATTR_CACHE: dict[bytes, re.Pattern[bytes]] = {}
# A cell holding a formula and no saved result: no <v>, or an empty one where the result is not text (a
# formula whose text result is "" is saved as t="str" with an empty <v>). Scripts write such cells; a
# spreadsheet program saves every result. The parser reads them as empty.
_UNSAVED_FORMULA = re.compile(
    rb"<(?:[A-Za-z_][\w.\-]*:)?c(\s[^>]*)?(?<!/)>\s*<(?:[A-Za-z_][\w.\-]*:)?f(?:\s[^>]*)?(?:/>|>[^<]*"
    rb"</(?:[A-Za-z_][\w.\-]*:)?f>)\s*(<(?:[A-Za-z_][\w.\-]*:)?v\s*/>|<(?:[A-Za-z_][\w.\-]*:)?v>\s*"
    rb"</(?:[A-Za-z_][\w.\-]*:)?v>)?\s*</(?:[A-Za-z_][\w.\-]*:)?c>"
)
_TEXT_TYPE = re.compile(rb"""(?:^|\s)t\s*=\s*["']str["']""")


@dataclass(slots=True)
class SheetStats:
    """Bounding box (1-based) of the cells that hold values."""

    name: str = ""
    min_row: int = HUGE
    max_row: int = 0
    min_col: int = HUGE
    max_col: int = 0
    style: str = ""
    unsaved_formulas: int = 0
    """Cells holding a formula whose result was never saved (read as empty)."""
    first_unsaved: str = ""
    """The reference of the first of them ("B3"), when it has one."""

    @property
    def has_data(self) -> bool:
        return self.max_row > 0

    def add(self, row: int, first_col: int, last_col: int, last_row: int | None = None) -> None:
        self.min_row = min(self.min_row, row)
        self.max_row = max(self.max_row, row if last_row is None else last_row)
        self.min_col = min(self.min_col, first_col)
        self.max_col = max(self.max_col, last_col)

    def problem(self) -> str | None:
        """Why the sheet must not be handed to the parser, or None."""
        if not self.has_data:
            return None
        if self.max_col > MAX_SHEET_COLUMNS:
            return errors.too_wide(self.max_col)
        if self.max_row > MAX_SHEET_ROWS:
            return errors.too_tall(self.max_row)
        rows, cols = self.max_row - self.min_row + 1, self.max_col - self.min_col + 1
        if rows * cols > MAX_SHEET_CELLS:
            return errors.too_many_cells(rows, cols)
        return None


def column_number(letters: bytes) -> int:
    """'A' -> 1, 'XFD' -> 16384; absurdly long references map to HUGE."""
    if len(letters) > 4:
        return HUGE
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _number(raw: bytes | None, default: int) -> int:
    if not raw:
        return default
    return int(raw) if len(raw) <= 12 and raw.isdigit() else HUGE


def attribute(attrs: bytes, name: bytes) -> bytes | None:
    pattern = _ATTR_CACHE.get(name)
    if pattern is None:
        pattern = re.compile(rb"(?:^|\s)" + re.escape(name) + rb"""\s*=\s*(?:"([^"]*)"|'([^']*)')""")
        _ATTR_CACHE[name] = pattern
    m = pattern.search(attrs)
    if m is None:
        return None
    return m.group(1) if m.group(1) is not None else m.group(2)


def tag_chunks(stream: IO[bytes], damaged: str) -> Iterator[bytes]:
    """Decompressed XML in chunks that never split a tag; refuses DOCTYPE/ENTITY anywhere."""
    carry = b""
    while True:
        chunk = stream.read(SCAN_CHUNK_BYTES)
        buf = carry + chunk
        if not chunk:
            if buf:
                yield buf
            return
        if DECLARATION.search(buf):
            raise FileProblem(errors.XML_FEATURES)
        lt = buf.rfind(b"<")
        if lt >= 0 and buf.find(b">", lt) < 0:
            buf, carry = buf[:lt], buf[lt:]
            if len(carry) > MAX_TAG_CARRY_BYTES:
                raise FileProblem(damaged)
        else:
            carry = b""
        yield buf


@dataclass(slots=True)
class _XlsxState:
    stats: SheetStats = field(default_factory=SheetStats)
    row: int = 0
    col: int = 0


def scan_xlsx_sheet(stream: IO[bytes], damaged: str) -> SheetStats:
    """Where the value cells of one worksheet part lie (cells without a value are ignored)."""
    st = _XlsxState()
    for buf in tag_chunks(stream, damaged):
        if not _scan_fast(st, buf):
            _scan_slow(st, buf)
        if b"f>" in buf or b"f/>" in buf or b"<f " in buf:
            _count_unsaved_formulas(st.stats, buf)
    return st.stats


def _count_unsaved_formulas(stats: SheetStats, buf: bytes) -> None:
    """Count the cells of ``buf`` that hold a formula without a saved result (see _UNSAVED_FORMULA)."""
    for match in _UNSAVED_FORMULA.finditer(buf):
        attrs, value = match.group(1) or b"", match.group(2)
        if value is not None and _TEXT_TYPE.search(attrs):
            continue  # a text result that is empty
        stats.unsaved_formulas += 1
        if not stats.first_unsaved:
            ref = _REF.search(attrs)
            stats.first_unsaved = (ref.group(1) + ref.group(2)).decode("ascii") if ref else ""


def _scan_fast(st: _XlsxState, buf: bytes) -> bool:
    """Regex-at-C-speed path for the usual layout (every cell written as <c r="A1" ...>)."""
    cells = buf.count(b"<c ") + buf.count(b"<c>") + buf.count(b"<c/>")
    # Every cell is <c r="A1" ...> when there are as many `<c r="` as cells and none of them is followed by
    # anything but a reference (as counting the matches of _FAST_ANY would tell, without making a list).
    if b":c" in buf or buf.count(b'<c r="') != cells or _FAST_NOT_REF.search(buf):  # prefixed tags go slow
        return False
    if cells == 0:
        _scan_slow(st, buf)  # only row tags, if anything: keeps the row counter right
        return True
    letters = set(_FAST_VALUE_COL.findall(buf))
    if letters:
        cols = [column_number(x) for x in letters]
        rows = [_number(x, HUGE) for x in set(_FAST_VALUE_ROW.findall(buf))]
        st.stats.add(min(rows), min(cols), max(cols), max(rows))
    last = _FAST_ANY_REF.findall(buf, buf.rfind(b"<c r="))
    if last:
        st.col, st.row = column_number(last[0][0]), _number(last[0][1], st.row)
    return True


def _scan_slow(st: _XlsxState, buf: bytes) -> None:
    """Tag-by-tag path: handles namespace prefixes, any attribute order, and cells without r."""
    for closing, name, attrs in _XLSX_TAG.findall(buf):
        if closing:
            continue
        ref = _REF.search(attrs)
        if name == b"row":
            st.row = _number(ref.group(2), st.row + 1) if ref else st.row + 1
            st.col = 0
            continue
        if ref is not None and ref.group(1):
            st.col = column_number(ref.group(1))
            st.row = _number(ref.group(2), st.row)
        else:
            st.col += 1
        if not attrs.endswith(b"/"):
            st.stats.add(st.row, st.col, st.col)


@dataclass(slots=True)
class _OdsState:
    sheets: list[SheetStats] = field(default_factory=list)
    hidden_styles: set[str] = field(default_factory=set)
    style: str | None = None
    row: int = 0
    row_start: int = 0
    row_repeat: int = 1
    col: int = 0
    first_col: int = HUGE
    last_col: int = 0


def scan_ods_content(stream: IO[bytes], damaged: str) -> tuple[list[SheetStats], set[str]]:
    """Stats for every table in content.xml, and the table styles that hide a sheet."""
    st = _OdsState()
    for buf in tag_chunks(stream, damaged):
        for closing, name, attrs in _ODS_TAG.findall(buf):
            _ods_tag(st, bool(closing), name, attrs)
    return st.sheets, st.hidden_styles


def _ods_tag(st: _OdsState, closing: bool, name: bytes, attrs: bytes) -> None:
    selfclosing = attrs.endswith(b"/")
    if name in (b"table:table-cell", b"table:covered-table-cell"):
        if not closing:
            first = st.col + 1
            st.col += _number(attribute(attrs, b"table:number-columns-repeated"), 1)
            if not selfclosing or attribute(attrs, b"office:value-type") is not None:
                st.first_col, st.last_col = min(st.first_col, first), max(st.last_col, st.col)
    elif name == b"table:table-row":
        if not closing:
            st.row_start, st.col = st.row + 1, 0
            st.row_repeat = _number(attribute(attrs, b"table:number-rows-repeated"), 1)
            st.first_col, st.last_col = HUGE, 0
        if closing or selfclosing:
            _ods_end_row(st)
    elif name == b"table:table":
        if not closing:
            sheet_name = (attribute(attrs, b"table:name") or b"").decode("utf-8", "replace")
            style = (attribute(attrs, b"table:style-name") or b"").decode("utf-8", "replace")
            st.sheets.append(SheetStats(name=_unescape(sheet_name), style=style))
            st.row = 0
    elif name == b"style:style" and not closing:
        family = attribute(attrs, b"style:family")
        style_name = attribute(attrs, b"style:name")
        st.style = style_name.decode("utf-8", "replace") if family == b"table" and style_name else None
    elif name == b"style:table-properties" and st.style and attribute(attrs, b"table:display") == b"false":
        st.hidden_styles.add(st.style)


def _ods_end_row(st: _OdsState) -> None:
    last_row = st.row_start + st.row_repeat - 1
    if st.last_col and st.sheets:
        st.sheets[-1].add(st.row_start, st.first_col, st.last_col, last_row)
    st.row = last_row
    st.first_col, st.last_col = HUGE, 0


def _unescape(text: str) -> str:
    """XML attribute unescaping for the predefined entities and character references."""
    if "&" not in text:
        return text
    import html

    return html.unescape(text)
