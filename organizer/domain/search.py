"""The text a person is found by (folded names, emails, phone digits, postal codes, custom-field values)
and the query's terms.

Both sides fold by `organizer.domain.text.fold`, the rule matching uses too: "lukasz" finds "Łukasz".
The text is built only by `organizer.domain.person_keys.derive_keys`, from a person's fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from organizer.domain.text import fold, fold_uncached

_NON_DIGIT = re.compile(r"\D+")
_PHONE_LIKE = re.compile(r"[\d().+\-]+")
# A custom value longer than this is found by its beginning only: one pasted essay must not widen
# the search index every search scans.
CUSTOM_VALUE_MAX = 200


def search_text(names: Iterable[str], emails: Iterable[str], phones: Iterable[str],
                postal_codes: Iterable[str], custom_fields: Mapping[str, Any] | None = None) -> str:
    """One folded string holding every way a person is looked up.

    Names keep their order (given, additional, family); emails, phones and postal codes are
    sorted and deduplicated, so the text never depends on the order they were added in. Phones
    are E.164; both the full digits and the national ten digits of a North American number are
    kept so "919555" and "+1 919" both find it.
    """
    parts = [fold(n) for n in names if n]
    for email in _distinct(emails):
        if email:
            parts.append(fold_uncached(email))  # emails rarely repeat: no cache
    for number in _distinct(phones):
        rest = number[1:]
        # E.164 ("+19195550101") is a plus and its digits; anything else loses every non-digit.
        digits = rest if number[:1] == "+" and rest.isascii() and rest.isdecimal() else _NON_DIGIT.sub("", number)
        if digits:
            parts.append(digits)
            if number.startswith("+1") and len(digits) == 11:
                parts.append(digits[1:])
    for postal in _distinct(postal_codes):
        if postal:
            parts.append(fold(postal))
    if custom_fields:
        parts.append(custom_text(custom_fields))
    return " ".join(parts) if all(parts) else " ".join([p for p in parts if p])


def custom_text(custom_fields: Mapping[str, Any]) -> str:
    """The part of the search text made of custom-field values (their names are not searched).

    Text and number values, each folded and cut to CUSTOM_VALUE_MAX characters, in the order of
    their field names, without repeats; a value that reads as a phone number ("555-12", kept as
    typed because it failed the check) also gives its digits, as a phone-like search term keeps
    only its digits.
    """
    parts: list[str] = []
    for key in sorted(custom_fields):
        value = custom_fields[key]
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            continue
        folded = fold(str(value)[:CUSTOM_VALUE_MAX])
        if not folded or folded in parts:
            continue
        parts.append(folded)
        squeezed = folded.replace(" ", "")
        digits = _NON_DIGIT.sub("", squeezed)
        if len(digits) >= 3 and digits != squeezed and _PHONE_LIKE.fullmatch(squeezed):
            parts.append(digits)
    return " ".join(parts)


def _distinct(values: Iterable[str]) -> list[str]:
    """Sorted, without repeats (most people have one of each, or none)."""
    listed = values if isinstance(values, list) else list(values)
    return listed if len(listed) < 2 else sorted(set(listed))


def search_terms(query: str) -> list[str]:
    """The terms of a search box query, folded as the text is; a phone-like term keeps only its digits."""
    terms = []
    for raw in fold(query).split(" "):
        if not raw:
            continue
        digits = _NON_DIGIT.sub("", raw)
        if digits and len(digits) >= 3 and _PHONE_LIKE.fullmatch(raw):
            terms.append(digits)
        else:
            terms.append(raw)
    return terms
