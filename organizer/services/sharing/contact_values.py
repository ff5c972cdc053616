"""Emails and phones in a share file: an empty one is no record, one that is not an email or phone is told.

A chapter's own imports keep an email or phone they cannot read "as typed" (with a warning), so such a value
may travel; the receiving chapter keeps it too, and is told, row by row. A row without its address or number
(an edited file, a formula whose result was never saved) is rejected: it would be an email of nobody.
A column of well-formed values, as most are, is checked in one match.
"""

from __future__ import annotations

import re
from typing import Any

from organizer.services.import_rows import RowIssue
from organizer.services.sharing.reading import SheetRecords

_E164 = r"\+[1-9][0-9]{6,14}"
_EMAIL = r"[^@\s]+@[^@\s]+\.[^@\s]+"
CHECKED = {  # table -> (column, how its values look, what one is called)
    "email_addresses": ("address", re.compile(_EMAIL), re.compile(f"{_EMAIL}(?:\n{_EMAIL})*"), "email address"),
    "phone_numbers": ("number", re.compile(_E164), re.compile(f"{_E164}(?:\n{_E164})*"), "phone number"),
}


def check_contact_values(records: SheetRecords) -> list[RowIssue]:
    """Reject the chunk's emails or phones without their value (moved to ``records.rejected``); the warnings
    for those that are not one."""
    checked = CHECKED.get(records.table.name)
    if checked is None or not records.records:
        return []
    column, one, every, called = checked
    values: list[Any] = [values.get(column) for _n, values in records.records]
    if None not in values and every.fullmatch("\n".join(values)):
        return []
    kept: list[tuple[int, dict[str, Any]]] = []
    warnings: list[RowIssue] = []
    for (number, record), value in zip(records.records, values, strict=True):
        text = (value or "").strip()
        if not text:
            cells = tuple("" if v is None else str(v) for v in record.values())
            records.rejected.append((RowIssue(number, f"{records.table.name}: {column}", "",
                                              f"no {called}: a row of this sheet needs one"),
                                     cells))
            continue
        if not one.fullmatch(text):
            article = "an" if called[0] in "aeiou" else "a"
            warnings.append(RowIssue(number, f"{records.table.name}: {column}", text[:80],
                                     f"not {article} {called} as this app reads one: kept as it was"))
        kept.append((number, record))
    records.records = kept
    return warnings


__all__ = ["check_contact_values"]
