"""Who a walk-in is: the person whose email or phone they give (a name alone never matches: a namesake is
put beside them for review), or someone new."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from organizer.domain.emails import normalize_email
from organizer.domain.errors import InvalidValue
from organizer.domain.phones import normalize_phone
from organizer.domain.text import fold, name_key
from organizer.errors import UserError, ValidationFailed
from organizer.services.events.rows import WalkIn
from organizer.services.person_input import PersonInput, apply_clean, clean_person
from organizer.services.tags import resolve_tags
from organizer.services.volunteers import VolunteerInput, write_profile
from organizer.storage.models import Attendance, EmailAddress, Person, PhoneNumber, PossibleDuplicate

MAX_NAMESAKES = 3  # people of the same name a new walk-in is put beside for review


class DifferentName(UserError):
    """The walk-in's email or phone belongs to someone of another name: a person at the door must decide."""

    def __init__(self, what: str, person_id: int) -> None:
        self.person_id = person_id
        super().__init__(f"This {what} is already in the chapter under a different name, so nobody was checked in: "
                         "ask the person; if it is them, check them in by name, otherwise add them as new "
                         "(--new on the command line).")


@dataclass(frozen=True, slots=True)
class Found:
    """The person a walk-in turned out to be, or None for someone new; and what was typed, checked."""

    person_id: int | None
    email: str
    phone: str


def find_walk_in(session: Session, walk_in: WalkIn, region: str, *, new: bool = False) -> Found:
    """Who the walk-in is: the person holding their email or phone whose name agrees.

    Raises ValidationFailed for a bad email or phone or no name, and DifferentName when the email or
    phone is someone's whose name differs (unless `new`: then they are added as a new person).
    """
    email, phone = _contact(walk_in, region)
    if not (walk_in.given_name.strip() or walk_in.family_name.strip() or email or phone):
        raise ValidationFailed({"given_name": "Give a name, an email or a phone number."})
    for what, holders in (("email", _holders_of_email(session, email)), ("phone", _holders_of_phone(session, phone))):
        if not holders:
            continue
        agreeing = [pid for pid, given, family in holders if names_agree(walk_in, given, family)]
        if agreeing:
            return Found(agreeing[0], email, phone)
        if not new:
            raise DifferentName(f"{what} address" if what == "email" else "phone number", holders[0][0])
    return Found(None, email, phone)


def _contact(walk_in: WalkIn, region: str) -> tuple[str, str]:
    problems: dict[str, str] = {}
    email = phone = ""
    if walk_in.email.strip():
        try:
            email = normalize_email(walk_in.email)
        except InvalidValue as exc:
            problems["email"] = str(exc)
    if walk_in.phone.strip():
        try:
            phone = normalize_phone(walk_in.phone, region).e164
        except InvalidValue as exc:
            problems["phone"] = str(exc)
    if problems:
        raise ValidationFailed(problems)
    return email, phone


def _holders_of_email(session: Session, email: str) -> list[tuple[int, str, str]]:
    if not email:
        return []
    stmt = (select(Person.id, Person.given_name, Person.family_name)
            .join(EmailAddress, EmailAddress.person_id == Person.id)
            .where(EmailAddress.address == email).order_by(Person.id))
    return [(int(p), g, f) for p, g, f in session.execute(stmt)]


def _holders_of_phone(session: Session, phone: str) -> list[tuple[int, str, str]]:
    if not phone:
        return []
    stmt = (select(Person.id, Person.given_name, Person.family_name)
            .join(PhoneNumber, PhoneNumber.person_id == Person.id)
            .where(PhoneNumber.number == phone).order_by(Person.id))
    return [(int(p), g, f) for p, g, f in session.execute(stmt)]


def names_agree(walk_in: WalkIn, given: str, family: str) -> bool:
    """Whether the typed name can be the stored one: family names equal (or either missing) and given
    names equal or one the start of the other ("Kim" and "Kimberly"); no typed name agrees with any."""
    typed_given, typed_family = fold(walk_in.given_name), fold(walk_in.family_name)
    if not (typed_given or typed_family):
        return True
    stored_given, stored_family = fold(given), fold(family)
    if typed_family and stored_family and typed_family != stored_family:
        return False
    if typed_given and stored_given:
        return typed_given.startswith(stored_given) or stored_given.startswith(typed_given)
    return True


def add_walk_in(session: Session, walk_in: WalkIn, found: Found, region: str, source: str) -> int:
    """A new person from the door's form; a namesake's contact shared is left for review, never merged."""
    data = PersonInput(given_name=walk_in.given_name, family_name=walk_in.family_name,
                       emails=[found.email] if found.email else [], phones=[found.phone] if found.phone else [],
                       postal_code=walk_in.postal_code, tags=list(walk_in.interests), source=source)
    clean = clean_person(data, region)
    person = Person(source=source)
    session.add(person)
    apply_clean(person, clean)
    person.tags = resolve_tags(session, clean.tags)
    session.flush()
    if walk_in.volunteer:
        write_profile(session, person.id, VolunteerInput())
    holders = _holders_of_email(session, found.email) + _holders_of_phone(session, found.phone)
    shared = sorted({pid for pid, _g, _f in holders if pid != person.id})
    for other in shared:
        session.add(PossibleDuplicate(person_id=person.id, other_person_id=other, score=0.5,
                                      reason="same email or phone, different name (checked in at the door)"))
    namesakes = select(Person.id).where(Person.name_key == person.name_key, Person.id != person.id,
                                        Person.id.not_in(shared or [0])).order_by(Person.id).limit(MAX_NAMESAKES)
    for other in session.scalars(namesakes) if person.name_key else ():
        session.add(PossibleDuplicate(person_id=person.id, other_person_id=other, score=1.0,
                                      reason="same name (checked in at the door)"))
    return person.id


def namesake_checked_in(session: Session, walk_in: WalkIn, found: Found, event_id: int) -> int | None:
    """A walk-in who gave only a name, already checked in at this event under that name with no email or
    phone (the form sent twice, or the line joined twice): that person, not a second one."""
    key = name_key(walk_in.given_name, walk_in.family_name)
    if found.person_id is not None or found.email or found.phone or not key:
        return None
    bare = ~exists().where(EmailAddress.person_id == Person.id) & ~exists().where(PhoneNumber.person_id == Person.id)
    return session.scalar(select(Person.id).join(Attendance, Attendance.person_id == Person.id)
                          .where(Attendance.event_id == event_id, Attendance.walk_in.is_(True),
                                 Person.name_key == key, bare).order_by(Person.id).limit(1))


__all__ = ["DifferentName", "Found", "add_walk_in", "find_walk_in", "names_agree", "namesake_checked_in"]
