"""Filling every shared table with one record that has a value in every column, for share tests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, String, insert, select

from organizer.services.container import Services, create_chapter
from organizer.services.sharing.cells import type_of
from organizer.services.sharing.schema import VOTERS, shared_tables
from organizer.storage.models import Voter
from organizer.storage.models.base import new_uuid

VOTER_ID = "NC000123"


def other_chapter(tmp_path: Path, name: str = "Other Chapter") -> Services:
    """A second chapter with an identity of its own (a copy of the template would share the first's)."""
    return create_chapter(tmp_path / f"{name.replace(' ', '-')}.db", name, "US")


def _code(table: Any, column: Any) -> str | None:
    for constraint in table.constraints:
        info = getattr(constraint, "info", {}) or {}
        if info.get("column") == column.name:
            return list(info["code"])[-1].value  # type: ignore[no-any-return]
    return None


def value_for(table: Any, column: Any, ids: dict[str, int]) -> Any:
    """A non-default value of the column's type (a reference: the one record of its table)."""
    if column.name == "uuid":
        return new_uuid()
    targets = {fk.column.table.name for fk in column.foreign_keys}
    if targets:
        return ids.get(targets.pop())
    code = _code(table, column)
    if code is not None:
        return code
    kind = type_of(column)
    if isinstance(kind, JSON):
        default = column.default.arg({}) if column.default is not None and callable(column.default.arg) else {}
        return ["first", "=second"] if isinstance(default, list) else {"Shirt": "XL", "Note": "+1 maybe"}
    if isinstance(kind, Boolean):
        return True
    if isinstance(kind, DateTime):
        return datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
    if isinstance(kind, Date):
        return date(2026, 2, 3)
    if isinstance(kind, Integer):
        return 7
    if isinstance(kind, Float):
        return 1.25
    if isinstance(kind, String):
        text = f"=v {column.name} 0123"
        return text[: kind.length] if kind.length else text
    return f"v {column.name}"


def fill_every_table(services: Services) -> dict[str, int]:
    """One record in every shared table (and a voter for references to the roll); their ids by table."""
    ids: dict[str, int] = {}
    with services.db.write() as session:
        conn = session.connection()
        ids[VOTERS] = conn.execute(insert(Voter).values(voter_id=VOTER_ID).returning(Voter.id)).scalar_one()
        for shared in shared_tables():
            table = shared.table
            values = {c.name: value_for(table, c, ids) for c in table.columns if c.name != "id"
                      and c.name not in ("import_batch_id", "unmatched_voter_id")}
            if shared.name == "tags":
                values["name"] = "Door Knocker"
                values["folded_name"] = "door knocker"
            if shared.name == "people":
                values.update(do_not_email=False, do_not_call=False, deceased=False)
            values["imported_at"] = None
            values["origin_chapter_uuid"] = values["origin_chapter_name"] = ""
            values = {k: v for k, v in values.items() if k in table.c}
            if shared.is_link:
                conn.execute(insert(table).values(**values))
                continue
            ids[shared.name] = conn.execute(insert(table).values(**values).returning(table.c.id)).scalar_one()
    return ids


def add_voter(services: Services) -> None:
    """The same voter on the receiving chapter's roll."""
    with services.db.write() as session:
        session.add(Voter(voter_id=VOTER_ID))


def stored(services: Services, name: str) -> list[dict[str, Any]]:
    """Every shared column of every record of a table, references as uuids (voters as voter ids)."""
    shared = next(t for t in shared_tables() if t.name == name)
    out = []
    with services.db.read() as session:
        for row in session.execute(select(shared.table)).mappings():
            record = {}
            for column in shared.columns:
                value = row[column.name]
                if column.refers_to and value is not None:
                    target = Voter.__table__ if column.refers_to == VOTERS else next(
                        t.table for t in shared_tables() if t.name == column.refers_to)
                    key = target.c.voter_id if column.refers_to == VOTERS else target.c.uuid
                    value = session.scalar(select(key).where(target.c.id == value))
                if isinstance(value, datetime):
                    value = (value if value.tzinfo else value.replace(tzinfo=UTC)).replace(microsecond=0)
                record[column.header] = value
            out.append(record)
    return sorted(out, key=repr)
