"""The collector's thresholds are raised inside a bulk job and put back after, even on error."""

from __future__ import annotations

import gc

import pytest

from organizer.storage.gc_tuning import BULK_THRESHOLDS, fewer_gc_passes


def test_thresholds_are_raised_then_restored() -> None:
    before = gc.get_threshold()
    with fewer_gc_passes():
        assert gc.get_threshold() == BULK_THRESHOLDS
        with fewer_gc_passes():
            assert gc.get_threshold() == BULK_THRESHOLDS
        assert gc.get_threshold() == BULK_THRESHOLDS  # the outer block is still running
    assert gc.get_threshold() == before


def test_thresholds_are_restored_when_the_job_fails() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), fewer_gc_passes():
        raise RuntimeError("the import broke")
    assert gc.get_threshold() == before
