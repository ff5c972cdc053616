"""What the receiving chapter already has of one shared table: uuids, natural keys, stored rows on demand.

Only the uuid -> id map is read up front (one Core select of two columns); a natural key's map is read
the first time a record is not found by its uuid, and whole rows only for the records a chunk of the
file matched, a page at a time, so memory stays flat on a big chapter.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import JSON, String, func, select, type_coerce
from sqlalchemy.engine import Connection

from organizer.services.importing.people_state import stored_json
from organizer.services.sharing.schema import SharedTable

STREAM = 10_000
STREAMED = {"yield_per": STREAM}  # per statement: set on the connection, it would stay for every later one
PAGE = 2_000  # ids per IN (...) when reading stored rows


def key_part(value: Any) -> Any:
    """A value as part of a hashable key (lists and mappings as their JSON text)."""
    if isinstance(value, list | dict):
        return json.dumps(value, sort_keys=True)
    return value


@dataclass(slots=True)
class LocalTable:
    """A table's stored uuids (and those written by this import), natural keys and, for link tables, links."""

    table: SharedTable
    conn: Connection
    by_uuid: dict[str, int] = field(default_factory=dict)
    links: set[tuple[Any, ...]] = field(default_factory=set)
    first_new: int = 0  # rows with an id below this were stored before the import began
    _keys: dict[tuple[str, tuple[Any, ...]], int] | None = None
    _nullable: dict[str, bool] = field(default_factory=dict)

    @classmethod
    def load(cls, conn: Connection, table: SharedTable) -> LocalTable:
        """Read the table's uuids (a link table: its links) once, streamed."""
        t = table.table
        local = cls(table, conn, _nullable={c.name: bool(c.nullable) for c in t.columns})
        if table.is_link:
            names = [c.name for c in table.columns]
            local.links = {tuple(r) for r in conn.execute(select(*[t.c[n] for n in names]), execution_options=STREAMED)}
            return local
        local.by_uuid = {u: i for u, i in conn.execute(select(t.c.uuid, t.c.id), execution_options=STREAMED)}
        local.first_new = (conn.execute(select(func.max(t.c.id))).scalar() or 0) + 1
        return local

    @property
    def had_rows(self) -> bool:
        """Whether the table held anything before this import."""
        return self.first_new > 1

    def stored(self, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
        """The stored rows (every column) of these ids."""
        t = self.table.table
        wanted = sorted(set(ids))
        out: dict[int, dict[str, Any]] = {}
        # JSON read as its text: most is "{}" or "[]", taken without the decoder (a server's driver decodes it)
        columns = [type_coerce(c, String).label(c.name) if isinstance(c.type, JSON) else c for c in t.columns]
        decoded = [i for i, c in enumerate(t.columns) if isinstance(c.type, JSON)]
        for start in range(0, len(wanted), PAGE):
            page = wanted[start : start + PAGE]
            result = self.conn.execute(select(*columns).where(t.c.id.in_(page)))
            names = list(result.keys())
            for row in result.all():
                values = dict(zip(names, row, strict=True))
                for i in decoded:
                    values[names[i]] = stored_json(values[names[i]])
                out[values["id"]] = values
        return out

    def key_of(self, key: tuple[str, ...], values: dict[str, Any]) -> tuple[str, tuple[Any, ...]]:
        """A natural key's value for these column values."""
        return (",".join(key), tuple(key_part(values.get(name)) for name in key))

    def by_natural_key(self, values: dict[str, Any]) -> int | None:
        """The row stored before the import with the same value of a natural key (None when a key's column
        is empty)."""
        if not self.table.natural_keys or not self.had_rows:
            return None
        keys = self._natural_keys()
        for key in self.table.natural_keys:
            if any(values.get(name) is None and not self._nullable[name] for name in key):
                continue
            found = keys.get(self.key_of(key, values))
            if found is not None:
                return found
        return None

    def _natural_keys(self) -> dict[tuple[str, tuple[Any, ...]], int]:
        if self._keys is None:
            t = self.table.table
            self._keys = {}
            names = sorted({n for key in self.table.natural_keys for n in key})
            stmt = select(t.c.id, *[t.c[n] for n in names]).where(t.c.id < self.first_new).order_by(t.c.id)
            for row in self.conn.execute(stmt, execution_options=STREAMED):
                values = dict(zip(names, row[1:], strict=True))
                for key in self.table.natural_keys:
                    self._keys.setdefault(self.key_of(key, values), row[0])
        return self._keys
