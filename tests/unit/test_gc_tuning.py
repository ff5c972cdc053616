"""The collector is paused inside a bulk job and runs again after, even when the job fails."""

from __future__ import annotations

import gc

import pytest

from organizer.storage.gc_tuning import collector_paused


def test_the_collector_is_paused_then_resumed() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer block is still running
    assert gc.isenabled()


def test_the_collector_resumes_when_the_job_fails() -> None:
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("the import broke")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
