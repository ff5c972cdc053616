"""Single spreadsheet values as the importers read them: yes/no marks, dates, header-derived names, addresses.

These helpers are shared by the row cleaner (cleaning.py), the people and attendance imports and the
values kept for review: a yes/no mark or a date as typed, a custom field's or a yes/no tag column's name
from its header, whether address parts make an address and its stored lines, and a row's cells with
control characters removed (each removal warned of).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime

from organizer.domain.errors import InvalidValue
from organizer.domain.safe_text import control_names, without_controls
from organizer.services.import_rows import column_letter
from organizer.services.importing.headers import CUSTOM_PREFIX, NO, YES
from organizer.services.importing.report import RowIssue

CONTROLS_REMOVED = "control characters ({names}) removed; the value as it arrived is kept in this import's report"
_DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%m/%d/%Y", "%m/%d/%y", "%d.%m.%Y", "%Y/%m/%d")


def without_control_cells(number: int, cells: list[str], headers: Sequence[str]) -> tuple[list[str], list[RowIssue]]:
    """A row's cells with control characters removed, and a warning (holding the value as it came) for each."""
    if "".join(cells).isprintable():
        return cells, []
    issues: list[RowIssue] = []
    out = cells
    for i, cell in enumerate(cells):
        clean = without_controls(cell)
        if clean is cell:
            continue
        if out is cells:
            out = list(cells)
        out[i] = clean
        names = control_names(cell)
        if names:
            header = headers[i] if i < len(headers) else f"Column {column_letter(i)}"
            issues.append(RowIssue(number, header, cell, CONTROLS_REMOVED.format(names=names)))
    return out, issues


def custom_key(header: str) -> str:
    """The custom-field name a column keeps its values under ("Custom: Phone #" → "Phone #")."""
    return header[len(CUSTOM_PREFIX):] if header.casefold().startswith(CUSTOM_PREFIX.casefold()) else header


def tag_name_from_header(header: str) -> str:
    """ "Spanish speaker? (Y/N)" → "Spanish speaker"."""
    text = re.sub(r"\((y/n|yes/no|x)\)", "", header, flags=re.IGNORECASE)
    return " ".join(text.replace("?", " ").split()) or header.strip()


def has_address(address: dict[str, str]) -> bool:
    """Whether a row's address parts make an address worth storing (a second line or a precinct alone do not)."""
    return bool(address.get("street") or address.get("locality") or address.get("postal_code")
                or address.get("region"))


def address_lines(address: dict[str, str]) -> list[str]:
    """The address lines an imported address is stored with (a second line may hold several, one a line)."""
    more = address.get("address_line2", "")
    return [v for v in (address.get("street", ""), *(more.splitlines() if more else ())) if v]


def yes_no(raw: str) -> bool:
    """A yes/no mark as a bool; raises InvalidValue for anything else."""
    mark = raw.strip().casefold()
    if mark in YES:
        return True
    if mark in NO:
        return False
    raise InvalidValue("not a yes/no value")


def parse_date(raw: str) -> date:
    """A date in the shapes spreadsheets write; raises InvalidValue."""
    text = raw.strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise InvalidValue("not a date (use YYYY-MM-DD or MM/DD/YYYY)")
