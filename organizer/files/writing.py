"""Writing sheets to .xlsx or .csv: typed cells, text never a formula, and atomically (no half-written file)."""

from __future__ import annotations

import csv
import datetime as dt
import errno
import io
import itertools
import math
import os
import re
import secrets
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError

from organizer.errors import UserError
from organizer.files.reading.cells import cell_text
from organizer.paths import create_private_file

CellValue = str | int | float | Decimal | bool | dt.datetime | dt.date | dt.time | None
"""What a cell may hold; see SheetSpec for how each type is written."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
WIDTH_SAMPLE_ROWS = 200
"""Column widths are fitted to the header and this many first rows (the rest stream)."""
_MIN_WIDTH, _MAX_WIDTH = 8, 60
_DATE_FORMAT, _DATETIME_FORMAT, _TIME_FORMAT = "yyyy-mm-dd", "yyyy-mm-dd hh:mm:ss", "hh:mm:ss"
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_SHEET_NAME_MAX = 31


class WriteProblem(UserError):
    """A file could not be written (missing or read-only folder, full disk, ...): one plain line."""


@dataclass(frozen=True, slots=True)
class SheetSpec:
    """One sheet to write: its name, header row, and rows of typed values.

    A ``str`` is always written as text: ZIP codes, phone numbers and ids keep their leading zeros,
    and text starting with "=" stays text, never a formula. ints, floats and Decimals are numbers,
    bools booleans, dates and datetimes real Excel dates (an aware datetime in UTC: Excel has no
    time zones), None an empty cell. In a CSV every value is text, risky ones behind an apostrophe.
    """

    name: str
    headers: Sequence[str]
    rows: Iterable[Sequence[CellValue]]


def csv_safe(value: str) -> str:
    """A CSV cell that Excel will not run as a formula: risky values get a leading apostrophe."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def write_table(path: Path, headers: Sequence[str], rows: Iterable[Sequence[CellValue]], sheet: str = "Rows") -> None:
    """Write one sheet to .xlsx or .csv (by the file's suffix); see ``write_workbook``."""
    write_workbook(path, [SheetSpec(sheet, headers, rows)])


def write_workbook(path: Path, sheets: Sequence[SheetSpec]) -> None:
    """Write the sheets to ``path``: .csv holds exactly one sheet, any other suffix is written as .xlsx.

    The file appears whole or not at all: it is written to a temporary file in the same folder,
    then renamed over ``path``; on any failure the temporary file is removed and an earlier file
    at ``path`` is left as it was. Raises WriteProblem for what the user or the computer can fix.
    """
    path = Path(path)
    is_csv = path.suffix.lower() == ".csv"
    if is_csv and len(sheets) != 1:
        raise WriteProblem(f"A .csv file holds one sheet, and there are {len(sheets)}: export to .xlsx instead.")
    if path.is_dir():
        raise WriteProblem(f"{path} is a folder: choose a file name.")
    with _atomic_output(path) as out:
        if is_csv:
            _write_csv(out, sheets[0])
        else:
            _write_xlsx(out, sheets)


@contextmanager
def _atomic_output(path: Path) -> Iterator[IO[bytes]]:
    """A binary file that becomes ``path`` when the block ends without error (removed otherwise)."""
    folder = path.parent
    try:
        temp, fd = _create_temp(path)
    except OSError as exc:
        raise _problem(path, exc) from exc
    try:
        with os.fdopen(fd, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException as exc:
        with suppress(OSError):
            temp.unlink()
        if isinstance(exc, OSError):
            raise _problem(path, exc) from exc
        raise
    with suppress(OSError):  # make the rename itself durable where the platform allows it
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _create_temp(path: Path) -> tuple[Path, int]:
    """A new hidden file beside ``path``, readable by the user only (it holds names and phones)."""
    while True:
        temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            return temp, create_private_file(temp)
        except FileExistsError:
            continue


def _problem(path: Path, exc: OSError) -> WriteProblem:
    folder = path.parent
    code = exc.errno
    if code == errno.ENOENT:
        message = f"The folder {folder} does not exist: choose another place, or create it first."
    elif code == errno.ENOTDIR:
        message = f"{folder} is not a folder: choose another place."
    elif code in (errno.EACCES, errno.EPERM):
        message = (f"{path} could not be written (permission denied; is the folder read-only, or the file "
                   "open in another program?): choose another place.")
    elif code == errno.EROFS:
        message = f"The folder {folder} is on a read-only disk: choose another place."
    elif code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        message = f"The disk is full, so {path.name} was not written: free some space or choose another place."
    else:
        message = f"{path} could not be written ({exc.strerror or 'the computer refused'}): choose another place."
    return WriteProblem(message)


def _write_csv(out: IO[bytes], sheet: SheetSpec) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow([csv_safe(h) for h in sheet.headers])
    writer.writerows([_csv_text(v) for v in row] for row in sheet.rows)
    text.flush()
    text.detach()  # the caller closes ``out``


def _csv_text(value: CellValue) -> str:
    if isinstance(value, str):
        return csv_safe(value)
    if isinstance(value, dt.datetime):
        return cell_text(_naive(value))
    return cell_text(value)


def _write_xlsx(out: IO[bytes], sheets: Sequence[SheetSpec]) -> None:
    book = Workbook(write_only=True)
    try:
        for name, sheet in zip(sheet_names([s.name for s in sheets]), sheets, strict=True):
            _write_sheet(book.create_sheet(name), sheet)
        book.save(out)
    except BaseException:
        _discard_scratch(book)
        raise


def _discard_scratch(book: Any) -> None:
    """After a failure, remove openpyxl's per-sheet scratch files (they hold the rows written so far).

    openpyxl would remove them only when the process exits; the app may run for days.
    """
    for ws in book.worksheets:
        writer = getattr(ws, "_writer", None)
        if writer is None:
            continue
        rows = getattr(ws, "_rows", None)
        for step in (getattr(rows, "close", None), writer.close, writer.cleanup):
            with suppress(Exception):
                if step is not None:
                    step()


def _write_sheet(ws: Any, sheet: SheetSpec) -> None:
    rows = iter(sheet.rows)
    first = list(itertools.islice(rows, WIDTH_SAMPLE_ROWS))
    for index, width in enumerate(column_widths(sheet.headers, first), start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header = [_xlsx_cell(ws, h) for h in sheet.headers]
    for cell in header:
        cell.font = bold
    ws.append(header)
    count, width = 1, len(sheet.headers)
    for row in itertools.chain(first, rows):
        ws.append([_xlsx_cell(ws, v) for v in row])
        count, width = count + 1, max(width, len(row))
    if width:
        ws.auto_filter.ref = f"A1:{get_column_letter(width)}{count}"


def _xlsx_cell(ws: Any, value: CellValue) -> Any:
    if isinstance(value, str):
        try:
            cell = WriteOnlyCell(ws, value=value)
        except IllegalCharacterError:  # control characters an xlsx cannot hold are dropped
            cell = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"  # a string, even if it starts with "=": never a formula
        return cell
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        return value if math.isfinite(value) else _xlsx_cell(ws, str(value))
    if isinstance(value, dt.datetime):
        cell = WriteOnlyCell(ws, value=_naive(value))
        cell.number_format = _DATETIME_FORMAT
        return cell
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = _DATE_FORMAT
        return cell
    if isinstance(value, dt.time):
        cell = WriteOnlyCell(ws, value=value.replace(tzinfo=None))
        cell.number_format = _TIME_FORMAT
        return cell
    return _xlsx_cell(ws, str(value))


def _naive(value: dt.datetime) -> dt.datetime:
    """Excel has no time zones: an aware datetime is written as UTC."""
    return value if value.tzinfo is None else value.astimezone(dt.UTC).replace(tzinfo=None)


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
