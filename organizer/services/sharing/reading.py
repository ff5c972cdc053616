"""Reading a share workbook's sheets into typed records, with what is missing or wrong reported."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from organizer.errors import UserError
from organizer.services.import_rows import RowIssue
from organizer.services.sharing.cells import BadCell, parser
from organizer.services.sharing.options import ABOUT, FORMAT_NAME, FORMAT_VERSION
from organizer.services.sharing.schema import SharedTable

EXCEL_CELL_LIMIT = 32_767  # characters a spreadsheet cell holds; a share export writes at most one fewer
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


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
        for number, row in enumerate(rows, start=1):
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
        version = int(float(values.get("version", "")))
    except ValueError:
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


def read_sheet(table: SharedTable, rows: list[list[str]]) -> SheetRecords:
    """Typed records of a sheet; a row with a bad cell or a bad uuid is rejected (row numbers from 1)."""
    out = SheetRecords(table)
    if not rows:
        return out
    header = [h.strip() for h in rows[0]]
    where = {h: i for i, h in enumerate(header) if h}
    columns = [c for c in table.columns if c.header in where]
    out.missing_columns = [c.header for c in table.columns if c.header not in where]
    out.unknown_columns = [h for h in where if table.column(h) is None]
    if not table.is_link and "uuid" not in where:
        return out
    seen: set[str] = set()
    plan = [(where[c.header], c.name, c.header, _reader(c)) for c in columns]
    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        out.rows += 1
        record, issue = _record(plan, cells, number)
        if issue is None and not table.is_link:
            if record["uuid"] in seen:
                issue = RowIssue(number, "uuid", record["uuid"], "the same uuid is on an earlier row of this sheet")
            seen.add(record["uuid"])
        if issue is not None:
            out.rejected.append((issue, tuple(cells)))
        else:
            out.records.append((number, record))
    return out


def _reader(column: Any) -> Callable[[str], Any]:
    """How one column's cell becomes its value; raises BadCell with the reason."""
    if column.name == "uuid":
        def uuid_cell(text: str) -> str:
            value = text.strip().lower()
            if not UUID.match(value):
                raise BadCell("not a uuid: every record needs its own")
            return value
        return uuid_cell
    if column.refers_to:
        voters, required = column.refers_to == "voters", column.required

        def reference(text: str) -> str | None:
            value = text.strip() if voters else text.strip().lower()
            if value and not voters and not UUID.match(value):
                raise BadCell("not a uuid")
            if not value and required:
                raise BadCell(f"{column.header} is needed and empty")
            return value or None
        return reference
    parse: Callable[[str], Any] = parser(column.column)
    return parse


def _record(plan: list[tuple[int, str, str, Callable[[str], Any]]], cells: list[str],
            number: int) -> tuple[dict[str, Any], RowIssue | None]:
    record: dict[str, Any] = {}
    size = len(cells)
    for index, name, header, read in plan:
        text = cells[index] if index < size else ""
        try:
            record[name] = read(text)
        except BadCell as exc:
            return record, RowIssue(number, header, text[:80], str(exc))
    return record, None
