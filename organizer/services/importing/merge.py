"""Merging a candidate into a person: fill what is empty, add what is new, never overwrite silently."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from organizer.domain.person_keys import PersonKeys, address_street_key, derive_keys
from organizer.domain.text import fold
from organizer.services.importing.cell_values import address_lines, has_address
from organizer.services.importing.cleaning import NAME_FIELDS, Candidate


@dataclass(slots=True)
class PersonState:
    """What an import needs to know of a person to merge into them."""

    id: int
    names: dict[str, str]
    pronouns: str = ""
    birthdate: date | None = None
    notes: str = ""
    flags: set[str] = field(default_factory=set)
    custom: dict[str, Any] = field(default_factory=dict)
    languages: list[str] = field(default_factory=list)
    emails: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)
    addresses: set[tuple[str, str]] = field(default_factory=set)
    tag_ids: set[int] = field(default_factory=set)
    is_volunteer: bool = False
    conflicts: set[tuple[str, str]] = field(default_factory=set)


@dataclass(slots=True)
class Merge:
    """The changes one row makes to one person."""

    fields: dict[str, Any] = field(default_factory=dict)
    before: dict[str, Any] = field(default_factory=dict)
    emails: list[str] = field(default_factory=list)
    phones: list[tuple[str, str, str]] = field(default_factory=list)
    addresses: list[tuple[dict[str, str], str]] = field(default_factory=list)  # added: (address, street key)
    tag_ids: list[int] = field(default_factory=list)
    volunteer: bool = False
    conflicts: list[tuple[str, str, str]] = field(default_factory=list)  # field, existing, incoming

    @property
    def changes_anything(self) -> bool:
        """Whether the row adds or records anything at all."""
        return bool(self.fields or self.emails or self.phones or self.addresses or self.tag_ids
                     or self.volunteer or self.conflicts)


def _same(a: str, b: str) -> bool:
    return a == b or fold(a) == fold(b)


def plan_merge(state: PersonState, c: Candidate, street_key: str, tag_ids: list[int]) -> Merge:
    """What merging `c` into `state` changes; `state` is updated to the merged result."""
    merge = Merge()
    for key in NAME_FIELDS:
        _fill(state, merge, key, state.names.get(key, ""), c.names.get(key, ""))
    _fill(state, merge, "gender_pronouns", state.pronouns, c.pronouns)
    notes = "\n".join(c.notes)
    _fill(state, merge, "notes", state.notes, notes)
    if c.birthdate is not None:
        _fill(state, merge, "birthdate", state.birthdate.isoformat() if state.birthdate else "",
              c.birthdate.isoformat())
    _merge_lists(state, merge, c)
    _merge_custom(state, merge, c)
    _merge_contacts(state, merge, c, street_key)
    merge.tag_ids = [t for t in dict.fromkeys(tag_ids) if t not in state.tag_ids]
    state.tag_ids.update(merge.tag_ids)
    if c.volunteer and not state.is_volunteer:
        merge.volunteer = state.is_volunteer = True
    return merge


def _fill(state: PersonState, merge: Merge, key: str, existing: str, incoming: str) -> None:
    if not incoming or _same(existing, incoming):
        return
    if not existing:
        merge.before[key] = existing
        merge.fields[key] = incoming
        _set_state(state, key, incoming)
    elif (key, incoming) not in state.conflicts:
        merge.conflicts.append((key, existing, incoming))
        state.conflicts.add((key, incoming))


def _set_state(state: PersonState, key: str, value: str) -> None:
    if key in NAME_FIELDS:
        state.names[key] = value
    elif key == "gender_pronouns":
        state.pronouns = value
    elif key == "notes":
        state.notes = value
    elif key == "birthdate":
        state.birthdate = date.fromisoformat(value)


def _merge_lists(state: PersonState, merge: Merge, c: Candidate) -> None:
    new_flags = c.flags - state.flags
    for flag in sorted(new_flags):
        merge.before[flag] = False
        merge.fields[flag] = True
    state.flags |= new_flags
    new_languages = [lang for lang in c.languages if lang not in state.languages]
    if new_languages:
        merge.before["languages_spoken"] = list(state.languages)
        state.languages = state.languages + new_languages
        merge.fields["languages_spoken"] = list(state.languages)


def _merge_custom(state: PersonState, merge: Merge, c: Candidate) -> None:
    added: dict[str, Any] = {}
    for key, value in c.custom.items():
        existing = state.custom.get(key)
        if existing in (None, ""):
            added[key] = value
        elif str(existing) != value and (f"custom:{key}", value) not in state.conflicts:
            merge.conflicts.append((f"custom:{key}", str(existing), value))
            state.conflicts.add((f"custom:{key}", value))
    if added:
        merge.before["custom_fields"] = dict(state.custom)
        state.custom = {**state.custom, **added}
        merge.fields["custom_fields"] = dict(state.custom)


def _merge_contacts(state: PersonState, merge: Merge, c: Candidate, street_key: str) -> None:
    merge.emails = [e for e in c.emails if e not in state.emails]
    state.emails.update(merge.emails)
    merge.phones = [p for p in c.phones if p[0] not in state.phones]
    state.phones.update(p[0] for p in merge.phones)
    places = [(c.address, street_key)] if has_address(c.address) else []
    places += [(a, address_street_key(address_lines(a))) for a in c.addresses]
    for address, key in places:
        postal = address.get("postal_code", "")
        same_street = any(s == key and (p == postal or not postal) for s, p in state.addresses)
        only_postal_known = not key and any(p == postal for _s, p in state.addresses)
        if (key and same_street) or only_postal_known:
            continue
        merge.addresses.append((dict(address), key))
        state.addresses.add((key, postal))


def merged_keys(state: PersonState) -> PersonKeys:
    """A person's keys after a merge (`derive_keys`; their addresses' street keys are already stored)."""
    names = state.names
    return derive_keys(names.get("given_name"), names.get("family_name"), names.get("additional_name"),
                       state.emails, state.phones, [((), postal) for _street, postal in state.addresses],
                       state.custom)
