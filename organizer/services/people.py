"""People: add, edit, delete, find fast, filter by tag and volunteer status."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import Session, selectinload

from organizer.domain.search import search_terms
from organizer.errors import NotFound, UserError, ValidationFailed
from organizer.services.changes import PEOPLE, VOLUNTEERS, Change, ChangeHub
from organizer.services.edit_conflicts import EditConflict
from organizer.services.people_rows import PersonRow, load_rows, to_row
from organizer.services.people_sort import ordered_ids
from organizer.services.person_input import CleanPerson, PersonInput, apply_clean, clean_person
from organizer.services.settings import SettingsService
from organizer.services.tags import resolve_tags
from organizer.services.volunteers import VolunteerInput, remove_profile, volunteer_problems, write_profile
from organizer.storage.database import Database
from organizer.storage.identity import record_people_tombstones
from organizer.storage.models import Person, Tag, Tagging, Volunteer
from organizer.storage.models.base import utcnow
from organizer.storage.models.people import fold_tag_name

NO_VOLUNTEER = "none"
# A search the database can run (SQLite limits a LIKE pattern's length and an expression's depth).
SEARCH_TERMS_MAX, SEARCH_TERM_MAX = 50, 1000


@dataclass(frozen=True, slots=True)
class PeopleQuery:
    """What the People screen or a command asks for: search text, filters and order."""

    text: str = ""
    tag: str = ""
    volunteer_status: str = ""  # "" any; "none" not a volunteer; else a status
    sort: str = "name"
    descending: bool = False


@dataclass(frozen=True, slots=True)
class FirstPage:
    """A search's first answer: ids in order, the rows of the first page, the chapter's total (None: not counted
    yet) and whether the ids are every match."""

    ids: list[int]
    rows: list[PersonRow]
    total: int | None
    complete: bool


class PeopleService:
    """Use cases on people; every method is one short transaction."""

    def __init__(self, db: Database, settings: SettingsService, changes: ChangeHub) -> None:
        self._db = db
        self._settings = settings
        self._changes = changes

    def add(self, data: PersonInput) -> PersonRow:
        """Create a person from checked input; raises ValidationFailed."""
        region = self._settings.phone_region()
        clean = clean_person(data, region)
        with self._db.write() as session:
            row = to_row(_write_person(session, None, clean), "", region)
        self._changes.publish(Change.of(PEOPLE, ids=[row.id]))
        return row

    def update(self, person_id: int, data: PersonInput, *, expected_version: int | None = None) -> PersonRow:
        """Replace a person's editable fields with checked input.

        With `expected_version` (the version read before the edit), raises EditConflict when someone
        changed the person since.
        """
        region = self._settings.phone_region()
        clean = clean_person(data, region)
        with self._db.write() as session:
            person = _write_person(session, person_id, clean, expected_version, region)
            status = session.scalar(select(Volunteer.status).where(Volunteer.person_id == person_id))
            row = to_row(person, status or "", region)
        self._changes.publish(Change.of(PEOPLE, ids=[row.id]))
        return row

    def save(self, person_id: int | None, data: PersonInput, volunteer: VolunteerInput | None, *,
             expected_version: int | None = None) -> PersonRow:
        """Add (no id) or update a person and set their volunteer profile, in one transaction.

        `volunteer` None means "not a volunteer": a profile they had is removed. Every refused value,
        of the person and of the profile, comes back in one ValidationFailed, and then nothing is saved.
        `expected_version` is the version the form opened: EditConflict when the person has moved on since.
        """
        region = self._settings.phone_region()
        problems = volunteer_problems(volunteer) if volunteer is not None else {}
        try:
            clean = clean_person(data, region)
        except ValidationFailed as exc:
            raise ValidationFailed({**exc.problems, **problems}) from exc
        if problems:
            raise ValidationFailed(problems)
        with self._db.write() as session:
            person = _write_person(session, person_id, clean, expected_version, region)
            if volunteer is not None:
                write_profile(session, person.id, volunteer)
            else:
                remove_profile(session, person.id)
            row = to_row(person, volunteer.status if volunteer is not None else "", region)
        self._changes.publish(Change.of(PEOPLE, VOLUNTEERS, ids=[row.id]))
        return row

    def delete(self, person_ids: Sequence[int]) -> int:
        """Delete people and everything that hangs off them, leaving tombstones; returns how many."""
        with self._db.write() as session:
            ids = list(session.scalars(select(Person.id).where(Person.id.in_(list(person_ids)))))
            record_people_tombstones(session.connection(), ids)
            for start in range(0, len(ids), 500):
                session.execute(delete(Person).where(Person.id.in_(ids[start : start + 500])))
        if ids:
            self._changes.publish(Change.of(PEOPLE, VOLUNTEERS, ids=ids))
        return len(ids)

    def exists(self, person_id: int) -> bool:
        """Whether a person is (still) in the chapter."""
        with self._db.read() as session:
            return session.get(Person, person_id) is not None

    def get(self, person_id: int) -> PersonRow:
        """One person; raises NotFound."""
        rows = self.rows([person_id])
        if not rows:
            raise NotFound(f"There is no person with id {person_id}.")
        return rows[0]

    def rows(self, ids: Sequence[int]) -> list[PersonRow]:
        """Rows for these ids in this order (a page of a table)."""
        with self._db.read() as session:
            return load_rows(session, ids, self._settings.phone_region())

    def search_ids(self, query: PeopleQuery) -> list[int]:
        """Ids of the people matching the query, in its order (empty values last); fast on 100,000 people."""
        with self._db.read() as session:
            return ordered_ids(session, lambda stmt: _filtered(stmt, query), query.sort, query.descending,
                               searching=bool(query.text.strip()))

    def first_ids(self, query: PeopleQuery, size: int) -> tuple[list[int], bool]:
        """The ids a screen shows first, in the query's order, and whether they are all the matches.

        On a server, only the first `size` (ordered scans that stop there): the ids of 100,000 matches take
        longer to sort and send than a screen should wait, and `search_ids` brings them next. SQLite, in the
        app's own process, answers with every id as fast: all of them come at once.
        """
        with self._db.read() as session:
            return _first_ids(session, query, size)

    def first_page(self, query: PeopleQuery, size: int) -> FirstPage:
        """What the People screen waits for before it shows anything: `first_ids`, the rows of the first `size`,
        and the chapter's total, counted here only when the ids are all the matches; else (on a server) None,
        and the screen counts while it fetches every id, after the first page is up. One short transaction
        (a server's round trips are the larger part of the wait)."""
        with self._db.read() as session:
            ids, complete = _first_ids(session, query, size)
            rows = load_rows(session, ids[:size], self._settings.phone_region())
            total = _count(session, PeopleQuery()) if complete else None
        return FirstPage(ids, rows, total, complete)

    def count(self, query: PeopleQuery | None = None) -> int:
        """How many people match (all of them without a query)."""
        with self._db.read() as session:
            return _count(session, query or PeopleQuery())

    def iter_all(self, batch: int = 1000) -> Iterator[PersonRow]:
        """Every person in name order, loaded a batch at a time."""
        ids = self.search_ids(PeopleQuery())
        for start in range(0, len(ids), batch):
            yield from self.rows(ids[start : start + batch])


def _first_ids(session: Session, query: PeopleQuery, size: int) -> tuple[list[int], bool]:
    """`PeopleService.first_ids` in an open session."""
    searching = bool(query.text.strip())
    if session.connection().dialect.name == "sqlite":
        return ordered_ids(session, lambda stmt: _filtered(stmt, query), query.sort, query.descending,
                           searching=searching), True
    ids = ordered_ids(session, lambda stmt: _filtered(stmt, query), query.sort, query.descending,
                      searching=searching, limit=size)
    return ids, len(ids) < size


def _count(session: Session, query: PeopleQuery) -> int:
    return int(session.scalar(_filtered(select(func.count(Person.id)), query)) or 0)


def _filtered(stmt: Select[Any], query: PeopleQuery) -> Select[Any]:
    terms = search_terms(query.text)
    if len(terms) > SEARCH_TERMS_MAX or any(len(t) > SEARCH_TERM_MAX for t in terms):
        raise UserError(f"The search is too long: search for at most {SEARCH_TERMS_MAX} words, "
                        f"each shorter than {SEARCH_TERM_MAX:,} characters.")
    for term in terms:
        stmt = stmt.where(Person.search_text.contains(term, autoescape=True))
    if query.tag:
        stmt = stmt.where(
            Person.id.in_(select(Tagging.person_id).join(Tag, Tag.id == Tagging.tag_id)
            .where(Tag.folded_name == fold_tag_name(query.tag)))
        )
    if query.volunteer_status == NO_VOLUNTEER:
        stmt = stmt.where(~Person.id.in_(select(Volunteer.person_id)))
    elif query.volunteer_status:
        stmt = stmt.where(
            Person.id.in_(select(Volunteer.person_id).where(Volunteer.status == query.volunteer_status))
        )
    return stmt


def _write_person(session: Session, person_id: int | None, clean: CleanPerson,
                  expected_version: int | None = None, region: str = "") -> Person:
    """A new person (no id) or the existing one, given the checked values; flushed, so it has its id.

    An existing person's row is locked until the transaction ends (on a server; SQLite's write lock is
    already held), so the version checked is the one the update replaces.
    """
    if person_id is None:
        person = Person(source=clean.source or "manual entry")
        session.add(person)
    else:
        person = _load(session, person_id)
        if expected_version is not None and person.version != expected_version:
            theirs = to_row(person, session.scalar(select(Volunteer.status).where(Volunteer.person_id == person_id))
                            or "", region)
            raise EditConflict(theirs, expected_version, person.version)
    apply_clean(person, clean)
    tags = resolve_tags(session, clean.tags)
    if person_id is not None and {id(t) for t in tags} != {id(t) for t in person.tags}:
        person.modified_at = utcnow()  # a change of tags alone updates no column of the person
    person.tags = tags
    session.flush()
    return person


def _load(session: Session, person_id: int) -> Person:
    person = session.scalar(
        select(Person)
        .where(Person.id == person_id)
        .options(selectinload(Person.emails), selectinload(Person.phones), selectinload(Person.addresses))
        .with_for_update(of=Person)
    )
    if person is None:
        raise NotFound(f"There is no person with id {person_id}.")
    return person


__all__ = ["NO_VOLUNTEER", "EditConflict", "FirstPage", "PeopleQuery", "PeopleService", "PersonInput", "PersonRow"]
