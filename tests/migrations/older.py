"""Making a head-schema database look like an older revision, for tests of one migration."""

from __future__ import annotations

import sqlite3

# The tables each revision creates: a database set back before it must not have them yet.
TABLES_OF: dict[str, tuple[str, ...]] = {
    "0008": ("person_merges", "not_same_people"),
    "0011": ("voters_fts",),
    "0017": ("suppressions", "offered_deletions"),
}


def set_back_to(con: sqlite3.Connection, revision: str) -> None:
    """Record the database as at ``revision``, dropping the tables later revisions create."""
    for later, tables in TABLES_OF.items():
        if later > revision:
            for table in tables:
                con.execute(f'DROP TABLE IF EXISTS "{table}"')
    con.execute("UPDATE alembic_version SET version_num = ?", (revision,))
