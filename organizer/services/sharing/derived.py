"""Derived columns of shared records, recomputed here rather than taken from a file."""

from __future__ import annotations

from collections.abc import Iterable
from operator import itemgetter
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.engine import Connection

from organizer.domain.person_keys import address_street_key, derive_keys
from organizer.storage.bulk import update_by_id
from organizer.storage.models import EmailAddress, Person, PhoneNumber, PostalAddress
from organizer.storage.models.people import fold_tag_name

CHUNK = 2000


def derived_values(table: str, values: dict[str, Any]) -> dict[str, Any]:
    """The derived columns of a new record (people's keys are set afterwards, with their contacts)."""
    if table == "tags":
        return {"folded_name": fold_tag_name(values.get("name") or "")}
    if table == "postal_addresses":
        return {"street_key": address_street_key(values.get("address_lines") or [])}
    return {}


def new_rows(table: str, records: list[dict[str, Any]], stamps: dict[str, Any],
              provenance: dict[str, Any]) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The columns and rows to insert for new records: each record's values, over the stamps (kept when the
    file has its own), under its derived values and the provenance.

    The records of a sheet share their columns: each row is the record's values, its derived ones and the
    same constants, as tuples (a merged mapping per row costs more)."""
    first = records[0]
    derived = list(derived_values(table, first))
    taken = [k for k in first if k not in provenance and k not in derived]
    fixed = {k: v for k, v in {**stamps, **provenance}.items() if k not in taken and k not in derived}
    keys = [*taken, *derived, *fixed]
    constant = tuple(fixed.values())
    take = itemgetter(*taken) if len(taken) > 1 else None
    try:
        if take is not None and all(len(v) == len(first) for v in records):
            if not derived:
                return keys, [take(v) + constant for v in records]
            return keys, [take(v) + tuple(derived_values(table, v).values()) + constant for v in records]
    except KeyError:
        pass
    getter = itemgetter(*keys)  # not the usual shape: a mapping per row
    return keys, [getter({**stamps, **v, **derived_values(table, v), **provenance}) for v in records]


def refresh_people_keys(conn: Connection, people: Iterable[int]) -> None:
    """Recompute the matching keys and search text of these people from what is stored now."""
    ids = sorted(set(people))
    table: Table = Person.__table__  # type: ignore[assignment]
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        emails: dict[int, list[str]] = {}
        phones: dict[int, list[str]] = {}
        places: dict[int, list[tuple[list[str], str]]] = {}
        for pid, address in conn.execute(select(EmailAddress.person_id, EmailAddress.address)
                                         .where(EmailAddress.person_id.in_(part)).order_by(EmailAddress.id)):
            emails.setdefault(pid, []).append(address)
        for pid, number in conn.execute(select(PhoneNumber.person_id, PhoneNumber.number)
                                        .where(PhoneNumber.person_id.in_(part)).order_by(PhoneNumber.id)):
            phones.setdefault(pid, []).append(number)
        for pid, lines, postal in conn.execute(
                select(PostalAddress.person_id, PostalAddress.address_lines, PostalAddress.postal_code)
                .where(PostalAddress.person_id.in_(part)).order_by(PostalAddress.id)):
            places.setdefault(pid, []).append((lines or [], postal))
        changes = {}
        for pid, given, family, additional, custom, modified in conn.execute(
                select(Person.id, Person.given_name, Person.family_name, Person.additional_name,
                       Person.custom_fields, Person.modified_at).where(Person.id.in_(part))):
            keys = derive_keys(given, family, additional, emails.get(pid, []), phones.get(pid, []),
                               places.get(pid, []), custom, streets=False)
            changes[pid] = {"name_key": keys.name_key, "family_key": keys.family_key,
                            "search_text": keys.search_text, "modified_at": modified}  # keys are no edit
        update_by_id(conn, table, changes)
