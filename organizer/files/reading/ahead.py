"""The reading child's messages, sent by a thread of their own so the child parses on while the parent is busy.

A pipe holds about 64 KB: a child that sent its rows itself would wait for the parent to take each batch,
and parse the next sheet only then. Through a ``SendAhead`` it keeps parsing while up to ``AHEAD_BYTES`` of
messages wait to be sent, in order, one at a time. Every message of the child goes through it (or is sent
after ``close``), so two threads never write to the pipe at once.
"""

from __future__ import annotations

import threading
from collections import deque
from multiprocessing.connection import Connection

AHEAD_BYTES = 64 << 20
"""How much the child may have parsed and not yet sent."""


class SendAhead:
    """Sends messages to the parent from a thread, in the order given; ``close()`` waits until all are sent."""

    def __init__(self, conn: Connection, limit: int = AHEAD_BYTES) -> None:
        self._conn = conn
        self._limit = limit
        self._waiting: deque[bytes | None] = deque()
        self._size = 0
        self._failed: BaseException | None = None
        self._ready = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="organizer-reader-send", daemon=True)
        self._thread.start()

    def send_bytes(self, message: bytes) -> None:
        """Queue a message; waits while too much is queued. Raises what sending raised (the parent went away)."""
        with self._ready:
            while self._size > self._limit and self._failed is None:
                self._ready.wait()
            if self._failed is not None:
                raise self._failed
            self._waiting.append(message)
            self._size += len(message)
            self._ready.notify_all()

    def queued_bytes(self) -> int:
        """How much waits to be sent."""
        with self._ready:
            return self._size

    def close(self) -> None:
        """Send what is queued, then stop the thread."""
        with self._ready:
            self._waiting.append(None)
            self._ready.notify_all()
        self._thread.join()

    def _run(self) -> None:
        while True:
            with self._ready:
                while not self._waiting:
                    self._ready.wait()
                message = self._waiting.popleft()
            if message is None:
                return
            try:
                self._conn.send_bytes(message)
            except BaseException as exc:  # the parent closed its end: stop, and tell the parsing thread
                with self._ready:
                    self._failed = exc
                    self._waiting.clear()
                    self._ready.notify_all()
                return
            with self._ready:
                self._size -= len(message)
                self._ready.notify_all()
