"""The public entry points: inspect_file, iter_rows, read_preview."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

from .csvfile import inspect_csv, iter_csv_rows
from .model import TableSource
from .sniff import detect_kind
from .workbooks import inspect_workbook, iter_workbook_rows

_safe_xml_checked = False


def ensure_safe_xml() -> None:
    """Refuse to run if openpyxl would parse XML without defusedxml (entity-expansion attacks)."""
    global _safe_xml_checked
    if _safe_xml_checked:
        return
    import openpyxl

    if not getattr(openpyxl, "DEFUSEDXML", False):
        raise RuntimeError("openpyxl is not using defusedxml; install defusedxml before importing files")
    _safe_xml_checked = True


def inspect_file(
    path: Path,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> TableSource:
    """Work out what ``path`` is (by content, not name) and how to read it.

    Workbooks: ``sheet`` names the sheet to read; None means the first visible sheet with data.
    Text files: ``encoding`` and ``delimiter`` override detection. Raises FileProblem.
    """
    ensure_safe_xml()
    path = Path(path)
    kind, head = detect_kind(path)
    if kind == "csv":
        return inspect_csv(path, head, encoding, delimiter)
    return inspect_workbook(path, kind, sheet)


def iter_rows(source: TableSource, *, cancel: Callable[[], bool] | None = None) -> Iterator[list[str]]:
    """Yield every physical row as a list of strings; row i (1-based) is the row a spreadsheet shows.

    Blank rows are yielded as []; trailing empty cells are trimmed. Streams in constant memory.
    Iteration stops quietly once ``cancel()`` returns True (checked every few dozen rows and while
    waiting for the parser). Raises FileProblem for unreadable content, also mid-way.
    """
    if source.kind == "csv":
        return iter_csv_rows(source, cancel)
    return iter_workbook_rows(source, cancel)


def read_preview(
    path: Path,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    limit: int = 50,
) -> tuple[TableSource, list[list[str]]]:
    """``inspect_file`` plus the first ``limit`` rows (the parser is stopped right after)."""
    source = inspect_file(path, sheet=sheet, encoding=encoding, delimiter=delimiter)
    rows = iter_rows(source)
    try:
        return source, list(itertools.islice(rows, limit))
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()
