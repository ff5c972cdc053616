"""Tags: list with counts, rename, delete, put on and take off people; the one rule that finds a tag by name."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from organizer.domain.codes import RecordKind
from organizer.errors import NotFound, ValidationFailed
from organizer.services.changes import PEOPLE, TAGS, Change, ChangeHub
from organizer.storage.database import Database
from organizer.storage.identity import record_tombstones
from organizer.storage.models import Person, Tag, Tagging
from organizer.storage.models.base import utcnow
from organizer.storage.models.people import fold_tag_name


@dataclass(frozen=True, slots=True)
class TagRow:
    """A tag and how many people carry it."""

    id: int
    name: str
    people: int


def _wanted(names: Sequence[str]) -> dict[str, str]:
    """Folded name -> the name as first typed, for the non-empty names given."""
    wanted: dict[str, str] = {}
    for raw in names:
        name = " ".join(raw.split())
        if name:
            wanted.setdefault(fold_tag_name(name), name)
    return wanted


def resolve_tags(session: Session, names: Sequence[str]) -> list[Tag]:
    """The tags with these names under the one rule (case, accents and spaces do not count), created
    where missing: typing "door knocker" finds "Door knocker". Duplicates collapse to one tag."""
    wanted = _wanted(names)
    if not wanted:
        return []
    existing = {t.folded_name: t for t in session.scalars(select(Tag).where(Tag.folded_name.in_(list(wanted))))}
    tags = []
    for folded, name in wanted.items():
        tag = existing.get(folded)
        if tag is None:
            tag = Tag(name=name)
            session.add(tag)
        tags.append(tag)
    return tags


class TagResolver:
    """Tag ids by name under the same rule, for bulk writers: every tag read once, new ones created as named
    (brought by the import batch, when one is given: undoing it removes them again)."""

    def __init__(self, session: Session, batch_id: int | None = None) -> None:
        self._session = session
        self._brought = {"import_batch_id": batch_id, "imported_at": utcnow()} if batch_id is not None else {}
        self._ids: dict[str, int] = {folded: i for folded, i in session.execute(select(Tag.folded_name, Tag.id))}

    def ids_for(self, names: Sequence[str]) -> list[int]:
        """The ids of these tags, in order, without repeats."""
        out = []
        for folded, name in _wanted(names).items():
            tag_id = self._ids.get(folded)
            if tag_id is None:
                tag_id = self._session.execute(
                    insert(Tag).values(name=name, folded_name=folded, **self._brought).returning(Tag.id)).scalar_one()
                self._ids[folded] = tag_id
            out.append(tag_id)
        return out


def touch_people(session: Session, person_ids: Sequence[int]) -> None:
    """Mark people modified now (their tags changed: a share must carry them again)."""
    ids = list(dict.fromkeys(person_ids))
    for start in range(0, len(ids), 1000):
        session.execute(update(Person).where(Person.id.in_(ids[start : start + 1000])).values(modified_at=utcnow()))


class TagService:
    """Use cases on tags."""

    def __init__(self, db: Database, changes: ChangeHub) -> None:
        self._db = db
        self._changes = changes

    def list(self) -> builtins.list[TagRow]:
        """Every tag by name, with its count of people."""
        with self._db.read() as session:
            stmt = (
                select(Tag.id, Tag.name, func.count(Tagging.person_id))
                .outerjoin(Tagging, Tagging.tag_id == Tag.id)
                .group_by(Tag.id, Tag.name)
                .order_by(Tag.folded_name)
            )
            return [TagRow(i, n, int(c)) for i, n, c in session.execute(stmt)]

    def names(self) -> builtins.list[str]:
        """Every tag name, sorted."""
        return [t.name for t in self.list()]

    def rename(self, tag_id: int, new_name: str) -> None:
        """Rename a tag; refuses an empty name or one another tag already has (case and accents aside)."""
        name = " ".join(new_name.split())
        if not name:
            raise ValidationFailed({"name": "A tag needs a name."})
        with self._db.write() as session:
            tag = session.get(Tag, tag_id)
            if tag is None:
                raise NotFound(f"There is no tag with id {tag_id}.")
            clash = session.scalar(select(Tag.name).where(Tag.folded_name == fold_tag_name(name), Tag.id != tag_id))
            if clash is not None:
                raise ValidationFailed({"name": f"There is already a tag called {clash!r}."})
            tag.name = name
        self._changes.publish(Change.of(TAGS))

    def delete(self, tag_id: int) -> None:
        """Delete a tag (people keep everything else); leaves a tombstone for the next share."""
        with self._db.write() as session:
            people = list(session.scalars(select(Tagging.person_id).where(Tagging.tag_id == tag_id)))
            record_tombstones(session.connection(), Tag, RecordKind.TAG, [tag_id])
            session.execute(delete(Tag).where(Tag.id == tag_id))
            touch_people(session, people)
        self._changes.publish(Change.of(TAGS, PEOPLE, ids=people) if people else Change.of(TAGS))

    def tag_people(self, name: str, person_ids: Sequence[int]) -> int:
        """Put a tag (found by the one rule, created if new) on people; returns how many gained it."""
        with self._db.write() as session:
            tags = resolve_tags(session, [name])
            if not tags:
                raise ValidationFailed({"name": "A tag needs a name."})
            session.flush()
            tag_id = tags[0].id
            have = set(session.scalars(select(Tagging.person_id).where(Tagging.tag_id == tag_id)))
            new = [pid for pid in dict.fromkeys(person_ids) if pid not in have]
            if new:
                session.execute(insert(Tagging), [{"person_id": p, "tag_id": tag_id} for p in new])
                touch_people(session, new)
        if new:
            self._changes.publish(Change.of(TAGS, PEOPLE, ids=new))
        return len(new)

    def untag_people(self, name: str, person_ids: Sequence[int]) -> int:
        """Take a tag off people; returns how many lost it."""
        with self._db.write() as session:
            tag_id = session.scalar(select(Tag.id).where(Tag.folded_name == fold_tag_name(name)))
            if tag_id is None:
                return 0
            losing = list(session.scalars(select(Tagging.person_id).where(
                Tagging.tag_id == tag_id, Tagging.person_id.in_(list(person_ids)))))
            if losing:
                session.execute(delete(Tagging).where(Tagging.tag_id == tag_id, Tagging.person_id.in_(losing)))
                touch_people(session, losing)
        if losing:
            self._changes.publish(Change.of(TAGS, PEOPLE, ids=losing))
        return len(losing)
