"""drop unused voter address index

No query looks voters up by street key and postal code (people are matched to voters by name and street
key through people's own addresses; walk lists go by precinct and street, petitions by name and house
number), so the index over them only cost every voter-file load: on a server about a tenth of the
server's work for a million-voter file, kept up row by row.

Revision ID: 0026
Revises: 0024
Create Date: 2026-12-07 00:30:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0026'
down_revision: str | None = '0024'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_voters_address", table_name="voters", if_exists=True)


def downgrade() -> None:
    op.create_index("ix_voters_address", "voters", ["street_key", "postal_code"], if_not_exists=True)
