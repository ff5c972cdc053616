"""offices and the prospect timeline

The chapter's catalog of offices (seat, filing window, election day) that prospects link to; each
prospect keeps its checklist and the name of its person, so a deleted person's prospect record and
timeline stay (their person link is set to nothing instead of the record going with them); each
stage move records when and by whom.

Each step is skipped when already done, so a database set back to an earlier revision for a test of
another migration upgrades again cleanly.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 18:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0016'
down_revision: str | None = '0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    conn = op.get_bind()
    inspector = sa.inspect(conn)
    if not inspector.has_table('offices'):
        _create_offices()
    if 'person_name' not in {c['name'] for c in inspector.get_columns('prospects')}:
        _rebuild_prospects()
        conn.execute(sa.text(
            "UPDATE prospects SET person_name = (SELECT trim(people.given_name || ' ' || people.family_name) "
            "FROM people WHERE people.id = prospects.person_id) WHERE person_id IS NOT NULL"))
    if 'changed_by' not in {c['name'] for c in inspector.get_columns('prospect_stage_changes')}:
        with op.batch_alter_table('prospect_stage_changes', schema=None,
                                  reflect_kwargs={'resolve_fks': False}) as batch_op:
            batch_op.add_column(sa.Column('changed_at', sa.DateTime(timezone=True), nullable=True))
            batch_op.add_column(sa.Column('changed_by', sa.String(length=200), server_default='', nullable=False))


def _create_offices() -> None:
    op.create_table('offices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('seat', sa.String(length=100), nullable=False),
    sa.Column('jurisdiction', sa.String(length=200), nullable=False),
    sa.Column('district', sa.String(length=100), nullable=False),
    sa.Column('election_date', sa.Date(), nullable=True),
    sa.Column('filing_opens', sa.Date(), nullable=True),
    sa.Column('filing_closes', sa.Date(), nullable=True),
    sa.Column('open_seats', sa.Integer(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('modified_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('origin_chapter_uuid', sa.String(length=36), server_default='', nullable=False),
    sa.Column('origin_chapter_name', sa.String(length=200), server_default='', nullable=False),
    sa.Column('import_batch_id', sa.Integer(), nullable=True),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['import_batch_id'], ['import_batches.id'],
                            name=op.f('fk_offices_import_batch_id_import_batches'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offices')),
    sa.UniqueConstraint('uuid', name=op.f('uq_offices_uuid'))
    )


def _rebuild_prospects() -> None:
    with op.batch_alter_table('prospects', schema=None, reflect_kwargs={'resolve_fks': False}) as batch_op:
        batch_op.add_column(sa.Column('person_name', sa.String(length=400), server_default='', nullable=False))
        batch_op.add_column(sa.Column('office_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('checklist', sa.JSON(), nullable=True))
        batch_op.alter_column('person_id', existing_type=sa.Integer(), nullable=True)
        batch_op.drop_constraint(batch_op.f('fk_prospects_person_id_people'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_prospects_person_id_people'), 'people',
                                    ['person_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_prospects_office_id_offices'), 'offices',
                                    ['office_id'], ['id'], ondelete='SET NULL')
        batch_op.create_index(batch_op.f('ix_prospects_office_id'), ['office_id'], unique=False)
    op.execute("UPDATE prospects SET checklist = '{}' WHERE checklist IS NULL")
    with op.batch_alter_table('prospects', schema=None, reflect_kwargs={'resolve_fks': False}) as batch_op:
        batch_op.alter_column('checklist', existing_type=sa.JSON(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('prospect_stage_changes', schema=None, reflect_kwargs={'resolve_fks': False}) as batch_op:
        batch_op.drop_column('changed_by')
        batch_op.drop_column('changed_at')
    op.execute("DELETE FROM prospects WHERE person_id IS NULL")
    with op.batch_alter_table('prospects', schema=None, reflect_kwargs={'resolve_fks': False}) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prospects_office_id'))
        batch_op.drop_constraint(batch_op.f('fk_prospects_office_id_offices'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_prospects_person_id_people'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_prospects_person_id_people'), 'people',
                                    ['person_id'], ['id'], ondelete='CASCADE')
        batch_op.alter_column('person_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('checklist')
        batch_op.drop_column('office_id')
        batch_op.drop_column('person_name')
    op.drop_table('offices')
