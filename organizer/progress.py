"""The progress-and-cancel contract every long job follows."""

from __future__ import annotations

import threading
from typing import Protocol

from organizer.errors import UserError


class Progress(Protocol):
    """Told how far a job got: `done` of `total` (0 when unknown), with a short message."""

    def __call__(self, done: int, total: int, message: str) -> None: ...


def _no_progress(done: int, total: int, message: str) -> None:
    return None


NO_PROGRESS: Progress = _no_progress


class Cancelled(UserError):
    """The user cancelled the job; nothing it started was kept."""

    def __init__(self) -> None:
        super().__init__("Cancelled: nothing was changed.")


class CancelToken:
    """Set from any thread; the job checks it between batches and stops cleanly."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        """Ask the job to stop."""
        self._event.set()

    @property
    def cancelled(self) -> bool:
        """Whether cancel() was called."""
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        """Stop the job here if the user cancelled it."""
        if self._event.is_set():
            raise Cancelled()


class NeverCancelled(CancelToken):
    """The default token of jobs nobody can cancel: it is shared, so nobody may cancel it."""

    def cancel(self) -> None:
        """Refuse: cancelling the shared default would stop every later job that uses it."""
        raise TypeError("NEVER cannot be cancelled: give the job a CancelToken of its own")

    @property
    def cancelled(self) -> bool:
        """Always False."""
        return False

    def raise_if_cancelled(self) -> None:
        """Never stops the job."""
        return None


NEVER: CancelToken = NeverCancelled()
