"""Counts of everything in the chapter database."""

from __future__ import annotations

from sqlalchemy import func, select

from organizer.storage.database import Database
from organizer.storage.models import (
    Attendance,
    Base,
    Event,
    ImportBatch,
    Person,
    Petition,
    Prospect,
    Signature,
    Tag,
    Volunteer,
    Voter,
)

COUNTED: dict[str, type[Base]] = {
    "people": Person,
    "volunteers": Volunteer,
    "prospects": Prospect,
    "petitions": Petition,
    "signatures": Signature,
    "events": Event,
    "attendances": Attendance,
    "voters": Voter,
    "tags": Tag,
    "imports": ImportBatch,
}


class StatsService:
    """How many of each record the chapter holds."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def counts(self) -> dict[str, int]:
        """One integer per kind of record."""
        with self._db.read() as session:
            return {
                name: int(session.scalar(select(func.count()).select_from(model)) or 0)
                for name, model in COUNTED.items()
            }
