"""The People list's order: by the value each column shows, empty values last in both directions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from sqlalchemy import ColumnElement, Select, case, func, select
from sqlalchemy.orm import Session

from organizer.storage.models import EmailAddress, Person, PhoneNumber, PostalAddress, Tag, Tagging, Volunteer

NAME_SORTS = frozenset({"name", "family_name"})
PLAIN_SORTS: dict[str, tuple[Any, ...]] = {
    "modified": (Person.modified_at, Person.id),
    "created": (Person.created_at, Person.id),
}


def _first(column: Any, order: tuple[Any, ...], where: Any) -> Select[Any]:
    """The value a person's row shows first (primary first, then the oldest)."""
    return select(column).where(where).order_by(*order).limit(1)


# What each column shows first, as its person's row builds it (organizer/services/people_rows.py).
_SHOWN: dict[str, Callable[[], Select[Any]]] = {
    "email": lambda: _first(EmailAddress.address, (EmailAddress.primary.desc(), EmailAddress.id),
                            EmailAddress.person_id == Person.id),
    "phone": lambda: _first(PhoneNumber.number, (PhoneNumber.primary.desc(), PhoneNumber.id),
                            PhoneNumber.person_id == Person.id),
    "postal_code": lambda: _first(PostalAddress.postal_code, (PostalAddress.primary.desc(), PostalAddress.id),
                                  PostalAddress.person_id == Person.id),
    "tags": lambda: select(func.lower(func.min(Tag.name))).join(Tagging, Tagging.tag_id == Tag.id)
    .where(Tagging.person_id == Person.id),
    "volunteer": lambda: select(Volunteer.status).where(Volunteer.person_id == Person.id),
}
VALUE_SORTS = frozenset({*_SHOWN, "given_name"})
# A first page of a search on a server sorts every match when there are at most this many (see _sorted_matches_page).
SORTED_MATCHES = 6000


def ordered_ids(session: Session, filtered: Callable[[Select[Any]], Select[Any]], sort: str,
                descending: bool, searching: bool, limit: int | None = None) -> list[int]:
    """Ids of the people `filtered` keeps, in the order of `sort` (only the first `limit`, given one).

    Args:
        filtered: adds the search and filters to a select of people.
        sort: a column's sort key ("name", "email", "phone", "postal_code", "tags", "volunteer",
            "given_name", "modified", "created"); anything else sorts by name.
        searching: whether a search narrows the people (then, on SQLite, the few matches are sorted, rather
            than walking the name-order index past everyone).
        limit: a first page: the scans stop there.
    """
    if sort in PLAIN_SORTS:
        columns = PLAIN_SORTS[sort]
        stmt = filtered(select(Person.id)).order_by(*(c.desc() if descending else c.asc() for c in columns))
        return list(session.connection().execute(stmt.limit(limit)).scalars())
    if sort in VALUE_SORTS:
        return _by_value(session, filtered, sort, descending, limit)
    if limit is not None:
        found = _sorted_matches_page(session, filtered, descending, limit) if searching else None
        return found if found is not None else _name_page(session, filtered, descending, limit)
    return _by_name(session, filtered, descending, searching)


def _by_name(session: Session, filtered: Callable[[Select[Any]], Select[Any]], descending: bool,
             searching: bool) -> list[int]:
    """Family name, then given name; people without a family name after them (by given name), and
    people with no name at all last, in either direction.

    The whole chapter is read in two passes over the name-order index (with and without a family
    name), as fast as the index itself; an ORDER BY on "is empty" would sort every person instead.
    A search scans the narrow search index once and sorts its few matches.
    """
    conn = session.connection()
    # "+ ''": no name-index walk on SQLite. A server's planner chooses between its trigram index (a few matches,
    # sorted) and the name order (many), as its statistics say.
    family: Any = Person.family_key + "" if searching and conn.dialect.name == "sqlite" else Person.family_key
    direction = [c.desc() if descending else c.asc() for c in (family, Person.name_key, Person.id)]
    ids: list[int] = []
    rest = filtered(cast("Select[Any]", select(Person.id, Person.family_key, Person.name_key)))
    if not searching:
        ids = list(conn.execute(filtered(select(Person.id)).where(family > "").order_by(*direction)).scalars())
        rest = rest.where(family == "")
    given_only: list[int] = []
    nameless: list[int] = []
    for person_id, family_key, name_key in conn.execute(rest.order_by(*direction)):
        (ids if family_key else given_only if name_key else nameless).append(person_id)
    if descending:
        nameless.reverse()  # the nameless keep the order they were added in, either way
    return ids + given_only + nameless


def _name_page(session: Session, filtered: Callable[[Select[Any]], Select[Any]], descending: bool,
               limit: int) -> list[int]:
    """The first `limit` ids of `_by_name`'s order: people with a family name, then those with a given name
    only, then the nameless (in the order they were added), each an ordered scan that stops when the page is full."""
    conn = session.connection()
    people = filtered(select(Person.id))
    family = [c.desc() if descending else c.asc() for c in (Person.family_key, Person.name_key, Person.id)]
    given = [c.desc() if descending else c.asc() for c in (Person.name_key, Person.id)]
    ids: list[int] = []
    for stmt in (people.where(Person.family_key > "").order_by(*family),
                 people.where(Person.family_key == "", Person.name_key > "").order_by(*given),
                 people.where(Person.family_key == "", Person.name_key == "").order_by(Person.id)):
        if len(ids) >= limit:
            break
        ids.extend(conn.execute(stmt.limit(limit - len(ids))).scalars())
    return ids


def _sorted_matches_page(session: Session, filtered: Callable[[Select[Any]], Select[Any]], descending: bool,
                         limit: int) -> list[int] | None:
    """`_name_page` for a search with at most SORTED_MATCHES matches: all of them found (by a server's trigram
    index) and sorted, the first `limit` kept; None when there are more (then the ordered scans pay).

    A planner told "5,000 of 100,000 people match" walks the name order expecting a match every 20 people and stops
    at a page; but a search for a family name finds them all together, late in the alphabet for "okafor", and
    the walk reads most of the chapter first (ten times the time of a sort of the 5,000).
    """
    matches = filtered(cast("Select[Any]", select(Person.id, Person.family_key, Person.name_key)))
    found = matches.limit(SORTED_MATCHES + 1).subquery()
    family, name, person = found.c.family_key, found.c.name_key, found.c.id
    group = case((family != "", 0), (name != "", 1), else_=2)  # as _name_page: family names, given only, nameless
    # The nameless keep the order they were added in, either way.
    last = case((group == 2, -person), else_=person) if descending else person
    order = [c.desc() if descending else c.asc() for c in (family, name, last)]
    rows = session.connection().execute(select(person, func.count().over()).order_by(group, *order).limit(limit)).all()
    if rows and rows[0][1] > SORTED_MATCHES:
        return None
    return [row[0] for row in rows]


def _by_value(session: Session, filtered: Callable[[Select[Any]], Select[Any]], sort: str,
              descending: bool, limit: int | None = None) -> list[int]:
    """By the value the column shows; people without one last either way, in name order among themselves."""
    value: ColumnElement[Any]
    if sort == "given_name":
        value = func.nullif(func.lower(Person.given_name), "")
    else:
        value = func.nullif(_SHOWN[sort]().scalar_subquery(), "")
    empty_last = case((value.is_(None), 1), else_=0)
    stmt = filtered(select(Person.id)).order_by(
        empty_last, value.desc() if descending else value.asc(), Person.family_key, Person.name_key, Person.id
    )
    return list(session.connection().execute(stmt.limit(limit)).scalars())


__all__ = ["NAME_SORTS", "ordered_ids"]
