"""The one error model: what the user or the environment caused, told apart from bugs.

Every error a chapter lead can act on derives from `UserError`; `explain` is the one function
the command line and every screen ask whether an exception is such an error or a bug. This
module stays small and free of other layers, so the domain rules may import it too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


class UserError(Exception):
    """Something the user or the environment did; str(exc) is one plain line saying what to do."""


class DatabaseProblem(UserError):
    """The database cannot be opened or used (missing, locked, read-only, full, damaged, too new)."""


class NotFound(UserError):
    """A record the user named does not exist."""


class ValidationFailed(UserError):
    """A form or command had invalid values; `problems` maps each field to a plain reason."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = dict(problems)
        first = next(iter(self.problems.items()), ("", "invalid value"))
        super().__init__(f"{first[0]}: {first[1]}" if first[0] else first[1])


@dataclass(frozen=True, slots=True)
class Explained:
    """What to tell the user about an exception; `user_error` False means a bug (log it)."""

    user_error: bool
    message: str


BUSY = (
    "The database is busy: another program (or another copy of Chapter Organizer) is using it. "
    "Close it and try again."
)
READ_ONLY = "The database file is read-only: copy it to a folder you can write to and open the copy."
FULL = "The disk is full: free some disk space and try again. Nothing was saved."
CANNOT_OPEN = (
    "The database file cannot be opened: check that it still exists and that you may read and "
    "write it and its folder."
)
BACKUPS_BESIDE = "the backups folder beside the database file"

# SQLite's primary result codes (https://sqlite.org/rescode.html) that users and their computers
# cause. Only these are translated; every other database error is a bug.
SQLITE_ERROR, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_CORRUPT = 1, 5, 6, 8, 11
SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 13, 14, 26


def damaged(backups: Path | None) -> str:
    """The message for a damaged database file, pointing at its backups."""
    where = str(backups) if backups is not None else BACKUPS_BESIDE
    return f"The database file is damaged (or not a Chapter Organizer database): restore a backup from {where}."


def sqlite_code(exc: BaseException) -> int | None:
    """The primary SQLite result code of a driver error, or of the one SQLAlchemy wraps (`.orig`)."""
    for candidate in (exc, getattr(exc, "orig", None)):
        # sqlite3.Error carries sqlite_errorcode (Python 3.11+); extended codes keep the
        # primary code in their low byte (SQLITE_BUSY_SNAPSHOT 517 is SQLITE_BUSY 5).
        code = getattr(candidate, "sqlite_errorcode", None)
        if isinstance(code, int):
            return code & 0xFF
    return None


def database_problem(exc: BaseException, backups: Path | None = None) -> DatabaseProblem | None:
    """The plain problem for a known SQLite condition (by result code) or server one (by SQLSTATE), or None."""
    server = server_problem(exc)
    if server is not None:
        return server
    code = sqlite_code(exc)
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return DatabaseProblem(BUSY)
    if code == SQLITE_READONLY:
        return DatabaseProblem(READ_ONLY)
    if code == SQLITE_FULL:
        return DatabaseProblem(FULL)
    if code == SQLITE_CANTOPEN:
        return DatabaseProblem(CANNOT_OPEN)
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB) or (code == SQLITE_ERROR and _missing_part(exc)):
        return DatabaseProblem(damaged(backups))
    return None


def _missing_part(exc: BaseException) -> bool:
    """Whether SQLite says a table or column of the schema is missing: a chapter file another program
    changed (the app only opens files at its own schema), never a state the app makes itself."""
    driver = getattr(exc, "orig", exc)
    return str(driver).startswith(("no such table:", "no such column:"))


# PostgreSQL's SQLSTATE classes and codes (https://www.postgresql.org/docs/current/errcodes-appendix.html)
# that users, administrators and networks cause; every other server error is a bug.
SERVER_GONE = (
    "The connection to the server database was lost: nothing of the unfinished change was saved. "
    "Check the network and the server, then try again."
)
SERVER_READ_ONLY = "The server database is read-only (a standby, or read-only for you): ask its administrator."
SERVER_FULL = "The database server is out of disk space or memory: nothing was saved. Ask its administrator."
SERVER_BUSY = "The server database is busy (another user holds what this change needs): try again in a moment."
UNIQUE_VIOLATION = "23505"
SERVER_RACE = ("Another user saved the same record on the server database at the same moment, so nothing of this "
               "change was saved: try again.")
SERVER_MISSING_PART = ("{label} is missing some of the chapter's tables or columns (changed by hand, or not a "
                       "chapter database): ask its administrator to restore it from the server's backups.")
_SQLSTATE_LINES = {
    "28": "{label}: the server refused the login (authentication failed): check the user name and password "
          "(PGPASSWORD or ~/.pgpass).",
    "3D": "{label}: that database does not exist on the server: check its name, or ask the administrator to "
          "create it.",
    "42501": "{label}: permission denied: the server's administrator must grant this user access to the "
             "chapter's tables (or make it the database's owner).",
    "08": SERVER_GONE,
    "57P": SERVER_GONE,
    "25006": SERVER_READ_ONLY,
    "53": SERVER_FULL,
    "55P03": SERVER_BUSY,
    "40": SERVER_BUSY,
    "57014": SERVER_BUSY,
    "42P01": SERVER_MISSING_PART,  # undefined table
    "42703": SERVER_MISSING_PART,  # undefined column
    "58P01": "{label}: the server lacks the PostgreSQL extension the app needs (pg_trgm, from the "
             "postgresql-contrib package): ask its administrator to install it.",
}
# libpq's words when connecting fails before any SQLSTATE exists, and what they mean.
_CONNECT_WORDS = (
    (("password authentication failed", "no password supplied", "authentication failed",
      "role \"", "fe_sendauth"), "28"),
    (("database \"",), "3D"),
    (("permission denied",), "42501"),
)


def sqlstate(exc: BaseException) -> str | None:
    """The SQLSTATE of a server driver error, or of the one SQLAlchemy wraps (`.orig`)."""
    for candidate in (exc, getattr(exc, "orig", None)):
        code = getattr(candidate, "sqlstate", None)
        if isinstance(code, str) and len(code) == 5:
            return code
    return None


def _server_driver_error(exc: BaseException) -> BaseException | None:
    for candidate in (exc, getattr(exc, "orig", None)):
        if candidate is not None and type(candidate).__module__.split(".")[0] == "psycopg":
            return candidate
    return None


def server_problem(exc: BaseException, label: str | None = None) -> DatabaseProblem | None:
    """The plain problem for a known server condition (by SQLSTATE, or libpq's words when connecting
    failed before the server said anything), or None for anything else (a bug)."""
    driver = _server_driver_error(exc)
    for cause in _causes(exc):  # a later error (a rollback after the connection was lost) that a server one caused
        if driver is not None:
            break
        driver = _server_driver_error(cause)
        exc = cause if driver is not None else exc
    if driver is None:
        return None
    where = label or "The server database"
    code = sqlstate(driver)
    if code is None:
        text = one_line(str(driver))
        if type(driver).__name__ != "OperationalError":
            return None
        code = next((state for words, state in _CONNECT_WORDS if any(w in text for w in words)), None)
        if code is None:
            if getattr(exc, "connection_invalidated", False) or "server closed the connection" in text \
                    or "consuming input failed" in text:
                return DatabaseProblem(SERVER_GONE)
            reason = _connect_reason(str(driver))
            return DatabaseProblem(f"{where}: the server cannot be reached ({reason[:200]}): check the host, "
                                   "the port and that the server is running.")
    for prefix in (code, code[:3], code[:2]):
        line = _SQLSTATE_LINES.get(prefix)
        if line is not None:
            return DatabaseProblem(line.format(label=where))
    if code.startswith("22") or code == "54000":  # a value the server's column cannot hold (or index)
        return DatabaseProblem(refused_value(driver, where))
    return None


def _causes(exc: BaseException, depth: int = 5) -> Iterator[BaseException]:
    """The errors ``exc`` was raised from or while handling, nearest first (a few at most)."""
    seen = exc.__cause__ or exc.__context__
    while seen is not None and depth > 0:
        yield seen
        seen, depth = seen.__cause__ or seen.__context__, depth - 1


def _connect_reason(text: str) -> str:
    """libpq's reason a connection failed: the first line after its last "failed:" (the lines after it are a
    hint, such as "Is the server running on that host...", that the app's own sentence gives plainly)."""
    last = text.split(" failed: ")[-1].strip()
    first = last.splitlines()[0] if last else ""
    return one_line(first).removeprefix("FATAL:").strip().rstrip(".") or "no reason given"


_COPY_CONTEXT = re.compile(r"COPY (\w+), line \d+, column (\w+)")


def refused_value(driver: BaseException, where: str) -> str:
    """What a server said about a value it would not store, and where: its words and the table and column,
    never the value (it may be someone's name)."""
    diag = getattr(driver, "diag", None)
    reason = one_line(str(getattr(diag, "message_primary", None) or "the value does not fit its column"))
    found = _COPY_CONTEXT.search(str(getattr(diag, "context", None) or ""))
    column = f" (in {found.group(1)}, column {found.group(2)})" if found else ""
    return f"{where} refused a value: {reason[:200]}{column}. Correct or shorten it and try again; nothing was saved."


def one_line(text: str) -> str:
    """Whitespace (newlines included) folded, so a message stays one line."""
    return " ".join(text.split())


def bug_message() -> str:
    """What a user is told about a bug: that it happened, where its details are, and to report it."""
    from organizer.logs import log_file  # the paths module is not for the domain rules to load

    return f"Something went wrong; the details are in {log_file()}. Please report it."


def explain(exc: BaseException) -> Explained:
    """User error or bug: the one decision the command line and every screen share.

    A `UserError` gives its own line; a known SQLite or server condition its plain translation; anything
    else is a bug, told as "something went wrong" with where the log is. The caller logs a bug
    (with its traceback) once.
    """
    if isinstance(exc, UserError):
        return Explained(True, one_line(str(exc)) or type(exc).__name__)
    problem = database_problem(exc)
    if problem is not None:
        return Explained(True, str(problem))
    if _is_server_race(exc):
        return Explained(True, SERVER_RACE)
    return Explained(False, bug_message())


def _is_server_race(exc: BaseException) -> bool:
    """A unique key two users' writes both took on a server (the app checks before it writes, and on SQLite
    only one writes at a time). Told, not translated where it is raised: code that expects it still sees it."""
    driver = _server_driver_error(exc)
    return driver is not None and sqlstate(driver) == UNIQUE_VIOLATION
