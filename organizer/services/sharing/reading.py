"""Reading a share workbook's sheets into typed records, with what is missing or wrong reported."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, Numeric, String

from organizer.errors import UserError
from organizer.services.import_rows import RowIssue
from organizer.services.sharing.cells import BadCell, parser, type_of
from organizer.services.sharing.options import ABOUT, FORMAT_NAME, FORMAT_VERSION
from organizer.services.sharing.schema import SharedTable

TYPED = (JSON, Boolean, DateTime, Date, Integer, Float, Numeric)  # columns not read as plain text
REMEMBERED = 50_000  # distinct texts a column's parser remembers
EXCEL_CELL_LIMIT = 32_767  # characters a spreadsheet cell holds; a share export writes at most one fewer
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_ONE = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
UUIDS = re.compile(rf"{_ONE}(?:\n{_ONE})*")  # cells of 36 characters joined by newlines
# A control character (tabs and line breaks aside), or one as JSON escapes it: see sharing/text_checks.py.
SUSPECT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\\u00(?:0[0-8bcef]|1[0-9a-f]|7f)")


class NotAShareFile(UserError):
    """A workbook that is not a share workbook this version can read."""


@dataclass(frozen=True, slots=True)
class About:
    """The About sheet: where the workbook came from."""

    version: int
    chapter: str
    chapter_uuid: str
    values: dict[str, str]


def refuse_huge_cells(sheets: dict[str, list[list[str]]], file_name: str) -> None:
    """A cell longer than any spreadsheet cell can be did not come from a spreadsheet program or from Chapter
    Organizer: the whole file is refused."""
    for name, rows in sheets.items():
        check_cells(name, rows, 1, file_name)


def check_cells(name: str, rows: list[list[str]], first_number: int, file_name: str) -> None:
    """`refuse_huge_cells` for a batch of one sheet's rows, the first of them row ``first_number``."""
    if not rows or max(map(len, map("".join, rows)), default=0) < EXCEL_CELL_LIMIT:
        return  # no row as long as one cell may be: the cells are checked no further
    for number, row in enumerate(rows, start=first_number):
        if row and max(map(len, row)) >= EXCEL_CELL_LIMIT:  # the reader cuts longer cells to the limit
            raise NotAShareFile(
                f"Row {number} of the sheet “{name[:40]}” in “{file_name}” holds a cell of {EXCEL_CELL_LIMIT:,} "
                "characters or more, more than a share file's cells hold: the file was not written by Chapter "
                "Organizer. Nothing was imported.")


def read_about(sheets: dict[str, list[list[str]]], file_name: str, own_uuid: str) -> About:
    """The About sheet, checked: the format, a version this app reads, and another chapter."""
    rows = sheets.get(ABOUT)
    values = {r[0].strip(): (r[1] if len(r) > 1 else "") for r in rows or [] if r and r[0].strip()}
    if rows is None or values.get("format") != FORMAT_NAME:
        raise NotAShareFile(f"“{file_name}” is not a Chapter Organizer share workbook (it has no About sheet "
                            "naming the format): import it as people instead, or ask for a share file.")
    try:
        number = float(values.get("version", ""))
        version = int(number)
        if version != number or version < 1:
            raise ValueError(number)
    except (ValueError, OverflowError):  # inf, nan, 0, 1.5
        raise NotAShareFile(f"“{file_name}” does not say which version of the share format it is: "
                            "ask the other chapter to export it again.") from None
    if version > FORMAT_VERSION:
        raise NotAShareFile(f"“{file_name}” was written by a newer version of Chapter Organizer (share format "
                            f"{version}; this one reads up to {FORMAT_VERSION}): update the app, then import it.")
    chapter_uuid = values.get("chapter_uuid", "").strip().lower()
    if chapter_uuid and chapter_uuid == own_uuid.lower():
        raise NotAShareFile(f"“{file_name}” was exported from this chapter itself: there is nothing to import. "
                            "Share files bring another chapter's records.")
    return About(version, values.get("chapter", "").strip()[:200], chapter_uuid[:36], values)


@dataclass(slots=True)
class SheetRecords:
    """The records of one sheet: (row number, values by column name) and what was wrong."""

    table: SharedTable
    records: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    rejected: list[tuple[RowIssue, tuple[str, ...]]] = field(default_factory=list)
    rows: int = 0
    suspect_text: bool = False  # a text cell may hold a control character, or be too long: check them


class SheetReader:
    """One sheet's header, read once; its rows then become typed records a chunk at a time."""

    def __init__(self, table: SharedTable, header_row: list[str]) -> None:
        header = [h.strip() for h in header_row]
        where = {h: i for i, h in enumerate(header) if h}
        self.table = table
        self.missing_columns = [c.header for c in table.columns if c.header not in where]
        self.unknown_columns = [h for h in where if table.column(h) is None]
        self.usable = table.is_link or "uuid" in where
        self.plan: list[Step] = []
        for c in table.columns:
            if c.header in where:
                read = _reader(c)
                known: dict[str, Any] | bool | None = None if _plain(c) else False
                if c.name == "uuid" or (c.refers_to and c.refers_to != "voters"):
                    known = True  # uuids: a column of them as an export writes them is taken whole
                coded = _codes(c.column) is not None  # a status or kind: checked, and remembered as dates are
                if coded or (isinstance(type_of(c.column), TYPED) and not isinstance(type_of(c.column), JSON)):
                    values: dict[str, Any] = {}
                    known, read = values, _remembering(read, values)
                self.plan.append((where[c.header], c.name, c.header, read, known))
        self.seen: set[str] = set()
        self.width = max((step[0] for step in self.plan), default=-1) + 1  # cells a row needs for the plan
        self.texts = [(where[c.header], getattr(c.column.type, "length", None) or 0) for c in table.columns
                      if c.header in where and isinstance(type_of(c.column), String | JSON)]

    def read(self, rows: list[list[str]], first_number: int) -> SheetRecords:
        """Typed records of these rows (the first is row ``first_number``); a row with a bad cell or a uuid
        already seen in this sheet is rejected.

        Read a column at a time (a column of plain text, most of them, is taken whole as it stands), each
        row's first bad cell in the order of the table's columns being the one reported."""
        out = SheetRecords(self.table, missing_columns=self.missing_columns, unknown_columns=self.unknown_columns)
        if not self.usable:
            return out
        kept = [(number, cells) for number, cells in enumerate(rows, start=first_number) if "".join(cells).strip()]
        out.rows = len(kept)
        if not kept:
            return out
        width = self.width
        padded = [cells if len(cells) >= width else cells + [""] * (width - len(cells)) for _n, cells in kept]
        columns = list(zip(*padded, strict=False)) if width else []  # the cells past the plan's are left
        issues: dict[int, RowIssue] = {}
        out.suspect_text = any(_suspect(columns[index], limit) for index, limit in self.texts)
        values = [_column(columns[index], header, read, known, kept, issues)
                  for index, _name, header, read, known in self.plan]
        names = [step[1] for step in self.plan]
        if not issues and self._all_new(names, values):  # most chunks: every row a record, built at C speed
            rows_values = zip(*values, strict=True)
            out.records = list(zip([n for n, _c in kept], map(dict, map(zip, repeat(names), rows_values)), strict=True))
            return out
        link, seen = self.table.is_link, self.seen
        for position, row_values in enumerate(zip(*values, strict=True) if values else [()] * len(kept)):
            number, cells = kept[position]
            issue = issues.get(position)
            if issue is None:
                record = dict(zip(names, row_values, strict=True))
                if not link:
                    uuid = record["uuid"]
                    if uuid in seen:
                        issue = RowIssue(number, "uuid", uuid, "the same uuid is on an earlier row of this sheet")
                    seen.add(uuid)
                if issue is None:
                    out.records.append((number, record))
                    continue
            out.rejected.append((issue, tuple(cells)))
        return out


    def _all_new(self, names: list[str], values: list[Any]) -> bool:
        """Whether none of a chunk's uuids is on an earlier row of the sheet (then they are noted as seen); always
        for a link table. False when the rows need reading one by one (the chunk is left as it was)."""
        if self.table.is_link:
            return bool(values)
        if "uuid" not in names:
            return False
        uuids = values[names.index("uuid")]
        if self.seen.isdisjoint(uuids) and len(set(uuids)) == len(uuids):
            self.seen.update(uuids)
            return True
        return False


def _column(cells: tuple[str, ...], header: str, read: Callable[[str], Any], known: dict[str, Any] | bool | None,
            kept: list[tuple[int, list[str]]], issues: dict[int, RowIssue]) -> list[Any] | tuple[str, ...]:
    """One column's values, row by row; a cell that is not what the column holds is noted in ``issues`` (by
    its row's position) unless an earlier column of that row was, and stands as None."""
    if known is None:  # plain text: as it stands, unless empty or starting with the escaping quote
        if "" not in cells and not (cells[0][:1] == "'" or "\x00'" in "\x00".join(cells)):
            return cells
        return [text if text and text[0] != "'" else read(text) for text in cells]
    if known is True and _all_uuids(cells):
        return cells
    try:
        if isinstance(known, bool):
            return list(map(read, cells))
        # each distinct text once (flags, dates and numbers repeat down a column), then every cell at C speed
        values = {text: known[text] if text in known else read(text) for text in set(cells)}
        return list(map(values.__getitem__, cells))
    except BadCell:
        pass
    out: list[Any] = []
    for position, text in enumerate(cells):
        try:
            out.append(read(text))
        except BadCell as exc:
            out.append(None)
            if position not in issues:
                issues[position] = RowIssue(kept[position][0], header, text[:80], str(exc))
    return out


def _suspect(cells: tuple[str, ...], limit: int) -> bool:
    """Whether a column of text (or JSON) cells may hold a control character, or a value past ``limit``: one
    look at the whole column, at C speed (most are clean)."""
    return bool(SUSPECT_TEXT.search("\n".join(cells))) or (limit > 0 and max(map(len, cells)) > limit)


def _all_uuids(cells: tuple[str, ...]) -> bool:
    """Whether every cell is a uuid as a share export writes it (what the uuid and reference readers give back
    as it stands), checked in one match over the whole column."""
    text = "\n".join(cells)
    return len(text) == 37 * len(cells) - 1 and UUIDS.fullmatch(text) is not None


def chunked(batches: Iterable[tuple[int, list[list[str]]]],
            size: int) -> tuple[list[str] | None, Iterator[tuple[int, list[list[str]]]]]:
    """A sheet given as (number of its first row, rows) batches: its header (None for an empty sheet) and its
    other rows in chunks of ``size``, each with the number of its first row."""
    it = iter(batches)
    header: list[str] | None = None
    rest: list[list[str]] = []
    for _number, rows in it:
        if rows:
            header, rest = rows[0], rows[1:]
            break

    def chunks() -> Iterator[tuple[int, list[list[str]]]]:
        buffer, number = rest, 2
        for _first, rows in it:
            buffer = buffer + rows if buffer else rows
            while len(buffer) >= size:
                yield number, buffer[:size]
                buffer, number = buffer[size:], number + size
        if buffer:
            yield number, buffer
    return header, chunks()


def read_sheet(table: SharedTable, rows: list[list[str]]) -> SheetRecords:
    """Typed records of a whole sheet; a row with a bad cell or a bad uuid is rejected (row numbers from 1)."""
    if not rows:
        return SheetRecords(table)
    return SheetReader(table, rows[0]).read(rows[1:], 2)


def _reader(column: Any) -> Callable[[str], Any]:
    """How one column's cell becomes its value; raises BadCell with the reason."""
    if column.name == "uuid":
        def uuid_cell(text: str) -> str:
            if len(text) == 36 and UUID.match(text):  # as a share export writes it
                return text
            value = text.strip().lower()
            if not UUID.match(value):
                raise BadCell("not a uuid: every record needs its own")
            return value
        return uuid_cell
    if column.refers_to:
        voters, required = column.refers_to == "voters", column.required

        def reference(text: str) -> str | None:
            if len(text) == 36 and not voters and UUID.match(text):  # as a share export writes it
                return text
            value = text.strip() if voters else text.strip().lower()
            if value and not voters and not UUID.match(value):
                raise BadCell("not a uuid")
            if not value and required:
                raise BadCell(f"{column.header} is needed and empty")
            return value or None
        return reference
    parse: Callable[[str], Any] = parser(column.column)
    kind = type_of(column.column)
    codes = _codes(column.column)
    if codes is not None:
        return _coded(parse, codes, column.column)
    if not isinstance(kind, JSON):
        return parse
    return _remembered(parse)


def _codes(column: Any) -> list[str] | None:
    """The codes a status or kind column holds (its CHECK constraint's), or None for any other column."""
    for constraint in getattr(column.table, "constraints", ()):
        info = getattr(constraint, "info", {})
        if info.get("column") == column.name and info.get("code") is not None:
            return [member.value for member in info["code"]]
    return None


def _coded(parse: Callable[[str], Any], codes: list[str], column: Any) -> Callable[[str], Any]:
    """A code column's reader: one of its codes, its default for an empty cell, anything else refused."""
    allowed = set(codes)
    default = getattr(column.default, "arg", None)

    def code_cell(text: str) -> Any:
        value = parse(text)
        if value in allowed or (value is None and column.nullable):
            return value
        if value == "" and default in allowed:
            return default
        raise BadCell(f"{str(value)[:40]!r} is not one of: {', '.join(codes)}")
    return code_cell


def _plain(column: Any) -> bool:
    """Whether a non-empty cell of this column is its value as it stands (unless it starts with the
    escaping quote): text, not a reference, a uuid or a code."""
    kind = type_of(column.column)
    return (not column.refers_to and column.name != "uuid" and not isinstance(kind, TYPED)
            and _codes(column.column) is None)


def _remembered(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    """A JSON column's parser that parses each distinct text once ("[]" and "{}" fill most rows); a list or
    mapping is handed out as a fresh copy each time, since a caller may change it."""
    remembered: dict[str, tuple[Any, bool]] = {}

    def cell(text: str) -> Any:
        found = remembered.get(text)
        if found is None:
            value = parse(text)
            flat = not isinstance(value, list | dict) or not any(
                isinstance(v, list | dict) for v in (value.values() if isinstance(value, dict) else value))
            if len(remembered) >= REMEMBERED:
                remembered.clear()
            found = remembered[text] = (value, flat)
        value, flat = found
        if isinstance(value, list | dict):
            return type(value)(value) if flat else parse(text)
        return value
    return cell


def _remembering(read: Callable[[str], Any], known: dict[str, Any]) -> Callable[[str], Any]:
    """``read``, its values (of a type that cannot change: numbers, flags, dates, times) kept in ``known``
    by their text, which `_column` looks in first."""
    def cell(text: str) -> Any:
        value = read(text)
        if len(known) >= REMEMBERED:
            known.clear()
        known[text] = value
        return value
    return cell


# One column of a sheet: its index, name, header, how a cell is read, and None (plain text: taken as it
# stands unless it starts with the escaping quote), a dict (values already read, by their text), True (uuids:
# a column of well-formed ones taken whole) or False.
Step = tuple[int, str, str, Callable[[str], Any], "dict[str, Any] | bool | None"]
