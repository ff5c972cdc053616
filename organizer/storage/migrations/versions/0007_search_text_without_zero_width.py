"""search text without zero-width characters

Since this version, folding drops zero-width characters (zero-width space, non-joiner, joiner,
word joiner, byte order mark, soft hyphen), so "Jo\u200bhn" is found by "john". Matching keys
already left them out (they keep letters and digits only); a stored search text made by 0006's
rule may hold them. Its parts are single-spaced folded words, so removing the characters and
collapsing the spaces again gives exactly the text the new rule makes.

The rule is a frozen copy, as in 0006: domain code may change later, this must not.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 15:15:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_DROP = dict.fromkeys(map(ord, ZERO_WIDTH))
BATCH = 5000

people = sa.table("people", sa.column("id"), sa.column("search_text"))


def refolded(search_text: str) -> str:
    """A search text made by 0006's rule, as the rule of this version makes it."""
    return " ".join(search_text.translate(_DROP).split())


def upgrade() -> None:
    conn = op.get_bind()
    holding = sa.or_(*(people.c.search_text.contains(ch, autoescape=True) for ch in ZERO_WIDTH))
    rows = conn.execute(sa.select(people.c.id, people.c.search_text).where(holding)).all()
    changes = [{"b_id": pid, "b_text": refolded(text)} for pid, text in rows]
    statement = people.update().where(people.c.id == sa.bindparam("b_id")).values(search_text=sa.bindparam("b_text"))
    for start in range(0, len(changes), BATCH):
        conn.execute(statement, changes[start : start + BATCH])


def downgrade() -> None:
    pass  # the older rule's text held the characters only by accident; search works without them
