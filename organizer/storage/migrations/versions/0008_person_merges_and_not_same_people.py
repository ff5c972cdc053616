"""person merges and not-same people

A merge of two people is recorded with a snapshot of what moved, so it can be undone; two people a
person said are different are remembered by their uuids, so no later import proposes them again.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 16:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('person_merges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survivor_uuid', sa.String(length=36), nullable=False),
    sa.Column('merged_uuid', sa.String(length=36), nullable=False),
    sa.Column('duplicate_id', sa.Integer(), nullable=True),
    sa.Column('merged_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('undone_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['duplicate_id'], ['possible_duplicates.id'],
                            name=op.f('fk_person_merges_duplicate_id_possible_duplicates'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_merges'))
    )
    with op.batch_alter_table('person_merges', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_merges_merged_uuid'), ['merged_uuid'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_merges_survivor_uuid'), ['survivor_uuid'], unique=False)

    op.create_table('not_same_people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('other_uuid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_not_same_people')),
    sa.UniqueConstraint('uuid', 'other_uuid', name=op.f('uq_not_same_people_uuid'))
    )
    with op.batch_alter_table('not_same_people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_not_same_people_other_uuid'), ['other_uuid'], unique=False)
        batch_op.create_index(batch_op.f('ix_not_same_people_uuid'), ['uuid'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('not_same_people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_not_same_people_uuid'))
        batch_op.drop_index(batch_op.f('ix_not_same_people_other_uuid'))
    op.drop_table('not_same_people')
    with op.batch_alter_table('person_merges', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_merges_survivor_uuid'))
        batch_op.drop_index(batch_op.f('ix_person_merges_merged_uuid'))
    op.drop_table('person_merges')
