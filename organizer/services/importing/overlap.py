"""One write at a time in a second thread, while the caller reads the next chunk of a big import."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import Any


class Overlapped:
    """Runs the calls given to `submit` in order, each after the one before has finished, in a second thread
    (or inline, when not `threaded`). A call's error comes out of the next `submit`, `wait`, or the `with` block.

    On a server the import's writes mostly wait for the server (the GIL released meanwhile), so reading and
    decoding the next chunk in the caller's thread costs no time: the server is kept busy instead of idle while
    the app works. The caller does not touch the writes' session between a `submit` and the next `wait`.
    """

    def __init__(self, threaded: bool) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-writer") if threaded else None
        self._pending: Future[Any] | None = None

    def submit(self, call: Callable[..., Any], *args: Any) -> None:
        """Run `call(*args)` once the call before it has finished."""
        self.wait()
        if self._pool is None:
            call(*args)
        else:
            self._pending = self._pool.submit(call, *args)

    def wait(self) -> None:
        """Wait for the call in flight, if any; raises its error."""
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    def __enter__(self) -> Overlapped:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        try:
            if error is None:
                self.wait()
            elif self._pending is not None:
                # The caller failed (cancelled, a bad file): let the write in flight end before the rollback;
                # the caller's error is the one that counts.
                self._pending.exception()
                self._pending = None
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True)
