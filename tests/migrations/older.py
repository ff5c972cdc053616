"""Making a head-schema database look like an older revision, for tests of one migration."""

from __future__ import annotations

import sqlite3

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
