"""Lossless conversion of workbook cell values to text."""

from __future__ import annotations

import datetime as dt
import math

_INT_TEXT_LIMIT = 1e21
"""Whole floats below this magnitude are written as integers ("9195550101", not "9195550101.0")."""


def cell_text(value: object) -> str:
    """Return the text of one cell value as a spreadsheet user would expect to see it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return float_text(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return duration_text(value)
    return str(value)


def float_text(value: float) -> str:
    """Whole numbers as integer text; anything else as the shortest text that round-trips."""
    if math.isfinite(value) and value.is_integer() and abs(value) < _INT_TEXT_LIMIT:
        return str(int(value))
    return repr(value)


def duration_text(value: dt.timedelta) -> str:
    """A duration as hours:minutes:seconds, hours unbounded ("30:05:00")."""
    total = value.total_seconds()
    sign = "-" if total < 0 else ""
    micro = round(abs(total) * 1_000_000)
    seconds, micro = divmod(micro, 1_000_000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    text = f"{sign}{hours}:{minutes:02d}:{seconds:02d}"
    return f"{text}.{micro:06d}" if micro else text


_DATETIME = dt.datetime


def row_texts(values: list[object], offset: int = 0) -> list[str]:
    """Convert one row, padding ``offset`` empty cells in front and trimming empty cells at the end."""
    # The commonest kinds of cell (text, flags, moments) inline: a function call per cell costs more.
    row = [v if v.__class__ is str else ("TRUE" if v else "FALSE") if v.__class__ is bool
           else v.isoformat(" ") if v.__class__ is _DATETIME else cell_text(v) for v in values]
    if offset:
        row[:0] = [""] * offset
    while row and row[-1] == "":
        row.pop()
    return row
