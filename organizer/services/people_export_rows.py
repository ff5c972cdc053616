"""A batch of people read for an export without the ORM: one select per kind of record, each in a known order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from organizer.storage.models import EmailAddress, Person, PhoneNumber, PostalAddress, Tag, Tagging

PERSON_COLUMNS = ("id", "uuid", "honorific_prefix", "given_name", "additional_name", "family_name",
                  "honorific_suffix", "gender_pronouns", "birthdate", "languages_spoken", "notes", "do_not_walk",
                  "do_not_call", "do_not_text", "do_not_email", "deceased", "moved", "custom_fields")
"""What an export reads of a person's own columns (`people_columns.cells` reads them by these names)."""


@dataclass(slots=True)
class ExportPerson:
    """One person as an export reads them: their own columns, their contacts in id order, their tag names."""

    own: Row[Any]
    emails: list[Row[Any]] = field(default_factory=list)
    phones: list[Row[Any]] = field(default_factory=list)
    addresses: list[Row[Any]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def load_people(session: Session, ids: Sequence[int]) -> dict[int, ExportPerson]:
    """These people (those that still exist), by id."""
    people = {row.id: ExportPerson(row) for row in session.execute(
        select(*(getattr(Person, name) for name in PERSON_COLUMNS)).where(Person.id.in_(ids)))}
    contacts = (
        ("emails", select(EmailAddress.person_id, EmailAddress.id, EmailAddress.address, EmailAddress.status,
                          EmailAddress.primary).where(EmailAddress.person_id.in_(ids)).order_by(EmailAddress.id)),
        ("phones", select(PhoneNumber.person_id, PhoneNumber.id, PhoneNumber.number, PhoneNumber.extension,
                          PhoneNumber.number_type, PhoneNumber.primary, PhoneNumber.sms_capable,
                          PhoneNumber.do_not_call).where(PhoneNumber.person_id.in_(ids)).order_by(PhoneNumber.id)),
        ("addresses", select(PostalAddress.person_id, PostalAddress.id, PostalAddress.address_lines,
                             PostalAddress.locality, PostalAddress.region, PostalAddress.country,
                             PostalAddress.postal_code, PostalAddress.precinct, PostalAddress.primary)
         .where(PostalAddress.person_id.in_(ids)).order_by(PostalAddress.id)),
    )
    for name, stmt in contacts:
        for row in session.execute(stmt):
            person = people.get(row.person_id)
            if person is not None:
                getattr(person, name).append(row)
    tags = (select(Tagging.person_id, Tag.name).join(Tag, Tag.id == Tagging.tag_id)
            .where(Tagging.person_id.in_(ids)).order_by(Tag.name))
    for person_id, name in session.execute(tags):
        if person_id in people:
            people[person_id].tags.append(name)
    return people


__all__ = ["PERSON_COLUMNS", "ExportPerson", "load_people"]
