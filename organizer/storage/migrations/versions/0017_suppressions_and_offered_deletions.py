"""suppressions and offered deletions

Suppression lists chapters trade (emails and phone numbers not to contact, with the channel and the
reason) are kept whole, so they apply to whoever is imported later; deletions another chapter's share
file carries wait in the review until someone deletes or keeps each record.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 19:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from organizer.domain.codes import RecordKind
from organizer.domain.suppression import DeletionOutcome, SuppressionChannel
from organizer.storage.checks import code_condition

revision: str = '0017'
down_revision: str | None = '0016'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A database set back to an older revision by hand may have them already: nothing to do then.
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if 'suppressions' not in existing:
        _create_suppressions()
    if 'offered_deletions' not in existing:
        _create_offered_deletions()


def _create_suppressions() -> None:
    op.create_table('suppressions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('value', sa.String(length=320), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('origin', sa.String(length=300), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint(code_condition('channel', SuppressionChannel), name=op.f('ck_suppressions_channel')),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batches.id'],
                            name=op.f('fk_suppressions_batch_id_import_batches'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suppressions')),
    sa.UniqueConstraint('channel', 'value', name=op.f('uq_suppressions_channel'))
    )
    with op.batch_alter_table('suppressions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suppressions_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_suppressions_value'), ['value'], unique=False)


def _create_offered_deletions() -> None:
    op.create_table('offered_deletions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('origin_chapter_name', sa.String(length=200), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint(code_condition('kind', RecordKind), name=op.f('ck_offered_deletions_kind')),
    sa.CheckConstraint(code_condition('status', DeletionOutcome), name=op.f('ck_offered_deletions_status')),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batches.id'],
                            name=op.f('fk_offered_deletions_batch_id_import_batches'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offered_deletions'))
    )
    with op.batch_alter_table('offered_deletions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offered_deletions_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_offered_deletions_uuid'), ['uuid'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('offered_deletions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offered_deletions_uuid'))
        batch_op.drop_index(batch_op.f('ix_offered_deletions_batch_id'))
    op.drop_table('offered_deletions')
    with op.batch_alter_table('suppressions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_suppressions_value'))
        batch_op.drop_index(batch_op.f('ix_suppressions_batch_id'))
    op.drop_table('suppressions')
