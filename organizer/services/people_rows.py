"""Person rows (DTOs) and how they are loaded from the database in pages."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any

from sqlalchemy import func, select, true
from sqlalchemy.dialects.postgresql import aggregate_order_by
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

    Plain column selects, no ORM objects (building and tracking a person object per row cost more than the
    queries themselves): on a server one query, each person's emails, phones and tags aggregated beside them;
    elsewhere five short ones keyed by the page's ids (the people with their volunteer status, then their
    emails, phones, addresses and tags).
    """
    if not ids:
        return []
    wanted = list(dict.fromkeys(ids))
    if session.connection().dialect.name == "postgresql":
        by_id = {row.id: row for row in _aggregated(session, wanted, region)}
    else:
        by_id = {row.id: row for row in _keyed(session, wanted, region)}
    return [by_id[i] for i in ids if i in by_id]


def _keyed(session: Session, wanted: list[int], region: str) -> Iterator[PersonRow]:
    """The people's rows from five selects, each keyed by the page's ids."""
    conn = session.connection()

    def related(model: Any, *columns: Any) -> dict[int, list[Any]]:
        """Each person's emails, phones or addresses in the order their row shows them: primary first, then oldest."""
        return _grouped(session, select(model.person_id, *columns).where(one_of(conn, model.person_id, wanted))
                        .order_by(model.person_id, model.primary.desc(), model.id))

    emails = related(EmailAddress, EmailAddress.address)
    phones = related(PhoneNumber, PhoneNumber.number, PhoneNumber.extension)
    addresses = related(PostalAddress, *_ADDRESS_COLUMNS)
    tags = _grouped(session, select(Tagging.person_id, Tag.name).join(Tag, Tag.id == Tagging.tag_id)
                    .where(one_of(conn, Tagging.person_id, wanted)).order_by(Tagging.person_id, Tag.name))
    people = session.execute(select(*_PERSON_COLUMNS, Volunteer.status)
                             .outerjoin(Volunteer, Volunteer.person_id == Person.id)
                             .where(one_of(conn, Person.id, wanted)))
    for person in people:
        pid = person[0]
        address = addresses.get(pid)
        yield _person_row(person, [e[1] for e in emails.get(pid, ())], [p[1:] for p in phones.get(pid, ())],
                          address[0][1:] if address else None, [t[1] for t in tags.get(pid, ())], region)


def _aggregated(session: Session, wanted: list[int], region: str) -> Iterator[PersonRow]:
    """The people's rows from one select on a server: emails, phones and tags as arrays in the order the row shows
    them, the first address by a lateral join (each an index probe per person)."""
    def agg(column: Any, *order: Any) -> Any:
        return func.array_agg(aggregate_order_by(column, *order))

    first = (PhoneNumber.primary.desc(), PhoneNumber.id)
    emails = select(agg(EmailAddress.address, EmailAddress.primary.desc(), EmailAddress.id)) \
        .where(EmailAddress.person_id == Person.id).scalar_subquery()
    phones = select(agg(PhoneNumber.number, *first).label("numbers"), agg(PhoneNumber.extension, *first)
                    .label("extensions")).where(PhoneNumber.person_id == Person.id).lateral()
    address = select(*_ADDRESS_COLUMNS).where(PostalAddress.person_id == Person.id) \
        .order_by(PostalAddress.primary.desc(), PostalAddress.id).limit(1).lateral()
    tags = select(agg(Tag.name, Tag.name)).join(Tagging, Tagging.tag_id == Tag.id) \
        .where(Tagging.person_id == Person.id).scalar_subquery()
    stmt = (select(*_PERSON_COLUMNS, Volunteer.status, emails, phones.c.numbers, phones.c.extensions,
                   *address.c, tags)
            .outerjoin(Volunteer, Volunteer.person_id == Person.id).outerjoin(phones, true())
            .outerjoin(address, true()).where(one_of(session.connection(), Person.id, wanted)))
    width = len(_PERSON_COLUMNS) + 1
    for row in session.execute(stmt):
        found_emails, numbers, extensions, lines, locality, place, postal_code, found_tags = row[width:]
        yield _person_row(row[:width], found_emails or [], list(zip(numbers or (), extensions or (), strict=True)),
                          (lines, locality, place, postal_code) if lines is not None else None, found_tags or [],
                          region)


_PERSON_COLUMNS = (Person.id, Person.uuid, Person.given_name, Person.family_name, Person.additional_name,
                   Person.gender_pronouns, Person.notes, Person.source, *(getattr(Person, n) for n in FLAG_NAMES),
                   Person.custom_fields, Person.modified_at, Person.version)
_ADDRESS_COLUMNS = (PostalAddress.address_lines, PostalAddress.locality, PostalAddress.region,
                    PostalAddress.postal_code)


def _person_row(person: Any, emails: Sequence[str], phones: Sequence[Any], address: Any, tags: Sequence[str],
                region: str) -> PersonRow:
    """A DTO from a person's columns (as _PERSON_COLUMNS, then the volunteer status), their emails, phones (number,
    extension) and tags in the order the row shows them, and their first address (lines, locality, region, postal
    code; None without one). Unpacked by position: a row's attributes by name cost ten times as much."""
    pid, uuid, given, family, additional, pronouns, notes, source, *flags, custom, modified, version, status = person
    return PersonRow(
        id=pid,
        uuid=uuid,
        given_name=given,
        family_name=family,
        additional_name=additional,
        emails=tuple(emails),
        phones=tuple(p[0] for p in phones),
        phones_display=tuple(format_phone(p[0], region, p[1]) for p in phones),
        street=", ".join(address[0]) if address else "",
        locality=address[1] if address else "",
        region=address[2] if address else "",
        postal_code=address[3] if address else "",
        tags=tuple(tags),
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
