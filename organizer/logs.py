"""Logging to a rotating file in the per-user log folder, readable by the user only; never personal data."""

from __future__ import annotations

import contextlib
import io
import logging
import logging.handlers
import os
import sqlite3
import traceback
from pathlib import Path
from types import TracebackType

from organizer.paths import PRIVATE_FILE, log_dir, make_private, private_folder

LOG_NAME = "organizer.log"
BACKUP_COUNT = 3
_installed = False


# A bug's traceback is logged without its exception's message: the message may quote what caused
# it ("invalid literal for int(): 'Ana Silva'"), a name, an email or a phone from a spreadsheet.
WITHHELD = "(message not logged: it may quote personal data)"
_CHAIN_LIMIT = 10

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]


class PrivateFormatter(logging.Formatter):
    """A formatter whose tracebacks leave out exception messages (see `private_traceback`)."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as text; never the traceback text another handler cached on it (with messages)."""
        cached = record.exc_text
        record.exc_text = None
        try:
            return super().format(record)
        finally:
            record.exc_text = cached

    def formatException(self, ei: ExcInfo) -> str:
        return private_traceback(ei[1])


def private_traceback(exc: BaseException | None) -> str:
    """The traceback of ``exc`` and the exceptions that led to it, each without its message."""
    chain: list[BaseException] = []
    while exc is not None and exc not in chain and len(chain) < _CHAIN_LIMIT:
        chain.append(exc)
        exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
    parts: list[str] = []
    for number, link in enumerate(reversed(chain)):
        if number:
            parts.append("\nThe exception above led to this one:\n\n")
        parts.append("Traceback (most recent call last):\n")
        parts.extend(traceback.format_list(traceback.extract_tb(link.__traceback__)))
        kind = type(link)
        parts.append(f"{kind.__module__}.{kind.__qualname__}: {_detail(link)}\n")
    return "".join(parts).rstrip("\n")


def _detail(exc: BaseException) -> str:
    """What may be logged about an exception: a database error's SQLite message and statement, else nothing.

    SQLite's own messages name tables, columns and constraints, never the values bound to a statement.
    """
    driver = exc if isinstance(exc, sqlite3.Error) else getattr(exc, "orig", None)
    statement = getattr(exc, "statement", None)
    found = []
    if isinstance(driver, sqlite3.Error):
        code = getattr(driver, "sqlite_errorcode", None)
        found.append(f"SQLite says {' '.join(str(driver).split())[:300]!r} (result code {code})")
    primary = getattr(getattr(driver, "diag", None), "message_primary", None)
    if isinstance(primary, str):  # a server's primary message names objects; its DETAIL (values) is left out
        state = getattr(driver, "sqlstate", "")
        found.append(f"the server says {' '.join(primary.split())[:300]!r} (SQLSTATE {state})")
    if isinstance(statement, str):
        found.append(f"in SQL: {' '.join(statement.split())[:1000]}")
    return "; ".join(found) if found else WITHHELD


def log_file() -> Path:
    """Where the log is written."""
    return log_dir() / LOG_NAME


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose every file (the first, and each one made at rollover) is the user's alone."""

    def _open(self) -> io.TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE)
        try:
            make_private(Path(self.baseFilename))
        except OSError:
            os.close(fd)
            raise
        return open(fd, "a", encoding=self.encoding, errors=self.errors)  # the handler closes it


def _tighten_old_logs() -> None:
    """Logs written by earlier versions were readable by everyone."""
    base = log_file()
    for path in (base, *(Path(f"{base}.{n}") for n in range(1, BACKUP_COUNT + 1))):
        with contextlib.suppress(OSError):
            if path.exists():
                make_private(path)


def setup_logging(level: int = logging.INFO) -> None:
    """Send log records to the log file; stay silent if the folder cannot be written."""
    global _installed
    if _installed:
        return
    handler: logging.Handler
    try:
        private_folder(log_dir())
        _tighten_old_logs()
        handler = PrivateRotatingFileHandler(
            log_file(), maxBytes=1_000_000, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(PrivateFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    _installed = True
