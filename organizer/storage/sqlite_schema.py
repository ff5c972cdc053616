"""Editing a SQLite table's definition in place, for the schema changes SQLite documents as safe that way
(removing or rewriting a constraint that every stored row meets: no row or index changes), instead of
copying the table -- a million-voter table, its checks and its expression indexes -- into a new one.

Used by migrations, so it imports neither the models nor the services.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection


def table_sql(conn: Connection, table: str) -> str:
    """The CREATE TABLE statement SQLite keeps for a table."""
    sql = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).scalar()
    if not isinstance(sql, str):
        raise RuntimeError(f"the table {table} is missing")
    return sql


def table_names(conn: Connection) -> list[str]:
    """Every table of the database (SQLite's own left out), by name."""
    return list(conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name").scalars())


def rewrite_table(conn: Connection, table: str, sql: str) -> None:
    """Replace a table's definition in place: only for changes that leave every stored row and index valid."""
    version = conn.exec_driver_sql("PRAGMA schema_version").scalar_one()
    conn.exec_driver_sql("PRAGMA writable_schema = ON")
    try:
        conn.exec_driver_sql("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", (sql, table))
        conn.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")  # other connections re-read it
    finally:
        conn.exec_driver_sql("PRAGMA writable_schema = OFF")
