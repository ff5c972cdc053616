"""people created index

The dashboard counts new people per month; an index on people.created_at lets each month be counted
off the index instead of reading every person.

Revision ID: 0024
Revises: 0018
Create Date: 2026-12-06 22:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0024'
down_revision: str | None = '0018'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_people_created_at", "people", ["created_at"], if_not_exists=True)


def downgrade() -> None:
    op.drop_index("ix_people_created_at", table_name="people", if_exists=True)
