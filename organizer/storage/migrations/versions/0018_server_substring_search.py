"""server substring search

On a PostgreSQL server, searching people and voters by any part of a name, an address or an id
(``LIKE '%term%'``) uses trigram indexes (the ``pg_trgm`` extension: trusted, so the database's
owner creates it, no superuser needed). The btree index over people's whole search text, which on
SQLite lets a search scan the index instead of the table, is dropped there: a server's btree entry
is limited to about 2,700 bytes and a person's search text (custom field values included) may be
longer; the trigram index does its work. The keys lists are sorted by compare byte by byte (collation
"C"), as on SQLite. SQLite gets nothing here.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 19:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0018'
down_revision: str | None = '0017'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The keys lists are sorted by compare byte by byte ("C"), as SQLite sorts them, whatever the database's own
# collation (the same order out of both, and a server's sort of them several times faster).
SORT_KEYS = {"people": ("family_key", "name_key", "search_text"),
             "voters": ("family_key", "name_key", "search_key")}
TRIGRAM_INDEXES = {"trgm_people_search_text": ("people", "search_text"),
                   "trgm_voters_search_key": ("voters", "search_key")}


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_people_search")
    for table, columns in SORT_KEYS.items():
        for column in columns:
            kind = conn.exec_driver_sql(
                "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                f"WHERE attrelid = '{table}'::regclass AND attname = '{column}'").scalar()
            conn.exec_driver_sql(f'ALTER TABLE {table} ALTER COLUMN {column} TYPE {kind} COLLATE "C"')
    for name, (table, column) in TRIGRAM_INDEXES.items():
        conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)")


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    for name in TRIGRAM_INDEXES:
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
    op.create_index("ix_people_search", "people", ["search_text", "family_key", "name_key", "id"])
