"""Signers as People: each line's signer matches a person (same name at the same street) or becomes one,
and is tagged as a signer of the petition."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from organizer.domain.addresses import street_key
from organizer.domain.phones import Phone
from organizer.domain.text import name_key
from organizer.services.person_input import refresh_keys
from organizer.services.tags import TagResolver, touch_people
from organizer.storage.models import EmailAddress, ImportChange, Person, PhoneNumber, PostalAddress, Tagging
from organizer.storage.models.base import utcnow

CHUNK = 500


def signer_tag(title: str) -> str:
    """The tag a petition's signers carry: "Signer: Fair Maps 2027"."""
    return f"Signer: {' '.join(title.split())}"[:100]


@dataclass(frozen=True, slots=True)
class Signer:
    """A signer as written on a line, with the contact details the line gave (checked), if any."""

    given: str
    family: str
    address: str
    postal: str
    email: str = ""
    phone: Phone | None = None
    city: str = ""

    def key(self) -> tuple[str, str, str]:
        """Same name at the same street (and ZIP, when written) is the same person."""
        return (name_key(self.given, self.family), street_key(self.address) if self.address.strip() else "",
                self.postal[:5])


class SignerPeople:
    """Finds or creates the person of each signer within one write session, and tags them."""

    def __init__(self, session: Session, title: str, batch_id: int | None = None) -> None:
        self._session = session
        self._batch_id = batch_id
        self._tag_id = TagResolver(session, batch_id).ids_for([signer_tag(title)])[0]
        self._known: dict[tuple[str, str, str], int] = {}
        self.created = 0

    def people_for(self, signers: Sequence[Signer]) -> list[int | None]:
        """The person id of each signer (None for a line with no name); creates and tags as needed."""
        keys = [s.key() for s in signers]
        self._find_existing([k for k in keys if k[1] and k not in self._known])
        found: list[int | Person | None] = []
        made: dict[tuple[str, str, str], Person] = {}
        for signer, key in zip(signers, keys, strict=True):
            if not key[0]:
                found.append(None)
                continue
            known = self._known.get(key) if key[1] else None
            if known is not None:
                found.append(known)
                continue
            person = made.get(key) if key[1] else None
            if person is None:
                person = self._new_person(signer)
                if key[1]:
                    made[key] = person
            found.append(person)
        self._session.flush()
        self._known.update({key: person.id for key, person in made.items()})
        out = [p.id if isinstance(p, Person) else p for p in found]
        self._tag([p for p in out if p is not None])
        return out

    def _find_existing(self, keys: list[tuple[str, str, str]]) -> None:
        streets = sorted({k[1] for k in keys})
        wanted = set(keys)
        for start in range(0, len(streets), CHUNK):
            rows = self._session.execute(
                select(Person.id, Person.name_key, PostalAddress.street_key, PostalAddress.postal_code)
                .join(PostalAddress, PostalAddress.person_id == Person.id)
                .where(PostalAddress.street_key.in_(streets[start : start + CHUNK])).order_by(Person.id))
            for pid, nkey, skey, postal in rows:
                for key in ((nkey, skey, postal[:5]), (nkey, skey, "")):
                    if key in wanted:
                        self._known.setdefault(key, pid)
        for key in keys:  # a ZIP on the line but none on the person (or the other way): still the same street
            if key not in self._known and key[2]:
                match = self._known.get((key[0], key[1], ""))
                if match is not None:
                    self._known[key] = match

    def _new_person(self, signer: Signer) -> Person:
        """A new person for a signer, with the address and the contact details written on the line."""
        now = utcnow()
        provenance = {"import_batch_id": self._batch_id, "imported_at": now if self._batch_id else None}
        person = Person(given_name=signer.given, family_name=signer.family, source="petition signature",
                        **provenance)
        if signer.address.strip() or signer.postal or signer.city:
            person.addresses = [PostalAddress(address_lines=[signer.address.strip()] if signer.address.strip() else [],
                                              locality=signer.city, postal_code=signer.postal, country="US",
                                              primary=True, **provenance)]
        if signer.email:
            person.emails = [EmailAddress(address=signer.email, primary=True, **provenance)]
        if signer.phone is not None:
            person.phones = [PhoneNumber(number=signer.phone.e164, extension=signer.phone.extension, primary=True,
                                         **provenance)]
        refresh_keys(person)
        self._session.add(person)
        self.created += 1
        return person

    def _tag(self, person_ids: list[int]) -> None:
        ids = sorted(set(person_ids))
        tagged: set[int] = set()
        for start in range(0, len(ids), CHUNK):
            tagged.update(self._session.scalars(select(Tagging.person_id).where(
                Tagging.tag_id == self._tag_id, Tagging.person_id.in_(ids[start : start + CHUNK]))))
        new = [p for p in ids if p not in tagged]
        if not new:
            return
        self._session.execute(insert(Tagging), [{"person_id": p, "tag_id": self._tag_id} for p in new])
        touch_people(self._session, new)
        if self._batch_id is not None:
            self._session.execute(insert(ImportChange), [
                {"batch_id": self._batch_id, "row": 0, "entity": "tagging", "entity_id": p, "action": "tagged",
                 "before": {"tag_id": self._tag_id}} for p in new])
