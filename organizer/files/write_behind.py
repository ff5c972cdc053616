"""Writes made by a second thread: a big file's compressing and writing runs on another core while the
next part of it is made (zlib and file writes release the GIL)."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Protocol

WRITES_AHEAD = 8  # writes waiting for the thread at most (a few hundred rows each): memory stays flat


class Sink(Protocol):
    """Anything written with bytes."""

    def write(self, data: bytes, /) -> object: ...


class WrittenBehind:
    """A sheet's stream whose writes a second thread makes, in order: compressing and writing the XML (zlib and
    the file release the GIL) runs on another core while the next rows are turned into XML. A write that failed
    (a full disk) is raised by the next `write` or by `finish`."""

    def __init__(self, stream: Sink) -> None:
        self._stream = stream
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=WRITES_AHEAD)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="xlsx-writer", daemon=True)
        self._thread.start()

    def write(self, data: bytes) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put(data)

    def finish(self) -> None:
        """Wait until every write is made (the thread ends); raises the first one's error."""
        self._queue.put(None)
        self._thread.join()
        if self._error is not None:
            raise self._error

    def _run(self) -> None:
        while (data := self._queue.get()) is not None:
            if self._error is None:  # after a failure the rest is only taken, so no write waits for room
                try:
                    self._stream.write(data)
                except BaseException as exc:  # raised in the thread that makes the writes
                    self._error = exc


@contextmanager
def written_behind(stream: Sink) -> Iterator[Sink]:
    """The stream, written by a second thread until the block ends (see `WrittenBehind`). When the block
    fails, its error is the one raised, once the thread has ended."""
    behind = WrittenBehind(stream)
    try:
        yield behind
    except BaseException:
        with suppress(BaseException):
            behind.finish()
        raise
    behind.finish()
