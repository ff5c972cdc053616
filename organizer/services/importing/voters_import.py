"""Loading a county or state voter file into the voter roll, keyed by voter id.

The rows come cleaned (see voters_prepare, run in the reading child process); here they are matched to the
roll and written, a chunk at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from sqlalchemy import Table, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from organizer.domain.text import family_key, name_key
from organizer.errors import UserError
from organizer.progress import NEVER, NO_PROGRESS, CancelToken, Progress
from organizer.services.importing.kept_voters import KEPT_VOTERS_LINKED, link_kept_voter_ids
from organizer.services.importing.kinds.voters import MASS_INACTIVE_SHARE, MassInactive
from organizer.services.importing.layout import Layout
from organizer.services.importing.overlap import Overlapped
from organizer.services.importing.report import ImportReport, RowIssue
from organizer.services.importing.undo import changes_newest_first, delete_ids, later_batches
from organizer.services.importing.voters_prepare import TEXT_FIELDS, VOTER_FIELDS, VoterChunk, search_key
from organizer.storage.bulk import bulk_insert, bulk_insert_tuples, update_by_id
from organizer.storage.keyed import rows_by_key
from organizer.storage.models import ImportBatch, ImportChange, Voter
from organizer.storage.voter_text import index_voters_after, last_voter_id, reindex_voters

CHUNK = 2000
DERIVED_IDS = ("This voter file has no voter id column: each voter was given an id of its own, made from their name "
               "and residence address (the same voter gets the same id in every such file).")
KEYED = {"given_name", "family_name", "additional_name", "suffix", "street_address", "unit"}
COMPARED = (*TEXT_FIELDS, "street_number_value", "birth_year", "extra")
INSERTED = (*VOTER_FIELDS, "import_batch_id", "last_seen_batch_id")


class VoterRun:
    """One voter-file import over an open write session."""

    def __init__(self, session: Session, batch_id: int, layout: Layout, *, allow_mass_inactive: bool = False) -> None:
        self.session = session
        self.allow_mass_inactive = allow_mass_inactive
        self.with_ids = 0  # rows that named a voter id
        self.batch_id = batch_id
        # A roll without a voter id column (some published extracts): ids are made from name and address.
        self.derive_ids = not any(c.field == "voter_id" for c in layout.columns)
        self._id_header = next((c.header for c in layout.columns if c.field == "voter_id"), "")
        self._repeats: list[RowIssue] = []  # rows whose voter id an earlier row of the file had
        self.fresh_roll = False  # the roll was empty when the import began: it holds only what this one added
        self._pending: dict[int, dict[str, Any]] = {}  # voter row id -> changed columns, written per chunk
        self._changes: list[dict[str, Any]] = []
        self._rekeyed: set[int] = set()  # voters whose search key may have changed: the text index follows

    def run(self, chunks: Iterator[VoterChunk], report: ImportReport, total: int,
            progress: Progress = NO_PROGRESS, cancel: CancelToken = NEVER) -> None:
        """Insert new voters, update changed ones, then mark the ones missing from the file inactive.

        Raises MassInactive (and the caller's transaction rolls back) when that would mark more than a
        fifth of the roll that was active before, or any of it from a file without voter ids, unless allowed.
        """
        active = self.session.scalar(select(func.count()).select_from(Voter).where(Voter.status == "active")) or 0
        conn = self.session.connection()
        last_id = last_voter_id(conn)
        self.fresh_roll = self.session.scalar(select(Voter.id).limit(1)) is None
        if self.derive_ids:
            report.notices.append(DERIVED_IDS)
        # On a server, a chunk is written while the next one is read (on SQLite a connection stays in its thread).
        with Overlapped(threaded=conn.dialect.name == "postgresql") as writes:
            for chunk in chunks:
                cancel.raise_if_cancelled()
                report.rows += chunk.rows
                report.warn(chunk.warnings)
                for issue, cells in chunk.rejected:
                    report.reject(issue, cells)
                self.with_ids += 0 if self.derive_ids else len(chunk.voters)
                writes.submit(self._process, chunk.voters, report)
                progress(report.rows, max(total, report.rows), f"{report.rows:,} voters read")
        cancel.raise_if_cancelled()
        index_voters_after(conn, last_id)  # the voters added, in one pass
        reindex_voters(conn, sorted(self._rekeyed))
        report.extra["deactivated"] = self._deactivate_missing(active) if active else 0
        if linked := link_kept_voter_ids(self.session):
            report.notices.append(KEPT_VOTERS_LINKED.format(n=linked))

    def _deactivate_missing(self, active: int) -> int:
        """Mark voters no longer in the file inactive, recording each for undo."""
        ids = list(self.session.scalars(deactivate_query(self.batch_id)))
        if ids and not self.allow_mass_inactive and (not self.with_ids or len(ids) * MASS_INACTIVE_SHARE > active):
            raise MassInactive(len(ids), active, bool(self.with_ids))
        for start in range(0, len(ids), CHUNK):
            part = ids[start : start + CHUNK]
            self.session.execute(update(Voter).where(Voter.id.in_(part)).values(status="inactive"))
            self.session.execute(insert(ImportChange), [
                {"batch_id": self.batch_id, "row": 0, "entity": "voter", "entity_id": vid,
                 "action": "deactivated", "before": {"status": "active"}} for vid in part])
        return len(ids)

    def _process(self, voters: list[list[Any]], report: ImportReport) -> None:
        """Write one chunk of voters ([row number, *values in VOTER_FIELDS order])."""
        if not voters:
            return
        if self.fresh_roll:
            # Nothing to look up: the roll holds only earlier chunks of this file, which repeat a voter id
            # rarely. When one does, the insert fails on the voter id's unique index and the chunk is matched.
            try:
                with self.session.begin_nested():
                    counts = self._write(voters, {})
            except (IntegrityError, self._driver_integrity_error()):
                self._repeats = []  # told again when the chunk is matched
            else:
                report.created, report.updated, report.unchanged = (
                    report.created + counts[0], report.updated + counts[1], report.unchanged + counts[2])
                report.warn(self._repeats)
                self._repeats = []
                return
        ids = list(dict.fromkeys(voter[1] for voter in voters))
        created, updated, unchanged = self._write(voters, self._existing(ids))
        report.created, report.updated, report.unchanged = (
            report.created + created, report.updated + updated, report.unchanged + unchanged)
        report.warn(self._repeats)
        self._repeats = []

    def _write(self, voters: list[list[Any]], existing: dict[str, Any]) -> tuple[int, int, int]:
        """Insert the voters not in `existing` (voter id -> stored values), update the changed ones; the
        numbers created, updated and unchanged."""
        inserts: list[tuple[Any, ...]] = []
        fresh: dict[str, int] = {}  # voter id -> its place in inserts
        updated = unchanged = 0
        for voter in voters:
            vid = voter[1]
            current = existing.get(vid)
            if current is None:
                fresh[vid] = len(inserts)
                inserts.append((*voter[1:], self.batch_id, self.batch_id))
                existing[vid] = voter
                continue
            if vid in fresh:  # added by this chunk already: a repeat in the file, whose later row is kept
                inserts[fresh[vid]] = (*voter[1:], self.batch_id, self.batch_id)
                self._repeated(voter)
                unchanged += 1
                continue
            if current.get("last_seen_batch_id") == self.batch_id:  # an earlier chunk had it
                self._repeated(voter)
            current["last_seen_batch_id"] = self.batch_id
            if self._compare(voter[0], current, dict(zip(VOTER_FIELDS, voter[1:], strict=True))):
                updated += 1
            else:
                unchanged += 1
        conn = self.session.connection()
        bulk_insert_tuples(conn, cast(Table, Voter.__table__), INSERTED, inserts)
        self._write_updates()
        seen = [current["id"] for vid, current in existing.items() if vid not in fresh]
        if seen:  # inserted ones are marked seen by this batch already
            self.session.execute(update(Voter).where(Voter.id.in_(seen)).values(last_seen_batch_id=self.batch_id))
        return len(inserts), updated, unchanged

    def _repeated(self, voter: list[Any]) -> None:
        """A row whose voter id (or, in a file without ids, name and address) an earlier row had."""
        if self._id_header:
            self._repeats.append(RowIssue(voter[0], self._id_header, str(voter[1]), "an earlier row has this voter "
                                          "id too: this row's values were kept (one voter, not two)"))
        else:
            self._repeats.append(RowIssue(voter[0], "row", "", "an earlier row has the same name and address: "
                                          "this row's values were kept (one voter, not two)"))

    def _driver_integrity_error(self) -> type[Exception]:
        """The driver's own IntegrityError: a server's COPY raises it unwrapped."""
        return cast(type[Exception], self.session.connection().dialect.dbapi.IntegrityError)  # type: ignore[union-attr]

    def _compare(self, number: int, current: dict[str, Any], values: dict[str, Any]) -> bool:
        """Whether the stored voter differs from the file's: then its changes are written (per chunk)."""
        changed = {k: current.get(k) for k in COMPARED if values[k] != current.get(k)}
        if not changed:
            return False
        if "id" in current:
            pending = self._pending.setdefault(current["id"], {})
            pending.update({k: values[k] for k in changed}, name_key=values["name_key"],
                           family_key=values["family_key"], search_key=values["search_key"])
            self._changes.append({"batch_id": self.batch_id, "row": number, "entity": "voter",
                                  "entity_id": current["id"], "action": "updated", "before": dict(changed)})
        current.update({k: values[k] for k in changed})
        return True

    def _write_updates(self) -> None:
        """The chunk's changed voters, one executemany per set of changed columns, and their records."""
        conn = self.session.connection()
        update_by_id(conn, cast(Table, Voter.__table__), self._pending)
        self._rekeyed.update(self._pending)
        if self._changes:
            bulk_insert(conn, cast(Table, ImportChange.__table__), self._changes)
        self._pending, self._changes = {}, []

    def _existing(self, ids: list[str]) -> dict[str, Any]:
        columns = [Voter.id, Voter.voter_id, Voter.last_seen_batch_id, *(getattr(Voter, k) for k in COMPARED)]
        return {r["voter_id"]: dict(r) for r in rows_by_key(self.session.connection(), Voter.voter_id, ids, columns)}


def deactivate_query(batch_id: int) -> Any:
    """Voters active before this import but missing from its file."""
    return select(Voter.id).where(
        Voter.status == "active",
        or_(Voter.last_seen_batch_id.is_(None), Voter.last_seen_batch_id != batch_id),
    )


def undo_voters(session: Session, batch: ImportBatch) -> dict[str, int]:
    """Reverse a voter-file batch (the newest only): changed voters put back, added ones removed."""
    later = later_batches(session, batch)
    if later:
        raise UserError(f"Voter-roll import {later[0]} came later: undo it first (newest first).")
    voters: dict[int, dict[str, Any]] = {}
    restored = 0
    for entity, eid, _action, before in changes_newest_first(session, batch.id):  # each voter's oldest value wins
        if entity == "voter":
            voters.setdefault(eid, {}).update(before)
            restored += 1
    _restore_voters(session, voters)
    added = list(session.scalars(select(Voter.id).where(Voter.import_batch_id == batch.id)))
    removed = delete_ids(session, Voter, added)
    reindex_voters(session.connection(), [*voters, *added])
    return {"removed": removed, "restored": restored}


def _restore_voters(session: Session, voters: dict[int, dict[str, Any]]) -> None:
    """Put changed voters back, their matching and search keys included."""
    conn = session.connection()
    update_by_id(conn, cast(Table, Voter.__table__), voters)
    changed = [vid for vid, before in voters.items() if KEYED & set(before)]
    keys: dict[int, dict[str, Any]] = {}
    columns = [Voter.id, Voter.voter_id, Voter.given_name, Voter.family_name, Voter.additional_name, Voter.suffix,
               Voter.street_address, Voter.unit]
    for start in range(0, len(changed), CHUNK):
        for row in conn.execute(select(*columns).where(Voter.id.in_(changed[start : start + CHUNK]))).mappings():
            keys[row["id"]] = {"name_key": name_key(row["given_name"], row["family_name"]),
                               "family_key": family_key(row["family_name"]), "search_key": search_key(dict(row))}
    update_by_id(conn, cast(Table, Voter.__table__), keys)
