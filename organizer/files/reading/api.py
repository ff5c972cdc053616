"""The public entry points: inspect_file, iter_rows, read_preview, read_workbook."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

from . import errors
from .csvfile import inspect_csv, iter_csv_rows
from .errors import FileProblem
from .model import Sheet, TableSource
from .sandbox import decrypt_workbook, read_sheets, stream_sheets
from .sniff import decrypted_kind, detect_kind
from .workbooks import inspect_workbook, iter_workbook_rows, workbook_sheets

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


def open_kind(path: Path, password: str | None) -> tuple[str, bytes, bytes | None]:
    """What ``path`` is (by content), its first bytes, and its decrypted content if password-protected.

    An Office-encrypted .xlsx needs ``password``; an encrypted .xls is decrypted when one is given
    (without one, the parser reports that it needs one). Raises FileProblem.
    """
    kind, head = detect_kind(path)
    if kind == "encrypted":
        if password is None:
            raise FileProblem(errors.PASSWORD)
        content = decrypt_workbook(path, "xlsx", password)
        if content is None:  # says it is encrypted, yet is not: a damaged container
            raise FileProblem(errors.damaged(".xlsx"))
        return decrypted_kind(content, path), head, content
    if kind == "xls" and password is not None:
        return kind, head, decrypt_workbook(path, kind, password)
    return kind, head, None


def inspect_file(
    path: Path,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    password: str | None = None,
) -> TableSource:
    """Work out what ``path`` is (by content, not name) and how to read it.

    Workbooks: ``sheet`` names the sheet to read; None means the first visible sheet with data;
    ``password`` opens a password-protected one (ignored for any other file).
    Text files: ``encoding`` and ``delimiter`` override detection. Raises FileProblem.
    """
    ensure_safe_xml()
    path = Path(path)
    kind, head, content = open_kind(path, password)
    if kind == "csv":
        return inspect_csv(path, head, encoding, delimiter)
    return inspect_workbook(path, kind, sheet, content)


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
    password: str | None = None,
    limit: int = 50,
) -> tuple[TableSource, list[list[str]]]:
    """``inspect_file`` plus the first ``limit`` rows (the parser is stopped right after)."""
    source = inspect_file(path, sheet=sheet, encoding=encoding, delimiter=delimiter, password=password)
    rows = iter_rows(source)
    try:
        return source, list(itertools.islice(rows, limit))
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()


def read_workbook(
    path: Path,
    *,
    password: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    cancel: Callable[[], bool] | None = None,
) -> list[Sheet]:
    """Every worksheet of a workbook, in its order, with all rows, parsed in one sandboxed child.

    Each sheet passes the same checks as ``inspect_file``; empty sheets come back with no rows and
    hidden ones with ``visible=False``. A text file reads as one sheet named after the file. The
    rows are held in memory: for one big sheet, stream with ``inspect_file`` and ``iter_rows``.
    Returns [] when ``cancel()`` became true. Raises FileProblem.
    """
    ensure_safe_xml()
    path = Path(path)
    kind, head, content = open_kind(path, password)
    if kind == "csv":
        source = inspect_csv(path, head, encoding, delimiter)
        rows = list(iter_csv_rows(source, cancel))
        return [] if cancel is not None and cancel() else [Sheet(path.stem, rows)]
    entries = workbook_sheets(path, kind, content)
    read = read_sheets(path, kind, [e.name for e in entries], cancel, content)
    if read is None:
        return []
    return [Sheet(e.name, read.get(e.name, []), e.visible) for e in entries]


def other_sheets_with_data(source: TableSource) -> list[str]:
    """The visible worksheets other than the one ``source`` reads that hold data, in order ([] for a text
    file, or when the workbook cannot be looked through again): where to look when the sheet read held nobody."""
    if source.kind == "csv":
        return []
    try:
        entries = workbook_sheets(source.path, source.kind, source.content)
    except FileProblem:
        return []
    return [e.name for e in entries
            if e.name != source.sheet and e.visible and e.stats is not None and e.stats.has_data]


def stream_workbook(
    path: Path,
    *,
    password: str | None = None,
    cancel: Callable[[], bool] | None = None,
    unsaved: dict[str, tuple[int, str]] | None = None,
) -> tuple[list[str], Callable[[list[str]], Iterator[tuple[str, list[list[str]]]]]]:
    """A workbook's worksheet names and a function that streams the named ones, in the order asked, as
    ``stream_sheets`` does (one child per call, rows in batches, constant memory). Each sheet is checked as
    ``read_workbook`` checks it: the container here, an xlsx sheet's extent by the child just before it
    parses that sheet (a refused sheet raises FileProblem from the stream), which fills ``unsaved`` with the
    sheet's formulas whose results were never saved. A text file is one sheet named after the file. Raises
    FileProblem."""
    ensure_safe_xml()
    path = Path(path)
    kind, head, content = open_kind(path, password)
    if kind == "csv":
        source = inspect_csv(path, head, None, None)

        def text_rows(names: list[str]) -> Iterator[tuple[str, list[list[str]]]]:
            if path.stem in names:
                yield path.stem, []
                yield path.stem, list(iter_csv_rows(source, cancel))
        return [path.stem], text_rows
    entries = workbook_sheets(path, kind, content, scan=False)
    parts = {e.name: e.part for e in entries if e.stats is None and e.part}  # scanned by the child that parses them
    return [e.name for e in entries], lambda names: stream_sheets(path, kind, names, cancel, content, parts, unsaved)
