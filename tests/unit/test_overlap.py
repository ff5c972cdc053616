"""Writes handed to a second thread run one at a time, in order, and their errors reach the caller."""

from __future__ import annotations

import threading

import pytest

from organizer.services.importing.overlap import Overlapped


@pytest.mark.parametrize("threaded", [True, False])
def test_calls_run_in_order_one_at_a_time(threaded: bool) -> None:
    done: list[int] = []
    running = threading.Lock()

    def write(n: int) -> None:
        assert running.acquire(blocking=False), "two writes at once"
        try:
            done.append(n)
        finally:
            running.release()

    with Overlapped(threaded) as writes:
        for n in range(50):
            writes.submit(write, n)
    assert done == list(range(50))


@pytest.mark.parametrize("threaded", [True, False])
def test_a_failed_write_stops_the_next_submit(threaded: bool) -> None:
    done: list[int] = []

    def write(n: int) -> None:
        if n == 2:
            raise ValueError("the server went away")
        done.append(n)

    with pytest.raises(ValueError, match="went away"), Overlapped(threaded) as writes:
        for n in range(5):
            writes.submit(write, n)
    assert done == [0, 1]


def test_a_last_failed_write_is_raised_at_the_end() -> None:
    def write() -> None:
        raise ValueError("the last chunk failed")

    with pytest.raises(ValueError, match="last chunk"), Overlapped(threaded=True) as writes:
        writes.submit(write)


def test_the_callers_own_error_wins_after_the_write_in_flight_ends() -> None:
    finished = threading.Event()
    started = threading.Event()

    def write() -> None:
        started.set()
        finished.wait(5)
        raise ValueError("the write's error")

    with pytest.raises(KeyboardInterrupt), Overlapped(threaded=True) as writes:
        writes.submit(write)
        started.wait(5)
        threading.Timer(0.05, finished.set).start()
        raise KeyboardInterrupt
    assert finished.is_set(), "the block ended before the write in flight"
