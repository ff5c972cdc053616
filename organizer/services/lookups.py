"""Who is already in the chapter: the person form asks as you type, before a second copy is saved."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from organizer.domain.addresses import normalize_postal_code
from organizer.domain.emails import normalize_email
from organizer.domain.errors import InvalidValue
from organizer.domain.person_keys import address_street_key
from organizer.domain.phones import format_phone, normalize_phone
from organizer.domain.text import family_key, name_key
from organizer.services.people_rows import PersonRow, load_rows
from organizer.services.settings import SettingsService
from organizer.storage.database import Database
from organizer.storage.models import EmailAddress, Person, PhoneNumber, PostalAddress

MAX_FOUND = 5
MAX_VALUES = 20  # a pasted list of emails or phones is looked up in its first few only


@dataclass(frozen=True, slots=True)
class Probe:
    """What a form has typed so far; `exclude_id` is the person being edited (never their own match)."""

    given_name: str = ""
    family_name: str = ""
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    street: str = ""
    postal_code: str = ""
    exclude_id: int | None = None


@dataclass(frozen=True, slots=True)
class PossibleDuplicate:
    """Someone already in the chapter who shares what was typed, and why they were found."""

    person_id: int
    name: str
    reasons: tuple[str, ...]  # "has the email ana@example.org", "same name and street"
    detail: str  # what tells people of the same name apart: their email, street and ZIP

    @property
    def why(self) -> str:
        """The reasons in one phrase."""
        return "; ".join(self.reasons)


@dataclass(slots=True)
class _Found:
    reasons: dict[int, list[str]] = field(default_factory=dict)

    def add(self, person_id: int, reason: str) -> None:
        reasons = self.reasons.setdefault(person_id, [])
        if reason not in reasons:
            reasons.append(reason)


class LookupService:
    """Indexed look-ups of people by email, phone, and name with street or ZIP."""

    def __init__(self, db: Database, settings: SettingsService) -> None:
        self._db = db
        self._settings = settings

    def possible_duplicates(self, probe: Probe, limit: int = MAX_FOUND) -> list[PossibleDuplicate]:
        """People other than `probe.exclude_id` who have a typed email or phone, or the typed name at the
        typed street or ZIP; the strongest reasons first. Half-typed values are skipped, not refused."""
        region = self._settings.phone_region()
        found = _Found()
        with self._db.read() as session:
            _by_email(session, _emails(probe.emails), probe.exclude_id, found)
            _by_phone(session, _phones(probe.phones, region), probe.exclude_id, found, region)
            _by_name(session, probe, region, found)
            ids = list(found.reasons)[:limit]
            rows = load_rows(session, ids, region)
        return [PossibleDuplicate(r.id, r.display_name, tuple(found.reasons[r.id]), _detail(r)) for r in rows]


def _emails(values: Iterable[str]) -> list[str]:
    out = []
    for value in list(values)[:MAX_VALUES]:
        try:
            out.append(normalize_email(value))
        except InvalidValue:
            continue
    return list(dict.fromkeys(out))


def _phones(values: Iterable[str], region: str) -> list[str]:
    out = []
    for value in list(values)[:MAX_VALUES]:
        if not value.strip():
            continue
        try:
            out.append(normalize_phone(value, region).e164)
        except InvalidValue:
            continue
    return list(dict.fromkeys(out))


def _by_email(session: Session, emails: list[str], exclude: int | None, found: _Found) -> None:
    if not emails:
        return
    stmt = select(EmailAddress.person_id, EmailAddress.address).where(EmailAddress.address.in_(emails))
    if exclude is not None:
        stmt = stmt.where(EmailAddress.person_id != exclude)
    for person_id, address in session.execute(stmt.order_by(EmailAddress.person_id)):
        found.add(person_id, f"has the email {address}")


def _by_phone(session: Session, phones: list[str], exclude: int | None, found: _Found, region: str) -> None:
    if not phones:
        return
    stmt = select(PhoneNumber.person_id, PhoneNumber.number).where(PhoneNumber.number.in_(phones))
    if exclude is not None:
        stmt = stmt.where(PhoneNumber.person_id != exclude)
    for person_id, number in session.execute(stmt.order_by(PhoneNumber.person_id)):
        found.add(person_id, f"has the phone {format_phone(number, region)}")


def _by_name(session: Session, probe: Probe, region: str, found: _Found) -> None:
    """The same given and family name at the same street (or, without a street match, the same ZIP)."""
    family = family_key(probe.family_name)
    key = name_key(probe.given_name, probe.family_name)
    street = address_street_key([probe.street]) if probe.street.strip() else ""
    postal = _postal(probe.postal_code, region)
    if not family or key.startswith("|") or not (street or postal):
        return  # a name alone repeats too often in real lists to warn about
    stmt = (
        select(PostalAddress.person_id, PostalAddress.street_key, PostalAddress.postal_code)
        .join(Person, Person.id == PostalAddress.person_id)
        .where(Person.family_key == family, Person.name_key == key)  # the name-order index finds them
        .order_by(PostalAddress.person_id, PostalAddress.id)
    )
    if probe.exclude_id is not None:
        stmt = stmt.where(Person.id != probe.exclude_id)
    for person_id, their_street, their_postal in session.execute(stmt):
        if street and their_street == street:
            found.add(person_id, "same name and street")
        elif postal and _same_postal(postal, their_postal):
            found.add(person_id, "same name and ZIP")


def _postal(typed: str, region: str) -> str:
    if not typed.strip():
        return ""
    try:
        return normalize_postal_code(typed, "US" if region == "US" else region)
    except InvalidValue:
        return ""


def _same_postal(typed: str, theirs: str) -> bool:
    """ "27601" and "27601-1234" are the same ZIP; other countries' codes are compared whole."""
    if not theirs:
        return False
    if typed[:5].isdigit() and theirs[:5].isdigit():
        return typed[:5] == theirs[:5]
    return typed.casefold().replace(" ", "") == theirs.casefold().replace(" ", "")


def _detail(row: PersonRow) -> str:
    place = ", ".join(p for p in (row.street, row.locality, row.postal_code) if p)
    parts = [row.emails[0] if row.emails else "", row.phones_display[0] if row.phones_display else "", place]
    return " · ".join(p for p in parts if p)


__all__ = ["LookupService", "PossibleDuplicate", "Probe"]
