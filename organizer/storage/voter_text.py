"""Finding voters by text fast on SQLite: an FTS5 trigram index over voters.search_key.

The index (created and filled by migration 0011) narrows a search to the voters holding every term
of three or more characters; the portable substring filter still decides, so results are the same
with or without it; for a first page in name order it also splits a common term (`prefix_split`).
It is optional: another dialect, an SQLite without the trigram tokenizer, or a database older
than 0011 searches by the portable filter alone.

SQLite refuses a virtual table in a trigger while the schema is untrusted (the engine's setting),
so the index is kept in step by explicit writes: every write path to voters calls `reindex_voters`
or `index_voters_after` (the voter import, refresh and undo, the demo), and the ORM's own inserts,
updates and deletes of a Voter do it through the mapper events below.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    bindparam,
    column,
    delete,
    event,
    func,
    insert,
    inspect,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.engine import Connection

from organizer.storage.models import Voter

TEXT_TABLE = "voters_fts"
MIN_TERM = 3  # a trigram index finds substrings of three characters or more
CHUNK = 500
# A match looked up by row id and sorted costs about as much as 25 steps of a scan of the search index
# (measured on a million voters: ~2.5 µs against ~0.1 µs); below MIN_CANDIDATES matches the index always pays.
SELECTIVE_SHARE = 25
MIN_CANDIDATES = 2000
# A first page splits a common term (see prefix_split) when at most this many voters hold it other than
# at the start of their key: each costs a lookup of its row and a place in the page's sort.
SPLIT_OTHERS = 5000
LAST_CHARACTER = "\U0010ffff"  # every key that starts with a term sorts below the term followed by this

_index = table(TEXT_TABLE, column("rowid"), column("search_key"))


def has_text_index(conn: Connection) -> bool:
    """Whether this database keeps the voter text index (SQLite only)."""
    if conn.dialect.name != "sqlite":
        return False
    stmt = text("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = :name").bindparams(
        bindparam("name", TEXT_TABLE))
    return bool(conn.execute(stmt).scalar())


def narrowing_filter(conn: Connection, terms: Sequence[str]) -> ColumnElement[bool] | None:
    """The index's filter when it pays: voters whose indexed text holds every term of three or more characters.

    None when there is no such term, or when they match more than 1/SELECTIVE_SHARE of the roll: each match
    costs a lookup of its row and a place in a sort, and past that share one scan of the name-ordered search
    index (the portable filter) is faster. A count of the first matches, capped, decides (a few ms).
    """
    match = _match(terms)
    if match is None:
        return None
    most = max(MIN_CANDIDATES, last_voter_id(conn) // SELECTIVE_SHARE)
    first = select(_index.c.rowid).where(match).limit(most + 1).subquery()
    if int(conn.execute(select(func.count()).select_from(first)).scalar() or 0) > most:
        return None
    return Voter.id.in_(select(_index.c.rowid).where(match))


def prefix_split(conn: Connection, terms: Sequence[str]) -> tuple[ColumnElement[bool], list[int]] | None:
    """For a first page in name order: the voters whose search key starts with one of the terms (a range of the
    name-ordered search index, read in order and only as far as a page), and the row ids of the few others
    holding that term (found by the index); between them every voter the term matches. None when no term of
    three or more characters leaves at most SPLIT_OTHERS others.

    A common name is mostly a family name, which starts the key; an ordered scan for it reads every key before
    the first match (most of the roll, for "williams"), while these two read little more than a page.
    """
    for term in sorted((t for t in terms if len(t) >= MIN_TERM), key=len, reverse=True):
        phrase = _phrase(term)
        elsewhere = literal_column(TEXT_TABLE).match(f"{phrase} NOT ^{phrase}")  # ^: at the start of the key
        others = [int(i) for i in conn.execute(select(_index.c.rowid).where(elsewhere).limit(SPLIT_OTHERS + 1))
                  .scalars()]
        if len(others) <= SPLIT_OTHERS:
            return (Voter.search_key >= term) & (Voter.search_key < term + LAST_CHARACTER), others
    return None


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _match(terms: Sequence[str]) -> ColumnElement[bool] | None:
    usable = [t for t in terms if len(t) >= MIN_TERM]
    if not usable:
        return None
    phrase = " ".join(_phrase(term) for term in usable)
    return literal_column(TEXT_TABLE).match(phrase)


def reindex_voters(conn: Connection, ids: Iterable[int]) -> None:
    """Bring the index up to date for these voters: added, changed or deleted (no-op without the index)."""
    ids = list(ids)
    if not ids or not has_text_index(conn):
        return
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        conn.execute(delete(_index).where(_index.c.rowid.in_(part)))
        conn.execute(insert(_index).from_select(["rowid", "search_key"],
                                                select(Voter.id, Voter.search_key).where(Voter.id.in_(part))))


def index_voters_after(conn: Connection, last_id: int) -> None:
    """Index every voter with a row id above `last_id` (just bulk-inserted, not yet indexed): one statement."""
    if has_text_index(conn):
        conn.execute(insert(_index).from_select(["rowid", "search_key"],
                                                select(Voter.id, Voter.search_key).where(Voter.id > last_id)))


def last_voter_id(conn: Connection) -> int:
    """The highest voter row id so far (0 for an empty roll), to index what a bulk insert adds after it."""
    return int(conn.execute(select(func.max(Voter.id))).scalar() or 0)


def is_text_index_table(name: str | None) -> bool:
    """The index's own table and the shadow tables SQLite keeps for it (not models: schema comparisons skip them)."""
    return bool(name) and (name == TEXT_TABLE or str(name).startswith(TEXT_TABLE + "_"))


@event.listens_for(Voter, "after_insert")
@event.listens_for(Voter, "after_delete")
def _voter_written(_mapper: Any, conn: Connection, voter: Voter) -> None:
    reindex_voters(conn, [voter.id])


@event.listens_for(Voter, "after_update")
def _voter_changed(_mapper: Any, conn: Connection, voter: Voter) -> None:
    if inspect(voter).attrs.search_key.history.has_changes():
        reindex_voters(conn, [voter.id])
