"""Running long jobs off the GUI thread: progress throttled to whole percent, a real Cancel,
and every job ending in exactly one of on_done or on_error."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from organizer.errors import explain
from organizer.progress import CancelToken, Progress

log = logging.getLogger(__name__)
Job = Callable[[Progress, CancelToken], Any]
_ALIVE: set[TaskHandle] = set()
UNKNOWN_TOTAL_INTERVAL = 0.25


class TaskHandle(QObject):
    """A running job: cancel it, or wait for `finished` (emitted after on_done or on_error)."""

    done = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)
    finished = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.token = CancelToken()
        self.running = True

    def cancel(self) -> None:
        """Ask the job to stop at its next check; it then ends in on_error with Cancelled."""
        self.token.cancel()


class _Runner(QRunnable):
    def __init__(self, fn: Job, handle: TaskHandle) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        self._handle = handle
        self._last_percent = -1
        self._last_time = 0.0

    def run(self) -> None:
        try:
            result = self._fn(self._progress, self._handle.token)
        except BaseException as exc:  # every failure reaches on_error, never a silent thread death
            self._handle.failed.emit(exc)
            return
        self._handle.done.emit(result)

    def _progress(self, done: int, total: int, message: str) -> None:
        if total > 0:
            percent = min(100, int(done * 100 / total))
            if percent == self._last_percent:
                return
            self._last_percent = percent
        else:
            now = time.monotonic()
            if now - self._last_time < UNKNOWN_TOTAL_INTERVAL:
                return
            self._last_time = now
        self._handle.progressed.emit(done, total, message)


def failure_text(exc: BaseException) -> str:
    """What a screen shows for a job's failure: the user error's one line, or where a bug's log is."""
    return explain(exc).message


def run_in_background(
    parent: QObject,
    fn: Job,
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    on_progress: Callable[[int, int, str], None] | None = None,
) -> TaskHandle:
    """Run `fn(progress, cancel)` on the thread pool; callbacks run on the GUI thread.

    The callbacks are skipped if `parent` was destroyed meanwhile (its window closed). A bug (not
    a user error, see `organizer.errors.explain`) is logged with its traceback before on_error.
    """
    handle = TaskHandle()
    _ALIVE.add(handle)

    def alive() -> bool:
        return shiboken6.isValid(parent)

    def finish_with(callback: Callable[[Any], None], value: Any) -> None:
        handle.running = False
        _ALIVE.discard(handle)
        try:
            if alive():
                callback(value)
        finally:
            handle.finished.emit()

    def report_error(exc: BaseException) -> None:
        if not explain(exc).user_error:  # a bug: its traceback goes to the log, once, here
            log.error("Background job failed", exc_info=exc)
        finish_with(on_error, exc)

    handle.done.connect(lambda value: finish_with(on_done, value))
    handle.failed.connect(report_error)
    if on_progress is not None:
        handle.progressed.connect(lambda d, t, m: on_progress(d, t, m) if alive() else None)
    QThreadPool.globalInstance().start(_Runner(fn, handle))
    return handle
