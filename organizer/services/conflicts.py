"""Values an import kept aside rather than overwrite: keep mine, take theirs, or keep both."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from organizer.domain.emails import normalize_email
from organizer.domain.errors import InvalidValue
from organizer.domain.phones import normalize_phone
from organizer.errors import NotFound, UserError
from organizer.services.merging import survivor_keys
from organizer.storage.models import EmailAddress, ImportBatch, MergeConflict, Person, PhoneNumber
from organizer.storage.models.base import utcnow

KEEP, TAKE, BOTH = "keep", "take", "both"
ACTIONS = (KEEP, TAKE, BOTH)
TEXT_FIELDS = {"given_name": "Given name", "family_name": "Family name", "additional_name": "Other names",
               "honorific_prefix": "Title", "honorific_suffix": "Suffix", "gender_pronouns": "Pronouns",
               "notes": "Notes", "birthdate": "Birthdate"}
NAME_FIELDS = ("given_name", "family_name", "additional_name")
CUSTOM = "custom:"


@dataclass(frozen=True, slots=True)
class ConflictRow:
    """One value kept for review: whose, which field, what is stored and what the import brought."""

    id: int
    person_id: int
    person_uuid: str
    person_name: str
    field: str
    existing: str
    incoming: str
    batch_id: int | None
    file_name: str
    created_at: datetime | None

    @property
    def field_label(self) -> str:
        """The field as a person reads it."""
        return field_label(self.field)

    def to_json(self) -> dict[str, Any]:
        """The shape `organizer review conflicts --json` prints."""
        return {"id": self.id, "person_uuid": self.person_uuid, "person_name": self.person_name,
                "field": self.field, "existing": self.existing, "incoming": self.incoming,
                "batch_id": self.batch_id}


def field_label(name: str) -> str:
    """ "given_name" → "Given name", "custom:Employer" → "Employer (custom field)"."""
    if name.startswith(CUSTOM):
        return f"{name[len(CUSTOM):]} (custom field)"
    return TEXT_FIELDS.get(name) or name.replace("_", " ").capitalize()


def person_name(given: str, additional: str, family: str) -> str:
    """A person's name as a chapter lead reads it."""
    return " ".join(p for p in (given, additional, family) if p) or "(no name)"


def open_conflicts(session: Session) -> list[ConflictRow]:
    """Every conflict not yet resolved, oldest first."""
    stmt = (select(MergeConflict, Person.uuid, Person.given_name, Person.additional_name, Person.family_name,
                   ImportBatch.file_name)
            .join(Person, Person.id == MergeConflict.person_id)
            .outerjoin(ImportBatch, ImportBatch.id == MergeConflict.batch_id)
            .where(MergeConflict.resolved_at.is_(None)).order_by(MergeConflict.id))
    return [ConflictRow(c.id, c.person_id, uuid, person_name(g, a, f), c.field, c.existing_value,
                        c.incoming_value, c.batch_id, file_name or "", c.created_at)
            for c, uuid, g, a, f, file_name in session.execute(stmt)]


def count_open(session: Session) -> int:
    """How many conflicts wait for review."""
    return int(session.scalar(select(func.count(MergeConflict.id)).where(MergeConflict.resolved_at.is_(None))) or 0)


def resolve(session: Session, conflict_id: int, action: str, region: str) -> MergeConflict:
    """Keep the stored value, take the incoming one, or keep both; the conflict is then resolved."""
    conflict = session.get(MergeConflict, conflict_id)
    if conflict is None:
        raise NotFound(f"There is no conflict {conflict_id}: 'review conflicts' lists them.")
    if conflict.resolved_at is not None:
        raise UserError(f"Conflict {conflict_id} is already resolved.")
    if action not in ACTIONS:
        raise UserError(f"Choose {', '.join(ACTIONS)}, not {action!r}.")
    person = session.get(Person, conflict.person_id)
    assert person is not None  # the conflict goes with its person (ON DELETE CASCADE)
    if action == TAKE:
        _take(session, person, conflict.field, conflict.existing_value, conflict.incoming_value, region)
    elif action == BOTH:
        _both(session, person, conflict.field, conflict.incoming_value, region)
    if action != KEEP:
        person.modified_at = utcnow()
        session.flush()
        names = {k: getattr(person, k) for k in (*NAME_FIELDS, "custom_fields")}
        session.execute(update(Person).where(Person.id == person.id)
                        .values(**survivor_keys(session.connection(), person.id, names)))
    conflict.resolved_at = utcnow()
    return conflict


def _take(session: Session, person: Person, field: str, existing: str, incoming: str, region: str) -> None:
    if field == "email":
        _replace(session, EmailAddress, EmailAddress.address, person, existing, _email(incoming))
    elif field == "phone":
        _replace(session, PhoneNumber, PhoneNumber.number, person, _phone(existing, region), _phone(incoming, region))
    elif field.startswith(CUSTOM):
        person.custom_fields = {**(person.custom_fields or {}), field[len(CUSTOM):]: incoming}
    elif field == "birthdate":
        try:
            person.birthdate = date.fromisoformat(incoming)
        except ValueError:
            raise UserError(f"{incoming!r} is not a date: keep the stored birthdate, or edit the person.") from None
    elif field in TEXT_FIELDS:
        setattr(person, field, incoming)
    else:
        raise UserError(f"A conflict on {field!r} cannot be taken over: keep the stored value, or edit the person.")


def _both(session: Session, person: Person, field: str, incoming: str, region: str) -> None:
    """A second email or phone; a second custom field ("Employer (2)"); else a line in the notes."""
    if field == "email":
        _add(session, EmailAddress, EmailAddress.address, person, _email(incoming))
    elif field == "phone":
        _add(session, PhoneNumber, PhoneNumber.number, person, _phone(incoming, region))
    elif field.startswith(CUSTOM):
        custom = dict(person.custom_fields or {})
        key, n = field[len(CUSTOM):], 2
        while f"{key} ({n})" in custom:
            n += 1
        custom[f"{key} ({n})"] = incoming
        person.custom_fields = custom
    else:
        line = incoming if field == "notes" else f"{field_label(field)} also given as: {incoming}"
        person.notes = f"{person.notes}\n{line}" if person.notes else line


def _email(raw: str) -> str:
    try:
        return normalize_email(raw)
    except InvalidValue as exc:
        raise UserError(f"{raw!r} is not an email address ({exc}): keep the stored one.") from None


def _phone(raw: str, region: str) -> str:
    try:
        return normalize_phone(raw, region).e164
    except InvalidValue as exc:
        raise UserError(f"{raw!r} is not a phone number ({exc}): keep the stored one.") from None


def _add(session: Session, model: Any, column: Any, person: Person, value: str) -> None:
    found = session.scalar(select(model).where(model.person_id == person.id, column == value))
    if found is None:
        session.add(model(person_id=person.id, **{column.key: value}, primary=False))


def _replace(session: Session, model: Any, column: Any, person: Person, old: str, new: str) -> None:
    row = session.scalar(select(model).where(model.person_id == person.id, column == old))
    if session.scalar(select(model).where(model.person_id == person.id, column == new)) is not None:
        if row is not None:
            session.delete(row)
        return
    if row is None:
        _add(session, model, column, person, new)
    else:
        setattr(row, column.key, new)
