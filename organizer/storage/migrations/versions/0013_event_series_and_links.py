"""event series and links

Recurring meetings are made from a rule (monthly on the second Tuesday) as events of their own that
share a series uuid; an event may name the petition it collects for (a walk list names its event).
Columns already there are left alone, so a database set back to an older revision upgrades again.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 18:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    have = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("events")}
    if {"recurrence", "series_uuid", "petition_id"} <= have:
        return
    with op.batch_alter_table('events', schema=None) as batch_op:
        if "recurrence" not in have:
            batch_op.add_column(sa.Column('recurrence', sa.String(length=200), server_default='', nullable=False))
        if "series_uuid" not in have:
            batch_op.add_column(sa.Column('series_uuid', sa.String(length=36), server_default='', nullable=False))
            batch_op.create_index(batch_op.f('ix_events_series_uuid'), ['series_uuid'], unique=False)
        if "petition_id" not in have:
            batch_op.add_column(sa.Column('petition_id', sa.Integer(), nullable=True))
            batch_op.create_index(batch_op.f('ix_events_petition_id'), ['petition_id'], unique=False)
            batch_op.create_foreign_key(batch_op.f('fk_events_petition_id_petitions'), 'petitions',
                                        ['petition_id'], ['id'], ondelete='SET NULL')


def downgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_events_petition_id_petitions'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_events_petition_id'))
        batch_op.drop_index(batch_op.f('ix_events_series_uuid'))
        batch_op.drop_column('petition_id')
        batch_op.drop_column('series_uuid')
        batch_op.drop_column('recurrence')
