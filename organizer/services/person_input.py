"""What a form or a command gives to create or edit a person, and how it is checked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from typing import Any

from organizer.domain.addresses import normalize_postal_code
from organizer.domain.emails import normalize_email
from organizer.domain.errors import InvalidValue
from organizer.domain.person_keys import derive_keys
from organizer.domain.phones import Phone, normalize_phone
from organizer.domain.safe_text import strip_invisible, without_controls
from organizer.errors import ValidationFailed
from organizer.services.people_rows import FLAG_NAMES
from organizer.storage.models import EmailAddress, Person, PhoneNumber, PostalAddress


@dataclass(slots=True)
class PersonInput:
    """A person as typed: values are checked and cleaned by `clean_person`."""

    given_name: str = ""
    family_name: str = ""
    additional_name: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    street: str = ""
    locality: str = ""
    region: str = ""
    postal_code: str = ""
    tags: list[str] = field(default_factory=list)
    gender_pronouns: str = ""
    notes: str = ""
    source: str = ""
    flags: list[str] = field(default_factory=list)
    custom_fields: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CleanPerson:
    """A checked person: emails lowercased, phones E.164, postal code as text."""

    given_name: str
    family_name: str
    additional_name: str
    emails: tuple[str, ...]
    phones: tuple[Phone, ...]
    street: str
    locality: str
    region: str
    postal_code: str
    tags: tuple[str, ...]
    gender_pronouns: str
    notes: str
    source: str
    flags: frozenset[str]
    custom_fields: dict[str, Any]


def clean_person(data: PersonInput, phone_region: str) -> CleanPerson:
    """Check every field; raises ValidationFailed naming each bad field and why."""
    data = _without_controls(data)
    problems: dict[str, str] = {}
    emails = _clean_list(data.emails, normalize_email, "emails", problems)
    phones = _clean_list(data.phones, lambda v: normalize_phone(v, phone_region), "phones", problems)
    postal = ""
    typed_zip = data.postal_code.strip()
    if phone_region == "US" and typed_zip.isdigit() and len(typed_zip) < 4:
        # Four digits are a New England ZIP that lost its zero (padded); fewer, typed by hand, are a typo.
        problems["postal_code"] = "a US ZIP code has 5 digits"
    elif typed_zip:
        try:
            postal = normalize_postal_code(data.postal_code, "US" if phone_region == "US" else phone_region)
        except InvalidValue as exc:
            problems["postal_code"] = str(exc)
    given, family = strip_invisible(data.given_name), strip_invisible(data.family_name)  # "\u200b" is no name
    if not (given or family or emails or phones):
        problems.setdefault("given_name", "Give a name, an email or a phone number.")
    for name, value in (("given_name", given), ("family_name", family), ("additional_name", data.additional_name),
                        ("gender_pronouns", data.gender_pronouns)):
        longest = Person.__table__.c[name].type.length  # type: ignore[attr-defined]
        if longest and len(value) > longest:
            problems.setdefault(name, f"at most {longest} characters (this one has {len(value):,})")
    unknown = set(data.flags) - set(FLAG_NAMES)
    if unknown:
        problems["flags"] = f"unknown flag {sorted(unknown)[0]!r}"
    if problems:
        raise ValidationFailed(problems)
    return CleanPerson(
        given_name=given,
        family_name=family,
        additional_name=data.additional_name.strip(),
        emails=tuple(dict.fromkeys(emails)),
        phones=tuple(dict.fromkeys(phones)),
        street=data.street.strip(),
        locality=data.locality.strip(),
        region=data.region.strip(),
        postal_code=postal,
        tags=tuple(dict.fromkeys(t.strip() for t in data.tags if t.strip())),
        gender_pronouns=data.gender_pronouns.strip(),
        notes=data.notes.strip(),
        source=data.source.strip(),
        flags=frozenset(data.flags),
        custom_fields=dict(data.custom_fields),
    )


ONE_LINE = ("given_name", "family_name", "additional_name", "gender_pronouns", "street", "locality", "region",
            "source")  # a line break or tab in these is a paste slip: one space, as an import makes it


def _without_controls(data: PersonInput) -> PersonInput:
    """The input with control characters removed from every text (pasted text can carry them), and the
    one-line fields on one line."""
    changes: dict[str, Any] = {f.name: without_controls(v) for f in fields(data)
                               if isinstance(v := getattr(data, f.name), str)}
    for name in ONE_LINE:
        changes[name] = " ".join(changes[name].split())
    for name in ("emails", "phones", "tags"):
        changes[name] = [without_controls(v) for v in getattr(data, name)]
    changes["custom_fields"] = {without_controls(k): without_controls(v) if isinstance(v, str) else v
                                for k, v in data.custom_fields.items()}
    return replace(data, **changes)


def _clean_list(
    values: list[str], clean: Callable[[str], Any], name: str, problems: dict[str, str]
) -> list[Any]:
    out: list[Any] = []
    for value in values:
        if not value.strip():
            continue
        try:
            out.append(clean(value))
        except InvalidValue as exc:
            problems.setdefault(name, f"{value.strip()}: {exc}")
    return out


def apply_clean(person: Person, clean: CleanPerson) -> None:
    """Write a checked person onto a model (emails, phones and first address replaced)."""
    person.given_name = clean.given_name
    person.family_name = clean.family_name
    person.additional_name = clean.additional_name
    person.gender_pronouns = clean.gender_pronouns
    person.notes = clean.notes
    person.source = person.source or clean.source
    person.custom_fields = dict(clean.custom_fields)
    for flag in FLAG_NAMES:
        setattr(person, flag, flag in clean.flags)
    _sync_emails(person, clean.emails)
    _sync_phones(person, clean.phones)
    _sync_address(person, clean)
    refresh_keys(person)


def _sync_emails(person: Person, emails: tuple[str, ...]) -> None:
    kept = {e.address: e for e in person.emails}
    person.emails = [kept.get(a) or EmailAddress(address=a) for a in emails]
    for i, email in enumerate(person.emails):
        email.primary = i == 0


def _sync_phones(person: Person, phones: tuple[Phone, ...]) -> None:
    kept = {(p.number, p.extension): p for p in person.phones}
    person.phones = [
        kept.get((p.e164, p.extension)) or PhoneNumber(number=p.e164, extension=p.extension) for p in phones
    ]
    for i, phone in enumerate(person.phones):
        phone.primary = i == 0


def _sync_address(person: Person, clean: CleanPerson) -> None:
    has_address = any((clean.street, clean.locality, clean.region, clean.postal_code))
    first = person.addresses[0] if person.addresses else None
    if not has_address:
        if first is not None:
            person.addresses.remove(first)
        return
    if first is None:
        first = PostalAddress(primary=True)
        person.addresses.append(first)
    first.address_lines = [clean.street] if clean.street else []
    first.locality = clean.locality
    first.region = clean.region
    first.postal_code = clean.postal_code


def refresh_keys(person: Person) -> None:
    """Recompute the matching keys, search text and street keys after any change to a person."""
    keys = derive_keys(
        person.given_name, person.family_name, person.additional_name,
        (e.address for e in person.emails), (p.number for p in person.phones),
        [(a.address_lines or [], a.postal_code) for a in person.addresses], person.custom_fields,
    )
    person.name_key, person.family_key, person.search_text = keys.name_key, keys.family_key, keys.search_text
    for address, street in zip(person.addresses, keys.street_keys, strict=True):
        address.street_key = street
