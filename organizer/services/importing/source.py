"""Opening a file for import: its rows, the first rows for the layout, and its content hash."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

from organizer.files.reading import TableSource, inspect_file, iter_rows
from organizer.files.reading.sheetscan import column_number
from organizer.files.reading.sniff import detect_kind
from organizer.files.reading.workbooks import preflight_again
from organizer.progress import NEVER, CancelToken
from organizer.services.importing.kind import KindSpec
from organizer.services.importing.layout import Layout
from organizer.services.importing.options import SourceOptions
from organizer.services.importing.prepare_child import PrepareChild
from organizer.services.importing.report import RowIssue

HEAD_ROWS = 60


@dataclass(slots=True)
class OpenedFile:
    """A file being read: the first rows are buffered, the rest stream (or come prepared from a child)."""

    source: TableSource
    head: list[list[str]]
    rest: Iterator[list[str]]
    hash: str
    size: int
    child: PrepareChild | None = None
    cancel: CancelToken = NEVER

    def close(self) -> None:
        """Stop reading (a reader process is ended now, not at garbage collection)."""
        close = getattr(self.rest, "close", None)
        if close is not None:
            close()
        if self.child is not None:
            self.child.close()

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """Every physical row with its 1-based number."""
        yield from enumerate(chain(self.head, self.rest), start=1)

    def prepared(self, kind: KindSpec, layout: Layout, region: str,
                 warn: Callable[[RowIssue], object]) -> Iterator[Any]:
        """The data rows prepared for an import of this kind (by the child, when one reads the file)."""
        if self.child is not None:
            return self.child.chunks(layout, region, lambda: self.cancel.cancelled)
        return kind.prepare(layout, region, self.rows(), warn)


def file_hash(path: Path) -> str:
    """SHA-256 of the file's bytes (an import batch records which file it was)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def open_file(path: Path, options: SourceOptions, cancel: CancelToken = NEVER, *,
              prepare_in_child: KindSpec | None = None) -> OpenedFile:
    """Inspect and start reading a file; raises FileProblem with a plain message.

    With ``prepare_in_child`` (a kind with a chunk codec) a child process reads the file and prepares
    its rows for that kind (see ``prepared``), so reading and cleaning run beside matching and writing.
    """
    if prepare_in_child is not None:
        return _open_in_child(path, options, cancel, prepare_in_child)
    source = _inspect(path, options)
    stream = iter_rows(source, cancel=lambda: cancel.cancelled)
    head: list[list[str]] = []
    for cells in stream:
        head.append(cells)
        if len(head) >= HEAD_ROWS:
            break
    return OpenedFile(source, head, stream, file_hash(path), path.stat().st_size)


def _open_in_child(path: Path, options: SourceOptions, cancel: CancelToken, import_kind: KindSpec) -> OpenedFile:
    """The child starts while the file is checked, and reads it only once the checks passed."""
    kind, _first_bytes = detect_kind(path)
    child = PrepareChild(path, "xlsx" if kind == "encrypted" else kind, import_kind.name)
    try:
        source = _inspect(path, options)
        preflight_again(source)
        child.start(source)
        first_rows = child.head(lambda: cancel.cancelled)
    except BaseException:
        child.close()
        raise
    return OpenedFile(source, first_rows, iter(()), file_hash(path), path.stat().st_size, child, cancel)


def unsaved_formulas(source: TableSource, headers: list[str]) -> str:
    """What to tell when the sheet read holds formulas whose results were never saved (they read as empty)."""
    info = next((i for i in source.sheet_infos if i.name == source.sheet), None)
    if info is None or not info.unsaved_formulas:
        return ""
    letters = info.first_unsaved.rstrip("0123456789")
    index = column_number(letters.encode("ascii")) - 1 if letters else -1
    column = headers[index] if 0 <= index < len(headers) and headers[index] else f"column {letters}"
    where = f" (the first in row {info.first_unsaved[len(letters):]}, {column})" if letters else ""
    return unsaved_formulas_notice(info.unsaved_formulas, where)


def unsaved_formulas_notice(count: int, where: str) -> str:
    """What an import says of ``count`` cells holding formulas whose result was never saved; ``where``: " (the
    first in ...)"."""
    cells = "1 cell holds a formula" if count == 1 else f"{count:,} cells hold formulas"
    return (f"{cells} whose result was never saved{where}, read as empty: open the file in Excel or "
            "LibreOffice, save it, and import it again to keep those values.")


def mixed_encoding(source: TableSource) -> str:
    """What to tell when a UTF-8 text file had lines that are not UTF-8 (read as Windows-1252), or ""."""
    if not source.odd_count:
        return ""
    lines = list(map(str, source.odd_lines))
    more = source.odd_count - len(lines)
    named = f"{', '.join(lines)} and {more:,} more" if more else (
        f"{', '.join(lines[:-1])} and {lines[-1]}" if len(lines) > 1 else lines[0])
    which = f"Line {named} is" if source.odd_count == 1 else f"Lines {named} are"
    return (f"{which} not UTF-8 like the rest of the file, so {'it was' if source.odd_count == 1 else 'they were'} "
            "read as Windows-1252: check the accented letters there.")


def _inspect(path: Path, options: SourceOptions) -> TableSource:
    return inspect_file(path, sheet=options.sheet, encoding=options.encoding, delimiter=options.delimiter,
                        password=options.password)
