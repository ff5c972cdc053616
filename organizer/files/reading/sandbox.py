"""Parent side of workbook parsing: runs worker.child_main in a spawned process and streams its rows."""

from __future__ import annotations

import contextlib
import json
import logging
import multiprocessing
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from . import errors
from .errors import FileProblem, ReaderBug
from .limits import CHILD_STALL_SECONDS
from .sniff import container_suffix
from .worker import PACKED, child_main, unpacked_rows

log = logging.getLogger(__name__)
_POLL_SECONDS = 0.05
_MAX_MESSAGE_BYTES = 512 << 20
_CANCEL_EVERY = 64


class ChildReader:
    """One spawned parser process; always ``close()`` it (it is killed if still running)."""

    def __init__(self, request: dict[str, Any], target: Callable[[Any, dict[str, Any]], None] | None = None,
                 *, duplex: bool = False) -> None:
        self._suffix = container_suffix(Path(request["path"]), "." + str(request["kind"]))
        ctx = multiprocessing.get_context("spawn")
        self._conn, child_end = ctx.Pipe(duplex=duplex)
        self._proc = ctx.Process(target=target or child_main, args=(child_end, request), daemon=True,
                                 name="organizer-reader")
        try:
            self._proc.start()
        except BaseException:
            self._conn.close()
            raise
        finally:
            child_end.close()

    def receive(self, cancel: Callable[[], bool] | None) -> dict[str, Any] | None:
        """The next message, or None when ``cancel()`` became true while waiting."""
        raw = self.receive_raw(cancel)
        return None if raw is None else self.message(raw)

    def message(self, raw: bytes) -> dict[str, Any]:
        """A message's bytes read: problems the child reported are raised here."""
        try:
            message = json.loads(raw)
        except ValueError:  # the child sent garbage
            raise FileProblem(errors.CRASHED) from None
        if not isinstance(message, dict):
            raise FileProblem(errors.CRASHED)
        if message.get("t") == "problem":
            if message.get("code") == "message" and isinstance(message.get("message"), str):
                raise FileProblem(message["message"])  # our own reader's sentence, raised in the child
            if message.get("code") == "bug":
                log.error("The file-reading process failed (a bug, not the file's fault):\n%s",
                          str(message.get("trace", "(no traceback)")))
                raise ReaderBug("the file-reading process failed; its traceback is in the log")
            raw_count = message.get("n")
            count = raw_count if isinstance(raw_count, int) else 0
            raise FileProblem(errors.child_problem(str(message.get("code")), count, self._suffix))
        return message

    def receive_raw(self, cancel: Callable[[], bool] | None) -> bytes | None:
        """The next message's bytes, or None when ``cancel()`` became true while waiting."""
        deadline = time.monotonic() + CHILD_STALL_SECONDS
        while not self._conn.poll(_POLL_SECONDS):
            if cancel is not None and cancel():
                return None
            if time.monotonic() > deadline:
                raise FileProblem(errors.TIMED_OUT)
        try:
            return self._conn.recv_bytes(_MAX_MESSAGE_BYTES)
        except (EOFError, OSError):  # the child died, or sent too much
            raise FileProblem(errors.CRASHED) from None

    def send_raw(self, data: bytes) -> None:
        """Bytes to the child (only for a child started with ``duplex=True``)."""
        try:
            self._conn.send_bytes(data)
        except (OSError, ValueError):
            raise FileProblem(errors.CRASHED) from None

    def send(self, message: dict[str, Any]) -> None:
        """A message to the child (only for a child started with ``duplex=True``)."""
        self.send_raw(json.dumps(message).encode("utf-8"))

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


def _request(op: str, path: Path, kind: str, content: bytes | None, **more: Any) -> dict[str, Any]:
    request: dict[str, Any] = {"op": op, "path": str(path), "kind": kind, **more}
    if content is not None:
        request["data"] = content  # the decrypted workbook, handed over in memory
    return request


def decrypt_workbook(path: Path, kind: str, password: str | None) -> bytes | None:
    """The decrypted bytes of an Office-encrypted workbook (decrypted in the child), or None if not encrypted."""
    child = ChildReader({"op": "decrypt", "path": str(path), "kind": kind, "password": password})
    try:
        message = child.receive(None)
        if message is not None and message.get("t") == "plain":
            return None
        if message is None or message.get("t") != "decrypted":
            raise FileProblem(errors.CRASHED)
        return child.receive_raw(None)
    finally:
        child.close(wait=1.0)


def sheet_catalog(path: Path, kind: str, content: bytes | None = None) -> list[dict[str, Any]]:
    """Sheet names, visibility, and data extent, as the parser sees them (used for .xls)."""
    child = ChildReader(_request("info", path, kind, content))
    try:
        message = child.receive(None)
    finally:
        child.close(wait=1.0)
    sheets = message.get("sheets") if message is not None else None
    if message is None or message.get("t") != "info" or not isinstance(sheets, list):
        raise FileProblem(errors.CRASHED)
    return sheets


def iter_sheet_rows(
    path: Path, kind: str, sheet: str, cancel: Callable[[], bool] | None, content: bytes | None = None
) -> Iterator[list[str]]:
    """Every row of one sheet, parsed in a child process; stops quietly when ``cancel()`` is true."""
    child = ChildReader(_request("rows", path, kind, content, sheet=sheet))
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


def read_sheets(
    path: Path, kind: str, names: list[str], cancel: Callable[[], bool] | None, content: bytes | None = None
) -> dict[str, list[list[str]]] | None:
    """Every row of each named sheet, parsed in one child process; None when ``cancel()`` became true."""
    child = ChildReader(_request("book", path, kind, content, sheets=names))
    finished = False
    sheets: dict[str, list[list[str]]] = {}
    current: list[list[str]] | None = None
    try:
        while (message := child.receive(cancel)) is not None:
            kind_of = message.get("t")
            if kind_of == "done":
                finished = True
                return sheets
            if kind_of == "sheet" and message.get("name") in names:
                current = sheets.setdefault(str(message["name"]), [])
            elif kind_of == "rows" and current is not None and isinstance(message.get("rows"), list):
                current.extend(message["rows"])
            else:
                raise FileProblem(errors.CRASHED)
        return None
    finally:
        child.close(wait=1.0 if finished else 0.0)


def _received(child: ChildReader, cancel: Callable[[], bool] | None) -> dict[str, Any] | list[list[str]] | None:
    """The child's next message, or the rows of a packed batch (see ``worker.packed_rows``)."""
    raw = child.receive_raw(cancel)
    if raw is None:
        return None
    if raw[:1] == PACKED:
        try:
            return unpacked_rows(raw)
        except UnicodeDecodeError:  # the child sent garbage
            raise FileProblem(errors.CRASHED) from None
    return child.message(raw)


def stream_sheets(
    path: Path, kind: str, names: list[str], cancel: Callable[[], bool] | None, content: bytes | None = None,
    scan: dict[str, str] | None = None, unsaved: dict[str, tuple[int, str]] | None = None,
) -> Iterator[tuple[str, list[list[str]]]]:
    """Each named sheet, in the order named, as (name, []) when it starts and then (name, rows) batch by batch,
    parsed in one child process and handed on as they come (never held whole); stops quietly on ``cancel()``.

    ``scan`` names the xlsx part of sheets the preflight has not scanned yet: the child scans each just
    before parsing it (so the scan of one sheet overlaps the parent's work on the sheets before it); ``unsaved``
    is given, by sheet, how many cells hold a formula whose result was never saved (read as empty) and the
    first of them."""
    child = ChildReader(_request("book", path, kind, content, sheets=names, scan=scan or {}, packed=True))
    finished = False
    current: str | None = None
    try:
        while (message := _received(child, cancel)) is not None:
            if isinstance(message, list):  # a batch of rows, packed
                if current is None:
                    raise FileProblem(errors.CRASHED)
                yield current, message
                continue
            kind_of = message.get("t")
            if kind_of == "done":
                finished = True
                return
            if kind_of == "sheet" and message.get("name") in names:
                current = str(message["name"])
                if unsaved is not None and isinstance(message.get("unsaved"), int):
                    unsaved[current] = (int(message["unsaved"]), str(message.get("first", "")))
                yield current, []
            elif kind_of == "rows" and current is not None and isinstance(message.get("rows"), list):
                yield current, message["rows"]
            else:
                raise FileProblem(errors.CRASHED)
    finally:
        child.close(wait=1.0 if finished else 0.0)
