"""Tags: list with counts, rename, delete, put on and take off people."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select

from organizer.errors import NotFound, ValidationFailed
from organizer.storage.database import Database
from organizer.storage.models import Tag, Tagging


@dataclass(frozen=True, slots=True)
class TagRow:
    """A tag and how many people carry it."""

    id: int
    name: str
    people: int


class TagService:
    """Use cases on tags."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def list(self) -> builtins.list[TagRow]:
        """Every tag by name, with its count of people."""
        with self._db.read() as session:
            stmt = (
                select(Tag.id, Tag.name, func.count(Tagging.person_id))
                .outerjoin(Tagging, Tagging.tag_id == Tag.id)
                .group_by(Tag.id, Tag.name)
                .order_by(func.lower(Tag.name))
            )
            return [TagRow(i, n, int(c)) for i, n, c in session.execute(stmt)]

    def names(self) -> builtins.list[str]:
        """Every tag name, sorted."""
        return [t.name for t in self.list()]

    def rename(self, tag_id: int, new_name: str) -> None:
        """Rename a tag; refuses an empty name or one already used."""
        name = new_name.strip()
        if not name:
            raise ValidationFailed({"name": "A tag needs a name."})
        with self._db.write() as session:
            tag = session.get(Tag, tag_id)
            if tag is None:
                raise NotFound(f"There is no tag with id {tag_id}.")
            clash = session.scalar(select(Tag.id).where(Tag.name == name, Tag.id != tag_id))
            if clash is not None:
                raise ValidationFailed({"name": f"There is already a tag called {name!r}."})
            tag.name = name

    def delete(self, tag_id: int) -> None:
        """Delete a tag (people keep everything else)."""
        with self._db.write() as session:
            session.execute(delete(Tag).where(Tag.id == tag_id))

    def tag_people(self, name: str, person_ids: Sequence[int]) -> int:
        """Put a tag (created if new) on people; returns how many gained it."""
        name = name.strip()
        if not name:
            raise ValidationFailed({"name": "A tag needs a name."})
        with self._db.write() as session:
            tag_id = session.scalar(select(Tag.id).where(Tag.name == name))
            if tag_id is None:
                tag = Tag(name=name)
                session.add(tag)
                session.flush()
                tag_id = tag.id
            have = set(session.scalars(select(Tagging.person_id).where(Tagging.tag_id == tag_id)))
            new = [pid for pid in dict.fromkeys(person_ids) if pid not in have]
            if new:
                session.execute(insert(Tagging), [{"person_id": p, "tag_id": tag_id} for p in new])
            return len(new)

    def untag_people(self, name: str, person_ids: Sequence[int]) -> int:
        """Take a tag off people; returns how many lost it."""
        with self._db.write() as session:
            tag_id = session.scalar(select(Tag.id).where(Tag.name == name))
            if tag_id is None:
                return 0
            result = session.execute(
                delete(Tagging).where(Tagging.tag_id == tag_id, Tagging.person_id.in_(list(person_ids)))
            )
            return int(getattr(result, "rowcount", 0) or 0)
