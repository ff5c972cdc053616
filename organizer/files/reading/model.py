"""What was opened: TableSource and SheetInfo."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class SheetInfo:
    """One sheet of a workbook; ``rows`` is the last row with data, when cheaply known. ``unsaved_formulas``
    counts the scanned cells that hold a formula whose result was never saved (they read as empty), the first
    of them at ``first_unsaved`` ("B3")."""

    name: str
    rows: int | None
    visible: bool = True
    unsaved_formulas: int = 0
    first_unsaved: str = ""


@dataclass(frozen=True, slots=True)
class TableSource:
    """A file ready to be read by ``iter_rows``.

    ``kind`` is "xlsx", "xls", "ods" or "csv" (decided by content, not by the file name).
    Workbooks set ``sheet`` (the sheet to read) and ``sheets`` (every sheet name, in order);
    text files set ``encoding`` and ``delimiter``, and, for a UTF-8 file with lines that are not
    (read as Windows-1252), ``odd_lines`` (the first of them) and ``odd_count``. ``content`` holds
    the decrypted workbook of a password-protected file: it is read from memory, never written to disk.
    """

    path: Path
    kind: str
    sheet: str | None
    sheets: tuple[str, ...]
    encoding: str | None
    delimiter: str | None
    sheet_infos: tuple[SheetInfo, ...] = ()
    content: bytes | None = field(default=None, repr=False, compare=False)
    odd_lines: tuple[int, ...] = ()
    odd_count: int = 0


@dataclass(frozen=True, slots=True)
class Sheet:
    """One sheet of a workbook read whole: its name, every row (as ``iter_rows`` gives them), visibility."""

    name: str
    rows: list[list[str]]
    visible: bool = True
