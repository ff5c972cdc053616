"""The text a voter is found and listed by: folded family, given and middle names, street and voter id.

Names come first, so ordering by the key lists the roll by family name, then given name. A search
term is found anywhere in it; both sides fold by `organizer.domain.text.fold`.
"""

from __future__ import annotations

from organizer.domain.text import fold, fold_uncached

SEARCH_KEY_MAX = 600


def voter_search_key(family: str, given: str, additional: str, suffix: str, street: str, unit: str,
                     voter_id: str) -> str:
    """ "silva ana maria 12 n main st 2b nc000123": every way a voter is looked up, folded, one string."""
    # Names repeat down a roll (the cache pays); streets and voter ids rarely do (they would only crowd it).
    parts = [fold(family), fold(given), fold(additional), fold(suffix), fold_uncached(street)]
    folded_unit = fold(unit)
    if folded_unit and folded_unit not in parts[-1]:
        parts.append(folded_unit)
    parts.append(fold_uncached(voter_id))
    return " ".join(p for p in parts if p)[:SEARCH_KEY_MAX]


def voter_search_terms(query: str) -> list[str]:
    """The words of a search box query, folded as the key is (each must appear in a voter's key)."""
    return [t for t in fold(query).split(" ") if t]
