"""A person's derived data, computed in one place: matching keys, search text and street keys.

Every path that writes a person (the form, an import, a merge, an undo, the demo chapter) takes
these values from `derive_keys`, so the same person always gets the same keys.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from organizer.domain.addresses import street_key
from organizer.domain.search import search_text
from organizer.domain.text import family_key, name_key


class PersonKeys(NamedTuple):
    """What is stored alongside a person only so they can be matched, found and sorted."""

    name_key: str
    family_key: str
    search_text: str
    street_keys: tuple[str, ...]  # one per address, in the order given


def derive_keys(
    given: str | None,
    family: str | None,
    additional: str | None = "",
    emails: Iterable[str] = (),
    phones: Iterable[str] = (),
    addresses: Iterable[tuple[Sequence[str], str]] = (),
    custom_fields: Mapping[str, Any] | None = None,
    *,
    streets: bool = True,
) -> PersonKeys:
    """The keys of a person from their fields.

    Args:
        given, family, additional: the names as stored.
        emails: the email addresses as stored (normalized).
        phones: the phone numbers as stored (E.164).
        addresses: (address lines, postal code) of each address, as stored. Its street key is
            made from its first line.
        custom_fields: the custom fields as stored; their values are searched too.
        streets: False when the caller does not need the street keys (left empty then).
    """
    given, family, additional = given or "", family or "", additional or ""
    places = addresses if isinstance(addresses, list) else list(addresses)
    return PersonKeys(
        name_key(given, family),
        family_key(family),
        search_text((given, additional, family), emails, phones, [postal for _lines, postal in places],
                    custom_fields),
        tuple([address_street_key(lines) for lines, _postal in places]) if places and streets else (),
    )


def address_street_key(lines: Sequence[str]) -> str:
    """The matching key of one address: its first line's Pub 28 street key ("" without lines)."""
    first = lines[0] if lines else ""
    return street_key(first) if first and first.strip() else ""


__all__ = ["PersonKeys", "address_street_key", "derive_keys"]
