"""voter search key

The Voters list finds voters by name, street or voter id and lists them in name order; on a roll of
a million that needs one narrow index holding the folded text, in name order, with the columns the
list filters by (party, status, precinct). Existing voters get their key here.

The rule is a frozen copy of organizer.domain.voter_search.voter_search_key (and the fold it uses)
as it was when this migration was written: domain code may change later, this must not.

Revision ID: 0009
Revises: 0010
Create Date: 2026-12-06 16:10:00.000000
"""

import unicodedata
from collections.abc import Sequence
from functools import lru_cache

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5000
KEY_MAX = 600
_TRANSLITERATE = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i", "ħ": "h", "ŧ": "t",
     "’": "'", "‘": "'", "ʼ": "'"}
)
_DROP_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))

voters = sa.table("voters", sa.column("id"), sa.column("family_name"), sa.column("given_name"),
                  sa.column("additional_name"), sa.column("suffix"), sa.column("street_address"),
                  sa.column("unit"), sa.column("voter_id"), sa.column("search_key"))


@lru_cache(maxsize=1 << 16)
def _fold(s: str) -> str:
    if s.isascii():
        return " ".join(s.lower().split())
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", s).casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.translate(_TRANSLITERATE).translate(_DROP_ZERO_WIDTH).split())


def search_key(family: str, given: str, additional: str, suffix: str, street: str, unit: str, voter_id: str) -> str:
    """A voter's search key, by the rule of this version."""
    parts = [_fold(family or ""), _fold(given or ""), _fold(additional or ""), _fold(suffix or ""), _fold(street or "")]
    folded_unit = _fold(unit or "")
    if folded_unit and folded_unit not in parts[-1]:
        parts.append(folded_unit)
    parts.append(_fold(voter_id or ""))
    return " ".join(p for p in parts if p)[:KEY_MAX]


def upgrade() -> None:
    conn = op.get_bind()
    inspector = sa.inspect(conn)
    # A database whose stamp was set back by hand may already have the column: fill it all the same.
    if "search_key" not in {c["name"] for c in inspector.get_columns("voters")}:
        with op.batch_alter_table('voters', schema=None) as batch_op:
            batch_op.add_column(sa.Column('search_key', sa.String(length=600), nullable=False, server_default=''))
    statement = voters.update().where(voters.c.id == sa.bindparam("b_id")).values(search_key=sa.bindparam("b_key"))
    last = 0
    while True:
        rows = conn.execute(sa.select(voters.c.id, voters.c.family_name, voters.c.given_name, voters.c.additional_name,
                                      voters.c.suffix, voters.c.street_address, voters.c.unit, voters.c.voter_id)
                            .where(voters.c.id > last).order_by(voters.c.id).limit(BATCH)).all()
        if not rows:
            break
        conn.execute(statement, [{"b_id": r[0], "b_key": search_key(*r[1:])} for r in rows])
        last = rows[-1][0]
    if "ix_voters_search" not in {i["name"] for i in inspector.get_indexes("voters")}:
        with op.batch_alter_table('voters', schema=None) as batch_op:
            batch_op.create_index('ix_voters_search', ['search_key', 'party', 'status', 'precinct'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('voters', schema=None) as batch_op:
        batch_op.drop_index('ix_voters_search')
        batch_op.drop_column('search_key')
