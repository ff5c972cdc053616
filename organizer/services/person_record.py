"""A person's whole record: everything the chapter holds about them, found by id or uuid, and fixed in place."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from organizer.domain.phones import format_phone
from organizer.errors import NotFound
from organizer.services.changes import PEOPLE, TAGS, VOLUNTEERS, Change, ChangeHub
from organizer.services.kept_values import KeptValue, fix_value, kept_values
from organizer.services.people import PeopleService
from organizer.services.people_rows import FLAG_NAMES, PersonRow
from organizer.services.person_history import HistoryEntry, person_history
from organizer.services.person_input import PersonInput, refresh_keys
from organizer.services.settings import SettingsService
from organizer.storage.database import Database
from organizer.storage.identity import person_id_for_uuid
from organizer.storage.models import Person, PersonAlias, Volunteer

DO_NOT = ("walk", "call", "text", "email")


@dataclass(frozen=True, slots=True)
class EmailEntry:
    """One email address and whether mail reaches them."""

    address: str
    primary: bool
    status: str


@dataclass(frozen=True, slots=True)
class PhoneEntry:
    """One phone: E.164, as people read it in the chapter's region, extension and type."""

    number: str
    display: str
    extension: str
    type: str
    primary: bool
    sms_capable: bool | None
    do_not_call: bool


@dataclass(frozen=True, slots=True)
class AddressEntry:
    """One postal address."""

    address_lines: tuple[str, ...]
    locality: str
    region: str
    postal_code: str
    country: str
    primary: bool
    precinct: str

    def one_line(self) -> str:
        """ "12 Main St, Apt 2, Raleigh, NC 27601"."""
        place = " ".join(p for p in (self.region, self.postal_code) if p)
        return ", ".join(p for p in (*self.address_lines, self.locality, place) if p)


@dataclass(frozen=True, slots=True)
class VolunteerProfile:
    """The volunteer profile, with the people it names by name."""

    status: str
    engagement_level: str
    skills: tuple[str, ...]
    languages: tuple[str, ...]
    availability: str
    point_person: str
    recruited_by: str
    started_on: date | None
    notes: str


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """Everything about one person, for the person view and `people show`."""

    id: int
    uuid: str
    given_name: str
    family_name: str
    additional_name: str
    honorific_prefix: str
    honorific_suffix: str
    gender_pronouns: str
    birthdate: date | None
    languages_spoken: tuple[str, ...]
    emails: tuple[EmailEntry, ...]
    phones: tuple[PhoneEntry, ...]
    addresses: tuple[AddressEntry, ...]
    tags: tuple[str, ...]
    custom_fields: dict[str, Any]
    kept: dict[str, KeptValue]  # the custom fields holding a value kept as typed, by key
    do_not_contact: dict[str, bool]  # walk, call, text, email
    deceased: bool
    moved: bool
    notes: str
    source: str
    volunteer: VolunteerProfile | None
    history: tuple[HistoryEntry, ...]
    aliases: tuple[str, ...]  # uuids of people merged into this one
    origin_chapter: str
    created_at: datetime | None
    modified_at: datetime | None

    @property
    def display_name(self) -> str:
        """The name as a chapter lead reads it, with prefix and suffix."""
        parts = (self.honorific_prefix, self.given_name, self.additional_name, self.family_name)
        name = " ".join(p for p in parts if p)
        if name and self.honorific_suffix:
            name = f"{name}, {self.honorific_suffix}"
        return name or (self.emails[0].address if self.emails else "(no name)")

    @property
    def flags(self) -> tuple[str, ...]:
        """The set flags under their stored names ("do_not_call", "moved"), as `people list --json` gives them."""
        on = {f"do_not_{k}" for k, v in self.do_not_contact.items() if v}
        on |= {name for name, v in (("deceased", self.deceased), ("moved", self.moved)) if v}
        return tuple(name for name in FLAG_NAMES if name in on)

    def to_json(self) -> dict[str, Any]:
        """The object `organizer people show --json` prints."""
        return {
            "id": self.id, "uuid": self.uuid, "display_name": self.display_name,
            "given_name": self.given_name, "family_name": self.family_name, "additional_name": self.additional_name,
            "honorific_prefix": self.honorific_prefix, "honorific_suffix": self.honorific_suffix,
            "gender_pronouns": self.gender_pronouns,
            "birthdate": self.birthdate.isoformat() if self.birthdate else None,
            "languages_spoken": list(self.languages_spoken),
            "emails": [{"address": e.address, "primary": e.primary, "status": e.status} for e in self.emails],
            "phones": [{"number": p.number, "display": p.display, "extension": p.extension, "type": p.type,
                        "primary": p.primary, "sms_capable": p.sms_capable, "do_not_call": p.do_not_call}
                       for p in self.phones],
            "addresses": [{"address_lines": list(a.address_lines), "locality": a.locality, "region": a.region,
                           "postal_code": a.postal_code, "country": a.country, "primary": a.primary,
                           "precinct": a.precinct} for a in self.addresses],
            "tags": list(self.tags),
            "custom_fields": dict(self.custom_fields),
            "kept_as_typed": [{"field": k.key, "value": k.value, "meant_for": k.field, "reason": k.reason}
                              for k in self.kept.values()],
            "do_not_contact": dict(self.do_not_contact),
            "flags": list(self.flags),
            "deceased": self.deceased,
            "moved": self.moved,
            "notes": self.notes,
            "source": self.source,
            "volunteer": _volunteer_json(self.volunteer),
            "history": [h.to_json() for h in self.history],
            "merged_uuids": list(self.aliases),
            "origin_chapter": self.origin_chapter,
            "created_at": self.created_at.isoformat() if self.created_at else None,
            "modified_at": self.modified_at.isoformat() if self.modified_at else None,
        }


def _volunteer_json(v: VolunteerProfile | None) -> dict[str, Any] | None:
    if v is None:
        return None
    return {"status": v.status, "engagement_level": v.engagement_level, "skills": list(v.skills),
            "languages": list(v.languages), "availability": v.availability, "point_person": v.point_person,
            "recruited_by": v.recruited_by, "started_on": v.started_on.isoformat() if v.started_on else None,
            "notes": v.notes}


@dataclass(frozen=True, slots=True)
class PersonEdit:
    """The fields a command replaces; None leaves a field as it is."""

    given_name: str | None = None
    family_name: str | None = None
    emails: list[str] | None = None
    phones: list[str] | None = None
    postal_code: str | None = None
    notes: str | None = None
    tags: list[str] | None = None


class PersonRecordService:
    """Reads a person's whole record and fixes values kept as typed; one short transaction each."""

    def __init__(self, db: Database, settings: SettingsService, changes: ChangeHub, people: PeopleService) -> None:
        self._db = db
        self._settings = settings
        self._changes = changes
        self._people = people

    def person_id(self, uuid: str) -> int:
        """The person a uuid names (a merged person's uuid names the one they were merged into)."""
        text = uuid.strip().lower()
        with self._db.read() as session:
            found = person_id_for_uuid(session, text) if text else None
        if found is None:
            raise NotFound(f"There is no person with uuid {uuid.strip()!r}: "
                           "check it against `organizer people list`.")
        return found

    def record(self, person_id: int) -> PersonRecord:
        """Everything about a person; raises NotFound."""
        with self._db.read() as session:
            return _load_record(session, person_id, self._settings.phone_region())

    def record_for_uuid(self, uuid: str) -> PersonRecord:
        """`record` by uuid (or the uuid of someone merged into them)."""
        return self.record(self.person_id(uuid))

    def fix_custom_value(self, person_id: int, key: str, value: str) -> PersonRecord:
        """Set a custom field to a corrected value; a value kept as typed moves to its field once it passes
        that field's check (raises ValidationFailed naming the key when it does not)."""
        region = self._settings.phone_region()
        with self._db.write() as session:
            person = _person(session, person_id)
            fix_value(session, person, key, value, region)
            refresh_keys(person)
            session.flush()
        self._changes.publish(Change.of(PEOPLE, VOLUNTEERS, TAGS, ids=[person_id]))
        return self.record(person_id)

    def edit(self, person_id: int, edit: PersonEdit) -> PersonRow:
        """Replace only the fields the edit gives (the rest as they are); raises ValidationFailed or NotFound."""
        row = self._people.get(person_id)
        return self._people.update(person_id, edit_input(row, edit), expected_version=row.version)


def edit_input(row: PersonRow, edit: PersonEdit) -> PersonInput:
    """The form input that keeps everything of a person but the fields the edit gives."""
    data = PersonInput(
        given_name=row.given_name, family_name=row.family_name, additional_name=row.additional_name,
        emails=list(row.emails), phones=list(row.phones_display), street=row.street, locality=row.locality,
        region=row.region, postal_code=row.postal_code, tags=list(row.tags), gender_pronouns=row.gender_pronouns,
        notes=row.notes, source=row.source, flags=list(row.flags), custom_fields=dict(row.custom_fields),
    )
    given = {name: getattr(edit, name) for name in ("given_name", "family_name", "emails", "phones",
                                                    "postal_code", "notes", "tags")}
    return replace(data, **{k: v for k, v in given.items() if v is not None})


def _person(session: Session, person_id: int) -> Person:
    person = session.scalar(select(Person).where(Person.id == person_id).options(
        selectinload(Person.emails), selectinload(Person.phones), selectinload(Person.addresses),
        selectinload(Person.tags)))
    if person is None:
        raise NotFound(f"There is no person with id {person_id}.")
    return person


def _load_record(session: Session, person_id: int, region: str) -> PersonRecord:
    p = _person(session, person_id)
    custom = dict(p.custom_fields or {})
    return PersonRecord(
        id=p.id, uuid=p.uuid, given_name=p.given_name, family_name=p.family_name, additional_name=p.additional_name,
        honorific_prefix=p.honorific_prefix, honorific_suffix=p.honorific_suffix, gender_pronouns=p.gender_pronouns,
        birthdate=p.birthdate, languages_spoken=tuple(p.languages_spoken or ()),
        emails=tuple(EmailEntry(e.address, e.primary, e.status)
                     for e in sorted(p.emails, key=lambda e: (not e.primary, e.id))),
        phones=tuple(PhoneEntry(n.number, format_phone(n.number, region, n.extension), n.extension, n.number_type,
                                n.primary, n.sms_capable, n.do_not_call)
                     for n in sorted(p.phones, key=lambda n: (not n.primary, n.id))),
        addresses=tuple(AddressEntry(tuple(a.address_lines or ()), a.locality, a.region, a.postal_code, a.country,
                                     a.primary, a.precinct)
                        for a in sorted(p.addresses, key=lambda a: (not a.primary, a.id))),
        tags=tuple(t.name for t in p.tags),
        custom_fields=custom,
        kept=kept_values(session, p.id, custom, region),
        do_not_contact={k: bool(getattr(p, f"do_not_{k}")) for k in DO_NOT},
        deceased=p.deceased, moved=p.moved, notes=p.notes, source=p.source,
        volunteer=_volunteer(session, p.id),
        history=tuple(person_history(session, p.id)),
        aliases=tuple(session.scalars(select(PersonAlias.uuid).where(PersonAlias.person_id == p.id)
                                      .order_by(PersonAlias.created_at))),
        origin_chapter=p.origin_chapter_name, created_at=p.created_at, modified_at=p.modified_at,
    )


def _volunteer(session: Session, person_id: int) -> VolunteerProfile | None:
    v = session.scalar(select(Volunteer).where(Volunteer.person_id == person_id))
    if v is None:
        return None
    names = {}
    for key, other in (("point", v.point_person_id), ("recruiter", v.recruited_by_id)):
        person = session.get(Person, other) if other is not None else None
        names[key] = " ".join(x for x in (person.given_name, person.family_name) if x) if person else ""
    return VolunteerProfile(v.status, v.engagement_level, tuple(v.skills or ()), tuple(v.languages or ()),
                            v.availability, names["point"], names["recruiter"], v.started_on, v.notes)


__all__ = ["AddressEntry", "EmailEntry", "PersonEdit", "PersonRecord", "PersonRecordService", "PhoneEntry",
           "VolunteerProfile"]
