"""A share file's people as the matching rules see them: their emails, phones, first address and aliases."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from organizer.domain.person_keys import address_street_key
from organizer.domain.text import family_key, name_key
from organizer.services.importing.cleaning import Candidate
from organizer.services.importing.matching import PeopleIndex
from organizer.services.sharing.options import ALIASES


def _column(rows: list[list[str]], header: str) -> int | None:
    names = [h.strip() for h in rows[0]] if rows else []
    return names.index(header) if header in names else None


def _pairs(rows: list[list[str]] | None, key: str, value: str) -> list[tuple[str, str]]:
    if not rows:
        return []
    k, v = _column(rows, key), _column(rows, value)
    if k is None or v is None:
        return []
    return [(r[k].strip().lower(), r[v]) for r in rows[1:] if len(r) > max(k, v)]


@dataclass(slots=True)
class FileContacts:
    """For each person uuid in the file: emails, phones, (address lines, postal code), and old uuids."""

    emails: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    phones: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    addresses: dict[str, list[tuple[list[str], str]]] = field(default_factory=lambda: defaultdict(list))
    aliases: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    _index: PeopleIndex | None = None

    @classmethod
    def read(cls, sheets: dict[str, list[list[str]]]) -> FileContacts:
        """Gather them from the raw sheets (before anything is written)."""
        out = cls()
        for person, address in _pairs(sheets.get("email_addresses"), "person_uuid", "address"):
            out.emails[person].append(address.strip().lower())
        for person, number in _pairs(sheets.get("phone_numbers"), "person_uuid", "number"):
            out.phones[person].append(number.strip())
        rows = sheets.get("postal_addresses")
        for (person, lines), (_p, postal) in zip(_pairs(rows, "person_uuid", "address_lines"),
                                                 _pairs(rows, "person_uuid", "postal_code"), strict=False):
            out.addresses[person].append((_lines(lines), postal.strip()))
        for alias, person in _pairs(sheets.get(ALIASES), "uuid", "person_uuid"):
            out.aliases[person.strip().lower()].append(alias)
        return out

    def index(self, session: Session) -> PeopleIndex:
        """The receiving chapter's people as they were before this import (loaded once, never added to)."""
        if self._index is None:
            self._index = PeopleIndex.load(session, with_uuids=False)
        return self._index


def _lines(text: str) -> list[str]:
    try:
        value = json.loads(text)
    except ValueError:
        return [text] if text else []
    return [str(v) for v in value] if isinstance(value, list) else []


def candidate_for(values: dict[str, Any], contacts: FileContacts) -> tuple[Candidate, str]:
    """A person of the file as the matching rules take one, with their first address's street key."""
    uuid = values["uuid"]
    given, family = values.get("given_name") or "", values.get("family_name") or ""
    addresses = contacts.addresses.get(uuid, [])
    lines, postal = addresses[0] if addresses else ([], "")
    candidate = Candidate(row=0, names={"given_name": given, "family_name": family},
                          emails=list(contacts.emails.get(uuid, [])),
                          phones=[(n, "", "") for n in contacts.phones.get(uuid, [])],
                          address={"postal_code": postal}, name_key=name_key(given, family),
                          family_key=family_key(family))
    return candidate, address_street_key(lines)
