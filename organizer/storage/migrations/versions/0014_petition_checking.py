"""petition checking

Checking signatures against the voter roll needs the clerk's rules per petition (when signing
opened, whether circulator statements must be notarized) and per sheet (the district its header
names, when it was filed), each line's signer name in parts, a reason code, and whether a person
decided the line (a re-check keeps it). Signers whose family name is misspelt are looked up by house
number and ZIP, so the voter roll gets that index.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 19:00:00.000000
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


NEW_COLUMNS: dict[str, tuple[sa.Column[Any], ...]] = {
    'petitions': (sa.Column('opens_on', sa.Date(), nullable=True),
                  sa.Column('notary_required', sa.Boolean(), server_default=sa.false(), nullable=False)),
    'petition_sheets': (sa.Column('district', sa.String(length=100), server_default='', nullable=False),
                        sa.Column('filed_on', sa.Date(), nullable=True)),
    'signatures': (sa.Column('given_name', sa.String(length=200), server_default='', nullable=False),
                   sa.Column('family_name', sa.String(length=200), server_default='', nullable=False),
                   sa.Column('reason', sa.String(length=40), server_default='', nullable=False),
                   sa.Column('decided', sa.Boolean(), server_default=sa.false(), nullable=False)),
}


def upgrade() -> None:
    # Only what is missing: a database set back to an older revision (tests) may hold some of it.
    inspector = sa.inspect(op.get_bind())
    for table, columns in NEW_COLUMNS.items():
        present = {c['name'] for c in inspector.get_columns(table)}
        missing = [c for c in columns if c.name not in present]
        if missing:
            with op.batch_alter_table(table, schema=None) as batch_op:
                for column in missing:
                    batch_op.add_column(column)
    if 'ix_voters_number' not in {i['name'] for i in inspector.get_indexes('voters')}:
        op.create_index('ix_voters_number', 'voters', ['street_number_value', 'postal_code'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_voters_number', table_name='voters')
    with op.batch_alter_table('signatures', schema=None) as batch_op:
        for column in ('decided', 'reason', 'family_name', 'given_name'):
            batch_op.drop_column(column)
    with op.batch_alter_table('petition_sheets', schema=None) as batch_op:
        batch_op.drop_column('filed_on')
        batch_op.drop_column('district')
    with op.batch_alter_table('petitions', schema=None) as batch_op:
        batch_op.drop_column('notary_required')
        batch_op.drop_column('opens_on')
