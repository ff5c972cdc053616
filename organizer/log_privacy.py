"""Log records that never carry personal data: a bug's traceback without its exception's message.

An exception's message may quote what caused it (``invalid literal for int(): 'Ana Silva'``), and
that can be a name, an email or a phone from a spreadsheet. The log keeps what finds a bug (the
exception's type, where it was raised and through which calls, and for a database error its SQL,
whose parameters the engine hides) and leaves the message out.
"""

from __future__ import annotations

import logging
import sqlite3
import traceback
from types import TracebackType

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
    if isinstance(statement, str):
        found.append(f"in SQL: {' '.join(statement.split())[:1000]}")
    return "; ".join(found) if found else WITHHELD
