"""Volunteer profiles: who volunteers, how engaged they are, and who looks after them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased, selectinload

from organizer.domain.codes import EngagementLevel, VolunteerStatus
from organizer.domain.phones import format_phone
from organizer.domain.search import search_terms
from organizer.domain.text import fold
from organizer.errors import NotFound, ValidationFailed
from organizer.services.changes import VOLUNTEERS, Change, ChangeHub
from organizer.services.settings import SettingsService
from organizer.storage.database import Database
from organizer.storage.models import Person, Volunteer


@dataclass(slots=True)
class VolunteerInput:
    """A volunteer profile as typed in the form."""

    status: str = VolunteerStatus.ACTIVE.value
    engagement_level: str = EngagementLevel.SIGNED_UP.value
    skills: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    availability: str = ""
    point_person_id: int | None = None
    recruited_by_id: int | None = None
    started_on: date | None = None
    notes: str = ""


@dataclass(frozen=True, slots=True)
class VolunteerRow:
    """A volunteer as the Volunteers screen shows them."""

    person_id: int
    name: str
    email: str
    phone: str  # the first phone, as people in the chapter's region write it
    status: str
    engagement_level: str
    skills: tuple[str, ...]
    languages: tuple[str, ...]
    availability: str
    point_person: str
    point_person_id: int | None
    recruited_by_id: int | None
    started_on: date | None
    notes: str
    list_name: str = ""  # "Silva, Ana": family name first, as lists sorted by it show it


class VolunteerService:
    """Use cases on volunteer profiles."""

    def __init__(self, db: Database, changes: ChangeHub, settings: SettingsService | None = None) -> None:
        self._db = db
        self._changes = changes
        self._settings = settings or SettingsService(db)

    def list(self, text: str = "", status: str = "", person_id: int | None = None) -> list[VolunteerRow]:
        """Volunteers by name, optionally filtered by status (or one person's profile) and searched.

        Every word searched for must be in the person's name, email, phone or ZIP, or in their skills
        or languages ("spanish canvass" finds a canvasser who speaks Spanish).
        """
        point = aliased(Person)
        stmt = (
            select(Volunteer, Person, point)
            .join(Person, Person.id == Volunteer.person_id)
            .outerjoin(point, point.id == Volunteer.point_person_id)
            .order_by(Person.family_key, Person.name_key, Person.id)
            .options(selectinload(Person.emails), selectinload(Person.phones))
        )
        if status:
            stmt = stmt.where(Volunteer.status == status)
        if person_id is not None:
            stmt = stmt.where(Volunteer.person_id == person_id)
        terms = search_terms(text)
        region = self._settings.phone_region()
        with self._db.read() as session:
            # Skills and languages are stored as lists, unfolded: a chapter's few hundred volunteers
            # are searched here rather than in SQL, folded the way the people search folds.
            return [_row(v, p, pp, region) for v, p, pp in session.execute(stmt) if _matches(terms, v, p)]

    def get(self, person_id: int) -> VolunteerRow | None:
        """A person's volunteer profile, or None when they have none."""
        rows = self.list(person_id=person_id)
        return rows[0] if rows else None

    def save(self, person_id: int, data: VolunteerInput) -> None:
        """Create or update a person's volunteer profile."""
        check_volunteer(data)
        with self._db.write() as session:
            if session.get(Person, person_id) is None:
                raise NotFound(f"There is no person with id {person_id}.")
            write_profile(session, person_id, data)
        self._changes.publish(Change.of(VOLUNTEERS, ids=[person_id]))

    def remove(self, person_id: int) -> None:
        """Remove a person's volunteer profile (the person stays)."""
        self.remove_many([person_id])

    def remove_many(self, person_ids: Sequence[int]) -> int:
        """Remove these people's volunteer profiles (the people stay); returns how many there were."""
        removed = []
        with self._db.write() as session:
            for person_id in dict.fromkeys(person_ids):
                if remove_profile(session, person_id):
                    removed.append(person_id)
        if removed:
            self._changes.publish(Change.of(VOLUNTEERS, ids=removed))
        return len(removed)


def volunteer_problems(data: VolunteerInput) -> dict[str, str]:
    """What is wrong with a profile as typed, by field (empty when nothing is)."""
    problems = {}
    if data.status not in {s.value for s in VolunteerStatus}:
        problems["status"] = f"unknown status {data.status!r}"
    if data.engagement_level not in {e.value for e in EngagementLevel}:
        problems["engagement_level"] = f"unknown engagement level {data.engagement_level!r}"
    return problems


def check_volunteer(data: VolunteerInput) -> None:
    """Raise ValidationFailed when a profile as typed cannot be saved."""
    problems = volunteer_problems(data)
    if problems:
        raise ValidationFailed(problems)


def write_profile(session: Session, person_id: int, data: VolunteerInput) -> None:
    """Create or update a person's profile inside the caller's transaction (the input already checked).

    Raises ValidationFailed when the point person or recruiter is not in the chapter, so the caller's
    whole transaction is rolled back.
    """
    for key, other in (("point_person_id", data.point_person_id), ("recruited_by_id", data.recruited_by_id)):
        if other is not None and session.get(Person, other) is None:
            raise ValidationFailed({key: "That person is no longer in the chapter: choose another, or Nobody."})
    profile = session.scalar(select(Volunteer).where(Volunteer.person_id == person_id))
    if profile is None:
        profile = Volunteer(person_id=person_id, started_on=data.started_on or date.today())
        session.add(profile)
    profile.status = data.status
    profile.engagement_level = data.engagement_level
    profile.skills = _unique(data.skills)
    profile.languages = _unique(data.languages)
    profile.availability = data.availability.strip()
    profile.point_person_id = data.point_person_id
    profile.recruited_by_id = data.recruited_by_id
    profile.started_on = data.started_on or profile.started_on
    profile.notes = data.notes.strip()


def remove_profile(session: Session, person_id: int) -> bool:
    """Remove a person's profile inside the caller's transaction; whether there was one."""
    profile = session.scalar(select(Volunteer).where(Volunteer.person_id == person_id))
    if profile is None:
        return False
    session.delete(profile)
    return True


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v.strip() for v in values if v.strip()))


def _name(p: Person) -> str:
    return " ".join(x for x in (p.given_name, p.family_name) if x) or "(no name)"


def _list_name(p: Person) -> str:
    given = " ".join(x for x in (p.given_name, p.additional_name) if x)
    return f"{p.family_name}, {given}" if p.family_name and given else p.family_name or given or "(no name)"


def _matches(terms: list[str], v: Volunteer, p: Person) -> bool:
    if not terms:
        return True
    text = f"{p.search_text} {fold(' '.join([*(v.skills or ()), *(v.languages or ())]))}"
    return all(term in text for term in terms)


def _row(v: Volunteer, p: Person, point: Person | None, region: str) -> VolunteerRow:
    emails = sorted(p.emails, key=lambda e: (not e.primary, e.id))
    phones = sorted(p.phones, key=lambda n: (not n.primary, n.id))
    return VolunteerRow(
        person_id=p.id,
        name=_name(p),
        email=emails[0].address if emails else "",
        phone=format_phone(phones[0].number, region, phones[0].extension) if phones else "",
        status=v.status,
        engagement_level=v.engagement_level,
        skills=tuple(v.skills or ()),
        languages=tuple(v.languages or ()),
        availability=v.availability,
        point_person=_name(point) if point is not None else "",
        point_person_id=v.point_person_id,
        recruited_by_id=v.recruited_by_id,
        started_on=v.started_on,
        notes=v.notes,
        list_name=_list_name(p),
    )
