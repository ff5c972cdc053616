"""Buffered bulk writes of an import's created and changed people (SQLAlchemy Core, portable)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import Table, update
from sqlalchemy.orm import Session

from organizer.domain.addresses import street_key as make_street_key
from organizer.domain.search import search_text
from organizer.domain.text import family_key, name_key
from organizer.importing.cleaning import NAME_FIELDS, Candidate
from organizer.importing.merge import Merge
from organizer.storage.bulk import bulk_insert
from organizer.storage.ids import IdAllocator
from organizer.storage.models import (
    EmailAddress,
    ImportChange,
    MergeConflict,
    Person,
    PhoneNumber,
    PossibleDuplicate,
    PostalAddress,
    Tagging,
    Volunteer,
)
from organizer.storage.models.base import new_uuids

UUID_BATCH = 2000
DO_NOT_FLAGS = ("do_not_walk", "do_not_call", "do_not_text", "do_not_email")
NO_FLAGS = dict.fromkeys(DO_NOT_FLAGS, False)


@dataclass(slots=True)
class Buffers:
    """Rows waiting for the next flush, one list per table."""

    people: list[dict[str, Any]] = field(default_factory=list)
    emails: list[dict[str, Any]] = field(default_factory=list)
    phones: list[dict[str, Any]] = field(default_factory=list)
    addresses: list[dict[str, Any]] = field(default_factory=list)
    taggings: list[dict[str, Any]] = field(default_factory=list)
    volunteers: list[dict[str, Any]] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)


class PeopleWriter:
    """Writes one import's people in batches inside the import's single transaction."""

    def __init__(self, session: Session, batch_id: int, source: str) -> None:
        self.session = session
        self.batch_id = batch_id
        self.source = source
        self.now = datetime.now(UTC)
        self.ids = {m: IdAllocator(session, m) for m in (Person, EmailAddress, PhoneNumber, PostalAddress)}
        self.buf = Buffers()
        self._uuids: list[str] = []

    def create(self, c: Candidate, street: str, tag_ids: list[int]) -> tuple[int, str]:
        """Queue a new person from a candidate; returns its id and uuid."""
        pid = self.ids[Person].next()
        if not self._uuids:
            self._uuids = new_uuids(UUID_BATCH)
        uuid = c.uuid or self._uuids.pop()
        names = {k: c.names.get(k, "") for k in NAME_FIELDS}
        postal = c.address.get("postal_code", "")
        self.buf.people.append({
            "id": pid, "uuid": uuid, **names, "gender_pronouns": c.pronouns, "birthdate": c.birthdate,
            "languages_spoken": list(c.languages), "custom_fields": dict(c.custom),
            "notes": "\n".join(c.notes), "source": self.source,
            **(_flags(c.flags) if c.flags else NO_FLAGS),
            "deceased": False, "moved": False, "created_at": self.now, "modified_at": self.now,
            "name_key": c.name_key,
            "family_key": c.family_key,
            "search_text": search_text((names["given_name"], names["additional_name"], names["family_name"]),
                                       c.emails, (p[0] for p in c.phones), postal),
        })
        self._add_contacts(pid, c.emails, c.phones, c.address if _has_address(c.address) else None,
                           street, primary=True)
        self.buf.taggings.extend({"person_id": pid, "tag_id": t} for t in dict.fromkeys(tag_ids))
        if c.volunteer:
            self._add_volunteer(pid)
        self.buf.changes.append(self._change(c.row, pid, "created", {}))
        return pid, uuid

    def change(self, row: int, pid: int, merge: Merge, search: str) -> None:
        """Queue the changes a row makes to an existing person, recording what they replace."""
        before: dict[str, Any] = {"fields": _jsonable(merge.before), "emails": merge.emails,
                                  "phones": [[p[0], p[1]] for p in merge.phones], "tag_ids": merge.tag_ids}
        values: dict[str, Any] = dict(merge.fields)
        if "birthdate" in values:
            values["birthdate"] = date.fromisoformat(values["birthdate"])
        if merge.fields or merge.emails or merge.phones or merge.address:
            values.update(search_text=search, modified_at=self.now)
            if "given_name" in values or "family_name" in values:
                values["_rekey"] = True
            self.buf.updates.append({"id": pid, **values})
        street = make_street_key(merge.address.get("street", "")) if merge.address else ""
        address_ids = self._add_contacts(pid, merge.emails, merge.phones, merge.address, street, primary=False)
        before["address_ids"] = address_ids
        self.buf.taggings.extend({"person_id": pid, "tag_id": t} for t in merge.tag_ids)
        if merge.volunteer:
            before["volunteer"] = True
            self._add_volunteer(pid)
        for key, existing, incoming in merge.conflicts:
            self.buf.conflicts.append({"person_id": pid, "field": key, "existing_value": existing,
                                       "incoming_value": incoming, "batch_id": self.batch_id, "row": row,
                                       "created_at": self.now})
        self.buf.changes.append(self._change(row, pid, "updated", before))

    def possible_duplicate(self, pid: int, other: int, reason: str, score: float) -> None:
        """Queue a pair of lookalikes for review."""
        self.buf.duplicates.append({"person_id": pid, "other_person_id": other, "reason": reason,
                                    "score": score, "batch_id": self.batch_id, "status": "open",
                                    "created_at": self.now})

    def _change(self, row: int, pid: int, action: str, before: dict[str, Any]) -> dict[str, Any]:
        return {"batch_id": self.batch_id, "row": row, "entity": "person", "entity_id": pid,
                "action": action, "before": before}

    def _add_contacts(self, pid: int, emails: list[str], phones: list[tuple[str, str, str]],
                      address: dict[str, str] | None, street: str, primary: bool) -> list[int]:
        for i, email in enumerate(emails):
            self.buf.emails.append({"id": self.ids[EmailAddress].next(), "person_id": pid, "address": email,
                                    "primary": primary and i == 0, "status": "subscribed"})
        for i, (number, ext, kind) in enumerate(phones):
            self.buf.phones.append({"id": self.ids[PhoneNumber].next(), "person_id": pid, "number": number,
                                    "extension": ext, "number_type": kind, "primary": primary and i == 0,
                                    "sms_capable": True if kind == "mobile" else None, "do_not_call": False})
        if address is None:
            return []
        aid = self.ids[PostalAddress].next()
        lines = [v for v in (address.get("street", ""), address.get("address_line2", "")) if v]
        self.buf.addresses.append({"id": aid, "person_id": pid, "address_lines": lines,
                                   "locality": address.get("locality", ""), "region": address.get("region", ""),
                                   "postal_code": address.get("postal_code", ""),
                                   "country": address.get("country", "")[:2].upper(), "primary": primary,
                                   "street_key": street, "precinct": ""})
        return [aid]

    def _add_volunteer(self, pid: int) -> None:
        self.buf.volunteers.append({"person_id": pid, "status": "active", "engagement_level": "signed_up",
                                    "skills": [], "languages": [], "availability": "", "notes": "",
                                    "started_on": self.now.date(), "created_at": self.now,
                                    "modified_at": self.now})

    def flush(self) -> None:
        """Write everything queued, parents before children."""
        b = self.buf
        for model, rows in ((Person, b.people), (EmailAddress, b.emails), (PhoneNumber, b.phones),
                            (PostalAddress, b.addresses), (Tagging, b.taggings), (Volunteer, b.volunteers),
                            (ImportChange, b.changes), (MergeConflict, b.conflicts),
                            (PossibleDuplicate, b.duplicates)):
            if rows:
                # Straight to executemany: the ORM's bulk path costs several times more here.
                bulk_insert(self.session.connection(), cast(Table, model.__table__), rows)
        for values in b.updates:
            self._apply_update(values)
        self.buf = Buffers()

    def _apply_update(self, values: dict[str, Any]) -> None:
        pid = values.pop("id")
        if values.pop("_rekey", False):
            person = self.session.get(Person, pid)
            if person is not None:
                given = values.get("given_name", person.given_name)
                family = values.get("family_name", person.family_name)
                values.update(name_key=name_key(given, family), family_key=family_key(family))
        self.session.execute(update(Person).where(Person.id == pid).values(**values))

    def finish(self) -> None:
        """Flush and let the id sequences know (PostgreSQL)."""
        self.flush()
        for allocator in self.ids.values():
            allocator.finish()


def _has_address(address: dict[str, str]) -> bool:
    get = address.get
    return bool(get("street") or get("locality") or get("postal_code") or get("region"))


def _flags(flags: set[str]) -> dict[str, bool]:
    return {flag: flag in flags for flag in DO_NOT_FLAGS}


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()}
