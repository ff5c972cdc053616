"""signature values as typed

A signatures import had nowhere to keep what a line carried beyond the name, address, ZIP and date: the
signer's email, phone and city, the sheet's circulator, a date it could not read and any other column were
dropped. Signatures now keep such values as typed, by the column they came from.

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-09 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0029'
down_revision: str | None = '0028'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "signatures"
COLUMN = "as_typed"


def _has_column() -> bool:
    return any(c["name"] == COLUMN for c in sa.inspect(op.get_bind()).get_columns(TABLE))


def upgrade() -> None:
    if not _has_column():  # runs again harmlessly
        op.add_column(TABLE, sa.Column(COLUMN, sa.JSON(), nullable=False, server_default="{}"))


def downgrade() -> None:
    if _has_column():
        with op.batch_alter_table(TABLE) as batch:
            batch.drop_column(COLUMN)
