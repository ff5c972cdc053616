"""Loading a county or state voter file into the voter roll, keyed by voter id."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from itertools import islice
from typing import Any, cast

from sqlalchemy import Table, func, insert, or_, select, update
from sqlalchemy.orm import Session

from organizer.domain.addresses import normalize_postal_code, parse_street, street_key
from organizer.domain.errors import InvalidValue
from organizer.domain.names import split_full_name
from organizer.domain.text import family_key, name_key, tidy_name
from organizer.domain.voter_search import voter_search_key
from organizer.errors import UserError
from organizer.progress import NEVER, NO_PROGRESS, CancelToken, Progress
from organizer.services.importing.kinds.voters import MASS_INACTIVE_SHARE, MassInactive
from organizer.services.importing.layout import Layout
from organizer.services.importing.prepare import DataRow
from organizer.services.importing.report import ImportReport, RowIssue
from organizer.services.importing.undo import changes_newest_first, delete_ids, later_batches
from organizer.storage.bulk import bulk_insert, update_by_id
from organizer.storage.models import ImportBatch, ImportChange, Voter
from organizer.storage.voter_text import index_voters_after, last_voter_id, reindex_voters

CHUNK = 2000
NO_VOTER_ID = "no voter id in this row"
NO_NAME = "no name in this row (the file has no voter ids, so a voter is known by name and address)"
DERIVED_IDS = ("This voter file has no voter id column: each voter was given an id of its own, made from their name "
               "and residence address (the same voter gets the same id in every such file).")
TEXT_FIELDS = ("given_name", "family_name", "additional_name", "suffix", "street_address", "street_number",
               "street_name", "unit", "street_key", "locality", "region", "postal_code", "precinct", "ward",
               "district", "party", "status", "phone")
KEYED = {"given_name", "family_name", "additional_name", "suffix", "street_address", "unit"}
COMPARED = (*TEXT_FIELDS, "street_number_value", "birth_year", "extra")
DIRECT = {"precinct": "precinct", "ward": "ward", "district": "district", "party": "party",
          "locality": "locality", "region": "region", "phone": "phone"}
# NC (status_cd, voter_status_desc), OH (VOTER_STATUS), FL (ACT, INA, PRE), NY (A, AM, AF, AP, AU, I, P, 17).
ACTIVE = {"a", "active", "act", "activo", "am", "af", "ap", "au", "temporary", "s"}
INACTIVE = {"i", "inactive", "inact", "ina", "removed", "denied", "r", "d", "p", "purged", "cancelled", "canceled",
            "confirmation", "pre", "preregistered", "17"}
# Columns whose values join, in column order, into one street line or one unit ("123 1/2 N MAIN ST E", "APT 4").
STREET_PARTS = ("street_number", "street_name", "street_part")
UNIT_PARTS = ("address_line2", "unit_part")


class VoterRun:
    """One voter-file import over an open write session."""

    def __init__(self, session: Session, batch_id: int, layout: Layout, region: str, *,
                 allow_mass_inactive: bool = False) -> None:
        self.session = session
        self.allow_mass_inactive = allow_mass_inactive
        self.with_ids = 0  # rows that named a voter id
        self.batch_id = batch_id
        self.columns = [c for c in layout.columns if c.field != "ignore"]
        # A roll without a voter id column (some published extracts): ids are made from name and address.
        self.derive_ids = not any(c.field == "voter_id" for c in self.columns)
        self.region = region
        self._pending: dict[int, dict[str, Any]] = {}  # voter row id -> changed columns, written per chunk
        self._changes: list[dict[str, Any]] = []
        self._rekeyed: set[int] = set()  # voters whose search key may have changed: the text index follows

    def run(self, rows: Iterator[DataRow], report: ImportReport, total: int,
            progress: Progress = NO_PROGRESS, cancel: CancelToken = NEVER) -> None:
        """Insert new voters, update changed ones, then mark the ones missing from the file inactive.

        Raises MassInactive (and the caller's transaction rolls back) when that would mark more than a
        fifth of the roll that was active before, or any of it from a file without voter ids, unless allowed.
        """
        active = self.session.scalar(select(func.count()).select_from(Voter).where(Voter.status == "active")) or 0
        conn = self.session.connection()
        last_id = last_voter_id(conn)
        if self.derive_ids:
            report.notices.append(DERIVED_IDS)
        while chunk := list(islice(rows, CHUNK)):
            cancel.raise_if_cancelled()
            self._process(chunk, report)
            progress(report.rows, max(total, report.rows), f"{report.rows:,} voters read")
        cancel.raise_if_cancelled()
        index_voters_after(conn, last_id)  # the voters added, in one pass
        reindex_voters(conn, sorted(self._rekeyed))
        report.extra["deactivated"] = self._deactivate_missing(active)

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

    def _process(self, chunk: list[DataRow], report: ImportReport) -> None:
        cleaned: dict[str, tuple[int, dict[str, Any]]] = {}
        order: list[tuple[int, dict[str, Any]]] = []
        for row in chunk:
            report.rows += 1
            values = self._clean(row, report)
            if values is None:
                continue
            order.append((row.number, values))
            self.with_ids += not self.derive_ids
        ids = list({v["voter_id"] for _n, v in order})
        existing = self._existing(ids)
        inserts: list[dict[str, Any]] = []
        for number, values in order:
            vid = values["voter_id"]
            current = existing.get(vid)
            if current is None:
                values.update(import_batch_id=self.batch_id, last_seen_batch_id=self.batch_id)
                inserts.append(values)
                existing[vid] = values
                report.created += 1
                continue
            self._compare(number, current, values, report)
            cleaned[vid] = (number, values)
        if inserts:
            bulk_insert(self.session.connection(), cast(Table, Voter.__table__), inserts)
        self._write_updates()
        fresh = {values["voter_id"] for values in inserts}  # inserted already marked seen by this batch
        seen = [vid for vid in ids if vid not in fresh]
        if seen:
            self.session.execute(update(Voter).where(Voter.voter_id.in_(seen)).values(last_seen_batch_id=self.batch_id))

    def _compare(self, number: int, current: dict[str, Any], values: dict[str, Any],
                 report: ImportReport) -> None:
        changed = {k: current.get(k) for k in COMPARED if k in values and values[k] != current.get(k)}
        if not changed:
            report.unchanged += 1
            return
        report.updated += 1
        if "id" in current:
            pending = self._pending.setdefault(current["id"], {})
            pending.update({k: values[k] for k in changed}, name_key=values["name_key"],
                           family_key=values["family_key"], search_key=values["search_key"])
            self._changes.append({"batch_id": self.batch_id, "row": number, "entity": "voter",
                                  "entity_id": current["id"], "action": "updated", "before": dict(changed)})
        current.update({k: values[k] for k in changed})

    def _write_updates(self) -> None:
        """The chunk's changed voters, one executemany per set of changed columns, and their records."""
        conn = self.session.connection()
        update_by_id(conn, cast(Table, Voter.__table__), self._pending)
        self._rekeyed.update(self._pending)
        if self._changes:
            bulk_insert(conn, cast(Table, ImportChange.__table__), self._changes)
        self._pending, self._changes = {}, []

    def _existing(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        if not ids:
            return {}
        columns = [Voter.id, Voter.voter_id, *(getattr(Voter, k) for k in COMPARED)]
        rows = self.session.execute(select(*columns).where(Voter.voter_id.in_(ids))).mappings()
        return {r["voter_id"]: dict(r) for r in rows}

    def _clean(self, row: DataRow, report: ImportReport) -> dict[str, Any] | None:
        values: dict[str, Any] = {"extra": {}}
        for column in self.columns:
            raw = row.cells[column.index].strip() if column.index < len(row.cells) else ""
            if raw:
                problem = self._apply(values, column.field, column.header, raw)
                if problem:
                    report.warn([RowIssue(row.number, column.header, raw, problem)])
                    values["extra"][column.header] = raw
        if not values.get("voter_id") and not self.derive_ids:
            _rejected(row, report, NO_VOTER_ID)
            return None
        values.setdefault("voter_id", "")
        _finish(values)
        if self.derive_ids:
            if not values["name_key"]:
                _rejected(row, report, NO_NAME)
                return None
            values["voter_id"] = derived_voter_id(values)
            values["search_key"] = search_key(values)
        return values

    def _apply(self, values: dict[str, Any], key: str, header: str, raw: str) -> str | None:
        try:
            if key == "voter_id":
                values["voter_id"] = raw
            elif key in ("given_name", "family_name", "additional_name"):
                values[key] = tidy_name(raw)
            elif key == "honorific_suffix":
                values["suffix"] = raw
            elif key == "full_name":
                values["_full_name"] = raw
            elif key == "street":
                values["street_address"] = " ".join(raw.split())
            elif key in STREET_PARTS:
                values.setdefault("_street_parts", []).append(raw)
            elif key in UNIT_PARTS:
                values.setdefault("_unit_parts", []).append(raw)
            elif key == "postal_code":
                values["postal_code"] = normalize_postal_code(raw, "US" if self.region == "US" else self.region)
            elif key == "voter_status":
                values["status"] = _status(raw)
            elif key in ("birth_year", "birthdate"):
                values["birth_year"] = _year(raw)
            elif key in DIRECT:
                values[DIRECT[key]] = raw
            else:
                values["extra"][header] = raw
        except InvalidValue as exc:
            return str(exc)
        return None


def _finish(values: dict[str, Any]) -> None:
    full = values.pop("_full_name", "")
    if full and not (values.get("given_name") or values.get("family_name")):
        parts = split_full_name(full)
        values.update(given_name=parts.given, family_name=parts.family, additional_name=parts.additional)
    parts, unit = values.pop("_street_parts", []), " ".join(values.pop("_unit_parts", []))
    street = values.get("street_address", "") or " ".join(" ".join(parts).split())
    values["street_address"] = street
    where = parse_street(f"{street} {unit}".strip()) if street else None
    values.update(
        street_number=where.number if where else "", street_number_value=where.number_value if where else None,
        street_name=where.street if where else "", unit=where.unit if where else unit,
        street_key=street_key(f"{street} {unit}".strip()) if street else "",
    )
    for key in TEXT_FIELDS:
        values.setdefault(key, "")
    values["status"] = values["status"] or "active"
    values.setdefault("birth_year", None)
    values["name_key"] = name_key(values["given_name"], values["family_name"])
    values["family_key"] = family_key(values["family_name"])
    values["search_key"] = search_key(values)


def _rejected(row: DataRow, report: ImportReport, reason: str) -> None:
    first = next((c.strip() for c in row.cells if c.strip()), "")
    report.reject(RowIssue(row.number, "", first, reason), tuple(row.cells))


def derived_voter_id(values: dict[str, Any]) -> str:
    """A stable id for a voter in a file without voter ids: from the name, suffix, street key and ZIP."""
    basis = "|".join((values["name_key"], values["suffix"].casefold(), values["street_key"], values["postal_code"]))
    return "N" + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:15].upper()


def search_key(values: dict[str, Any]) -> str:
    """The voter's search key from its stored values."""
    return voter_search_key(values["family_name"], values["given_name"], values["additional_name"],
                            values["suffix"], values["street_address"], values["unit"], values["voter_id"])


def _status(raw: str) -> str:
    text = raw.strip().casefold()
    if text in ACTIVE:
        return "active"
    if text in INACTIVE:
        return "inactive"
    raise InvalidValue("not a registration status this app knows (expected active or inactive)")


def _year(raw: str) -> int:
    digits = raw.strip()[:4] if raw.strip()[:4].isdigit() else raw.strip()[-4:]
    if not digits.isdigit() or not 1880 <= int(digits) <= 2100:
        raise InvalidValue("not a year of birth")
    return int(digits)


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
