"""Undoing a merge: the merged person comes back with their uuid, and what moved goes back to them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Column, delete, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from organizer.errors import NotFound, UserError
from organizer.services.merge_rows import decoded, insert_rows, jsonable, row_values, table
from organizer.services.merging import survivor_keys
from organizer.storage.models import ImportBatch, PersonMerge, Tombstone
from organizer.storage.models.base import utcnow


@dataclass(frozen=True, slots=True)
class UndoResult:
    """What undoing a merge did."""

    merge_id: int
    survivor_id: int
    restored_id: int
    restored_uuid: str


def undo_merge(session: Session, merge_id: int) -> UndoResult:
    """Put back the person a merge removed, inside the caller's transaction."""
    merge = session.get(PersonMerge, merge_id)
    if merge is None:
        raise NotFound(f"There is no merge {merge_id}: 'review merges' lists them.")
    if merge.undone_at is not None:
        raise UserError(f"Merge {merge_id} is already undone.")
    conn = session.connection()
    people = table("people")
    survivor = conn.execute(select(people.c.id).where(people.c.uuid == merge.survivor_uuid)).scalar()
    if survivor is None:
        raise UserError(f"Merge {merge_id} cannot be undone: the person it kept is gone (deleted, or merged "
                        "into someone else since; undo that merge first).")
    if conn.execute(select(people.c.id).where(people.c.uuid == merge.merged_uuid)).scalar() is not None:
        raise UserError(f"Merge {merge_id} cannot be undone: the merged person is already back.")
    brought_by = merge.snapshot["other"].get("import_batch_id")
    if brought_by is not None and session.scalar(select(ImportBatch.undone_at).where(ImportBatch.id == brought_by)):
        raise UserError(f"Merge {merge_id} cannot be undone: the person it merged came in with import {brought_by}, "
                        "which was undone since, so they are no longer part of the chapter.")
    return _Undo(conn, merge, survivor).run()


class _Undo:
    def __init__(self, conn: Connection, merge: PersonMerge, survivor_id: int) -> None:
        self.conn = conn
        self.merge = merge
        self.snap: dict[str, Any] = merge.snapshot
        self.s = survivor_id
        self.now = utcnow()
        self.o = 0

    def run(self) -> UndoResult:
        people = table("people")
        other = row_values(people, self.snap["other"])
        other["modified_at"] = self.now
        insert_rows(self.conn, people, [other])
        self.o = self.conn.execute(select(people.c.id).where(people.c.uuid == self.merge.merged_uuid)).scalar_one()
        aliases = table("person_aliases")
        self.conn.execute(delete(aliases).where(aliases.c.uuid == self.merge.merged_uuid))
        if self.snap["aliases"]:
            self.conn.execute(update(aliases).where(aliases.c.uuid.in_(self.snap["aliases"]))
                              .values(person_id=self.o))
        self._moved_back()
        self._dropped_back()
        self._changed_back()
        self._sets_back()
        self._duplicates_back()
        self._survivor_back()
        for person_id in (self.s, self.o):
            names = self.conn.execute(select(people.c.given_name, people.c.family_name, people.c.additional_name)
                                      .where(people.c.id == person_id)).mappings().one()
            self.conn.execute(update(people).where(people.c.id == person_id)
                              .values(**survivor_keys(self.conn, person_id, dict(names))))
        self.merge.undone_at = self.now
        return UndoResult(self.merge.id, self.s, self.o, self.merge.merged_uuid)

    def _moved_back(self) -> None:
        """Records that moved return (those still with the survivor), with the values they had."""
        for key, entries in self.snap["moved"].items():
            name, column = key.split(".")
            tbl = table(name)
            (pk,) = tbl.primary_key.columns
            stamp = {"modified_at": self.now} if "modified_at" in tbl.c else {}
            plain = [int(i) for i, before in entries.items() if not before]
            for start in range(0, len(plain), 500):
                self.conn.execute(update(tbl).where(pk.in_(plain[start : start + 500]), tbl.c[column] == self.s)
                                  .values({column: self.o, **stamp}))
            for row_id, before in entries.items():
                if before:
                    values = {k: decoded(cast(Column[Any], tbl.c[k]), v) for k, v in before.items()}
                    self.conn.execute(update(tbl).where(pk == int(row_id), tbl.c[column] == self.s)
                                      .values({column: self.o, **stamp, **values}))

    def _dropped_back(self) -> None:
        """Copies folded into the survivor's come back as the merged person's, their tombstones gone."""
        for name, rows in self.snap["dropped"].items():
            tbl = table(name)
            values = [{**row_values(tbl, r), "person_id": self.o, "modified_at": self.now} for r in rows]
            insert_rows(self.conn, tbl, values)
            self.conn.execute(delete(Tombstone).where(Tombstone.uuid.in_([r["uuid"] for r in rows])))

    def _changed_back(self) -> None:
        for name, entries in self.snap["changed"].items():
            tbl = table(name)
            for row_id, before in entries.items():
                values = {k: decoded(cast(Column[Any], tbl.c[k]), v) for k, v in before.items()}
                self.conn.execute(update(tbl).where(tbl.c.id == int(row_id)).values(**values, modified_at=self.now))

    def _sets_back(self) -> None:
        for name, entry in self.snap["sets"].items():
            tbl = table(name)
            key = next(c for c in tbl.primary_key.columns if c.name != "person_id")
            if entry["added"]:
                self.conn.execute(delete(tbl).where(tbl.c.person_id == self.s, key.in_(entry["added"])))
            parent = next(iter(key.foreign_keys)).column
            still = set(self.conn.execute(select(parent).where(parent.in_(entry["other"]))).scalars())
            rows = [{"person_id": self.o, key.name: k} for k in entry["other"] if k in still]
            if rows:
                self.conn.execute(insert(tbl), rows)

    def _duplicates_back(self) -> None:
        tbl = table("possible_duplicates")
        for pair_id, (a, b, status) in self.snap["duplicates"].items():
            a, b = (self.o if a == self.snap["other"]["id"] else a), (self.o if b == self.snap["other"]["id"] else b)
            self.conn.execute(update(tbl).where(tbl.c.id == int(pair_id))
                              .values(person_id=a, other_person_id=b, status=status))

    def _survivor_back(self) -> None:
        """The survivor's fields the merge set go back, unless someone has changed them since."""
        people = table("people")
        before, after = self.snap["survivor"]["before"], self.snap["survivor"]["after"]
        current = self.conn.execute(select(people).where(people.c.id == self.s)).mappings().one()
        values = {k: decoded(cast(Column[Any], people.c[k]), v) for k, v in before.items()
                  if k != "modified_at" and jsonable(current[k]) == after.get(k)}
        values["modified_at"] = self.now
        self.conn.execute(update(people).where(people.c.id == self.s).values(**values))
