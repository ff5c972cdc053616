"""fold person keys one way

Searching and matching fold text by one rule since this version ("lukasz" finds "Łukasz", "zoe"
finds "Zoë"), and a person's search text holds every email, phone and postal code, sorted. The
stored name keys and search texts were made by the older rules: recompute them, a batch of people
at a time, writing only the rows that change. Voters' name keys too.

The rule is a frozen copy of organizer.domain.text.fold and organizer.domain.search.search_text
as they were when this migration was written: domain code may change later, this must not.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 13:40:00.000000
"""

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5000
# Past this many people, the two indexes on the recomputed columns are rebuilt once rather than
# kept current row by row.
REBUILD_INDEXES_FROM = 20_000
PEOPLE_INDEXES = {"ix_people_search": ["search_text", "family_key", "name_key", "id"],
                  "ix_people_sort": ["family_key", "name_key", "id"]}

_TRANSLITERATE = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i", "ħ": "h", "ŧ": "t",
     "’": "'", "‘": "'", "ʼ": "'"}
)
_ASCII_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_NON_DIGIT = re.compile(r"\D+")

people = sa.table("people", sa.column("id"), sa.column("given_name"), sa.column("additional_name"),
                  sa.column("family_name"), sa.column("name_key"), sa.column("family_key"), sa.column("search_text"))
voters = sa.table("voters", sa.column("id"), sa.column("given_name"), sa.column("family_name"),
                  sa.column("name_key"), sa.column("family_key"))
emails = sa.table("email_addresses", sa.column("person_id"), sa.column("address"))
phones = sa.table("phone_numbers", sa.column("person_id"), sa.column("number"))
addresses = sa.table("postal_addresses", sa.column("person_id"), sa.column("postal_code"))


@lru_cache(maxsize=1 << 16)
def _fold(s: str) -> str:
    if s.isascii():
        return " ".join(s.lower().split())
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", s).casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.translate(_TRANSLITERATE).split())


@lru_cache(maxsize=1 << 16)
def _family_key(family: str | None) -> str:
    if not family:
        return ""
    folded = _fold(family)
    if folded.isascii():
        return _ASCII_NON_ALNUM.sub("", folded)
    return "".join(ch for ch in folded if ch.isalnum())


def _name_key(given: str | None, family: str | None) -> str:
    g, f = _family_key(given), _family_key(family)
    return f"{g}|{f}" if g or f else ""


def _search_text(names: Iterable[str], mails: Iterable[str], numbers: Iterable[str], postal: Iterable[str]) -> str:
    parts = [folded for n in names if n and (folded := _fold(n))]
    parts.extend(folded for e in sorted(set(mails)) if e and (folded := _fold(e)))
    for number in sorted(set(numbers)):
        digits = _NON_DIGIT.sub("", number)
        if digits:
            parts.append(digits)
            if number.startswith("+1") and len(digits) == 11:
                parts.append(digits[1:])
    parts.extend(folded for p in sorted(set(postal)) if p and (folded := _fold(p)))
    return " ".join(parts)


def _batches(conn: sa.Connection, table: Any, *columns: Any) -> Iterable[Sequence[Any]]:
    """The table's rows in id order, BATCH at a time (keyset paging: each batch one index range)."""
    last = 0
    while True:
        rows = conn.execute(sa.select(table.c.id, *columns).where(table.c.id > last)
                            .order_by(table.c.id).limit(BATCH)).all()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _children(conn: sa.Connection, table: Any, value: Any, first: int, last: int) -> dict[int, list[str]]:
    """A column of the rows pointing at people first..last, by person (straight through the driver:
    a batch is thousands of rows)."""
    statement = sa.select(table.c.person_id, value).where(table.c.person_id.between(first, last))
    sql = str(statement.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    found: dict[int, list[str]] = defaultdict(list)
    for pid, text in conn.exec_driver_sql(sql):
        found[pid].append(text or "")
    return found


def _update(conn: sa.Connection, table: Any, changes: list[dict[str, Any]], *columns: str) -> None:
    if changes:
        statement = table.update().where(table.c.id == sa.bindparam("b_id")).values(
            {name: sa.bindparam(f"b_{name}") for name in columns})
        conn.execute(statement, changes)


def _refold_people(conn: sa.Connection) -> None:
    columns = (people.c.given_name, people.c.additional_name, people.c.family_name, people.c.name_key,
               people.c.family_key, people.c.search_text)
    for rows in _batches(conn, people, *columns):
        first, last = rows[0][0], rows[-1][0]
        mails = _children(conn, emails, emails.c.address, first, last)
        numbers = _children(conn, phones, phones.c.number, first, last)
        postal = _children(conn, addresses, addresses.c.postal_code, first, last)
        changes = []
        for pid, given, additional, family, nkey, fkey, text in rows:
            new = (_name_key(given, family), _family_key(family),
                   _search_text((given or "", additional or "", family or ""), mails[pid], numbers[pid], postal[pid]))
            if new != (nkey, fkey, text):
                changes.append({"b_id": pid, "b_name_key": new[0], "b_family_key": new[1], "b_search_text": new[2]})
        _update(conn, people, changes, "name_key", "family_key", "search_text")


def _refold_voters(conn: sa.Connection) -> None:
    for rows in _batches(conn, voters, voters.c.given_name, voters.c.family_name, voters.c.name_key,
                         voters.c.family_key):
        changes = []
        for vid, given, family, nkey, fkey in rows:
            if (given or "").isascii() and (family or "").isascii():
                continue  # ASCII folds as it always did
            new = (_name_key(given, family), _family_key(family))
            if new != (nkey, fkey):
                changes.append({"b_id": vid, "b_name_key": new[0], "b_family_key": new[1]})
        _update(conn, voters, changes, "name_key", "family_key")


def upgrade() -> None:
    conn = op.get_bind()
    many = (conn.scalar(sa.select(sa.func.count()).select_from(people)) or 0) >= REBUILD_INDEXES_FROM
    if many:
        for name in PEOPLE_INDEXES:
            op.drop_index(name, table_name="people")
    _refold_people(conn)
    if many:
        for name, columns in PEOPLE_INDEXES.items():
            op.create_index(name, "people", columns, unique=False)
    _refold_voters(conn)


def downgrade() -> None:
    # The older rules' keys still find and match everything they did: nothing to undo.
    pass
