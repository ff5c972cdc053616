"""Reserving primary keys ahead of bulk inserts, so related rows can be written in one pass."""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table, func, select, text
from sqlalchemy.orm import Session

from organizer.storage.models import Base


class IdAllocator:
    """Hands out ids for one table inside a write transaction that holds the write lock."""

    def __init__(self, session: Session, model: type[Base]) -> None:
        self._session = session
        self._table = cast(Table, model.__table__)
        self._next: int | None = None

    def next(self) -> int:
        """A fresh id no other row has (the transaction's write lock keeps it so)."""
        if self._next is None:
            self._next = self._start()
        value = self._next
        self._next += 1
        return value

    def _start(self) -> int:
        column = self._table.c.id
        current = self._session.scalar(select(func.max(column))) or 0
        return int(current) + 1

    def finish(self) -> None:
        """Tell the database's id sequence (PostgreSQL) about the ids used; SQLite needs nothing."""
        bind = self._session.get_bind()
        if bind.dialect.name == "postgresql" and self._next is not None:
            name = self._table.name
            self._session.execute(
                text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :v, false)"),
                {"t": name, "v": self._next},
            )
