"""unmatched voter ids

A signature or contact attempt from another chapter's share file names its voter by the county's voter id.
When this chapter's voter roll lacks that voter, the record was kept without it and the id was lost, so a
share file exported again no longer carried it. Signatures and contact attempts now keep that id.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-07 10:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0028'
down_revision: str | None = '0027'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("signatures", "contact_attempts")
COLUMN = "unmatched_voter_id"


def _has_column(table: str) -> bool:
    return any(c["name"] == COLUMN for c in sa.inspect(op.get_bind()).get_columns(table))


def upgrade() -> None:
    for table in TABLES:
        if not _has_column(table):  # runs again harmlessly
            op.add_column(table, sa.Column(COLUMN, sa.String(50), nullable=False, server_default=""))


def downgrade() -> None:
    for table in TABLES:
        if _has_column(table):
            with op.batch_alter_table(table) as batch:
                batch.drop_column(COLUMN)
