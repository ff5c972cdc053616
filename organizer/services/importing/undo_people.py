"""Undoing an import's changes to existing people, in batches: what each row added is removed and
the fields it filled are emptied again, then the people's matching and search keys are recomputed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, select
from sqlalchemy.engine import Connection

from organizer.domain.search import search_text
from organizer.domain.text import family_key, name_key
from organizer.services.importing.people_state import id_in
from organizer.storage.bulk import update_by_id
from organizer.storage.models import EmailAddress, Person, PhoneNumber, PostalAddress, Tagging, Volunteer

CHUNK = 2000


@dataclass(slots=True)
class PersonRestore:
    """Everything the undone rows did to one person, gathered newest change first."""

    fields: dict[str, Any] = field(default_factory=dict)
    emails: set[str] = field(default_factory=set)
    phones: set[tuple[str, str]] = field(default_factory=set)
    address_ids: set[int] = field(default_factory=set)
    tag_ids: set[int] = field(default_factory=set)
    volunteer: bool = False

    def add(self, before: dict[str, Any]) -> None:
        """One change record's "before"; a later call (an older change) wins for the same field."""
        fields = dict(before.get("fields", {}))
        if "birthdate" in fields:
            fields["birthdate"] = None
        self.fields.update(fields)
        self.emails.update(before.get("emails", []))
        self.phones.update((number, ext) for number, ext in before.get("phones", []))
        self.address_ids.update(before.get("address_ids", []))
        self.tag_ids.update(before.get("tag_ids", []))
        self.volunteer = self.volunteer or bool(before.get("volunteer"))


def restore_people(conn: Connection, people: dict[int, PersonRestore]) -> None:
    """Put these people back as they were before the import."""
    if not people:
        return
    _delete_each(conn, EmailAddress, ("person_id", "address"),
                 [(pid, email) for pid, r in people.items() for email in r.emails])
    _delete_each(conn, PhoneNumber, ("person_id", "number", "extension"),
                 [(pid, number, ext) for pid, r in people.items() for number, ext in r.phones])
    _delete_each(conn, PostalAddress, ("id",), [(aid,) for r in people.values() for aid in r.address_ids])
    _delete_each(conn, Tagging, ("person_id", "tag_id"),
                 [(pid, tag) for pid, r in people.items() for tag in r.tag_ids])
    _delete_each(conn, Volunteer, ("person_id",), [(pid,) for pid, r in people.items() if r.volunteer])
    update_by_id(conn, cast(Table, Person.__table__), {pid: r.fields for pid, r in people.items() if r.fields})
    pids = list(people)
    for start in range(0, len(pids), CHUNK):
        update_by_id(conn, cast(Table, Person.__table__), _keys(conn, pids[start : start + CHUNK]))


def _delete_each(conn: Connection, model: type[Any], columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Delete the rows matching each of these value tuples (one executemany)."""
    if not rows:
        return
    table = cast(Table, model.__table__)
    statement = delete(table).where(*(table.c[name] == bindparam(f"b_{name}") for name in columns))
    conn.execute(statement, [{f"b_{name}": value for name, value in zip(columns, row, strict=True)}
                             for row in rows])


def _keys(conn: Connection, pids: list[int]) -> dict[int, dict[str, Any]]:
    """Matching and search keys, computed as refresh_keys computes them for one person."""
    emails: dict[int, list[str]] = defaultdict(list)
    for pid, address in conn.execute(select(EmailAddress.person_id, EmailAddress.address)
                                     .where(id_in(EmailAddress.person_id, pids)).order_by(EmailAddress.id)):
        emails[pid].append(address)
    phones: dict[int, list[str]] = defaultdict(list)
    for pid, number in conn.execute(select(PhoneNumber.person_id, PhoneNumber.number)
                                    .where(id_in(PhoneNumber.person_id, pids)).order_by(PhoneNumber.id)):
        phones[pid].append(number)
    postal: dict[int, str] = {}
    for pid, code in conn.execute(select(PostalAddress.person_id, PostalAddress.postal_code)
                                  .where(id_in(PostalAddress.person_id, pids)).order_by(PostalAddress.id)):
        postal.setdefault(pid, code)
    keys: dict[int, dict[str, Any]] = {}
    for pid, given, additional, family in conn.execute(
        select(Person.id, Person.given_name, Person.additional_name, Person.family_name).where(id_in(Person.id, pids))
    ):
        keys[pid] = {"name_key": name_key(given, family), "family_key": family_key(family),
                     "search_text": search_text((given, additional, family), emails[pid], phones[pid],
                                                postal.get(pid, ""))}
    return keys
