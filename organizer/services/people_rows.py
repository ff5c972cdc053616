"""Person rows (DTOs) and how they are loaded from the database in pages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from organizer.domain.phones import format_phone
from organizer.storage.models import Person, Volunteer

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
    """Rows for the given ids, in the order given; unknown ids are skipped."""
    if not ids:
        return []
    people = session.scalars(
        select(Person)
        .where(Person.id.in_(list(ids)))
        .options(
            selectinload(Person.emails),
            selectinload(Person.phones),
            selectinload(Person.addresses),
            selectinload(Person.tags),
        )
    ).all()
    statuses = {
        pid: status
        for pid, status in session.execute(
            select(Volunteer.person_id, Volunteer.status).where(Volunteer.person_id.in_(list(ids)))
        )
    }
    by_id = {p.id: to_row(p, statuses.get(p.id, ""), region) for p in people}
    return [by_id[i] for i in ids if i in by_id]


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
