"""People exports national tools import as they are: Action Network and NationBuilder uploads.

Phones are digits without a leading "+" (no formula escaping needed, and the tools take them as they
are); people flagged do-not-contact are left out, and an Action Network upload (an email list) leaves
out people who opted out of email too.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from organizer.errors import UserError
from organizer.storage.models import Person, Tag, Tagging, Volunteer
from organizer.storage.models.people import fold_tag_name

BATCH = 1000


@dataclass(frozen=True, slots=True)
class Preset:
    """A national tool's upload: its columns, and which flags leave a person out."""

    name: str
    label: str
    headers: tuple[str, ...]
    leaves_out: tuple[str, ...]


ACTION_NETWORK = Preset("actionnetwork", "Action Network upload",
                        ("first_name", "last_name", "email", "zip_code", "can2_phone", "can2_user_address",
                         "can2_user_city", "can2_state_abbreviated", "can2_user_tags"),
                        ("do_not_email", "deceased"))
NATIONBUILDER = Preset("nationbuilder", "NationBuilder import",
                       ("first_name", "last_name", "email", "phone_number", "mobile_number", "address1", "address2",
                        "city", "state", "zip", "tag_list", "is_volunteer", "email_opt_in", "do_not_call"),
                       ("deceased", "do_not_walk", "do_not_call", "do_not_text", "do_not_email"))
PRESETS = {p.name: p for p in (ACTION_NETWORK, NATIONBUILDER)}


def preset_named(name: str) -> Preset:
    """A preset by name; an unknown one is a plain error."""
    found = PRESETS.get(name)
    if found is None:
        raise UserError(f"There is no export format {name!r}; the formats are: plain, {', '.join(PRESETS)}.")
    return found


def digits(number: str) -> str:
    """An E.164 number as national tools take it: digits, no "+"."""
    return number.lstrip("+")


def preset_ids(session: Session, preset: Preset, tag: str = "") -> list[int]:
    """The people the preset writes, in id order."""
    stmt = select(Person.id).where(~or_(*[getattr(Person, f) for f in preset.leaves_out])).order_by(Person.id)
    if tag:
        tag_id = session.scalar(select(Tag.id).where(Tag.folded_name == fold_tag_name(tag)))
        if tag_id is None:
            raise UserError(f"There is no tag {tag!r} in this chapter: check its name.")
        stmt = stmt.where(Person.id.in_(select(Tagging.person_id).where(Tagging.tag_id == tag_id)))
    return list(session.scalars(stmt))


def preset_rows(session: Session, preset: Preset, ids: Sequence[int]) -> Iterator[list[Any]]:
    """One row per person (people with no email are left out of an email list)."""
    for start in range(0, len(ids), BATCH):
        part = ids[start : start + BATCH]
        volunteers = set(session.scalars(select(Volunteer.person_id).where(Volunteer.person_id.in_(part))))
        people = session.scalars(select(Person).where(Person.id.in_(part)).order_by(Person.id).options(
            selectinload(Person.emails), selectinload(Person.phones), selectinload(Person.addresses),
            selectinload(Person.tags)))
        for person in people:
            row = _row(preset, person, person.id in volunteers)
            if row is not None:
                yield row


def _row(preset: Preset, person: Person, volunteer: bool) -> list[Any] | None:
    emails = [e for e in sorted(person.emails, key=lambda e: (not e.primary, e.id)) if e.status == "subscribed"]
    phones = sorted(person.phones, key=lambda p: (not p.primary, p.id))
    address = next(iter(sorted(person.addresses, key=lambda a: (not a.primary, a.id))), None)
    lines = list(address.address_lines) if address else []
    email = emails[0].address if emails else ""
    tags = ", ".join(t.name for t in person.tags)
    if preset is ACTION_NETWORK:
        if not email:
            return None
        phone = digits(phones[0].number) if phones else ""
        return [person.given_name, person.family_name, email, address.postal_code if address else "", phone,
                lines[0] if lines else "", address.locality if address else "", address.region if address else "",
                tags]
    mobile = next((digits(p.number) for p in phones if p.number_type == "mobile"), "")
    other = next((digits(p.number) for p in phones if p.number_type != "mobile"), "")
    return [person.given_name, person.family_name, email, other, mobile, lines[0] if lines else "",
            ", ".join(lines[1:]), address.locality if address else "", address.region if address else "",
            address.postal_code if address else "", tags, "TRUE" if volunteer else "FALSE",
            "TRUE" if email else "FALSE", "TRUE" if person.do_not_call else "FALSE"]
