"""vote history

Walk lists pick doors by vote history. Ohio's and New York's files carry it inside the roll (kept
with each voter's row); North Carolina publishes it as a separate file (ncvhis) keyed by the
statewide ncid, which may be loaded before or after the roll: one row per voter per election.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 19:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = ("general", "primary", "special", "municipal", "other")  # organizer.domain.vote_history, frozen here


def upgrade() -> None:
    if sa.inspect(op.get_bind()).has_table("vote_history"):
        return  # a database only recorded as older (tests set the revision back): the table is there
    op.create_table(
        "vote_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("voter_key", sa.String(length=50), nullable=False),
        sa.Column("county_key", sa.String(length=50), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("mark", sa.String(length=20), nullable=False),
        sa.Column("method", sa.String(length=50), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(sa.column("kind").in_(KINDS), name=op.f("ck_vote_history_kind")),
        sa.ForeignKeyConstraint(["import_batch_id"], ["import_batches.id"], ondelete="CASCADE",
                                name=op.f("fk_vote_history_import_batch_id_import_batches")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vote_history")),
        sa.UniqueConstraint("voter_key", "held_on", "kind", name=op.f("uq_vote_history_voter_key")),
    )
    with op.batch_alter_table("vote_history") as batch:
        batch.create_index(batch.f("ix_vote_history_county_key"), ["county_key"], unique=False)
        batch.create_index(batch.f("ix_vote_history_import_batch_id"), ["import_batch_id"], unique=False)


def downgrade() -> None:
    op.drop_table("vote_history")
