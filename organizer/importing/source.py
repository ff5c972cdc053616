"""Opening a file for import: its rows, the first rows for the layout, and its content hash."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from organizer.importing.layout import Layout
from organizer.importing.options import SourceOptions
from organizer.importing.prepare import PreparedChunk, Preparer
from organizer.importing.reading import TableSource, inspect_file, iter_rows
from organizer.services.progress import NEVER, CancelToken

HEAD_ROWS = 60


@dataclass(slots=True)
class OpenedFile:
    """A file being read: the first rows are buffered, the rest stream."""

    source: TableSource
    head: list[list[str]]
    rest: Iterator[list[str]]
    hash: str
    size: int

    def close(self) -> None:
        """Stop reading (a workbook's reader process is ended now, not at garbage collection)."""
        close = getattr(self.rest, "close", None)
        if close is not None:
            close()

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """Every physical row with its 1-based number."""
        yield from enumerate(chain(self.head, self.rest), start=1)

    def prepared(self, layout: Layout, region: str) -> Iterator[PreparedChunk]:
        """The data rows prepared for a people import, a chunk at a time."""
        return Preparer(layout, region).chunks(self.rows())


def file_hash(path: Path) -> str:
    """SHA-256 of the file's bytes (an import batch records which file it was)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def open_file(path: Path, options: SourceOptions, cancel: CancelToken = NEVER) -> OpenedFile:
    """Inspect and start reading a file; raises FileProblem with a plain message."""
    source = inspect_file(path, sheet=options.sheet, encoding=options.encoding, delimiter=options.delimiter)
    stream = iter_rows(source, cancel=lambda: cancel.cancelled)
    head: list[list[str]] = []
    for cells in stream:
        head.append(cells)
        if len(head) >= HEAD_ROWS:
            break
    return OpenedFile(source, head, stream, file_hash(path), path.stat().st_size)
