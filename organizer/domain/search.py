"""The text a person is found by: folded names, emails, phone digits and postal code."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_NON_DIGIT = re.compile(r"\D+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)
def fold_for_search(value: str) -> str:
    """Lowercase, accents dropped, whitespace collapsed (cached: names repeat down a list)."""
    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()


def search_text(names: Iterable[str], emails: Iterable[str], phones: Iterable[str], postal: str) -> str:
    """One lowercase string holding every way a person is looked up.

    Phones are stored as E.164; both the full digits and the national ten digits of a
    North American number are kept so "919555" and "+1 919" both find it.
    """
    parts = [fold_for_search(n) for n in names if n]
    parts.extend(e.lower() for e in emails if e)
    for number in phones:
        digits = _NON_DIGIT.sub("", number)
        if digits:
            parts.append(digits)
            if number.startswith("+1") and len(digits) == 11:
                parts.append(digits[1:])
    if postal:
        parts.append(postal.lower())
    return " ".join(parts)


def search_terms(query: str) -> list[str]:
    """The terms of a search box query; a phone-like term keeps only its digits."""
    terms = []
    for raw in fold_for_search(query).split(" "):
        if not raw:
            continue
        digits = _NON_DIGIT.sub("", raw)
        if digits and len(digits) >= 3 and re.fullmatch(r"[\d().+\-]+", raw):
            terms.append(digits)
        else:
            terms.append(raw)
    return terms
