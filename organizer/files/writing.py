"""Writing sheets to .xlsx or .csv: typed cells, text never a formula, and atomically (no half-written file).

Workbooks are written by the streaming writer (``organizer.files.fastxlsx``): rows go straight into the file,
with nothing held in memory or in a scratch file."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO

from organizer.domain.safe_text import csv_cell, for_export
from organizer.files.fastxlsx import CellTooLong, write_xlsx
from organizer.files.output import OutputRefused, TempFile, WriteProblem, check_output, write_problem
from organizer.files.reading.cells import cell_text
from organizer.files.sheets import WIDTH_SAMPLE_ROWS, CellValue, SheetSpec, column_widths, sheet_names

WORKBOOK_SUFFIXES = (".xlsx", ".csv")
"""The kinds of file ``write_workbook`` writes, by extension."""
__all__ = ["WIDTH_SAMPLE_ROWS", "WORKBOOK_SUFFIXES", "CellValue", "OutputRefused", "SheetSpec", "WriteProblem",
           "column_widths", "csv_safe", "sheet_names", "stage_workbook", "write_table", "write_workbook"]


def csv_safe(value: str) -> str:
    """A CSV cell that Excel will not run as a formula, without control characters.

    Risky values (and the few that begin with an apostrophe the import would take off: "'=x", "''x")
    get a leading apostrophe, which the import takes off again (`organizer.domain.safe_text`).
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
    check_output(path, WORKBOOK_SUFFIXES if len(sheets) == 1 else (".xlsx",), force=force, protect=protect)
    is_csv = path.suffix.lower() == ".csv"  # one sheet (a file of several was refused as .xlsx only)
    temp = TempFile.create(path)
    try:
        if is_csv:
            _write_csv(temp.file, sheets[0])
        else:
            write_xlsx(temp.file, sheets)
    except BaseException as exc:
        temp.discard()
        if isinstance(exc, OSError):
            raise write_problem(path, exc) from exc
        if isinstance(exc, CellTooLong) and len(sheets) > 1:  # several sheets: a .csv cannot hold them
            raise exc.with_advice("shorten that value and export again") from None
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


def _naive(value: dt.datetime) -> dt.datetime:
    """Excel has no time zones: an aware datetime is written as UTC."""
    return value if value.tzinfo is None else value.astimezone(dt.UTC).replace(tzinfo=None)
