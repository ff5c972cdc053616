"""A voter reached at the door becomes (or is matched to) a Person; results set people's flags. Undoable."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from organizer.domain.person_keys import derive_keys
from organizer.domain.text import tidy_name
from organizer.services.importing.undo import changes_newest_first
from organizer.services.person_input import refresh_keys
from organizer.storage.models import ContactAttempt, ImportBatch, ImportChange, Person, PostalAddress, Voter


def voter_person_key(given: str, family: str, street_address: str, postal_code: str) -> tuple[str, str, str] | None:
    """The name key, street key and ZIP (five digits) a voter is a person by, as people's keys are made; None
    without a name or a street."""
    keys = derive_keys(given, family, "", (), (), [([street_address], postal_code)])
    if not keys.name_key or not keys.street_keys or not keys.street_keys[0]:
        return None
    return keys.name_key, keys.street_keys[0], postal_code[:5]


class PersonLinker:
    """People made, matched and flagged by one results import, each change recorded for undo."""

    def __init__(self, session: Session, batch_id: int, source: str) -> None:
        self.session, self.batch_id, self.source = session, batch_id, source

    def person_for_voter(self, voter_row: int, row: int) -> int:
        """The voter's person: linked already, matched by name, street and ZIP, or made now."""
        voter = self.session.get(Voter, voter_row)
        assert voter is not None
        if voter.person_id is not None:
            return voter.person_id
        person_id = self._match(voter) or self._create(voter, row)
        self._change(row, "voter", voter.id, "linked", {"person_id": None})
        voter.person_id = person_id
        return person_id

    def _match(self, voter: Voter) -> int | None:
        key = voter_person_key(voter.given_name, voter.family_name, voter.street_address, voter.postal_code)
        if key is None:
            return None
        name, street, zip5 = key
        return self.session.scalar(
            select(Person.id).join(PostalAddress, PostalAddress.person_id == Person.id)
            .where(Person.name_key == name, PostalAddress.street_key == street,
                   PostalAddress.postal_code.like(f"{zip5}%")).order_by(Person.id).limit(1))

    def _create(self, voter: Voter, row: int) -> int:
        now = datetime.now(UTC)
        # A county file's names are often in capitals: a person's are in name case, as an import writes them.
        person = Person(given_name=tidy_name(voter.given_name), family_name=tidy_name(voter.family_name),
                        additional_name=tidy_name(voter.additional_name), source=self.source,
                        import_batch_id=self.batch_id, imported_at=now)
        person.addresses.append(PostalAddress(address_lines=[voter.street_address], locality=voter.locality,
                                              region=voter.region, postal_code=voter.postal_code, country="US",
                                              primary=True, precinct=voter.precinct,
                                              import_batch_id=self.batch_id, imported_at=now))
        refresh_keys(person)
        self.session.add(person)
        self.session.flush()
        self._change(row, "person", person.id, "created", {})
        return person.id

    def flag(self, person_id: int, flag: str, row: int) -> None:
        """Set a do-not / deceased / moved flag the result calls for."""
        person = self.session.get(Person, person_id)
        if person is not None and not getattr(person, flag):
            self._change(row, "person", person_id, "updated", {flag: False})
            setattr(person, flag, True)

    def contacted(self, person_id: int, when: datetime, row: int) -> None:
        """Move the person's last contact up to this one."""
        person = self.session.get(Person, person_id)
        if person is None:
            return
        last = person.last_contacted_at
        if last is None or (last if last.tzinfo else last.replace(tzinfo=UTC)) < when:
            self._change(row, "person", person_id, "updated",
                         {"last_contacted_at": last.isoformat() if last else None})
            person.last_contacted_at = when

    def _change(self, row: int, entity: str, entity_id: int, action: str, before: dict[str, Any]) -> None:
        self.session.add(ImportChange(batch_id=self.batch_id, row=row, entity=entity, entity_id=entity_id,
                                      action=action, before=before))


def undo_results(session: Session, batch: ImportBatch) -> dict[str, int]:
    """Put back what a results import changed, newest change first; attempts and people it made go."""
    removed = restored = 0
    for entity, eid, action, before in changes_newest_first(session, batch.id):
        model: Any = {"contact_attempt": ContactAttempt, "person": Person, "voter": Voter}.get(entity)
        record = session.get(model, eid) if model is not None else None
        if record is None:
            continue
        if action == "created":
            if entity == "person":
                session.execute(update(Voter).where(Voter.person_id == eid).values(person_id=None))
            session.delete(record)  # an ORM delete leaves the record's tombstone
            session.flush()
            removed += 1
            continue
        for key, value in before.items():
            if key == "last_contacted_at" and value is not None:
                value = datetime.fromisoformat(value)
            setattr(record, key, value)
        restored += 1
    return {"removed": removed, "restored": restored}
