"""An import's second core: a child process that reads the file and prepares its rows (see KindSpec.codec).

The child reads the file (python-calamine for workbooks, the CSV reader for text), sends the
first rows, waits for the layout the import chose, then sends prepared chunks (see
``prepare.chunk_to_json``) while the import's own process matches and writes the chunks before.
It runs under the same limits as the workbook reader; messages both ways are JSON, never pickle.
"""

from __future__ import annotations

import contextlib
import gc
import json
from collections.abc import Callable, Iterator
from itertools import chain, islice
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import orjson

from organizer.files.reading import FileProblem, TableSource, errors
from organizer.files.reading.sandbox import ChildReader
from organizer.files.reading.worker import (
    ChildProblem,
    limit_resources,
    open_workbook,
    send_bug,
    sheet_rows,
    silence_output,
)
from organizer.services.importing.cleaning import Column
from organizer.services.importing.layout import Layout
from organizer.services.importing.registry import kind_named

HEAD_ROWS = 60
COMPACT = (",", ":")  # no spaces in the chunks' JSON: a tenth less to write and to read


class PrepareChild:
    """The parent's side: start the child, take the first rows, then the prepared chunks. Always close()."""

    def __init__(self, path: Path, kind: str, import_kind: str) -> None:
        codec = kind_named(import_kind).codec
        if codec is None:
            raise ValueError(f"the {import_kind} import prepares its rows in its own process")
        self._from_json = codec.from_json
        self._child = ChildReader({"op": "prepare", "path": str(path), "kind": kind, "import_kind": import_kind},
                                  prepare_main, duplex=True)
        self._finished = False

    def start(self, source: TableSource) -> None:
        """Let the child read the file, now that it passed every check (it starts early, and waits)."""
        self._child.send({"t": "source", "kind": source.kind, "sheet": source.sheet, "encoding": source.encoding,
                          "delimiter": source.delimiter, "inline": source.content is not None})
        if source.content is not None:  # a decrypted workbook: handed over in memory, never written to disk
            self._child.send_raw(source.content)

    def head(self, cancel: Callable[[], bool] | None) -> list[list[str]]:
        """The file's first rows (up to HEAD_ROWS), for choosing the layout; [] when cancelled."""
        message = self._child.receive(cancel)
        if message is None:
            return []
        rows = message.get("rows")
        if message.get("t") != "head" or not isinstance(rows, list) or not _is_rows(rows):
            raise FileProblem(errors.CRASHED)
        return rows

    def chunks(self, layout: Layout, region: str, cancel: Callable[[], bool] | None) -> Iterator[Any]:
        """Prepared chunks for this layout; stops quietly when ``cancel()`` becomes true."""
        self._child.send({"t": "layout", "header_row": layout.header_row, "headers": layout.headers,
                          "columns": [[c.index, c.header, c.field] for c in layout.columns], "region": region})
        while (message := self._child.receive(cancel)) is not None:
            if message.get("t") == "done":
                self._finished = True
                return
            if message.get("t") != "prepared":
                raise FileProblem(errors.CRASHED)
            try:
                chunk = self._from_json(message)
            except (ValueError, TypeError, KeyError):
                raise FileProblem(errors.CRASHED) from None
            yield chunk

    def close(self) -> None:
        """End the child (at once unless it finished)."""
        self._child.close(wait=1.0 if self._finished else 0.0)


def _is_rows(rows: list[Any]) -> bool:
    return all(
        isinstance(row, list) and all(isinstance(cell, str) for cell in row) for row in rows)


def prepare_main(conn: Connection, request: dict[str, Any]) -> None:
    """Child process entry point."""
    limit_resources()
    silence_output()
    gc.disable()  # a short-lived process that makes no reference cycles worth collecting
    try:
        _serve(conn, request)
    except ChildProblem as exc:
        _send(conn, {"t": "problem", "code": exc.code, "n": exc.count})
    except FileProblem as exc:
        _send(conn, {"t": "problem", "code": "message", "message": exc.message})
    except MemoryError:
        _send(conn, {"t": "problem", "code": "memory"})
    except (BrokenPipeError, ConnectionError, EOFError):
        pass
    except Exception as exc:  # the parser's own errors are ChildProblem("damaged"): this is a bug
        send_bug(conn, exc)
    finally:
        conn.close()


def _send(conn: Connection, message: dict[str, Any]) -> None:
    with contextlib.suppress(OSError, ValueError):
        conn.send_bytes(json.dumps(message).encode("ascii"))


def _serve(conn: Connection, request: dict[str, Any]) -> None:
    source = json.loads(conn.recv_bytes())  # the file is read only once the parent's checks passed
    if source.get("t") != "source":
        return
    content = conn.recv_bytes() if source.get("inline") else None
    rows = _rows(str(request["path"]), source, content)
    head = list(islice(rows, HEAD_ROWS))
    conn.send_bytes(json.dumps({"t": "head", "rows": head}).encode("ascii"))
    reply = json.loads(conn.recv_bytes())
    if reply.get("t") != "layout":
        return
    kind = kind_named(str(request["import_kind"]))
    codec = kind.codec
    if codec is None:  # the parent starts a child only for a kind with a codec
        raise RuntimeError(f"the {kind.name} import has no chunk codec")
    layout = Layout(int(reply["header_row"]), [str(h) for h in reply["headers"]],
                    [Column(int(i), str(h), str(f)) for i, h, f in reply["columns"]])
    # A kind that prepares in the child sends its warnings in its chunks: there is no one here to warn.
    for chunk in kind.prepare(layout, str(reply["region"]), enumerate(chain(head, rows), start=1), _no_warning):
        conn.send_bytes(json_bytes(codec.to_json(chunk)))
    conn.send_bytes(b'{"t": "done"}')


def json_bytes(message: dict[str, Any]) -> bytes:
    """A chunk as JSON in UTF-8, written by orjson (ten times faster than the standard library here); by the
    standard library when orjson refuses a value (a lone surrogate from a damaged file, a huge number), so a
    chunk that json can write always goes. The parent reads both the same."""
    try:
        return orjson.dumps(message)
    except TypeError:  # orjson.JSONEncodeError is one
        return json.dumps(message, separators=COMPACT).encode("ascii")


def _no_warning(_issue: object) -> None:
    return None


def _rows(path: str, source: dict[str, Any], content: bytes | None) -> Iterator[list[str]]:
    if source["kind"] == "csv":
        from organizer.files.reading.csvfile import iter_csv_rows

        table = TableSource(Path(path), "csv", None, (), source.get("encoding"), source.get("delimiter"))
        return iter_csv_rows(table, None)
    return _workbook_rows(path, str(source["sheet"]), content)


def _workbook_rows(path: str, sheet: str, content: bytes | None) -> Iterator[list[str]]:
    """The sheet's rows; the parser's errors arrive as ChildProblem("damaged"), anything else is a bug."""
    has_data = False
    with open_workbook(path, content) as workbook:
        for row in sheet_rows(workbook, sheet):
            has_data = has_data or bool(row)
            yield row
    if not has_data:
        raise FileProblem(errors.sheet_empty(sheet))
