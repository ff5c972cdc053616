"""Writers of one kind (imports) one at a time on a shared server database: an advisory lock that says who holds it.

Two imports into the same chapter must never interleave (each would match the other's half-written
rows). On a server the import holds a transaction-scoped advisory lock; while it does, its session's
``application_name`` says who (user@host) and since when, which any other user of the database may
read in ``pg_stat_activity``. Chapters are databases of their own, so one key serves every chapter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from organizer.errors import DatabaseProblem, sqlstate

LOCK_KEYS = {"import": 0x6F72_6749,  # "orgI"; small enough for pg_locks.objid alone (classid 0)
             "walk-in": 0x6F72_6757,  # "orgW": finding or adding the person at the door
             "upgrade": 0x6F72_6755}  # "orgU": one schema upgrade at a time
LOCK_NOT_AVAILABLE = "55P03"
DEFAULT_WAIT_S = 300.0


class WriterBusy(DatabaseProblem):
    """Another writer of the same kind holds the chapter (and this one would not, or no longer, wait)."""


@dataclass(frozen=True, slots=True)
class WriterLock:
    """What a write waits for: `name` ("import") and how long, in seconds (0: give up at once)."""

    name: str = "import"
    wait_s: float = DEFAULT_WAIT_S

    def busy_line(self, holder: str | None, waited: bool = False) -> str:
        who = f"{holder} is importing into this chapter" if holder else \
            "Another import (or another program) is writing to this chapter"
        if waited:
            return f"{who}, and still was after {self.wait_s:g} s: nothing was imported. Try again later."
        return f"{who}: nothing was imported. Try again when it is done, or without --no-wait to wait for it."


def take_server_lock(conn: Connection, lock: WriterLock) -> None:
    """Hold the lock for the rest of this transaction, waiting up to ``lock.wait_s``; WriterBusy if not."""
    key = LOCK_KEYS[lock.name]
    if not conn.execute(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": key}).scalar():
        holder = lock_holder(conn, key)
        if lock.wait_s <= 0:
            raise WriterBusy(lock.busy_line(holder))
        conn.exec_driver_sql(f"SET LOCAL lock_timeout = {int(lock.wait_s * 1000)}")
        try:
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})
        except DBAPIError as exc:
            if sqlstate(exc) == LOCK_NOT_AVAILABLE:
                raise WriterBusy(lock.busy_line(holder, waited=True)) from exc
            raise
        conn.exec_driver_sql("SET LOCAL lock_timeout = 0")
    me = conn.execute(text("SELECT current_setting('application_name')")).scalar() or ""
    user_host = str(me).removeprefix("chapter-organizer ").strip() or "someone"
    since = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    conn.execute(text("SELECT set_config('application_name', :v, true)"),
                 {"v": f"{lock.name} since {since} by {user_host}"[:63]})


def one_at_a_time(conn: Connection, name: str) -> None:
    """On a server, hold the named lock for the rest of this transaction, waiting for whoever holds it (a
    short write that finds a record, then adds it when missing: two users at once would add it twice). On
    SQLite a write holds the whole file already."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEYS[name]})


def lock_holder(conn: Connection, key: int) -> str | None:
    """Who holds the lock, as its session's application_name says (None when it is not known)."""
    row = conn.execute(text(
        "SELECT a.application_name, a.usename FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = :k "
        "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"),
        {"k": key}).first()
    if row is None:
        return None
    name, user = str(row[0] or ""), str(row[1] or "")
    if " since " in name and " by " in name:
        _kind, _, rest = name.partition(" since ")
        when, _, who = rest.partition(" by ")
        return f"{who} (since {when})"
    return user or None

