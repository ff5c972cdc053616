"""Child-process side of workbook parsing: the only code that runs python-calamine, under limits."""

# The process is started with the "spawn" method, so a parser crash (a Rust panic aborts the
# process) or a runaway allocation cannot touch the app. Messages to the parent are JSON (never
# pickle), one per send_bytes; a decrypted workbook follows its "decrypted" message as raw bytes.

from __future__ import annotations

import contextlib
import io
import json
import os
import traceback
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any, TypeVar

from .ahead import SendAhead
from .cells import row_texts
from .decrypt import DecryptProblem, decrypt_file
from .errors import FileProblem
from .limits import (
    BATCH_CHARS,
    BATCH_ROWS,
    CHILD_CPU_SECONDS,
    CHILD_MEMORY_BYTES,
    MAX_FIELD_CHARS,
    MAX_SHEET_COLUMNS,
)

if TYPE_CHECKING:
    from .sheetscan import SheetStats

_T = TypeVar("_T")
_TRACE_FRAMES = 30


class ChildProblem(Exception):
    """A problem code for the parent (see errors.child_problem), with an optional count."""

    def __init__(self, code: str, count: int = 0) -> None:
        super().__init__(code)
        self.code = code
        self.count = count


def child_main(conn: Connection, request: dict[str, Any]) -> None:
    """Process entry point: answer one request ("info", "rows", "book" or "decrypt"), then exit."""
    limit_resources()
    silence_output()
    try:
        _serve(conn, request)
    except ChildProblem as exc:
        _send(conn, {"t": "problem", "code": exc.code, "n": exc.count})
    except DecryptProblem as exc:
        _send(conn, {"t": "problem", "code": exc.code})
    except FileProblem as exc:  # a sheet the preflight scan refused, in our own words
        _send(conn, {"t": "problem", "code": "message", "message": exc.message})
    except MemoryError:
        _send(conn, {"t": "problem", "code": "memory"})
    except (BrokenPipeError, ConnectionError):
        pass
    except Exception as exc:  # the parser's own errors are ChildProblem("damaged"): this is a bug
        send_bug(conn, exc)
    finally:
        conn.close()


def send_bug(conn: Connection, exc: BaseException) -> None:
    """Tell the parent about a bug here, with a traceback it can log (see ``bug_trace``)."""
    _send(conn, {"t": "problem", "code": "bug", "trace": bug_trace(exc)})


def bug_trace(exc: BaseException) -> str:
    """The traceback of a bug, without the exception's message: it may quote a cell of the file."""
    frames = traceback.format_list(traceback.extract_tb(exc.__traceback__)[-_TRACE_FRAMES:])
    kind = type(exc)
    return "".join(frames) + f"{kind.__module__}.{kind.__qualname__} (message withheld: it may quote the file)"


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


def open_workbook(path: str, data: bytes | None = None) -> Any:
    """The workbook (from ``data``, the decrypted file, when given), parsed by python-calamine.

    Only ever called in a child process. Any error of the parser's is the file's: ChildProblem.
    """
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        return CalamineWorkbook.from_path(path) if data is None else CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError:
        raise ChildProblem("password") from None
    except MemoryError:
        raise
    except Exception:  # calamine raises many error types for damaged files
        raise ChildProblem("damaged") from None


def _serve(conn: Connection, request: dict[str, Any]) -> None:
    op = request.get("op")
    if op == "decrypt":
        data = decrypt_file(str(request["path"]), request.get("password"))
        conn.send_bytes(b'{"t": "plain"}' if data is None else b'{"t": "decrypted"}')
        if data is not None:
            conn.send_bytes(data)
        return
    with open_workbook(str(request["path"]), request.get("data")) as workbook:
        if op == "info":
            conn.send_bytes(json.dumps({"t": "info", "sheets": _parsed(lambda: _info(workbook))}).encode("ascii"))
            return
        sender = SendAhead(conn)
        try:
            _stream(sender, workbook, request)
        finally:
            sender.close()  # what was parsed is sent before any problem message


def _stream(sender: SendAhead, workbook: Any, request: dict[str, Any]) -> None:
    op = request.get("op")
    names = [str(n) for n in request["sheets"]] if op == "book" else [str(request["sheet"])]
    parts: dict[str, str] = request.get("scan") or {}
    for name in names:
        start: dict[str, Any] = {"t": "sheet", "name": name}
        if name in parts:  # scanned here, just before it is parsed, rather than all up front by the parent
            stats = check_sheet_part(request, name, parts[name])
            if stats.unsaved_formulas:  # told with the sheet: they are read as empty
                start.update(unsaved=stats.unsaved_formulas, first=stats.first_unsaved)
        if op == "book":
            sender.send_bytes(json.dumps(start).encode("ascii"))
        for batch in _batches(workbook, name):
            packed = packed_rows(batch) if request.get("packed") else None
            sender.send_bytes(packed or json.dumps({"t": "rows", "rows": batch}).encode("ascii"))
    sender.send_bytes(b'{"t": "done"}')


def check_sheet_part(request: dict[str, Any], name: str, part: str) -> SheetStats:
    """The preflight's scan of one sheet's part (where its data lies) and its limits; raises FileProblem."""
    from pathlib import Path

    from .preflight import checked_sheet

    return checked_sheet(Path(str(request["path"])), str(request["kind"]), request.get("data"), name, part)


PACKED = b"\x00"
"""The first byte of a batch of rows sent as text (see ``packed_rows``) rather than as a JSON message."""
ROW_END, CELL_END = "\x1e", "\x1f"  # the record and unit separators


def packed_rows(batch: list[list[str]]) -> bytes | None:
    """A batch of rows as one text: cells joined by the unit separator, rows by the record separator (JSON
    costs both processes more). None when a cell holds either separator: then the batch goes as JSON."""
    text = ROW_END.join([CELL_END.join(row) for row in batch])
    cells = sum(len(row) - 1 for row in batch if row)
    if text.count(CELL_END) != cells or text.count(ROW_END) != len(batch) - 1:
        return None
    return PACKED + text.encode("utf-8", "surrogatepass")


def unpacked_rows(raw: bytes) -> list[list[str]]:
    """The rows of ``packed_rows``'s bytes (an empty row is [] again)."""
    text = raw[1:].decode("utf-8", "surrogatepass")
    return [row.split(CELL_END) if row else [] for row in text.split(ROW_END)]


def _parsed(call: Callable[[], _T]) -> _T:
    """``call()``, whose errors are the parser's (the file's), not bugs."""
    try:
        return call()
    except (ChildProblem, MemoryError):
        raise
    except Exception:
        raise ChildProblem("damaged") from None


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
        start, end = sheet.start, sheet.end
        values_iter = sheet.iter_rows()
    except WorksheetNotFound:
        raise ChildProblem("no_sheet") from None
    except MemoryError:
        raise
    except Exception:
        raise ChildProblem("damaged") from None
    if end is not None and end[1] + 1 > MAX_SHEET_COLUMNS:
        raise ChildProblem("too_wide", end[1] + 1)
    offset = start[1] if start is not None else 0
    while True:
        try:  # an error while the parser reads the next row is the file's; one after it is a bug
            values = next(values_iter)
        except StopIteration:
            return
        except MemoryError:
            raise
        except Exception:
            raise ChildProblem("damaged") from None
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
