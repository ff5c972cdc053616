"""The shape of a sheet: where the header row is, unique column names, and the column mapping."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from organizer.domain.safe_text import unescape_cell, without_controls
from organizer.errors import UserError
from organizer.services.import_rows import column_letter
from organizer.services.importing.cleaning import Column
from organizer.services.importing.headers import auto_map, find_header_row, normalize_header
from organizer.services.importing.registry import kind_named

__all__ = ["Layout", "apply_overrides", "column_letter", "detect_layout", "headers_key", "is_footer",
           "parse_map_options", "unique_headers"]

FOOTER = re.compile(
    r"[-–—\s]*page\s*:?\s*\d+(?:\s*(?:of|/)\s*\d+)?[-–—.\s]*"  # "Page 3", "Page 3 of 10", "- page 3/10 -"
    r"|(?:totals?|count)(?:\b\D*\d.*|\s*:?\s*)"  # "Total: 45", "Count 12", "Total" (not "Count Basie")
    r"|(?:generated|printed|exported|end of report)\b.*",  # "Exported 3/4/2025", "Printed by ..."
    re.IGNORECASE | re.DOTALL)
"""A lone cell under a table that is a note about it, not a person: matched against the whole cell. "Page"
only with a page number: Page is a given name ("Page Smith")."""


def unique_headers(raw: Sequence[str]) -> list[str]:
    """Headers made unique and never blank: "Column D" for a blank one, "Phone (2)" for a repeat."""
    seen: dict[str, int] = {}
    out: list[str] = []
    for i, header in enumerate(raw):
        name = " ".join(unescape_cell(without_controls(header).strip()).split()) or f"Column {column_letter(i)}"
        count = seen.get(name.casefold(), 0) + 1
        seen[name.casefold()] = count
        out.append(name if count == 1 else f"{name} ({count})")
    return out


def headers_key(kind: str, headers: Sequence[str]) -> str:
    """A key for "files with the same headers", used to remember a mapping."""
    text = kind + "\x1f" + "\x1f".join(normalize_header(h) for h in headers)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Layout:
    """Where the data is and what each column means."""

    header_row: int  # 1-based, as a spreadsheet shows it; 0 when the file has no header row
    headers: list[str]
    columns: list[Column]
    preset: str = ""  # the label of the known layout it was read as, if any

    def mapping(self) -> dict[str, str]:
        """Header → field, as reports and remembered mappings store it."""
        return {c.header: c.field for c in self.columns}


def detect_layout(
    kind: str,
    head_rows: Sequence[Sequence[str]],
    *,
    header_row: int | None = None,
    remembered: dict[str, str] | None = None,
    overrides: dict[str, str] | None = None,
) -> Layout:
    """Find the header row, then map columns: synonyms, then a remembered mapping, then overrides."""
    index = header_row - 1 if header_row else find_header_row(head_rows, kind)
    if index >= len(head_rows):
        raise UserError(f"Row {index + 1} is past the end of the sheet: choose an earlier header row.")
    headers = unique_headers(head_rows[index] if head_rows else [])
    samples = [r for r in head_rows[index + 1 :] if any(c.strip() for c in r)]
    fields = auto_map(kind, headers, samples)
    valid = kind_named(kind).field_keys()
    for i, header in enumerate(headers):
        if remembered and header in remembered and remembered[header] in valid:
            fields[i] = remembered[header]
    if overrides:
        apply_overrides(kind, headers, fields, overrides)
    columns = [Column(i, h, f) for i, (h, f) in enumerate(zip(headers, fields, strict=True))]
    return Layout(index + 1, headers, columns)


def apply_overrides(kind: str, headers: list[str], fields: list[str], overrides: dict[str, str]) -> None:
    """Apply "HEADER=field" choices; unknown headers or fields are a plain error."""
    by_name = {h.casefold(): i for i, h in enumerate(headers)}
    spec = kind_named(kind)
    valid = spec.field_keys()
    for header, field in overrides.items():
        i = by_name.get(header.strip().casefold())
        if i is None:
            listed = ", ".join(repr(h) for h in headers[:30])
            raise UserError(f"There is no column called {header!r}; the columns are: {listed}.")
        if field not in valid:
            names = ", ".join(f.key for f in spec.fields)
            raise UserError(f"{field!r} is not a field you can map to; choose one of: {names}.")
        fields[i] = field


def parse_map_options(values: Sequence[str]) -> dict[str, str]:
    """`--map "HEADER=field"` options into a dict; a malformed one is a plain error."""
    out: dict[str, str] = {}
    for value in values:
        header, sep, field = value.rpartition("=")
        if not sep or not header.strip() or not field.strip():
            raise UserError(f"--map needs HEADER=field, like --map \"Phone #=phone\" (got {value!r}).")
        out[header.strip()] = field.strip()
    return out


def is_footer(cells: Sequence[str]) -> bool:
    """A lone note under the table ("Total: 45", "Exported 3/4/2025") rather than a person."""
    found = ""
    for cell in cells:
        if cell and not cell.isspace():
            if found:
                return False
            found = cell
    return bool(found) and FOOTER.fullmatch(found.strip()) is not None
