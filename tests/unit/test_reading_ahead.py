"""The reading child's sender: it keeps parsing while the parent is busy, sends in order, stops when the parent goes."""

from __future__ import annotations

import multiprocessing
import threading

import pytest

from organizer.files.reading.ahead import SendAhead


def test_messages_wait_in_order_without_holding_up_the_parser() -> None:
    receiving, sending = multiprocessing.Pipe(duplex=False)
    sender = SendAhead(sending)
    messages = [bytes([i]) * 50_000 for i in range(40)]  # 2 MB: far more than a pipe holds
    for message in messages:  # the parent has read nothing yet, and none of these waits for it
        sender.send_bytes(message)
    assert [receiving.recv_bytes() for _ in messages] == messages
    sender.close()
    sending.close()
    with pytest.raises(EOFError):  # nothing more than was given
        receiving.recv_bytes()


def test_a_full_buffer_waits_for_the_parent() -> None:
    receiving, sending = multiprocessing.Pipe(duplex=False)
    sender = SendAhead(sending, limit=100_000)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.extend(receiving.recv_bytes() for _ in range(30)))
    reader.start()
    for i in range(30):  # past the limit, each call waits until the parent has taken enough
        sender.send_bytes(bytes([i]) * 60_000)
        assert sender.queued_bytes() <= 100_000 + 60_000
    reader.join(timeout=30)
    assert received == [bytes([i]) * 60_000 for i in range(30)]
    sender.close()


def test_when_the_parent_goes_away_the_parser_hears_of_it() -> None:
    receiving, sending = multiprocessing.Pipe(duplex=False)
    sender = SendAhead(sending, limit=100_000)
    receiving.close()
    with pytest.raises(OSError):
        for _ in range(100):
            sender.send_bytes(b"x" * 60_000)
    sender.close()  # returns: nothing is left to send
