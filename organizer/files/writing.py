"""Writing rows to xlsx or CSV safely: text stays text, never a formula (formula injection)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from organizer.errors import UserError

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: str) -> str:
    """A CSV cell that Excel will not run as a formula: risky values get a leading apostrophe."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def write_table(path: Path, headers: Sequence[str], rows: Iterable[Sequence[str]], sheet: str = "Rows") -> None:
    """Write headers and rows to .xlsx (text cells typed as text) or .csv (by the file's suffix)."""
    try:
        if path.suffix.lower() == ".csv":
            with path.open("w", newline="", encoding="utf-8-sig") as fh:
                writer = csv.writer(fh)
                writer.writerow([csv_safe(h) for h in headers])
                writer.writerows([csv_safe(str(v)) for v in row] for row in rows)
            return
        book = Workbook(write_only=True)
        ws: WriteOnlyWorksheet = book.create_sheet(sheet[:31])
        ws.append([_text_cell(ws, h) for h in headers])
        for row in rows:
            ws.append([_text_cell(ws, str(v)) for v in row])
        book.save(path)
    except OSError as exc:
        raise UserError(f"Could not write {path} ({exc.strerror}): choose another place.") from exc


def _text_cell(ws: WriteOnlyWorksheet, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"  # a string, even if it starts with "=": never a formula
    return cell
