"""Finding the header row and mapping headers to fields by each import kind's synonyms."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache

from organizer.services.importing.fields import CUSTOM, IGNORE, TAG
from organizer.services.importing.registry import kind_named

_NON_ALNUM = re.compile(r"[^a-z0-9#]+")
# An exported custom field whose name would read as a known field ("Custom: Phone #").
CUSTOM_PREFIX = "Custom: "
# The first columns of a saved rejected-rows file (ImportService.save_rejected): the row number and
# the reason belong to the earlier import, not to the people, so importing the fixed file leaves them out.
REJECTS_COLUMNS = ("row", "reason")
# The second and later emails, phones and addresses of a person, and what belongs to each:
# "Email 2 status", "Phone 3 type", "Address 2 city" (normalized, as `normalize_header` makes them).
_GROUPED = re.compile(r"^(email|phone|address)([0-9]+)([a-z0-9#]*)$")
_GROUP_PARTS = {
    "email": {"status": "email_status"},
    "phone": {"type": "phone_type", "texts": "phone_texts", "donotcall": "phone_do_not_call"},
    "address": {"street": "street", "line2": "address_line2", "city": "locality", "state": "region",
                "zip": "postal_code", "country": "country", "precinct": "precinct"},
}


def normalize_header(header: str) -> str:
    """Lowercase, accents and punctuation dropped: "Phone #" → "phone#", "E-mail" → "email"."""
    text = unicodedata.normalize("NFKD", header)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return _NON_ALNUM.sub("", text)


@cache
def _synonyms(kind: str) -> dict[str, str]:
    """Normalized header -> field, for one import kind."""
    table = kind_named(kind).synonyms
    return {normalize_header(s): key for key, synonyms in table.items() for s in synonyms}


def field_for_header(kind: str, header: str) -> str | None:
    """The field a header names for this import kind, or None when no synonym matches."""
    key = normalize_header(header)
    if not key:
        return None
    synonyms = _synonyms(kind)
    found = synonyms.get(key)
    if found is None and key.rstrip("0123456789") != key:
        # "Email 3", "Phone2": a numbered copy of a field that takes several values.
        base = synonyms.get(key.rstrip("0123456789"))
        found = base if base in kind_named(kind).numbered else None
    if found is None and kind_named(kind).grouped:
        grouped = _GROUPED.match(key)
        found = _GROUP_PARTS[grouped[1]].get(grouped[3]) if grouped else None
    return found


def column_group(header: str) -> int:
    """Which email, phone or address of a person a column is about: 2 for "Phone 2" and "Address 2 city",
    1 for everything else ("Address 2" alone is the second line of the first address)."""
    grouped = _GROUPED.match(normalize_header(header))
    if not grouped or (grouped[1] == "address" and not grouped[3]):
        return 1
    return max(1, int(grouped[2]))


def find_header_row(rows: Sequence[Sequence[str]], kind: str, scan: int = 30) -> int:
    """Index (0-based) of the header row among the first rows: the one naming most known fields."""
    best, best_score = -1, 0
    for index, row in enumerate(rows[:scan]):
        cells = [c for c in row if c.strip()]
        if len(cells) < 2 and not (len(cells) == 1 and field_for_header(kind, cells[0])):
            continue
        known = sum(1 for c in cells if field_for_header(kind, c))
        score = known * 10 + (len(cells) if known else 0)
        if score > best_score:
            best, best_score = index, score
    if best >= 0:
        return best
    for index, row in enumerate(rows[:scan]):
        if sum(1 for c in row if c.strip()) >= 2:
            return index
    return next((i for i, row in enumerate(rows) if any(c.strip() for c in row)), 0)


YES = frozenset({"y", "yes", "x", "true", "1", "si", "sí", "oui", "ja", "✓", "✔", "checked", "t"})
NO = frozenset({"n", "no", "false", "0", "f", "non", "nein", "unchecked", ""})


def is_yes_no_column(values: Sequence[str]) -> bool:
    """Whether the non-empty values are (nearly all) yes/no marks: a checkbox column."""
    marks = [v.strip().casefold() for v in values if v.strip()]
    known = sum(1 for m in marks if m in YES or m in NO)
    # One odd value ("maybe") in a checkbox column is kept as typed with a warning.
    odd = len(marks) - known
    return known >= 2 and odd <= max(1, len(marks) // 5) and any(m in YES for m in marks)


def _looks_typed_by_hand(header: str) -> bool:
    """A header a person wrote ("Spanish speaker?"), not a machine export's field ("attended")."""
    text = header.strip()
    if not text or "_" in text:
        return False
    return " " in text or "?" in text or any(ch.isupper() for ch in text)


def is_rejects_file(headers: Sequence[str]) -> bool:
    """Whether the headers start as a saved rejected-rows file's do: "Row", "Reason", then the file's own."""
    first = tuple(normalize_header(h) for h in headers[: len(REJECTS_COLUMNS)])
    return first == REJECTS_COLUMNS and len(headers) > len(REJECTS_COLUMNS)


def auto_map(kind: str, headers: Sequence[str], samples: Sequence[Sequence[str]]) -> list[str]:
    """A field key for each column: synonyms first, yes/no columns as tags, the rest custom."""
    spec = kind_named(kind)
    mapping: list[str] = []
    used: set[tuple[str, int]] = set()
    rejects = is_rejects_file(headers)
    for col, header in enumerate(headers):
        if rejects and col < len(REJECTS_COLUMNS):
            mapping.append(IGNORE)
            continue
        if header.casefold().startswith(CUSTOM_PREFIX.casefold()):
            mapping.append(CUSTOM)
            continue
        field = field_for_header(kind, header)
        group = column_group(header)
        if field is not None and (field, group) in used and not spec.is_multi(field):
            field = None
        if field is None:
            values = [row[col] if col < len(row) else "" for row in samples]
            is_tag = spec.yes_no_tags and _looks_typed_by_hand(header) and is_yes_no_column(values)
            field = TAG if is_tag else CUSTOM
        used.add((field, group))
        mapping.append(field)
    return mapping
