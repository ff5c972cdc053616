"""Child-process side of workbook parsing: the only code that runs python-calamine, under limits."""

# The process is started with the "spawn" method, so a parser crash (a Rust panic aborts the
# process) or a runaway allocation cannot touch the app. Messages to the parent are JSON (never
# pickle), one per send_bytes.

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from multiprocessing.connection import Connection
from typing import Any

from .cells import row_texts
from .limits import (
    BATCH_CHARS,
    BATCH_ROWS,
    CHILD_CPU_SECONDS,
    CHILD_MEMORY_BYTES,
    MAX_FIELD_CHARS,
    MAX_SHEET_COLUMNS,
)


class ChildProblem(Exception):
    """A problem code for the parent (see errors.child_problem), with an optional count."""

    def __init__(self, code: str, count: int = 0) -> None:
        super().__init__(code)
        self.code = code
        self.count = count


def child_main(conn: Connection, request: dict[str, Any]) -> None:
    """Process entry point: answer one request ("info" or "rows"), then exit."""
    limit_resources()
    silence_output()
    try:
        _serve(conn, request)
    except ChildProblem as exc:
        _send(conn, {"t": "problem", "code": exc.code, "n": exc.count})
    except MemoryError:
        _send(conn, {"t": "problem", "code": "memory"})
    except (BrokenPipeError, ConnectionError):
        pass
    except Exception:  # calamine raises many error types for damaged files
        _send(conn, {"t": "problem", "code": "damaged"})
    finally:
        conn.close()


def limit_resources() -> None:
    """Memory, CPU, core-dump and file-size limits for a child that reads untrusted files."""
    try:
        import resource
    except ImportError:  # Windows
        return
    wanted = (
        (resource.RLIMIT_AS, CHILD_MEMORY_BYTES),
        (resource.RLIMIT_CPU, CHILD_CPU_SECONDS),
        (resource.RLIMIT_CORE, 0),
        (resource.RLIMIT_FSIZE, 0),
    )
    for which, value in wanted:
        try:
            _soft, hard = resource.getrlimit(which)
            new = value if hard == resource.RLIM_INFINITY else min(value, hard)
            resource.setrlimit(which, (new, hard))
        except (ValueError, OSError):  # e.g. RLIMIT_AS on macOS
            continue


def silence_output() -> None:
    """A parser panic prints to stderr; it could quote file content, so it goes nowhere."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass


def _send(conn: Connection, message: dict[str, Any]) -> None:
    with contextlib.suppress(OSError, ValueError):
        conn.send_bytes(json.dumps(message).encode("ascii"))


def open_workbook(path: str) -> Any:
    """The workbook, parsed by python-calamine (only ever called in a child process)."""
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        return CalamineWorkbook.from_path(path)
    except PasswordError:
        raise ChildProblem("password") from None


def _serve(conn: Connection, request: dict[str, Any]) -> None:
    with open_workbook(str(request["path"])) as workbook:
        if request.get("op") == "info":
            conn.send_bytes(json.dumps({"t": "info", "sheets": _info(workbook)}).encode("ascii"))
            return
        for batch in _batches(workbook, str(request["sheet"])):
            conn.send_bytes(json.dumps({"t": "rows", "rows": batch}).encode("ascii"))
        conn.send_bytes(b'{"t": "done"}')


def _info(workbook: Any) -> list[dict[str, Any]]:
    from python_calamine import SheetTypeEnum, SheetVisibleEnum

    sheets = []
    for meta in workbook.sheets_metadata:
        worksheet = meta.typ == SheetTypeEnum.WorkSheet
        entry: dict[str, Any] = {
            "name": meta.name,
            "visible": meta.visible == SheetVisibleEnum.Visible,
            "worksheet": worksheet,
            "start": None,
            "end": None,
        }
        if worksheet:
            sheet = workbook.get_sheet_by_name(meta.name)
            entry["start"], entry["end"] = sheet.start, sheet.end
        sheets.append(entry)
    return sheets


def sheet_rows(workbook: Any, name: str) -> Iterator[list[str]]:
    """Every row of one sheet as text, checked against the width and cell-length caps."""
    from python_calamine import WorksheetNotFound

    try:
        sheet = workbook.get_sheet_by_name(name)
    except WorksheetNotFound:
        raise ChildProblem("no_sheet") from None
    start, end = sheet.start, sheet.end
    if end is not None and end[1] + 1 > MAX_SHEET_COLUMNS:
        raise ChildProblem("too_wide", end[1] + 1)
    offset = start[1] if start is not None else 0
    for values in sheet.iter_rows():
        row = row_texts(values, offset)
        if sum(map(len, row)) > MAX_FIELD_CHARS and max(map(len, row)) > MAX_FIELD_CHARS:
            raise ChildProblem("cell_too_long")
        yield row


def _batches(workbook: Any, name: str) -> Iterator[list[list[str]]]:
    batch: list[list[str]] = []
    size = 0
    for row in sheet_rows(workbook, name):
        batch.append(row)
        size += sum(map(len, row))
        if len(batch) >= BATCH_ROWS or size >= BATCH_CHARS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch
