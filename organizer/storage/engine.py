"""The one place engines are made: SQLite pragmas, transactions that really begin, hidden parameters."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import URL, Engine, event
from sqlalchemy import create_engine as sa_create_engine
from sqlalchemy.engine import Connection

BUSY_TIMEOUT_MS = 5000
BEGIN_MODE_OPTION = "sqlite_begin_mode"
BUSY_MS_OPTION = "sqlite_busy_ms"
"""How long this transaction's BEGIN waits for another writer (instead of BUSY_TIMEOUT_MS)."""


def is_sqlite(engine: Engine) -> bool:
    """Whether the engine talks to SQLite (the embedded default)."""
    return engine.dialect.name == "sqlite"


def create_engine(url: URL, creator: Callable[[], Any] | None = None,
                  connect_args: dict[str, Any] | None = None) -> Engine:
    """An engine for a database URL (made by a DatabaseLocation); SQLite gets its pragmas and explicit BEGIN.

    ``creator`` opens each driver connection itself (an encrypted SQLite file needs its key set
    first); the URL then only names the dialect. Statement parameters are people's names, phones
    and addresses: ``hide_parameters`` keeps them out of every error message and log line.
    """
    options: dict[str, Any] = {"hide_parameters": True}
    if creator is not None:
        options["creator"] = creator
    if url.get_backend_name() != "sqlite":
        # A server: a connection dropped since it was last used is replaced rather than failing.
        return sa_create_engine(url, pool_pre_ping=True, connect_args=connect_args or {}, **options)
    if creator is None:
        options["connect_args"] = {"timeout": BUSY_TIMEOUT_MS / 1000}
    engine = sa_create_engine(url, **options)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite's own transaction handling auto-commits DDL; turn it off and BEGIN ourselves
    # so a migration or an import commits whole or not at all.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA trusted_schema=OFF")
        # 16 MB of page cache (the default is 2 MB): big imports and index rebuilds stay in memory.
        cursor.execute("PRAGMA cache_size=-16384")
        cursor.execute("PRAGMA temp_store=MEMORY")
        cursor.execute("PRAGMA journal_mode=WAL")
        # FULL: a laptop that loses power must not roll back a committed transaction.
        cursor.execute("PRAGMA synchronous=FULL")
    finally:
        cursor.close()


def _on_begin(conn: Connection) -> None:
    options = conn.get_execution_options()
    mode = options.get(BEGIN_MODE_OPTION, "DEFERRED")
    wait_ms = options.get(BUSY_MS_OPTION)
    if wait_ms is None:
        conn.exec_driver_sql(f"BEGIN {mode}")
        return
    conn.exec_driver_sql(f"PRAGMA busy_timeout={int(wait_ms)}")
    try:
        conn.exec_driver_sql(f"BEGIN {mode}")
    finally:
        conn.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
