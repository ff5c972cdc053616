"""Writes made by a second thread: in order, every one made before the block ends, a failed write raised."""

from __future__ import annotations

import io
import threading

import pytest

from organizer.files.write_behind import WRITES_AHEAD, written_behind


class Recording:
    """A stream that notes each write and the thread that made it."""

    def __init__(self, fail_at: int | None = None) -> None:
        self.parts: list[bytes] = []
        self.threads: set[str] = set()
        self.fail_at = fail_at

    def write(self, data: bytes) -> int:
        if self.fail_at is not None and len(self.parts) == self.fail_at:
            raise OSError(28, "No space left on device")
        self.parts.append(data)
        self.threads.add(threading.current_thread().name)
        return len(data)


def test_every_write_is_made_in_order_by_another_thread_before_the_block_ends() -> None:
    stream = Recording()
    with written_behind(stream) as behind:
        for i in range(WRITES_AHEAD * 5):
            behind.write(b"%d," % i)
    assert b"".join(stream.parts) == b"".join(b"%d," % i for i in range(WRITES_AHEAD * 5))
    assert stream.threads == {"xlsx-writer"}
    assert not any(t.name == "xlsx-writer" for t in threading.enumerate())


def test_a_failed_write_is_raised_to_the_writer_and_nothing_after_it_is_written() -> None:
    stream = Recording(fail_at=3)
    with pytest.raises(OSError, match="No space left"), written_behind(stream) as behind:
        for i in range(WRITES_AHEAD * 10):
            behind.write(b"%d," % i)
    assert stream.parts == [b"0,", b"1,", b"2,"]
    assert not any(t.name == "xlsx-writer" for t in threading.enumerate())


def test_the_blocks_own_error_is_the_one_raised_once_the_thread_has_ended() -> None:
    stream = Recording(fail_at=0)
    with pytest.raises(KeyError), written_behind(stream) as behind:
        behind.write(b"first")
        raise KeyError("the rows' own failure")
    assert not any(t.name == "xlsx-writer" for t in threading.enumerate())


def test_a_workbook_is_the_same_written_behind() -> None:
    from openpyxl import load_workbook

    from organizer.files.fastxlsx import write_xlsx
    from organizer.files.sheets import SheetSpec

    rows = [[f"name {i}", i, f"0{i:04d}"] for i in range(5000)]
    out = io.BytesIO()
    write_xlsx(out, [SheetSpec("People", ["Name", "Number", "Zip"], rows)])
    out.seek(0)
    book = load_workbook(out, read_only=True)
    read = [list(r) for r in book["People"].iter_rows(min_row=2, values_only=True)]
    assert read == rows
