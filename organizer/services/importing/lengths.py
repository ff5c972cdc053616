"""The longest text each stored value of a person holds.

SQLite keeps text of any length, a server's column refuses what is longer than it holds, and a whole
import would fail there for one value. A row with a value past its column's length is rejected instead,
on every database alike, with the field and the limit named (the row stays in the rejected rows).
tests/unit/test_import_lengths.py holds these to the models' column lengths.
"""

from __future__ import annotations

from organizer.services.importing.cell_values import address_lines
from organizer.services.importing.cleaning import Candidate

NAME_LIMITS = {"given_name": ("first name", 200), "family_name": ("last name", 200),
               "additional_name": ("middle name", 200), "honorific_prefix": ("title", 50),
               "honorific_suffix": ("name suffix", 50)}
ADDRESS_LIMITS = {"locality": ("city", 200), "region": ("state", 100), "postal_code": ("ZIP code", 20),
                  "precinct": ("precinct", 50)}
PRONOUNS, EXTENSION, TAG = 50, 16, 100
SHORTEST_NAME_LIMIT = min(limit for _label, limit in NAME_LIMITS.values())
SHORTEST_ADDRESS_LIMIT = min(limit for _label, limit in ADDRESS_LIMITS.values())
NAME_KEY, FAMILY_KEY, STREET_KEY = 400, 200, 300  # the matching keys made from the names and the street


def overlong(c: Candidate, street: str) -> str | None:
    """Why a prepared row holds a value too long to store (None when every value fits). Each group is
    measured at once first (most rows are short), and looked at closely only when that says it may not fit."""
    names, address = c.names, c.address
    if names and max(map(len, names.values())) > SHORTEST_NAME_LIMIT:
        for key, (label, limit) in NAME_LIMITS.items():
            if len(names.get(key, "")) > limit:
                return _too_long(label, limit)
    if address and max(map(len, address.values())) > SHORTEST_ADDRESS_LIMIT:
        found = _address_too_long(address)
        if found is not None:
            return found
    for more in c.addresses:
        found = _address_too_long(more)
        if found is not None:
            return found
    for _number, extension, _kind in c.phones:
        if len(extension) > EXTENSION:
            return _too_long("phone extension", EXTENSION)
    if c.tags and max(map(len, c.tags)) > TAG:
        return _too_long("tag", TAG)
    if len(c.pronouns) > PRONOUNS:
        return _too_long("pronouns", PRONOUNS)
    if len(c.name_key) > NAME_KEY or len(c.family_key) > FAMILY_KEY or len(street) > STREET_KEY:
        return "the name or the street is too long to store: shorten it and import the row again"
    return None


def _address_too_long(address: dict[str, str]) -> str | None:
    for key, (label, limit) in ADDRESS_LIMITS.items():
        if len(address.get(key, "")) > limit:
            return _too_long(label, limit)
    lines = address_lines(address)
    if lines and len(lines[0]) > STREET_KEY:
        return _too_long("street address", STREET_KEY)
    return None


def _too_long(label: str, limit: int) -> str:
    return f"the {label} is longer than {limit:,} characters: shorten it and import the row again"
