"""voter text index

Searching a roll of a million voters by scanning the search key takes about a tenth of a second per
search; on SQLite an FTS5 index with the trigram tokenizer finds the voters holding a term of three
or more characters at once. It holds each voter's search key under the voter's row id, is filled
here from the voters already stored, and the app keeps it in step with every write to voters
(organizer.storage.voter_text: triggers cannot write a virtual table while the schema is
untrusted). Other dialects, and an SQLite built without the trigram tokenizer, get nothing: the
search falls back to its portable filter (organizer.storage.voter_text decides at run time).

A later migration that changes voters' search keys must fill the index afresh, as here.

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-06 17:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CREATE_INDEX = "CREATE VIRTUAL TABLE IF NOT EXISTS voters_fts USING fts5(search_key, tokenize='trigram')"
FILL = "INSERT INTO voters_fts(rowid, search_key) SELECT id, search_key FROM voters"


def _has_trigram(conn: sa.Connection) -> bool:
    """Whether this SQLite has FTS5 with the trigram tokenizer (3.34 and later builds with FTS5)."""
    try:
        with conn.begin_nested():
            conn.exec_driver_sql("CREATE VIRTUAL TABLE temp.voters_fts_probe USING fts5(x, tokenize='trigram')")
            conn.exec_driver_sql("DROP TABLE temp.voters_fts_probe")
    except sa.exc.OperationalError:
        return False
    return True


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "sqlite" or not _has_trigram(conn):
        return
    op.execute(CREATE_INDEX)
    op.execute("DELETE FROM voters_fts")  # a database set back by hand may hold it already: fill it afresh
    op.execute(FILL)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    op.execute("DROP TABLE IF EXISTS voters_fts")
