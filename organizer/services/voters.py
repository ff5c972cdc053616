"""The voter roll: find and filter voters fast on a million rows, and say what each refresh changed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, func, select

from organizer.domain.voter_search import voter_search_terms
from organizer.errors import NotFound, UserError
from organizer.services.importing.kinds.voters import MASS_INACTIVE_SHARE
from organizer.services.voter_rows import VoterChange, VoterRow, describe_change, load_voter_rows
from organizer.storage.database import Database
from organizer.storage.fast_reads import first_column
from organizer.storage.models import ImportBatch, ImportChange, Voter
from organizer.storage.voter_text import has_text_index, narrowing_filter, prefix_split

VOTERS_KIND = "voters"
SEARCH_TERMS_MAX, SEARCH_TERM_MAX = 50, 200
CHANGES_SHOWN = 500
# The walking order a precinct sort gives (ix_voters_walk), then names.
SORT_COLUMNS: dict[str, tuple[Any, ...]] = {
    # The whole of ix_voters_search, so the list is one scan of that index in its own order: no sort.
    "name": (Voter.search_key, Voter.party, Voter.status, Voter.precinct, Voter.id),
    "voter_id": (Voter.voter_id, Voter.id),
    "precinct": (Voter.precinct, Voter.street_name, Voter.street_number_value, Voter.search_key, Voter.id),
    "street": (Voter.street_name, Voter.street_number_value, Voter.unit, Voter.search_key, Voter.id),
    "postal_code": (Voter.postal_code, Voter.search_key, Voter.id),
    "party": (Voter.party, Voter.search_key, Voter.id),
    "status": (Voter.status, Voter.search_key, Voter.id),
}
INACTIVE_REASON = (
    "A refresh marks a voter inactive when they were active on the roll but are not in the new file: the county "
    "removed them (they moved away, died, or were taken off the rolls), or the file holds only part of the roll. "
    f"If a refresh would mark more than 1/{MASS_INACTIVE_SHARE} of the active roll inactive (or any of it, from a "
    "file without voter ids), it stops before changing anything and asks; confirm only when the file really is "
    "the whole new roll. Undoing the refresh makes them active again."
)
CHANGE_KINDS = ("added", "changed", "inactive")


@dataclass(frozen=True, slots=True)
class VoterQuery:
    """What the Voters screen or a command asks for: search text, filters and order."""

    text: str = ""
    precinct: str = ""
    party: str = ""
    status: str = ""
    sort: str = "name"
    descending: bool = False


@dataclass(frozen=True, slots=True)
class VoterChoices:
    """The values the filters offer, with how many voters have each (most common first)."""

    precincts: tuple[tuple[str, int], ...]
    parties: tuple[tuple[str, int], ...]
    statuses: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class RefreshRow:
    """One voter-file import and what it did to the roll."""

    batch_id: int
    file_name: str
    imported_at: datetime
    rows: int
    added: int
    changed: int
    deactivated: int
    undone: bool

    def to_json(self) -> dict[str, Any]:
        """The shape `organizer voters refreshes --json` prints."""
        return {"batch": self.batch_id, "file": self.file_name, "imported_at": self.imported_at.isoformat(),
                "rows": self.rows, "added": self.added, "changed": self.changed,
                "marked_inactive": self.deactivated, "undone": self.undone}


class VoterService:
    """Read-only use cases on the voter roll (the roll is written by voter-file imports)."""

    def __init__(self, db: Database, *, text_index: bool | None = None) -> None:
        """`text_index`: None uses the voter text index where the database keeps one (and a search is narrow
        enough for it to pay); False never: the portable filter alone; True as None, without asking the database."""
        self._db = db
        self._text_index = text_index

    def search_ids(self, query: VoterQuery, limit: int | None = None) -> list[int]:
        """Ids of the matching voters in the query's order: the text index narrows, the search index orders.

        `limit`: only the first ones (a screen's first page). The ordered scan stops there; and in name order,
        where a common term would make it read most of the roll first, the page comes from `prefix_split`.
        """
        with self._db.read() as session:
            conn = session.connection()
            if limit is not None and _name_order(query):
                split = self._split(conn, query)
                if split is not None:
                    starting, others = split
                    found = first_column(conn, _page(query, starting, limit)) + others
                    return list(conn.execute(_page(query, Voter.id.in_(found), limit)).scalars())
            return first_column(conn, _page(query, self._narrowing(conn, query), limit))

    def rows(self, ids: Sequence[int]) -> list[VoterRow]:
        """Rows for these ids in this order (a page of the table)."""
        with self._db.read() as session:
            return load_voter_rows(session, ids)

    def get(self, voter_row_id: int) -> VoterRow:
        """One voter; raises NotFound."""
        rows = self.rows([voter_row_id])
        if not rows:
            raise NotFound(f"There is no voter with row id {voter_row_id}.")
        return rows[0]

    def count(self, query: VoterQuery | None = None) -> int:
        """How many voters match (the whole roll without a query)."""
        with self._db.read() as session:
            query = query or VoterQuery()
            # count(*), not count(id): SQLite counts a whole table by its smallest index then (2 ms a million)
            stmt = _filtered(select(func.count()).select_from(Voter), query,
                             self._narrowing(session.connection(), query))
            return int(session.scalar(stmt) or 0)

    def _narrowing(self, conn: Connection, query: VoterQuery) -> ColumnElement[bool] | None:
        """The text index's filter for this query, where the database keeps the index and it pays."""
        terms = _terms(query)
        if not terms:
            return None
        if self._text_index is None:
            self._text_index = has_text_index(conn)
        return narrowing_filter(conn, terms) if self._text_index else None

    def _split(self, conn: Connection, query: VoterQuery) -> tuple[ColumnElement[bool], list[int]] | None:
        """The text index's split of a search for a first page in name order, where the index is kept."""
        if self._text_index is None:
            self._text_index = has_text_index(conn)
        terms = _terms(query)
        return prefix_split(conn, terms) if self._text_index and terms else None

    def choices(self) -> VoterChoices:
        """Every precinct, party and status on the roll, for the filters."""
        with self._db.read() as session:
            def counted(column: Any) -> tuple[tuple[str, int], ...]:
                stmt = select(column, func.count()).group_by(column).order_by(func.count().desc(), column)
                return tuple((str(v), int(n)) for v, n in session.execute(stmt) if v)

            precincts = tuple(sorted(counted(Voter.precinct)))
            return VoterChoices(precincts, counted(Voter.party), counted(Voter.status))

    def refreshes(self) -> list[RefreshRow]:
        """Every voter-file import, newest first, with how many voters each added, changed and marked inactive."""
        b = ImportBatch
        with self._db.read() as session:
            inactive = dict(session.execute(
                select(ImportChange.batch_id, func.count()).where(ImportChange.entity == "voter",
                                                                   ImportChange.action == "deactivated")
                .group_by(ImportChange.batch_id)).all())
            stmt = (select(b.id, b.file_name, b.imported_at, b.rows, b.created, b.updated, b.undone_at)
                    .where(b.kind == VOTERS_KIND).order_by(b.id.desc()))
            return [RefreshRow(i, name, _aware(at), rows, created, updated, int(inactive.get(i, 0)), undone is not None)
                    for i, name, at, rows, created, updated, undone in session.execute(stmt)]

    def refresh_changes(self, batch_id: int, what: str, limit: int = CHANGES_SHOWN) -> list[VoterChange]:
        """The voters one refresh added, changed or marked inactive ("added", "changed", "inactive"), up to `limit`."""
        if what not in CHANGE_KINDS:
            raise UserError(f"Say which changes: {', '.join(CHANGE_KINDS)}.")
        with self._db.read() as session:
            if session.get(ImportBatch, batch_id) is None:
                raise NotFound(f"There is no import with number {batch_id}.")
            if what == "added":
                ids = list(session.scalars(select(Voter.id).where(Voter.import_batch_id == batch_id)
                                           .order_by(Voter.search_key, Voter.id).limit(limit)))
                return [VoterChange(row, "added", "") for row in load_voter_rows(session, ids)]
            action = "updated" if what == "changed" else "deactivated"
            befores: dict[int, dict[str, Any]] = dict(session.execute(
                select(ImportChange.entity_id, ImportChange.before)
                .where(ImportChange.batch_id == batch_id, ImportChange.entity == "voter",
                       ImportChange.action == action).order_by(ImportChange.id).limit(limit)).all())
            rows = load_voter_rows(session, list(befores))
            rows.sort(key=lambda r: (r.family_name.casefold(), r.given_name.casefold(), r.id))
            return [VoterChange(r, what, describe_change(befores[r.id], r)) for r in rows]


def _terms(query: VoterQuery) -> list[str]:
    terms = voter_search_terms(query.text)
    if len(terms) > SEARCH_TERMS_MAX or any(len(t) > SEARCH_TERM_MAX for t in terms):
        raise UserError(f"The search is too long: search for at most {SEARCH_TERMS_MAX} words, "
                        f"each shorter than {SEARCH_TERM_MAX} characters.")
    return terms


def _name_order(query: VoterQuery) -> bool:
    return SORT_COLUMNS.get(query.sort, SORT_COLUMNS["name"]) is SORT_COLUMNS["name"]


def _page(query: VoterQuery, narrowed: ColumnElement[bool] | None, limit: int | None) -> Select[Any]:
    """Ids of the voters the query matches (within `narrowed`), in its order; the first `limit` of them."""
    columns = SORT_COLUMNS.get(query.sort, SORT_COLUMNS["name"])
    stmt = _filtered(select(Voter.id), query, narrowed)
    stmt = stmt.order_by(*(c.desc() if query.descending else c.asc() for c in columns))
    return stmt if limit is None else stmt.limit(max(0, limit))


def _filtered(stmt: Select[Any], query: VoterQuery, narrowed: ColumnElement[bool] | None = None) -> Select[Any]:
    """The query's filters; `narrowed`: the text index's filter, first (the substring filter still decides)."""
    terms = _terms(query)
    if narrowed is not None:
        stmt = stmt.where(narrowed)
    for term in terms:
        stmt = stmt.where(Voter.search_key.contains(term, autoescape=True))
    if query.precinct:
        stmt = stmt.where(Voter.precinct == query.precinct)
    if query.party:
        stmt = stmt.where(Voter.party == query.party)
    if query.status:
        stmt = stmt.where(Voter.status == query.status)
    return stmt


def _aware(moment: datetime) -> datetime:
    """Stored times are UTC; SQLite hands them back without their zone."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


__all__ = ["CHANGE_KINDS", "INACTIVE_REASON", "RefreshRow", "VoterChange", "VoterChoices", "VoterQuery", "VoterRow",
           "VoterService"]
