"""Writing sheets to .xlsx or .csv: typed cells, text never a formula, and atomically (no half-written file)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import math
import re
import tempfile
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet import _writer as sheet_writer

from organizer.domain.safe_text import csv_cell, for_export, xlsx_cell
from organizer.files.output import OutputRefused, TempFile, WriteProblem, check_output, write_problem
from organizer.files.reading.cells import cell_text
from organizer.files.scratch import scratch_dir

CellValue = str | int | float | Decimal | bool | dt.datetime | dt.date | dt.time | None
"""What a cell may hold; see SheetSpec for how each type is written."""

WIDTH_SAMPLE_ROWS = 200
"""Column widths are fitted to the header and this many first rows (the rest stream)."""
_MIN_WIDTH, _MAX_WIDTH = 8, 60
_DATE_FORMAT, _DATETIME_FORMAT, _TIME_FORMAT = "yyyy-mm-dd", "yyyy-mm-dd hh:mm:ss", "hh:mm:ss"
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_SHEET_NAME_MAX = 31


WORKBOOK_SUFFIXES = (".xlsx", ".csv")
"""The kinds of file ``write_workbook`` writes, by extension."""
__all__ = ["WORKBOOK_SUFFIXES", "CellValue", "OutputRefused", "SheetSpec", "WriteProblem", "csv_safe",
           "stage_workbook", "write_table", "write_workbook"]


def _private_scratch_file(suffix: str = "") -> str:
    """openpyxl's scratch file for a sheet's rows, in the app's private folder instead of the shared one."""
    with tempfile.NamedTemporaryFile(mode="w+", suffix=suffix, prefix="openpyxl.", dir=scratch_dir(),
                                     delete=False) as fh:
        name = fh.name
    sheet_writer.ALL_TEMP_FILES.append(name)  # as openpyxl's own does: it removes the file after saving
    return name


# openpyxl's write-only mode keeps each sheet's rows in a temporary file until the workbook is saved.
setattr(sheet_writer, "create_temporary_file", _private_scratch_file)  # noqa: B010 (a library's module)


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
    """A CSV cell that Excel will not run as a formula, without control characters.

    Risky values (and values that begin with an apostrophe) get a leading apostrophe, which the
    import takes off again (`organizer.domain.safe_text`).
    """
    return csv_cell(for_export(value))


def write_table(path: Path, headers: Sequence[str], rows: Iterable[Sequence[CellValue]], sheet: str = "Rows", *,
                force: bool = False, protect: Iterable[Path] = ()) -> None:
    """Write one sheet to .xlsx or .csv (by the file's suffix); see ``write_workbook``."""
    write_workbook(path, [SheetSpec(sheet, headers, rows)], force=force, protect=protect)


def write_workbook(path: Path, sheets: Sequence[SheetSpec], *, force: bool = False,
                   protect: Iterable[Path] = ()) -> None:
    """Write the sheets to ``path``, a .xlsx or a .csv (which holds exactly one sheet).

    The output guard comes first (``organizer.files.output.check_target``): an existing file is
    replaced only with ``force``, a database (``protect`` names the open one) never, and another
    extension is refused. The file appears whole or not at all (see ``stage_workbook``). Raises
    OutputRefused or WriteProblem, one plain line each, for what the user or the computer can fix.
    """
    stage_workbook(path, sheets, force=force, protect=protect).publish(force)


def stage_workbook(path: Path, sheets: Sequence[SheetSpec], *, force: bool = False,
                   protect: Iterable[Path] = ()) -> TempFile:
    """Write the sheets to a temporary file beside ``path``, whole and synced, not yet in place.

    ``publish(force)`` on the result puts it at ``path``; ``discard()`` drops it. A caller that must
    not fail after some other step (an import's commit) writes first and publishes after.
    """
    path = Path(path)
    check_output(path, WORKBOOK_SUFFIXES, force=force, protect=protect)
    is_csv = path.suffix.lower() == ".csv"
    if is_csv and len(sheets) != 1:
        raise WriteProblem(f"A .csv file holds one sheet, and there are {len(sheets)}: export to .xlsx instead.")
    temp = TempFile.create(path)
    try:
        if is_csv:
            _write_csv(temp.file, sheets[0])
        else:
            _write_xlsx(temp.file, sheets)
    except BaseException as exc:
        temp.discard()
        if isinstance(exc, OSError):
            raise write_problem(path, exc) from exc
        raise
    temp.finish()
    return temp


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
        # Control characters never reach a workbook (most cannot be held there at all); a leading
        # apostrophe is doubled, so the import's unescaping gives the value back as it was.
        cell = WriteOnlyCell(ws, value=xlsx_cell(for_export(value)))
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
