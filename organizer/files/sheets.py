"""What a written sheet is: its name, header and rows of typed values, and the shape rules every writer shares
(column widths fitted to the first rows, sheet names Excel accepts)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from organizer.files.reading.cells import cell_text

CellValue = str | int | float | Decimal | bool | dt.datetime | dt.date | dt.time | None
"""What a cell may hold; see SheetSpec for how each type is written."""

WIDTH_SAMPLE_ROWS = 200
"""Column widths are fitted to the header and this many first rows (the rest stream)."""
_MIN_WIDTH, _MAX_WIDTH = 8, 60
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_SHEET_NAME_MAX = 31


@dataclass(frozen=True, slots=True)
class SheetSpec:
    """One sheet to write: its name, header row, and rows of typed values.

    A ``str`` is always written as text: ZIP codes, phone numbers and ids keep their leading zeros,
    and text starting with "=" stays text, never a formula. ints, floats and Decimals are numbers,
    bools booleans, dates, datetimes and times of day real Excel dates and times (an aware datetime
    in UTC: Excel has no time zones), None an empty cell. In a CSV every value is text, risky ones
    behind an apostrophe.
    """

    name: str
    headers: Sequence[str]
    rows: Iterable[Sequence[CellValue]]


def column_widths(headers: Sequence[str], rows: Sequence[Sequence[CellValue]]) -> list[int]:
    """Widths (in characters) that fit the header and the sample rows, within sensible bounds."""
    widths = [len(h) + 3 for h in headers]  # room for the filter button
    for row in rows:
        if len(row) > len(widths):
            widths.extend([0] * (len(row) - len(widths)))
        for index, value in enumerate(row):
            widths[index] = max(widths[index], _display_length(value))
    return [min(max(w + 1, _MIN_WIDTH), _MAX_WIDTH) for w in widths]


def _display_length(value: CellValue) -> int:
    if value is None:
        return 0
    if isinstance(value, str):
        return max((len(line) for line in value.splitlines()), default=0)
    if isinstance(value, dt.datetime):
        return 19
    return len(cell_text(value))


def sheet_names(wanted: Sequence[str]) -> list[str]:
    """Names Excel accepts: no []:*?/\\, at most 31 characters, unique regardless of case."""
    names: list[str] = []
    taken: set[str] = set()
    for raw in wanted:
        base = _BAD_SHEET_CHARS.sub("-", raw).strip("'").strip()[:_SHEET_NAME_MAX] or "Sheet"
        name, number = base, 1
        while name.casefold() in taken:
            number += 1
            suffix = f" ({number})"
            name = base[: _SHEET_NAME_MAX - len(suffix)] + suffix
        taken.add(name.casefold())
        names.append(name)
    return names
