"""Values an import kept as typed because they failed a check, found among a person's custom fields, and fixed.

An import that cannot use a cell ("555-12" under "Phone #") keeps it in the person's custom fields
under the column's header. Such a field is told apart from a plain custom field by the field its
header was mapped to (by the imports that touched the person, else by the import's header synonyms)
and by its value still failing that field's check. Fixing one puts the corrected value where it
belonged (a phone among the phones) and takes the kept copy out of the custom fields.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from organizer.domain.addresses import normalize_postal_code
from organizer.domain.emails import normalize_email
from organizer.domain.errors import InvalidValue
from organizer.domain.phones import normalize_phone
from organizer.errors import ValidationFailed
from organizer.services.importing.cell_values import parse_date, tag_name_from_header
from organizer.services.importing.cleaning import FLAG_FIELDS, PHONE_TYPES
from organizer.services.importing.fields import CUSTOM, IGNORE, TAG
from organizer.services.importing.headers import NO, YES, field_for_header
from organizer.services.person_history import batches_touching
from organizer.services.tags import resolve_tags
from organizer.services.volunteers import VolunteerInput, write_profile
from organizer.storage.models import (
    EmailAddress,
    ImportBatch,
    Person,
    PhoneNumber,
    PostalAddress,
    Volunteer,
)

YES_NO_FIELDS = (TAG, "volunteer", *FLAG_FIELDS)
UUID = "uuid"  # a kept id is shown as refused, but a person's id is never changed by fixing it
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
FIELD_LABELS = {
    "email": "an email address", "phone": "a phone number", "mobile_phone": "a mobile phone number",
    "home_phone": "a home phone number", "work_phone": "a work phone number", "postal_code": "a ZIP / postal code",
    "birthdate": "a birthdate", "uuid": "a Chapter Organizer id", TAG: "a yes/no tag",
    "volunteer": "volunteer (yes/no)",
    "do_not_call": "do not call (yes/no)", "do_not_text": "do not text (yes/no)",
    "do_not_email": "do not email (yes/no)", "do_not_walk": "do not walk (yes/no)",
}


@dataclass(frozen=True, slots=True)
class KeptValue:
    """A custom field holding a value kept as typed: the field it was meant for and why it was refused."""

    key: str
    value: str
    field: str  # "phone", "email", "postal_code", "birthdate", "do_not_call"...
    reason: str

    @property
    def meant_for(self) -> str:
        """The field in words: "a phone number"."""
        return FIELD_LABELS.get(self.field, self.field.replace("_", " "))


def _yes_no(raw: str) -> bool:
    mark = raw.strip().casefold()
    if mark not in YES and mark not in NO:
        raise InvalidValue("not a yes/no value")
    return mark in YES


def _uuid(raw: str) -> str:
    if not _UUID.fullmatch(raw.strip().lower()):
        raise InvalidValue("not a Chapter Organizer id (uuid)")
    return raw.strip().lower()


def _checks(region: str) -> dict[str, Callable[[str], Any]]:
    checks: dict[str, Callable[[str], Any]] = {
        "email": normalize_email,
        "postal_code": lambda v: normalize_postal_code(v, region),
        "birthdate": parse_date,
        UUID: _uuid,
        **{key: _yes_no for key in YES_NO_FIELDS},
    }
    checks.update({key: (lambda v: normalize_phone(v, region)) for key in PHONE_TYPES})
    return checks


def mapped_fields(session: Session, person_id: int, keys: Iterable[str]) -> dict[str, str]:
    """The field each custom key's column was mapped to: by the imports that touched the person, else by synonyms."""
    wanted = list(keys)
    if not wanted:
        return {}
    touched = {batch for batch, _action, _row in batches_touching(session, person_id)}
    found: dict[str, str] = {}
    for mapping in session.scalars(select(ImportBatch.mapping).where(ImportBatch.id.in_(touched))
                                   .order_by(ImportBatch.id.desc())) if touched else ():
        for key in wanted:
            field = (mapping or {}).get(key)
            if key not in found and isinstance(field, str) and field not in (CUSTOM, IGNORE):
                found[key] = field
    for key in wanted:
        if key not in found:
            guess = field_for_header("people", key)
            if guess is not None:
                found[key] = guess
    return found


def kept_values(session: Session, person_id: int, custom: Mapping[str, Any], region: str) -> dict[str, KeptValue]:
    """The custom fields that hold a value kept as typed, by key."""
    texts = {k: v for k, v in custom.items() if isinstance(v, str) and v.strip()}
    checks = _checks(region)
    out: dict[str, KeptValue] = {}
    for key, field in mapped_fields(session, person_id, texts).items():
        check = checks.get(field)
        if check is None:
            continue
        try:
            check(texts[key])
        except InvalidValue as exc:
            out[key] = KeptValue(key, texts[key], field, str(exc))
    return out


def fix_value(session: Session, person: Person, key: str, value: str, region: str) -> None:
    """Set a custom field to a corrected value (inside the caller's transaction).

    For a value kept as typed, the corrected value goes where it was meant to (checked first; a
    ValidationFailed names the key) and the kept copy is taken out; an empty value just removes
    the field. Any other custom field is set to the value as given (removed when empty).
    """
    custom = dict(person.custom_fields or {})
    if key not in custom:
        raise ValidationFailed({key: "this person has no such custom field (it may have been fixed already)"})
    text = value.strip()
    field = mapped_fields(session, person.id, [key]).get(key)
    check = _checks(region).get(field or "")
    if text and check is not None and field is not None and field != UUID:
        try:
            clean = check(text)
        except InvalidValue as exc:
            raise ValidationFailed({key: f"{text}: {exc}"}) from exc
        _place(session, person, field, key, clean)
        del custom[key]
    elif text:
        custom[key] = text
    else:
        del custom[key]
    person.custom_fields = custom


def _place(session: Session, person: Person, field: str, key: str, clean: Any) -> None:
    """Put a checked value into the field it belongs in."""
    if field == "email":
        if all(e.address != clean for e in person.emails):
            person.emails.append(EmailAddress(address=clean, primary=not person.emails))
    elif field in PHONE_TYPES:
        if all((p.number, p.extension) != (clean.e164, clean.extension) for p in person.phones):
            person.phones.append(PhoneNumber(number=clean.e164, extension=clean.extension,
                                             number_type=PHONE_TYPES[field], primary=not person.phones))
    elif field == "postal_code":
        addresses = sorted(person.addresses, key=lambda a: (not a.primary, a.id or 0))
        if addresses:
            addresses[0].postal_code = clean
        else:
            person.addresses.append(PostalAddress(postal_code=clean, primary=True))
    elif field == "birthdate":
        person.birthdate = clean
    elif clean and field in FLAG_FIELDS:
        setattr(person, field, True)
    elif clean and field == TAG:
        person.tags = [*person.tags, *(t for t in resolve_tags(session, [tag_name_from_header(key)])
                                       if t not in person.tags)]
    elif clean and field == "volunteer" and session.scalar(
            select(Volunteer.id).where(Volunteer.person_id == person.id)) is None:
        write_profile(session, person.id, VolunteerInput())


__all__ = ["KeptValue", "fix_value", "kept_values", "mapped_fields"]
