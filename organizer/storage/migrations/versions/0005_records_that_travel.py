"""records that travel: uuids, times and provenance on every shareable record, tombstones, aliases

Every record a chapter may share gets a uuid, created/modified times and its provenance (the
chapter it came from, the import that last brought it). Deletions leave tombstones; a merged
person's uuid stays as an alias. Status and kind columns get CHECK constraints made from the
domain's codes (values they do not hold are first read as codes, else set to the column's
default). The integer keys to voters become ``voter_row_id``; an attendance is unique per event,
person and shift; tags get a folded name, unique (tags whose names fold alike are merged first).

Existing rows get fresh uuids and the times of what they belong to (an email its person's, a
shift its event's...), else the time of the upgrade. Each table is rebuilt once on SQLite; the
upgrade runs with foreign keys off (see migrate.py), so rebuilding a parent table cascades nothing.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 13:30:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from organizer.domain import codes
from organizer.domain.errors import InvalidValue
from organizer.domain.text import fold
from organizer.storage.checks import code_condition, code_values

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHUNK = 5000
NEW_UUIDS = ('email_addresses', 'phone_numbers', 'postal_addresses', 'tags', 'lists', 'volunteers', 'prospects',
             'prospect_stage_changes', 'petition_sheets', 'signatures', 'shifts', 'attendances', 'contact_attempts',
             'walk_lists', 'turfs')
SHAREABLE = ('people', 'events', 'petitions', *NEW_UUIDS)
NEW_TIMES = ('email_addresses', 'phone_numbers', 'postal_addresses', 'tags', 'prospect_stage_changes', 'shifts',
             'contact_attempts', 'turfs')
# Where a table's new times come from: (parent table, the column pointing at it) or a time column of its own.
TIMES_FROM: dict[str, tuple[str, str]] = {
    'email_addresses': ('people', 'person_id'), 'phone_numbers': ('people', 'person_id'),
    'postal_addresses': ('people', 'person_id'), 'shifts': ('events', 'event_id'),
    'prospect_stage_changes': ('prospects', 'prospect_id'), 'turfs': ('walk_lists', 'walk_list_id'),
}
OWN_TIME = {'contact_attempts': 'attempted_at', 'walk_lists': 'created_at'}
CHECKS: dict[str, tuple[tuple[str, type[codes.Code], str], ...]] = {
    'email_addresses': (('status', codes.EmailStatus, 'subscribed'),),
    'phone_numbers': (('number_type', codes.PhoneType, 'other'),),
    'lists': (('kind', codes.ListKind, 'static'),),
    'volunteers': (('status', codes.VolunteerStatus, 'active'), ('engagement_level', codes.EngagementLevel, 'signed_up')),
    'prospects': (('stage', codes.ProspectStage, 'identified'),),
    'prospect_stage_changes': (('to_stage', codes.ProspectStage, 'identified'),),
    'petitions': (('kind', codes.PetitionKind, 'issue'),),
    'petition_sheets': (('status', codes.SheetStatus, 'collected'),),
    'signatures': (('status', codes.SignatureStatus, 'needs_review'),),
    'events': (('event_type', codes.EventType, 'other'), ('status', codes.EventStatus, 'confirmed'),
               ('visibility', codes.Visibility, 'public')),
    'attendances': (('status', codes.AttendanceStatus, 'registered'),),
    'contact_attempts': (('channel', codes.ContactChannel, 'door'),),
    'walk_lists': (('source', codes.WalkListSource, 'voters'),),
    'voters': (('status', codes.VoterStatus, 'active'),),
    'possible_duplicates': (('status', codes.DuplicateStatus, 'open'),),
}
VOTER_KEYS = ('signatures', 'contact_attempts', 'walk_list_entries')


def upgrade() -> None:
    conn = op.get_bind()
    now = datetime.now(UTC)
    _read_codes(conn)
    _merge_duplicate_attendances(conn)
    _merge_tags_that_fold_alike(conn)
    _add_backfilled_columns()
    _fill_uuids(conn)
    _fill_times(conn, now)
    _fill_folded_tag_names(conn)
    for table in sorted({*SHAREABLE, *CHECKS, *VOTER_KEYS}):
        _rebuild(table)
    op.create_index('uq_attendances_event_person_shift', 'attendances',
                    ['event_id', 'person_id', sa.text('coalesce(shift_id, 0)')], unique=True)
    _create_new_tables()
    _give_the_chapter_a_uuid(conn)


def _read_codes(conn: sa.Connection) -> None:
    """Values a status or kind column may not hold: read as a code where they are one ("Phone Bank"), else the default."""
    for table, checks in CHECKS.items():
        for column, code, default in checks:
            t = sa.table(table, sa.column(column))
            bad = conn.execute(sa.select(t.c[column]).distinct().where(t.c[column].not_in(code_values(code))))
            for (value,) in list(bad):
                try:
                    new = code.parse(value or '').value
                except InvalidValue:
                    new = default
                conn.execute(sa.update(t).where(t.c[column] == value).values({column: new}))


def _merge_duplicate_attendances(conn: sa.Connection) -> None:
    """Keep the first attendance of a person at an event (and shift) before the unique index arrives."""
    a = sa.table('attendances', sa.column('id'), sa.column('event_id'), sa.column('person_id'), sa.column('shift_id'))
    first = (sa.select(sa.func.min(a.c.id))
             .group_by(a.c.event_id, a.c.person_id, sa.func.coalesce(a.c.shift_id, 0)).scalar_subquery())
    conn.execute(sa.delete(a).where(a.c.id.not_in(first)))


def _merge_tags_that_fold_alike(conn: sa.Connection) -> None:
    """Tags whose names fold alike ("Door knocker", "door  knocker") become the oldest of them."""
    tags = sa.table('tags', sa.column('id'), sa.column('name'))
    taggings = sa.table('taggings', sa.column('person_id'), sa.column('tag_id'))
    survivors: dict[str, int] = {}
    for tag_id, name in list(conn.execute(sa.select(tags.c.id, tags.c.name).order_by(tags.c.id))):
        survivor = survivors.setdefault(fold(name), tag_id)
        if survivor == tag_id:
            continue
        already = sa.select(taggings.c.person_id).where(taggings.c.tag_id == survivor)
        moved = sa.select(taggings.c.person_id, sa.literal(survivor)).where(
            taggings.c.tag_id == tag_id, taggings.c.person_id.not_in(already))
        conn.execute(sa.insert(taggings).from_select(['person_id', 'tag_id'], moved))
        conn.execute(sa.delete(taggings).where(taggings.c.tag_id == tag_id))
        conn.execute(sa.delete(tags).where(tags.c.id == tag_id))


def _add_backfilled_columns() -> None:
    """Columns filled in below before they become NOT NULL (a plain ADD COLUMN: nothing is rebuilt)."""
    for table in NEW_UUIDS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('uuid', sa.String(length=36), nullable=True))
            if table in NEW_TIMES:
                batch_op.add_column(sa.Column('created_at', sa.DateTime(timezone=True), nullable=True))
            if table in NEW_TIMES or table == 'walk_lists':
                batch_op.add_column(sa.Column('modified_at', sa.DateTime(timezone=True), nullable=True))
            if table == 'tags':
                batch_op.add_column(sa.Column('folded_name', sa.String(length=100), nullable=True))


def _fill_uuids(conn: sa.Connection) -> None:
    """A fresh random uuid for every existing row, a chunk of updates at a time."""
    import uuid

    for table in NEW_UUIDS:
        t = sa.table(table, sa.column('id'), sa.column('uuid'))
        ids = [row[0] for row in conn.execute(sa.select(t.c.id).where(t.c.uuid.is_(None)))]
        statement = sa.update(t).where(t.c.id == sa.bindparam('b_id')).values(uuid=sa.bindparam('b_uuid'))
        for start in range(0, len(ids), CHUNK):
            conn.execute(statement, [{'b_id': i, 'b_uuid': str(uuid.uuid4())} for i in ids[start:start + CHUNK]])


def _fill_times(conn: sa.Connection, now: datetime) -> None:
    """New times from the parent's (or the row's own) time, else the upgrade's."""
    when = sa.bindparam('now', now, type_=sa.DateTime(timezone=True))
    for table in (*NEW_TIMES, 'walk_lists'):
        t = sa.table(table, sa.column('id'), sa.column('created_at'), sa.column('modified_at'),
                     *(sa.column(c) for c in {TIMES_FROM.get(table, ('', 'id'))[1], OWN_TIME.get(table, 'id')}))
        if table in TIMES_FROM:
            parent_name, key = TIMES_FROM[table]
            parent = sa.table(parent_name, sa.column('id'), sa.column('created_at'), sa.column('modified_at'))
            created: Any = sa.select(parent.c.created_at).where(parent.c.id == t.c[key]).scalar_subquery()
            modified: Any = sa.select(parent.c.modified_at).where(parent.c.id == t.c[key]).scalar_subquery()
        elif table in OWN_TIME:
            created = modified = t.c[OWN_TIME[table]]
        else:
            created = modified = when
        values = {'modified_at': sa.func.coalesce(t.c.modified_at, modified, when)}
        if table in NEW_TIMES:
            values['created_at'] = sa.func.coalesce(t.c.created_at, created, when)
        conn.execute(sa.update(t).values(values))


def _fill_folded_tag_names(conn: sa.Connection) -> None:
    tags = sa.table('tags', sa.column('id'), sa.column('name'), sa.column('folded_name'))
    rows = [{'b_id': i, 'b_folded': fold(name)} for i, name in conn.execute(sa.select(tags.c.id, tags.c.name))]
    if rows:
        conn.execute(sa.update(tags).where(tags.c.id == sa.bindparam('b_id'))
                     .values(folded_name=sa.bindparam('b_folded')), rows)


def _rebuild(table: str) -> None:
    """One rebuild of a table: provenance columns, NOT NULLs, unique uuid, code checks, renamed voter keys."""
    # Reflecting only the table itself, not every table its foreign keys name, keeps the upgrade quick.
    with op.batch_alter_table(table, schema=None, reflect_kwargs={'resolve_fks': False}) as batch_op:
        if table in SHAREABLE:
            _add_provenance(batch_op, table)
        if table in NEW_UUIDS:
            batch_op.alter_column('uuid', existing_type=sa.String(length=36), nullable=False)
            batch_op.create_unique_constraint(batch_op.f(f'uq_{table}_uuid'), ['uuid'])
        for column in ('created_at', 'modified_at'):
            if table in NEW_TIMES or (table == 'walk_lists' and column == 'modified_at'):
                batch_op.alter_column(column, existing_type=sa.DateTime(timezone=True), nullable=False)
        if table == 'tags':
            batch_op.alter_column('folded_name', existing_type=sa.String(length=100), nullable=False)
            batch_op.create_index(batch_op.f('ix_tags_folded_name'), ['folded_name'], unique=True)
        for column, code, _default in CHECKS.get(table, ()):
            batch_op.create_check_constraint(batch_op.f(f'ck_{table}_{column}'), code_condition(column, code))
        if table in VOTER_KEYS:
            batch_op.drop_index(batch_op.f(f'ix_{table}_voter_id'))
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_voter_id_voters'), type_='foreignkey')
            # Named on the old column: batch mode renames the column under the new constraint.
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_voter_row_id_voters'), 'voters',
                                        ['voter_id'], ['id'], ondelete='SET NULL')
            batch_op.alter_column('voter_id', new_column_name='voter_row_id', existing_type=sa.Integer())
    if table in VOTER_KEYS:
        op.create_index(op.f(f'ix_{table}_voter_row_id'), table, ['voter_row_id'], unique=False)


def _add_provenance(batch_op: Any, table: str) -> None:
    batch_op.add_column(sa.Column('origin_chapter_uuid', sa.String(length=36), server_default='', nullable=False))
    batch_op.add_column(sa.Column('origin_chapter_name', sa.String(length=200), server_default='', nullable=False))
    if table != 'signatures':  # signatures already name the import that brought them
        batch_op.add_column(sa.Column('import_batch_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f(f'fk_{table}_import_batch_id_import_batches'), 'import_batches',
                                    ['import_batch_id'], ['id'], ondelete='SET NULL')
    batch_op.add_column(sa.Column('imported_at', sa.DateTime(timezone=True), nullable=True))


def _create_new_tables() -> None:
    op.create_table('tombstones',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint(code_condition('kind', codes.RecordKind), name=op.f('ck_tombstones_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tombstones'))
    )
    with op.batch_alter_table('tombstones', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tombstones_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_tombstones_uuid'), ['uuid'], unique=False)

    op.create_table('person_aliases',
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_person_aliases_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('uuid', name=op.f('pk_person_aliases'))
    )
    with op.batch_alter_table('person_aliases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_aliases_person_id'), ['person_id'], unique=False)


def _give_the_chapter_a_uuid(conn: sa.Connection) -> None:
    import uuid

    settings = sa.table('settings', sa.column('key'), sa.column('value'))
    chapters = conn.execute(sa.select(sa.func.count()).select_from(settings)
                            .where(settings.c.key == 'chapter_name')).scalar()
    has_uuid = conn.execute(sa.select(sa.func.count()).select_from(settings)
                            .where(settings.c.key == 'chapter_uuid')).scalar()
    if chapters and not has_uuid:
        conn.execute(sa.insert(settings).values(key='chapter_uuid', value=str(uuid.uuid4())))


def downgrade() -> None:
    raise NotImplementedError(
        "0005 is not downgraded: restore the backup written before the upgrade instead."
    )
