"""search custom field values

Since this version a person is found by their custom fields' values too ("Acme Co", a phone kept
as typed because it failed its check): the search text ends with them. The text stored before
holds the rest of it already, so only people with custom fields change: their values are appended
to the stored text, a batch of people at a time.

The rule is a frozen copy of organizer.domain.search.custom_text (and of the fold it uses) as it
was when this migration was written: domain code may change later, this must not.

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-06 16:10:00.000000
"""

import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5000
CUSTOM_VALUE_MAX = 200
_TRANSLITERATE = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i", "ħ": "h", "ŧ": "t",
     "’": "'", "‘": "'", "ʼ": "'"}
)
_DROP_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_NON_DIGIT = re.compile(r"\D+")
_PHONE_LIKE = re.compile(r"[\d().+\-]+")

people = sa.table("people", sa.column("id"), sa.column("custom_fields", sa.JSON), sa.column("search_text"))


@lru_cache(maxsize=1 << 16)
def _fold(s: str) -> str:
    if s.isascii():
        return " ".join(s.lower().split())
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", s).casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.translate(_TRANSLITERATE).translate(_DROP_ZERO_WIDTH).split())


def custom_text(custom_fields: Mapping[str, Any]) -> str:
    """The custom-field part of a person's search text."""
    parts: list[str] = []
    for key in sorted(custom_fields):
        value = custom_fields[key]
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            continue
        folded = _fold(str(value)[:CUSTOM_VALUE_MAX])
        if not folded or folded in parts:
            continue
        parts.append(folded)
        squeezed = folded.replace(" ", "")
        digits = _NON_DIGIT.sub("", squeezed)
        if len(digits) >= 3 and digits != squeezed and _PHONE_LIKE.fullmatch(squeezed):
            parts.append(digits)
    return " ".join(parts)


def upgrade() -> None:
    conn = op.get_bind()
    statement = people.update().where(people.c.id == sa.bindparam("b_id")).values(
        search_text=sa.bindparam("b_text"))
    last = 0
    while True:
        rows = conn.execute(sa.select(people.c.id, people.c.custom_fields, people.c.search_text)
                            .where(people.c.id > last).order_by(people.c.id).limit(BATCH)).all()
        if not rows:
            return
        last = rows[-1][0]
        changes = []
        for pid, custom, text in rows:
            part = custom_text(custom) if isinstance(custom, dict) and custom else ""
            if part:
                changes.append({"b_id": pid, "b_text": f"{text} {part}" if text else part})
        if changes:
            conn.execute(statement, changes)


def downgrade() -> None:
    pass  # the older version searches the text it knows; the values at its end do no harm
