"""Person rows (DTOs) and how they are loaded from the database in pages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from organizer.domain.phones import format_phone
from organizer.storage.keyed import one_of
from organizer.storage.models import EmailAddress, Person, PhoneNumber, PostalAddress, Tag, Tagging, Volunteer

FLAG_NAMES = ("do_not_walk", "do_not_call", "do_not_text", "do_not_email", "deceased", "moved")


@dataclass(frozen=True, slots=True)
class PersonRow:
    """One person as screens and commands see them."""

    id: int
    uuid: str
    given_name: str
    family_name: str
    additional_name: str
    emails: tuple[str, ...]
    phones: tuple[str, ...]
    phones_display: tuple[str, ...]
    street: str
    locality: str
    region: str
    postal_code: str
    tags: tuple[str, ...]
    volunteer_status: str
    gender_pronouns: str
    notes: str
    source: str
    flags: tuple[str, ...]
    custom_fields: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))  # read-only
    modified_at: datetime | None = None
    version: int = 0  # bumped by every change: a form saves only over the version it opened

    @property
    def display_name(self) -> str:
        """The name as a chapter lead reads it."""
        name = " ".join(p for p in (self.given_name, self.additional_name, self.family_name) if p)
        return name or (self.emails[0] if self.emails else "(no name)")

    def to_json(self) -> dict[str, Any]:
        """The shape `organizer people list --json` prints."""
        return {
            "id": self.id,
            "uuid": self.uuid,
            "given_name": self.given_name,
            "family_name": self.family_name,
            "additional_name": self.additional_name,
            "emails": list(self.emails),
            "phones": list(self.phones),
            "street": self.street,
            "locality": self.locality,
            "region": self.region,
            "postal_code": self.postal_code,
            "tags": list(self.tags),
            "volunteer_status": self.volunteer_status or None,
            "gender_pronouns": self.gender_pronouns,
            "flags": list(self.flags),
            "custom_fields": dict(self.custom_fields),
            "notes": self.notes,
            "source": self.source,
        }


def load_rows(session: Session, ids: Sequence[int], region: str) -> list[PersonRow]:
    """Rows for the given ids, in the order given; unknown ids are skipped.

    Plain column selects, no ORM objects: a page of 200 people in five short queries (the people with their
    volunteer status, then their emails, phones, addresses and tags), each keyed by the page's ids. Building
    and tracking a person object per row cost more than the queries themselves.
    """
    if not ids:
        return []
    conn = session.connection()
    wanted = list(dict.fromkeys(ids))

    def related(model: Any, *columns: Any) -> dict[int, list[Any]]:
        """Each person's emails, phones or addresses in the order their row shows them: primary first, then oldest."""
        return _grouped(session, select(model.person_id, *columns).where(one_of(conn, model.person_id, wanted))
                        .order_by(model.person_id, model.primary.desc(), model.id))

    emails = related(EmailAddress, EmailAddress.address)
    phones = related(PhoneNumber, PhoneNumber.number, PhoneNumber.extension)
    addresses = related(PostalAddress, PostalAddress.address_lines, PostalAddress.locality, PostalAddress.region,
                        PostalAddress.postal_code)
    tags = _grouped(session, select(Tagging.person_id, Tag.name).join(Tag, Tag.id == Tagging.tag_id)
                    .where(one_of(conn, Tagging.person_id, wanted)).order_by(Tagging.person_id, Tag.name))
    people = session.execute(select(*_PERSON_COLUMNS, Volunteer.status)
                             .outerjoin(Volunteer, Volunteer.person_id == Person.id)
                             .where(one_of(conn, Person.id, wanted)))
    by_id = {person[0]: _person_row(person, emails.get(person[0], []), phones.get(person[0], []),
                                    addresses.get(person[0], []), tags.get(person[0], []), region)
             for person in people}
    return [by_id[i] for i in ids if i in by_id]


_PERSON_COLUMNS = (Person.id, Person.uuid, Person.given_name, Person.family_name, Person.additional_name,
                   Person.gender_pronouns, Person.notes, Person.source, *(getattr(Person, n) for n in FLAG_NAMES),
                   Person.custom_fields, Person.modified_at, Person.version)


def _person_row(person: Any, emails: list[Any], phones: list[Any], addresses: list[Any], tags: list[Any],
                region: str) -> PersonRow:
    """A DTO from a person's columns (as _PERSON_COLUMNS, then the volunteer status) and their related rows (each
    list in the order the row shows them). Unpacked by position: a row's attributes by name cost ten times as much."""
    pid, uuid, given, family, additional, pronouns, notes, source, *flags, custom, modified, version, status = person
    first = addresses[0] if addresses else None
    return PersonRow(
        id=pid,
        uuid=uuid,
        given_name=given,
        family_name=family,
        additional_name=additional,
        emails=tuple(e[1] for e in emails),
        phones=tuple(p[1] for p in phones),
        phones_display=tuple(format_phone(p[1], region, p[2]) for p in phones),
        street=", ".join(first[1]) if first else "",  # (person id, lines, locality, region, postal code)
        locality=first[2] if first else "",
        region=first[3] if first else "",
        postal_code=first[4] if first else "",
        tags=tuple(t[1] for t in tags),
        volunteer_status=status or "",
        gender_pronouns=pronouns,
        notes=notes,
        source=source,
        flags=tuple(name for name, flag in zip(FLAG_NAMES, flags, strict=True) if flag),
        custom_fields=MappingProxyType(dict(custom or {})),
        modified_at=modified,
        version=version,
    )


def _grouped(session: Session, stmt: Any) -> dict[int, list[Any]]:
    """The rows of a select whose first column is a person's id, by that id, in the select's order."""
    grouped: dict[int, list[Any]] = {}
    for row in session.execute(stmt):
        grouped.setdefault(row[0], []).append(row)
    return grouped


def to_row(person: Person, volunteer_status: str, region: str) -> PersonRow:
    """A DTO from a loaded person (relationships already loaded)."""
    emails = sorted(person.emails, key=lambda e: (not e.primary, e.id))
    phones = sorted(person.phones, key=lambda p: (not p.primary, p.id))
    addresses = sorted(person.addresses, key=lambda a: (not a.primary, a.id))
    first = addresses[0] if addresses else None
    return PersonRow(
        id=person.id,
        uuid=person.uuid,
        given_name=person.given_name,
        family_name=person.family_name,
        additional_name=person.additional_name,
        emails=tuple(e.address for e in emails),
        phones=tuple(p.number for p in phones),
        phones_display=tuple(format_phone(p.number, region, p.extension) for p in phones),
        street=", ".join(first.address_lines) if first else "",
        locality=first.locality if first else "",
        region=first.region if first else "",
        postal_code=first.postal_code if first else "",
        tags=tuple(t.name for t in person.tags),
        volunteer_status=volunteer_status,
        gender_pronouns=person.gender_pronouns,
        notes=person.notes,
        source=person.source,
        flags=tuple(name for name in FLAG_NAMES if getattr(person, name)),
        custom_fields=MappingProxyType(dict(person.custom_fields or {})),
        modified_at=person.modified_at,
        version=person.version,
    )
