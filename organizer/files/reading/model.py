"""What was opened: TableSource and SheetInfo."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class SheetInfo:
    """One sheet of a workbook; ``rows`` is the last row with data, when cheaply known."""

    name: str
    rows: int | None
    visible: bool = True


@dataclass(frozen=True, slots=True)
class TableSource:
    """A file ready to be read by ``iter_rows``.

    ``kind`` is "xlsx", "xls", "ods" or "csv" (decided by content, not by the file name).
    Workbooks set ``sheet`` (the sheet to read) and ``sheets`` (every sheet name, in order);
    text files set ``encoding`` and ``delimiter``.
    """

    path: Path
    kind: str
    sheet: str | None
    sheets: tuple[str, ...]
    encoding: str | None
    delimiter: str | None
    sheet_infos: tuple[SheetInfo, ...] = ()
