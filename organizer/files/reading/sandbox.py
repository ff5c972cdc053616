"""Parent side of workbook parsing: runs worker.child_main in a spawned process and streams its rows."""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from . import errors
from .errors import FileProblem
from .limits import CHILD_STALL_SECONDS
from .sniff import container_suffix
from .worker import child_main

_POLL_SECONDS = 0.05
_MAX_MESSAGE_BYTES = 512 << 20
_CANCEL_EVERY = 64


class ChildReader:
    """One spawned parser process; always ``close()`` it (it is killed if still running)."""

    def __init__(self, request: dict[str, Any], target: Callable[[Any, dict[str, Any]], None] = child_main,
                 *, duplex: bool = False) -> None:
        self._suffix = container_suffix(Path(request["path"]), "." + str(request["kind"]))
        ctx = multiprocessing.get_context("spawn")
        self._conn, child_end = ctx.Pipe(duplex=duplex)
        self._proc = ctx.Process(target=target, args=(child_end, request), daemon=True, name="organizer-reader")
        try:
            self._proc.start()
        except BaseException:
            self._conn.close()
            raise
        finally:
            child_end.close()

    def receive(self, cancel: Callable[[], bool] | None) -> dict[str, Any] | None:
        """The next message, or None when ``cancel()`` became true while waiting."""
        deadline = time.monotonic() + CHILD_STALL_SECONDS
        while not self._conn.poll(_POLL_SECONDS):
            if cancel is not None and cancel():
                return None
            if time.monotonic() > deadline:
                raise FileProblem(errors.TIMED_OUT)
        try:
            message = json.loads(self._conn.recv_bytes(_MAX_MESSAGE_BYTES))
        except (EOFError, OSError, ValueError):  # the child died, or sent garbage
            raise FileProblem(errors.CRASHED) from None
        if not isinstance(message, dict):
            raise FileProblem(errors.CRASHED)
        if message.get("t") == "problem":
            if message.get("code") == "message" and isinstance(message.get("message"), str):
                raise FileProblem(message["message"])  # our own reader's sentence, raised in the child
            raw_count = message.get("n")
            count = raw_count if isinstance(raw_count, int) else 0
            raise FileProblem(errors.child_problem(str(message.get("code")), count, self._suffix))
        return message

    def send(self, message: dict[str, Any]) -> None:
        """A message to the child (only for a child started with ``duplex=True``)."""
        try:
            self._conn.send_bytes(json.dumps(message).encode("utf-8"))
        except (OSError, ValueError):
            raise FileProblem(errors.CRASHED) from None

    def close(self, *, wait: float = 0.0) -> None:
        """Stop the child: let it exit for ``wait`` seconds, then kill it."""
        if wait and self._proc.is_alive():
            self._proc.join(wait)
        if self._proc.is_alive():
            self._proc.kill()
        self._proc.join(5)
        self._conn.close()
        with contextlib.suppress(ValueError):  # still running after SIGKILL + 5 s: leave it to the OS
            self._proc.close()


def sheet_catalog(path: Path, kind: str) -> list[dict[str, Any]]:
    """Sheet names, visibility, and data extent, as the parser sees them (used for .xls)."""
    child = ChildReader({"op": "info", "path": str(path), "kind": kind})
    try:
        message = child.receive(None)
    finally:
        child.close(wait=1.0)
    sheets = message.get("sheets") if message is not None else None
    if message is None or message.get("t") != "info" or not isinstance(sheets, list):
        raise FileProblem(errors.CRASHED)
    return sheets


def iter_sheet_rows(
    path: Path, kind: str, sheet: str, cancel: Callable[[], bool] | None
) -> Iterator[list[str]]:
    """Every row of one sheet, parsed in a child process; stops quietly when ``cancel()`` is true."""
    child = ChildReader({"op": "rows", "path": str(path), "kind": kind, "sheet": sheet})
    finished = False
    try:
        count = 0
        while True:
            message = child.receive(cancel)
            if message is None:
                return
            if message.get("t") == "done":
                finished = True
                return
            rows = message.get("rows")
            if message.get("t") != "rows" or not isinstance(rows, list):
                raise FileProblem(errors.CRASHED)
            for row in rows:
                yield row
                count += 1
                if cancel is not None and count % _CANCEL_EVERY == 0 and cancel():
                    return
    finally:
        child.close(wait=1.0 if finished else 0.0)
