"""The matching keys and search text of people a share import creates, worked out from what it writes.

A new person's emails, phones and addresses all come from the same file, a few sheets later: they are
gathered as they are written, and the keys set once at the end, without reading any of it back. A
person whose records were also merged into (rather than only created) is left to the general refresh.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Connection

from organizer.domain.person_keys import derive_keys
from organizer.storage.bulk import update_by_id
from organizer.storage.models import Person

CONTACTS = {"email_addresses": "address", "phone_numbers": "number"}


@dataclass(slots=True)
class _Person:
    names: tuple[Any, Any, Any]  # given, family, additional
    custom: Any
    modified_at: Any
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    places: list[tuple[list[str], str]] = field(default_factory=list)


@dataclass(slots=True)
class NewPeople:
    """People created by this import, with the contacts created for them."""

    people: dict[int, _Person] = field(default_factory=dict)

    def __contains__(self, person_id: object) -> bool:
        return person_id in self.people

    def created(self, table: str, row_id: int, values: dict[str, Any], modified_at: Any) -> bool:
        """Note a row just written; whether it was a new person's (their keys are then taken care of)."""
        if table == "people":
            self.people[row_id] = _Person((values.get("given_name"), values.get("family_name"),
                                           values.get("additional_name")), values.get("custom_fields"), modified_at)
            return True
        person = self.people.get(values.get("person_id"))  # type: ignore[arg-type]
        if person is None:
            return False
        if table in CONTACTS:
            found = person.emails if table == "email_addresses" else person.phones
            found.append(str(values.get(CONTACTS[table]) or ""))
        elif table == "postal_addresses":
            person.places.append((values.get("address_lines") or [], values.get("postal_code") or ""))
        return True

    def created_rows(self, table: str, ids: list[int], records: list[dict[str, Any]], now: Any) -> set[int]:
        """Note the rows just written (``ids[i]`` holds ``records[i]``); the people they belong to that are not new
        (their keys are then refreshed from the database)."""
        people = self.people
        if table == "people":
            for row_id, values in zip(ids, records, strict=True):
                self.created(table, row_id, values, values.get("modified_at", now))
            return set()
        if table in CONTACTS or table == "postal_addresses":
            others = set()
            for values in records:
                person_id = values.get("person_id")
                person = people.get(person_id)  # type: ignore[arg-type]
                if person is None:
                    if person_id is not None:
                        others.add(person_id)
                elif table == "email_addresses":
                    person.emails.append(str(values.get("address") or ""))
                elif table == "phone_numbers":
                    person.phones.append(str(values.get("number") or ""))
                else:
                    person.places.append((values.get("address_lines") or [], values.get("postal_code") or ""))
            return others
        # any other table's row: only its person matters
        return {person for values in records if (person := values.get("person_id")) is not None
                and person not in people}

    def write_keys(self, conn: Connection, others: set[int]) -> None:
        """Set the keys of the new people not among ``others`` (those are refreshed from the database)."""
        table: Table = Person.__table__  # type: ignore[assignment]
        changes = {}
        for pid, p in self.people.items():
            if pid in others:
                continue
            keys = derive_keys(*p.names, p.emails, p.phones, p.places, p.custom, streets=False)
            changes[pid] = {"name_key": keys.name_key, "family_key": keys.family_key,
                            "search_text": keys.search_text, "modified_at": p.modified_at}  # keys are no edit
        update_by_id(conn, table, changes)
