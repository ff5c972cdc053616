"""What the receiving chapter already has of one shared table: rows by id, uuids and natural keys."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from organizer.services.sharing.schema import SharedTable

STREAM = 10_000


def key_part(value: Any) -> Any:
    """A value as part of a hashable key (lists and mappings as their JSON text)."""
    if isinstance(value, list | dict):
        return json.dumps(value, sort_keys=True)
    return value


@dataclass(slots=True)
class LocalTable:
    """The stored rows of a table (every column), with their uuids and natural keys."""

    table: SharedTable
    rows: dict[int, dict[str, Any]] = field(default_factory=dict)
    by_uuid: dict[str, int] = field(default_factory=dict)
    by_key: dict[tuple[str, tuple[Any, ...]], int] = field(default_factory=dict)
    links: set[tuple[Any, ...]] = field(default_factory=set)

    @classmethod
    def load(cls, session: Session, table: SharedTable) -> LocalTable:
        """Read the whole table once (streamed)."""
        local = cls(table)
        t = table.table
        conn = session.connection().execution_options(yield_per=STREAM)
        if table.is_link:
            names = [c.name for c in table.columns]
            local.links = {tuple(r) for r in conn.execute(select(*[t.c[n] for n in names]))}
            return local
        for row in conn.execute(select(t)):
            values = dict(row._mapping)
            local.remember(values["id"], values)
        return local

    def remember(self, row_id: int, values: dict[str, Any], *, keys: bool = True) -> None:
        """Know a row (stored now, or just written: its natural keys are needed no more then)."""
        self.rows[row_id] = values
        self.by_uuid[values["uuid"]] = row_id
        if keys:
            for key in self.table.natural_keys:
                self.by_key.setdefault(self.key_of(key, values), row_id)

    def key_of(self, key: tuple[str, ...], values: dict[str, Any]) -> tuple[str, tuple[Any, ...]]:
        """A natural key's value for these column values."""
        return (",".join(key), tuple(key_part(values.get(name)) for name in key))

    def by_natural_key(self, values: dict[str, Any]) -> int | None:
        """The stored row with the same value of a natural key (None when a key's column is empty)."""
        if not self.by_key:
            return None
        columns = self.table.table.c
        for key in self.table.natural_keys:
            if any(values.get(name) is None and not columns[name].nullable for name in key):
                continue
            found = self.by_key.get(self.key_of(key, values))
            if found is not None:
                return found
        return None
