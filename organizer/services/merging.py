"""Merging one person into another: every record moves to the survivor, and a snapshot keeps what moved.

The merged person's uuid becomes an alias of the survivor (records from other chapters that name it
still land), not a tombstone: the person lives on in the survivor. A copy the survivor already has
(the same email, phone, address, event attendance, or a second volunteer profile) is folded into the
survivor's and dropped; a dropped copy leaves a tombstone, since it is gone for any chapter that shares
it. Everything the merge changes is in `PersonMerge.snapshot`, which `merge_undo` plays backwards.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Table, delete, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from organizer.domain.codes import DuplicateStatus, EmailStatus, EngagementLevel, PhoneType
from organizer.domain.person_keys import derive_keys
from organizer.errors import UserError
from organizer.services.merge_fields import FIELD_NAMES, check_choices, merged_value
from organizer.services.merge_rows import KINDS, add_tombstones, jsonable, row_json, rows_where, table
from organizer.storage.identity import add_person_alias
from organizer.storage.models import Base, PersonMerge
from organizer.storage.models.base import utcnow

SNAPSHOT_VERSION = 1
SELF_MERGE = "A person cannot be merged with themself: choose two different people."
Row = dict[str, Any]
Fold = Callable[[Row, Row], Row]
# References to a person that a merge handles itself; every other one simply moves to the survivor.
HANDLED = {("email_addresses", "person_id"), ("phone_numbers", "person_id"), ("postal_addresses", "person_id"),
           ("volunteers", "person_id"), ("attendances", "person_id"), ("person_aliases", "person_id"),
           ("possible_duplicates", "person_id"), ("possible_duplicates", "other_person_id")}


@dataclass(frozen=True, slots=True)
class MergeResult:
    """What a merge did."""

    merge_id: int
    survivor_id: int
    survivor_uuid: str
    merged_uuid: str
    moved: int  # records that now belong to the survivor
    dropped: int  # copies the survivor already had


def person_references() -> list[tuple[Table, Column[Any]]]:
    """Every column of the data model that points at a person."""
    people = Base.metadata.tables["people"]
    return [(t, fk.parent) for t in Base.metadata.sorted_tables for fk in t.foreign_keys
            if fk.column is people.c.id]


def merge_people(session: Session, survivor_id: int, other_id: int, choices: Mapping[str, str],
                 duplicate_id: int | None = None) -> MergeResult:
    """Merge `other_id` into `survivor_id` inside the caller's transaction."""
    if survivor_id == other_id:
        raise UserError(SELF_MERGE)
    check_choices(choices)
    return _Merge(session, survivor_id, other_id).run(choices, duplicate_id)


class _Merge:
    def __init__(self, session: Session, survivor_id: int, other_id: int) -> None:
        self.session = session
        self.conn: Connection = session.connection()
        self.s, self.o = survivor_id, other_id
        self.now: datetime = utcnow()
        self.moved: dict[str, dict[str, Row]] = {}  # "table.column" -> {id: values before}
        self.dropped: dict[str, list[Row]] = {}  # table -> whole rows
        self.changed: dict[str, dict[str, Row]] = {}  # table -> {id: values before} of the survivor's rows

    def run(self, choices: Mapping[str, str], duplicate_id: int | None) -> MergeResult:
        people = table("people")
        survivor = self._person(self.s)
        other = self._person(self.o)
        self._children("email_addresses", lambda r: r["address"], _fold_email)
        self._children("phone_numbers", lambda r: r["number"], _fold_phone)
        self._children("postal_addresses", _address_key, _fold_address)
        self._children("volunteers", lambda _r: "profile", _fold_volunteer)
        self._children("attendances", lambda r: (r["event_id"], r["shift_id"] or 0), _fold_attendance)
        sets: dict[str, dict[str, list[Any]]] = {}
        duplicates = self._duplicates()
        for tbl, column in person_references():
            if (tbl.name, column.name) in HANDLED:
                continue
            if is_link(tbl, column):
                sets[tbl.name] = self._set(tbl.name)
            else:
                self._move(tbl, column)
        aliases = list(self.conn.execute(select(table("person_aliases").c.uuid)
                                         .where(table("person_aliases").c.person_id == self.o)).scalars())
        add_person_alias(self.session, other["uuid"], self.s)
        self.session.flush()
        self.conn.execute(delete(people).where(people.c.id == self.o))
        before, after = self._fields(survivor, other, choices)
        snapshot = {
            "version": SNAPSHOT_VERSION, "survivor_id": self.s, "other": row_json(other),
            "survivor": {"before": before, "after": after}, "moved": self.moved, "dropped": self.dropped,
            "changed": self.changed, "sets": sets, "duplicates": duplicates, "aliases": aliases,
        }
        merge_id = self.conn.execute(insert(PersonMerge).values(
            survivor_uuid=survivor["uuid"], merged_uuid=other["uuid"], duplicate_id=duplicate_id,
            merged_at=self.now, snapshot=snapshot).returning(PersonMerge.id)).scalar_one()
        moved = sum(len(v) for v in self.moved.values()) + sum(len(v["added"]) for v in sets.values())
        return MergeResult(merge_id, self.s, survivor["uuid"], other["uuid"], moved,
                           sum(len(v) for v in self.dropped.values()))

    def _person(self, person_id: int) -> Row:
        rows = rows_where(self.conn, table("people"), "id", person_id)
        if not rows:
            raise UserError(f"There is no person with id {person_id}.")
        return rows[0]

    def _children(self, name: str, key: Callable[[Row], Any], fold: Fold) -> None:
        """Move the other's rows of a child table; a copy of one the survivor has is folded in and dropped."""
        tbl = table(name)
        mine = {key(r): r for r in rows_where(self.conn, tbl, "person_id", self.s)}
        has_primary = "primary" in tbl.c and any(r["primary"] for r in mine.values())
        drop: list[Row] = []
        moved: dict[str, Row] = {}
        for row in rows_where(self.conn, tbl, "person_id", self.o):
            kept = mine.get(key(row))
            if kept is None:
                moved[str(row["id"])] = {"primary": True} if has_primary and row["primary"] else {}
                mine[key(row)] = row
                continue
            self._fold(tbl, kept, fold(kept, row))
            drop.append(row)
        if moved:
            self.moved[f"{name}.person_id"] = moved
            ids = [int(i) for i in moved]
            for start in range(0, len(ids), 500):
                self.conn.execute(update(tbl).where(tbl.c.id.in_(ids[start : start + 500]))
                                  .values(person_id=self.s, modified_at=self.now))
            unmarked = [int(i) for i, before in moved.items() if before]
            if unmarked:  # the survivor's primary email (phone, address) stays the primary one
                self.conn.execute(update(tbl).where(tbl.c.id.in_(unmarked)).values(primary=False))
        if drop:
            self.dropped[name] = [row_json(r) for r in drop]
            self.conn.execute(delete(tbl).where(tbl.c.id.in_([r["id"] for r in drop])))
            add_tombstones(self.conn, KINDS[name], [r["uuid"] for r in drop], self.now)

    def _fold(self, tbl: Table, kept: Row, changes: Row) -> None:
        changes = {k: v for k, v in changes.items() if kept[k] != v}
        if not changes:
            return
        before = self.changed.setdefault(tbl.name, {}).setdefault(str(kept["id"]), {})
        for column, value in changes.items():
            before.setdefault(column, jsonable(kept[column]))
            kept[column] = value
        self.conn.execute(update(tbl).where(tbl.c.id == kept["id"]).values(**changes, modified_at=self.now))

    def _set(self, name: str) -> dict[str, list[Any]]:
        """The other's links (tags, list memberships): the survivor gets those it lacks."""
        tbl = table(name)
        key = next(c for c in tbl.primary_key.columns if c.name != "person_id")
        theirs = set(self.conn.execute(select(key).where(tbl.c.person_id == self.o)).scalars())
        mine = set(self.conn.execute(select(key).where(tbl.c.person_id == self.s)).scalars())
        added = sorted(theirs - mine)
        if added:
            self.conn.execute(insert(tbl), [{"person_id": self.s, key.name: k} for k in added])
        return {"other": sorted(theirs), "added": added}

    def _duplicates(self) -> dict[str, list[Any]]:
        """Pairs naming the other now name the survivor; the pair of these two is merged."""
        tbl = table("possible_duplicates")
        rows = self.conn.execute(select(tbl.c.id, tbl.c.person_id, tbl.c.other_person_id, tbl.c.status)
                                 .where((tbl.c.person_id == self.o) | (tbl.c.other_person_id == self.o))).all()
        before: dict[str, list[Any]] = {}
        for pair_id, a, b, status in rows:
            before[str(pair_id)] = [a, b, status]
            a, b = (self.s if a == self.o else a), (self.s if b == self.o else b)
            new_status = DuplicateStatus.MERGED.value if a == b and status == DuplicateStatus.OPEN.value else status
            self.conn.execute(update(tbl).where(tbl.c.id == pair_id)
                              .values(person_id=a, other_person_id=b, status=new_status))
        return before

    def _move(self, tbl: Table, column: Column[Any]) -> None:
        """Every row of a table pointing at the other points at the survivor."""
        (pk,) = tbl.primary_key.columns
        ids = list(self.conn.execute(select(pk).where(column == self.o)).scalars())
        if not ids:
            return
        values: Row = {column.name: self.s}
        if "modified_at" in tbl.c:
            values["modified_at"] = self.now
        for start in range(0, len(ids), 500):
            self.conn.execute(update(tbl).where(pk.in_(ids[start : start + 500])).values(**values))
        self.moved[f"{tbl.name}.{column.name}"] = {str(i): {} for i in ids}

    def _fields(self, survivor: Row, other: Row, choices: Mapping[str, str]) -> tuple[Row, Row]:
        """The survivor's fields as chosen, its keys recomputed; returns the values before and after."""
        values = {name: merged_value(name, survivor[name], other[name], choices.get(name)) for name in FIELD_NAMES}
        last = [t for t in (survivor["last_contacted_at"], other["last_contacted_at"]) if t is not None]
        values["last_contacted_at"] = max(last) if last else None
        values.update(survivor_keys(self.conn, self.s, values))
        values = {k: v for k, v in values.items() if survivor[k] != v}
        values["modified_at"] = self.now
        people = table("people")
        self.conn.execute(update(people).where(people.c.id == self.s).values(**values))
        return ({k: jsonable(survivor[k]) for k in values}, {k: jsonable(v) for k, v in values.items()})


def is_link(tbl: Table, column: Column[Any]) -> bool:
    """Whether a table links a person to something else (tags, lists): the person is part of its key."""
    return column.primary_key and column.name == "person_id" and len(tbl.primary_key.columns) == 2


def survivor_keys(conn: Connection, person_id: int, names: Mapping[str, Any]) -> Row:
    """A person's matching keys and search text from these names (and custom fields, when given) and their stored
    emails, phones and addresses."""
    emails, phones, addresses = table("email_addresses"), table("phone_numbers"), table("postal_addresses")
    keys = derive_keys(
        names["given_name"], names["family_name"], names["additional_name"],
        conn.execute(select(emails.c.address).where(emails.c.person_id == person_id).order_by(emails.c.id)).scalars(),
        conn.execute(select(phones.c.number).where(phones.c.person_id == person_id).order_by(phones.c.id)).scalars(),
        [(lines or [], postal) for lines, postal in conn.execute(
            select(addresses.c.address_lines, addresses.c.postal_code)
            .where(addresses.c.person_id == person_id).order_by(addresses.c.id))],
        names.get("custom_fields"),
    )
    return {"name_key": keys.name_key, "family_key": keys.family_key, "search_text": keys.search_text}


def _address_key(row: Row) -> Any:
    if row["street_key"]:
        return (row["street_key"], row["postal_code"])
    return (tuple(row["address_lines"] or ()), row["locality"], row["region"], row["postal_code"])


def _fold_email(kept: Row, copy: Row) -> Row:
    """An unsubscribe or a bounce on either copy holds."""
    subscribed = EmailStatus.SUBSCRIBED.value
    return {"status": copy["status"]} if kept["status"] == subscribed and copy["status"] != subscribed else {}


def _fold_phone(kept: Row, copy: Row) -> Row:
    out: Row = {"do_not_call": kept["do_not_call"] or copy["do_not_call"]}
    if not kept["extension"]:
        out["extension"] = copy["extension"]
    if kept["sms_capable"] is None:
        out["sms_capable"] = copy["sms_capable"]
    if kept["number_type"] == PhoneType.OTHER.value:
        out["number_type"] = copy["number_type"]
    return out


def _fold_address(kept: Row, copy: Row) -> Row:
    return {k: copy[k] for k in ("precinct", "country", "locality", "region") if not kept[k] and copy[k]}


def _fold_volunteer(kept: Row, copy: Row) -> Row:
    """One profile: skills and languages of both, the higher rung, the earlier start, gaps filled."""
    out: Row = {k: list(kept[k] or []) + [v for v in copy[k] or [] if v not in (kept[k] or [])]
                for k in ("skills", "languages")}
    if EngagementLevel(copy["engagement_level"]).order > EngagementLevel(kept["engagement_level"]).order:
        out["engagement_level"] = copy["engagement_level"]
    starts = [d for d in (kept["started_on"], copy["started_on"]) if d is not None]
    out["started_on"] = min(starts) if starts else None
    for key in ("availability", "notes", "recruited_by_id", "point_person_id"):
        if not kept[key] and copy[key]:
            out[key] = copy[key]
    return out


def _fold_attendance(kept: Row, copy: Row) -> Row:
    out: Row = {}
    if copy["attended"] and not kept["attended"]:
        out["attended"] = True
    for key in ("checked_in_at", "role", "comment"):
        if not kept[key] and copy[key]:
            out[key] = copy[key]
    return out
