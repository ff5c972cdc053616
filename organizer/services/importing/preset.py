"""A known file layout an import kind can recognise or be told: a voter file's columns, by name or by place.

Light (no reader, database or registry code): kind modules build these, the planner uses them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

Columns = tuple[tuple[str, str], ...]  # (the header a headerless file's column is shown under, its field)
RowCheck = Callable[[Sequence[str]], bool]
_NON_ALNUM = re.compile(r"[^a-z0-9#]+")


def plain(header: str) -> str:
    """A header as presets compare it: lowercase letters, digits and # only ("SOS_VOTERID" → "sosvoterid")."""
    return _NON_ALNUM.sub("", header.casefold())


@dataclass(frozen=True, slots=True)
class LayoutPreset:
    """One layout: either a header row's names mapped to fields, or (no header row) columns by position."""

    name: str  # what the command line's --layout takes: "florida"
    label: str  # what screens show: "Florida county extract (no header row, 38 columns)"
    by_width: Mapping[int, Columns] = field(default_factory=dict)  # headerless: column count -> columns
    row_check: RowCheck | None = None  # headerless: does a data row look like this layout's?
    mapping: Mapping[str, str] = field(default_factory=dict)  # headered: plain header -> field
    signatures: tuple[frozenset[str], ...] = ()  # headered: plain headers that, all present, name the layout

    @property
    def headerless(self) -> bool:
        """Whether files of this layout come without a header row."""
        return bool(self.by_width)

    def widths(self) -> str:
        """ "45 or 47"."""
        return " or ".join(str(w) for w in sorted(self.by_width))

    def fits(self, rows: Sequence[Sequence[str]]) -> bool:
        """Whether these data rows have one of the layout's widths and (nearly all) look like its rows."""
        if not rows or not self.by_width or len(rows[0]) not in self.by_width:
            return False
        check = self.row_check or (lambda _row: True)
        good = sum(1 for row in rows if len(row) == len(rows[0]) and check(row))
        return good * 5 >= len(rows) * 4

    def recognises(self, headers: Sequence[str]) -> bool:
        """Whether a header row is this layout's (by its signature headers)."""
        plain_headers = {plain(h) for h in headers}
        return any(signature <= plain_headers for signature in self.signatures)

    def fields_for(self, headers: Sequence[str]) -> dict[str, str]:
        """Header (as the file has it) -> field, for the headers this layout names."""
        return {h: self.mapping[plain(h)] for h in headers if plain(h) in self.mapping}
