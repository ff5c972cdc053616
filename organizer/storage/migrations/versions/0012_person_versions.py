"""person versions

Every person gets a version number, bumped by every update of their row (organizer.storage.models.people):
a form saving a person someone else changed since it opened them is refused and shown both versions,
instead of silently overwriting the other's change. People stored before start at 1.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 18:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("people")}
    if "version" in columns:  # a database set back by hand may hold it already
        return
    # A constant default: PostgreSQL adds the column without rewriting the table; SQLite adds it in place.
    op.add_column("people", sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.drop_column("version")
