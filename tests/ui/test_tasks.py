"""run_in_background: every job ends in exactly one of on_done or on_error; progress is throttled."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from organizer.errors import UserError
from organizer.progress import Cancelled, CancelToken, Progress
from ui.shared.tasks import run_in_background


class Outcome:
    """Records every callback of one job."""

    def __init__(self) -> None:
        self.done: list[Any] = []
        self.errors: list[BaseException] = []
        self.progress: list[tuple[int, int, str]] = []

    def ended(self) -> int:
        return len(self.done) + len(self.errors)


def start(qtbot: QtBot, fn: Any, parent: QObject | None = None) -> tuple[Outcome, Any]:
    outcome = Outcome()
    owner = parent or QObject()
    handle = run_in_background(owner, fn, outcome.done.append, outcome.errors.append,
                               lambda d, t, m: outcome.progress.append((d, t, m)))
    with qtbot.waitSignal(handle.finished, timeout=10_000):
        pass
    return outcome, handle


def test_success_ends_in_on_done_only(qtbot: QtBot) -> None:
    outcome, handle = start(qtbot, lambda _p, _c: 42)
    assert outcome.done == [42]
    assert outcome.errors == []
    assert handle.running is False


def test_exception_ends_in_on_error_only(qtbot: QtBot) -> None:
    def boom(_p: Progress, _c: CancelToken) -> None:
        raise ValueError("bug")

    outcome, _ = start(qtbot, boom)
    assert outcome.done == []
    assert [type(e) for e in outcome.errors] == [ValueError]


def test_user_error_ends_in_on_error_only(qtbot: QtBot) -> None:
    def refuse(_p: Progress, _c: CancelToken) -> None:
        raise UserError("The disk is full.")

    outcome, _ = start(qtbot, refuse)
    assert outcome.ended() == 1
    assert str(outcome.errors[0]) == "The disk is full."


def test_cancel_ends_in_on_error_with_cancelled(qtbot: QtBot) -> None:
    started = threading.Event()

    def slow(_p: Progress, cancel: CancelToken) -> str:
        started.set()
        for _ in range(500):
            cancel.raise_if_cancelled()
            time.sleep(0.01)
        return "finished anyway"

    outcome = Outcome()
    owner = QObject()
    handle = run_in_background(owner, slow, outcome.done.append, outcome.errors.append)
    assert started.wait(5)
    with qtbot.waitSignal(handle.finished, timeout=10_000):
        handle.cancel()
    assert outcome.done == []
    assert [type(e) for e in outcome.errors] == [Cancelled]


@pytest.mark.parametrize("count", [1, 5])
def test_many_jobs_each_end_exactly_once(qtbot: QtBot, count: int) -> None:
    outcomes = [start(qtbot, lambda _p, _c, i=i: i if i % 2 else 1 / 0)[0] for i in range(count)]
    assert all(o.ended() == 1 for o in outcomes)


def test_progress_is_throttled_to_whole_percent(qtbot: QtBot) -> None:
    def busy(progress: Progress, _c: CancelToken) -> None:
        for done in range(20_001):
            progress(done, 20_000, "Reading rows")

    outcome, _ = start(qtbot, busy)
    qtbot.waitUntil(lambda: len(outcome.progress) >= 101)
    percents = [int(d * 100 / t) for d, t, _ in outcome.progress]
    assert len(outcome.progress) == 101
    assert percents == sorted(set(percents))
    assert outcome.progress[-1][:2] == (20_000, 20_000)


def test_progress_without_total_is_throttled_in_time(qtbot: QtBot) -> None:
    def unknown(progress: Progress, _c: CancelToken) -> None:
        deadline = time.monotonic() + 0.6
        while time.monotonic() < deadline:
            progress(1, 0, "Working")

    outcome, _ = start(qtbot, unknown)
    assert 1 <= len(outcome.progress) <= 4


def test_callbacks_skipped_when_parent_is_gone(qtbot: QtBot) -> None:
    release = threading.Event()
    owner = QObject()
    outcome = Outcome()
    handle = run_in_background(owner, lambda _p, _c: release.wait(5), outcome.done.append, outcome.errors.append)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(owner))
    with qtbot.waitSignal(handle.finished, timeout=10_000):
        release.set()
    assert outcome.ended() == 0


def _alive(obj: QObject) -> bool:
    import shiboken6

    return shiboken6.isValid(obj)
