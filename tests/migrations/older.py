"""Helpers for tests of one migration: a head-schema database set back to look like an older revision, the
migrations run to a revision, and a migration script loaded as a module."""

from __future__ import annotations

import importlib.util
import sqlite3
from pathlib import Path
from types import ModuleType

from sqlalchemy import Engine

# The tables each revision creates: a database set back before it must not have them yet.
TABLES_OF: dict[str, tuple[str, ...]] = {
    "0008": ("person_merges", "not_same_people"),
    "0011": ("voters_fts",),
    "0015": ("vote_history",),
    "0016": ("offices",),
    "0017": ("suppressions", "offered_deletions"),
}
# The columns (table, column) each revision adds to a table an earlier one made.
COLUMNS_OF: dict[str, tuple[tuple[str, str], ...]] = {
    "0012": (("people", "version"),),
}


def set_back_to(con: sqlite3.Connection, revision: str) -> None:
    """Record the database as at ``revision``, dropping the tables and columns later revisions create."""
    for later, tables in TABLES_OF.items():
        if later > revision:
            for table in tables:
                con.execute(f'DROP TABLE IF EXISTS "{table}"')
    for later, columns in COLUMNS_OF.items():
        if later > revision:
            for table, column in columns:
                con.execute(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
    con.execute("UPDATE alembic_version SET version_num = ?", (revision,))


def migrate(engine: Engine, target: str) -> None:
    """Upgrade (or, to an older revision, downgrade) the database to ``target`` over one transaction."""
    from alembic import command

    from organizer.storage.migrate import alembic_config, current_revision

    current = current_revision(engine)
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        if target != "head" and current is not None and current > target:
            command.downgrade(cfg, target)
        else:
            command.upgrade(cfg, target)


def migration_module(filename: str) -> ModuleType:
    """One migration script, loaded as a module of its own (for its constants and functions)."""
    path = Path(__file__).resolve().parents[2] / "organizer" / "storage" / "migrations" / "versions" / filename
    spec = importlib.util.spec_from_file_location(f"migration_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
