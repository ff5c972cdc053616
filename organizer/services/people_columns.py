"""The columns of a full people export: every field of a person, in headers the people import reads back."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from organizer.domain.codes import EmailStatus, EngagementLevel, PhoneType, VolunteerStatus
from organizer.domain.phones import format_phone
from organizer.services.people_export_rows import ExportPerson
from organizer.storage.models import Volunteer

Cell = str | date | None


@dataclass(frozen=True, slots=True)
class ExportField:
    """What a user can choose to export: one or more columns."""

    key: str
    label: str


EXPORT_FIELDS: tuple[ExportField, ...] = (
    ExportField("uuid", "Chapter Organizer id"),
    ExportField("honorific_prefix", "Prefix (Dr., Rev.)"),
    ExportField("given_name", "First name"),
    ExportField("additional_name", "Middle name"),
    ExportField("family_name", "Last name"),
    ExportField("honorific_suffix", "Suffix (Jr., III)"),
    ExportField("gender_pronouns", "Pronouns"),
    ExportField("birthdate", "Birthdate"),
    ExportField("languages", "Languages spoken"),
    ExportField("emails", "Emails, with their status"),
    ExportField("phones", "Phones, with type and extension"),
    ExportField("addresses", "Addresses"),
    ExportField("tags", "Tags"),
    ExportField("notes", "Notes"),
    ExportField("do_not_contact", "Do not walk, call, text, email"),
    ExportField("deceased", "Deceased"),
    ExportField("moved", "Moved"),
    ExportField("volunteer", "Volunteer profile"),
    ExportField("custom_fields", "Custom fields"),
)
FIELD_KEYS = tuple(f.key for f in EXPORT_FIELDS)
SINGLE = {"uuid": "Chapter Organizer id", "honorific_prefix": "Prefix", "given_name": "First Name",
          "additional_name": "Middle Name", "family_name": "Last Name", "honorific_suffix": "Suffix",
          "gender_pronouns": "Pronouns", "birthdate": "Birthdate", "languages": "Languages", "tags": "Tags",
          "notes": "Notes", "deceased": "Deceased", "moved": "Moved"}
DO_NOT = (("do_not_walk", "Do not walk"), ("do_not_call", "Do not call"), ("do_not_text", "Do not text"),
          ("do_not_email", "Do not email"))
# Country before the ZIP: the import reads a foreign postal code by its country.
ADDRESS_PARTS = ("street", "line 2", "city", "state", "country", "zip", "precinct")
FIRST_ADDRESS = ("Street", "Address line 2", "City", "State", "Country", "Zip", "Precinct")
VOLUNTEER = ("Volunteer", "Volunteer status", "Engagement", "Skills", "Volunteer languages", "Availability",
             "Volunteer since", "Volunteer notes", "Recruited by (id)", "Point person (id)")


@dataclass(frozen=True, slots=True)
class Widths:
    """How many emails, phones and addresses the widest person has, and every custom field's name."""

    emails: int
    phones: int
    addresses: int
    custom: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Profile:
    """A volunteer profile with the uuids of the people it names."""

    volunteer: Volunteer
    recruited_by: str
    point_person: str


def numbered(label: str, n: int, part: str = "") -> str:
    """ "Email", "Email 2", "Phone 2 type": the n-th of a person's values (and one of its parts)."""
    name = label if n == 1 else f"{label} {n}"
    return f"{name} {part}" if part else name


def headers(fields: Sequence[str], widths: Widths, custom_header: Callable[[str], str]) -> list[str]:
    """The header row for these fields, in the order of EXPORT_FIELDS."""
    out: list[str] = []
    for key in fields:
        if key in SINGLE:
            out.append(SINGLE[key])
        elif key == "emails":
            out += [h for n in range(1, widths.emails + 1) for h in (numbered("Email", n),
                                                                    numbered("Email", n, "status"))]
        elif key == "phones":
            out += [h for n in range(1, widths.phones + 1) for h in (
                numbered("Phone", n), numbered("Phone", n, "type"), numbered("Phone", n, "texts"),
                numbered("Phone", n, "do not call"))]
        elif key == "addresses":
            out += list(FIRST_ADDRESS) + [f"Address {n} {part}" for n in range(2, widths.addresses + 1)
                                          for part in ADDRESS_PARTS]
        elif key == "do_not_contact":
            out += [label for _flag, label in DO_NOT]
        elif key == "volunteer":
            out += list(VOLUNTEER)
        elif key == "custom_fields":
            out += [custom_header(k) for k in widths.custom]
    return out


def cells(person: ExportPerson, profile: Profile | None, fields: Sequence[str], widths: Widths,
          region: str) -> list[Cell]:
    """One person's row, cell for cell under `headers`."""
    out: list[Cell] = []
    for key in fields:
        if key in SINGLE:
            out.append(_single(person, key))
        elif key == "emails":
            emails = sorted(person.emails, key=lambda e: (not e.primary, e.id))
            out += _padded([[e.address, EmailStatus(e.status).label] for e in emails], widths.emails, 2)
        elif key == "phones":
            phones = sorted(person.phones, key=lambda p: (not p.primary, p.id))
            out += _padded([[format_phone(p.number, region, p.extension), PhoneType(p.number_type).label,
                             _yes_no(p.sms_capable), _yes(p.do_not_call)] for p in phones], widths.phones, 4)
        elif key == "addresses":
            addresses = sorted(person.addresses, key=lambda a: (not a.primary, a.id))
            out += _padded([[a.address_lines[0] if a.address_lines else "", "\n".join(a.address_lines[1:]),
                             a.locality, a.region, a.country, a.postal_code, a.precinct] for a in addresses],
                           max(1, widths.addresses), len(ADDRESS_PARTS))
        elif key == "do_not_contact":
            out += [_yes(getattr(person.own, flag)) for flag, _label in DO_NOT]
        elif key == "volunteer":
            out += _volunteer(profile)
        elif key == "custom_fields":
            values = person.own.custom_fields or {}
            out += [_text(values.get(k)) for k in widths.custom]
    return out


def _single(person: ExportPerson, key: str) -> Cell:
    own = person.own
    if key == "birthdate":
        return own.birthdate  # type: ignore[no-any-return]
    if key == "languages":
        return ", ".join(own.languages_spoken or [])
    if key == "tags":
        return ", ".join(person.tags)
    if key in ("deceased", "moved"):
        return _yes(getattr(own, key))
    return str(getattr(own, key) or "")


def _volunteer(profile: Profile | None) -> list[Cell]:
    if profile is None:
        return [""] * len(VOLUNTEER)
    v = profile.volunteer
    return ["yes", VolunteerStatus(v.status).label, EngagementLevel(v.engagement_level).label,
            ", ".join(v.skills or []), ", ".join(v.languages or []), v.availability, v.started_on, v.notes,
            profile.recruited_by, profile.point_person]


def _padded(groups: list[list[Cell]], width: int, size: int) -> list[Cell]:
    out = [cell for group in groups for cell in group]
    return out + [""] * ((width - len(groups)) * size)


def _yes(value: bool | None) -> str:
    return "yes" if value else ""


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)
