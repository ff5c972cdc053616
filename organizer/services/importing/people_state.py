"""Loading what an import needs to know of existing people, a chunk at a time."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, String, literal_column, select, type_coerce
from sqlalchemy.engine import Connection
from sqlalchemy.orm import InstrumentedAttribute, Session

from organizer.domain.person_keys import address_street_key
from organizer.services.importing.cell_values import address_lines, has_address
from organizer.services.importing.cleaning import FLAG_FIELDS, NAME_FIELDS, Candidate
from organizer.services.importing.merge import PersonState
from organizer.storage.models import (
    EmailAddress,
    MergeConflict,
    Person,
    PhoneNumber,
    PostalAddress,
    Tagging,
    Volunteer,
)


def load_states(session: Session, ids: Iterable[int]) -> dict[int, PersonState]:
    """The merge state of each of these people (six queries, whatever the count)."""
    wanted = list(set(ids))
    if not wanted:
        return {}
    states: dict[int, PersonState] = {}
    columns = [getattr(Person, k) for k in NAME_FIELDS]
    conn = session.connection()
    listed = f"({', '.join(map(str, map(int, wanted)))})"
    for row in conn.execute(
        select(Person.id, *columns, Person.gender_pronouns, Person.birthdate, Person.notes,
               type_coerce(Person.custom_fields, String), type_coerce(Person.languages_spoken, String),
               *(getattr(Person, f) for f in FLAG_FIELDS))
        .where(listed_in(Person.id, listed))
    ).all():  # fetched whole: iterating a result row by row costs more than the query
        pid = row[0]
        names = dict(zip(NAME_FIELDS, row[1:6], strict=True))
        flags = {f for f, on in zip(FLAG_FIELDS, row[11:], strict=True) if on}
        states[pid] = PersonState(id=pid, names=names, pronouns=row[6], birthdate=row[7], notes=row[8],
                                  flags=flags, custom=dict(stored_json(row[9]) or {}),
                                  languages=list(stored_json(row[10]) or []))
    _load_children(conn, listed, states)
    return states


def stored_json(stored: Any) -> Any:
    """A JSON column read as its stored text (most people's is ``{}`` or ``[]``: no decoder needed)."""
    if not isinstance(stored, str):  # a driver that decodes JSON itself
        return stored
    if stored in _EMPTY:
        return _EMPTY[stored]()
    return json.loads(stored)


_EMPTY: dict[str, Any] = {"{}": dict, "[]": list, "null": lambda: None}


def id_in(column: ColumnElement[int] | InstrumentedAttribute[int], ids: list[int]) -> ColumnElement[bool]:
    """`column IN (1, 2, ...)` with the ids written into the SQL: they are ints, and a chunk's
    two thousand bound parameters cost more to build than the query takes to run."""
    return listed_in(column, f"({', '.join(map(str, map(int, ids)))})")


def listed_in(column: ColumnElement[int] | InstrumentedAttribute[int], listed: str) -> ColumnElement[bool]:
    """`column IN (1, 2, ...)` for ids already written as an SQL list (literal: no parameters to look for)."""
    return column.op("IN")(literal_column(listed))


def _load_children(conn: Connection, wanted: str, states: dict[int, PersonState]) -> None:
    for pid, address in conn.execute(
        select(EmailAddress.person_id, EmailAddress.address).where(listed_in(EmailAddress.person_id, wanted))
    ).all():
        states[pid].emails.add(address)
    for pid, number in conn.execute(
        select(PhoneNumber.person_id, PhoneNumber.number).where(listed_in(PhoneNumber.person_id, wanted))
    ).all():
        states[pid].phones.add(number)
    for pid, skey, postal in conn.execute(
        select(PostalAddress.person_id, PostalAddress.street_key, PostalAddress.postal_code)
        .where(listed_in(PostalAddress.person_id, wanted))
    ).all():
        states[pid].addresses.add((skey, postal))
    tagged = select(Tagging.person_id, Tagging.tag_id).where(listed_in(Tagging.person_id, wanted))
    for pid, tag_id in conn.execute(tagged).all():
        states[pid].tag_ids.add(tag_id)
    for (pid,) in conn.execute(select(Volunteer.person_id).where(listed_in(Volunteer.person_id, wanted))):
        states[pid].is_volunteer = True
    # Resolved ones too: a value the chapter lead already chose to keep aside is not asked about again.
    for pid, field, incoming in conn.execute(
        select(MergeConflict.person_id, MergeConflict.field, MergeConflict.incoming_value)
        .where(listed_in(MergeConflict.person_id, wanted))
    ).all():
        states[pid].conflicts.add((field, incoming))


def state_from_candidate(pid: int, c: Candidate, street: str, tag_ids: list[int]) -> PersonState:
    """The state of a person just created from a candidate."""
    addresses = {(street, c.address.get("postal_code", ""))} if has_address(c.address) else set()
    addresses.update((address_street_key(address_lines(a)), a.get("postal_code", "")) for a in c.addresses)
    return PersonState(
        id=pid,
        names={k: c.names.get(k, "") for k in NAME_FIELDS},
        pronouns=c.pronouns,
        birthdate=c.birthdate,
        notes="\n".join(c.notes),
        flags=set(c.flags),
        custom=dict(c.custom),
        languages=list(c.languages),
        emails=set(c.emails),
        phones={p[0] for p in c.phones},
        addresses=addresses,
        tag_ids=set(tag_ids),
        is_volunteer=c.volunteer,
    )
