"""People exports national tools import as they are: Action Network and NationBuilder uploads.

Phones are digits without a leading "+" (no formula escaping needed, and the tools take them as they
are); people flagged do-not-contact are left out, and an Action Network upload (an email list) leaves
out people who opted out of email too. No email or phone on the suppression list is ever written (`export
suppressions`: a person's do-not-call or do-not-text, a number flagged do-not-call, an address someone
sharing it unsubscribed, another chapter's opt-outs): the person goes without it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from organizer.errors import UserError
from organizer.services.suppressions import suppressed_values
from organizer.storage.models import EmailAddress, Person, PhoneNumber, PostalAddress, Tag, Tagging, Volunteer
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
    suppressed = suppressed_values(session)
    for start in range(0, len(ids), BATCH):
        part = ids[start : start + BATCH]
        found = _Contacts.read(session, part, suppressed)
        for pid, given, family, do_not_call in session.execute(
                select(Person.id, Person.given_name, Person.family_name, Person.do_not_call)
                .where(Person.id.in_(part)).order_by(Person.id)):
            row = _row(preset, given, family, do_not_call, found, pid)
            if row is not None:
                yield row


@dataclass(slots=True)
class _Contacts:
    """What the presets write of some people's contacts: the first subscribed email, every phone (number,
    type) and the first address (lines, postal code, city, state), primary ones first; tags by name."""

    emails: dict[int, str]
    phones: dict[int, list[tuple[str, str]]]
    addresses: dict[int, tuple[list[str], str, str, str]]
    tags: dict[int, list[str]]
    volunteers: set[int]

    @classmethod
    def read(cls, session: Session, part: Sequence[int], suppressed: tuple[frozenset[str], frozenset[str]],
             ) -> _Contacts:
        """Read them for these people with one select each, leaving out every suppressed email and phone."""
        no_email, no_phone = suppressed
        emails: dict[int, str] = {}
        for pid, address in session.execute(
                select(EmailAddress.person_id, EmailAddress.address)
                .where(EmailAddress.person_id.in_(part), EmailAddress.status == "subscribed")
                .order_by(EmailAddress.person_id, EmailAddress.primary.desc(), EmailAddress.id)):
            if address.casefold() not in no_email:
                emails.setdefault(pid, address)
        phones: dict[int, list[tuple[str, str]]] = {}
        for pid, number, kind in session.execute(
                select(PhoneNumber.person_id, PhoneNumber.number, PhoneNumber.number_type)
                .where(PhoneNumber.person_id.in_(part))
                .order_by(PhoneNumber.person_id, PhoneNumber.primary.desc(), PhoneNumber.id)):
            if number not in no_phone:
                phones.setdefault(pid, []).append((number, kind))
        addresses: dict[int, tuple[list[str], str, str, str]] = {}
        for pid, lines, postal, city, state in session.execute(
                select(PostalAddress.person_id, PostalAddress.address_lines, PostalAddress.postal_code,
                       PostalAddress.locality, PostalAddress.region)
                .where(PostalAddress.person_id.in_(part))
                .order_by(PostalAddress.person_id, PostalAddress.primary.desc(), PostalAddress.id)):
            addresses.setdefault(pid, (list(lines or []), postal, city, state))
        tags: dict[int, list[str]] = {}
        for pid, name in session.execute(
                select(Tagging.person_id, Tag.name).join(Tag, Tag.id == Tagging.tag_id)
                .where(Tagging.person_id.in_(part)).order_by(Tagging.person_id, Tag.name)):
            tags.setdefault(pid, []).append(name)
        volunteers = set(session.scalars(select(Volunteer.person_id).where(Volunteer.person_id.in_(part))))
        return cls(emails, phones, addresses, tags, volunteers)


def _row(preset: Preset, given: str, family: str, do_not_call: bool, found: _Contacts,
         pid: int) -> list[Any] | None:
    email = found.emails.get(pid, "")
    phones = found.phones.get(pid, [])
    lines, postal, city, state = found.addresses.get(pid, NO_ADDRESS)
    tags = ", ".join(found.tags.get(pid, ()))
    if preset is ACTION_NETWORK:
        if not email:
            return None
        return [given, family, email, postal, digits(phones[0][0]) if phones else "", lines[0] if lines else "",
                city, state, tags]
    mobile = next((digits(n) for n, kind in phones if kind == "mobile"), "")
    other = next((digits(n) for n, kind in phones if kind != "mobile"), "")
    return [given, family, email, other, mobile, lines[0] if lines else "", ", ".join(lines[1:]), city, state,
            postal, tags, "TRUE" if pid in found.volunteers else "FALSE", "TRUE" if email else "FALSE",
            "TRUE" if do_not_call else "FALSE"]


class CountedRows:
    """Rows streamed to a file, counted as they go."""

    def __init__(self, rows: Iterable[list[Any]]) -> None:
        self.rows = rows
        self.count = 0

    def __iter__(self) -> Iterator[list[Any]]:
        for row in self.rows:
            self.count += 1
            yield row


NO_ADDRESS: tuple[list[str], str, str, str] = ([], "", "", "")
