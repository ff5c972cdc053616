"""One person as a merge shows them beside another: their fields, and the records that will move."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from organizer.domain.phones import format_phone
from organizer.errors import NotFound
from organizer.services.conflicts import person_name
from organizer.services.merge_fields import FIELD_NAMES
from organizer.storage.models import (
    Attendance,
    ContactAttempt,
    EmailAddress,
    ListMember,
    Person,
    PhoneNumber,
    PostalAddress,
    Prospect,
    Signature,
    Tag,
    Tagging,
    Volunteer,
    Voter,
)

# (label, model, column) of the records counted beside a person: they all move to the survivor.
COUNTED: tuple[tuple[str, Any, Any], ...] = (
    ("Events", Attendance, Attendance.person_id), ("Signatures", Signature, Signature.person_id),
    ("Prospect records", Prospect, Prospect.person_id), ("Contact attempts", ContactAttempt, ContactAttempt.person_id),
    ("Voter records", Voter, Voter.person_id), ("Lists", ListMember, ListMember.person_id),
)


@dataclass(frozen=True, slots=True)
class PersonSummary:
    """A person's fields (raw values, by column) and what hangs off them, as text to read."""

    id: int
    uuid: str
    name: str
    fields: dict[str, Any]
    records: tuple[tuple[str, str], ...]  # (label, the person's values as text), every row kept by a merge


def summarize(session: Session, person_id: int, region: str) -> PersonSummary:
    """A person for the side-by-side view; raises NotFound."""
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(f"There is no person with id {person_id}.")
    fields = {name: getattr(person, name) for name in FIELD_NAMES}
    emails = session.scalars(select(EmailAddress.address).where(EmailAddress.person_id == person_id)
                             .order_by(EmailAddress.id)).all()
    phones = [format_phone(n, region, ext) for n, ext in session.execute(
        select(PhoneNumber.number, PhoneNumber.extension).where(PhoneNumber.person_id == person_id)
        .order_by(PhoneNumber.id))]
    addresses = [", ".join([*(lines or []), *(p for p in (loc, reg, postal) if p)]) for lines, loc, reg, postal in
                 session.execute(select(PostalAddress.address_lines, PostalAddress.locality, PostalAddress.region,
                                        PostalAddress.postal_code).where(PostalAddress.person_id == person_id)
                                 .order_by(PostalAddress.id))]
    tags = session.scalars(select(Tag.name).join(Tagging, Tagging.tag_id == Tag.id)
                           .where(Tagging.person_id == person_id).order_by(Tag.name)).all()
    volunteer = session.scalar(select(Volunteer.status).where(Volunteer.person_id == person_id))
    records = [("Emails", "\n".join(emails)), ("Phones", "\n".join(phones)), ("Addresses", "\n".join(addresses)),
               ("Tags", ", ".join(tags)), ("Volunteer", volunteer.capitalize() if volunteer else "")]
    for label, model, column in COUNTED:
        count = int(session.scalar(select(func.count()).select_from(model).where(column == person_id)) or 0)
        records.append((label, f"{count:,}" if count else ""))
    name = person_name(person.given_name, person.additional_name, person.family_name)
    return PersonSummary(person.id, person.uuid, name, fields, tuple(records))
