"""Doors and walking order: one door per household, odd side then even, house numbers up, units naturally."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from organizer.domain.addresses import StreetParts, parse_street, unit_sort_key

PO_BOX = "po_box"
NO_HOUSE_NUMBER = "no_house_number"
NO_ADDRESS = "no_address"
UNPARSEABLE_LAST = "~"  # sorts unparseable doors after every street (letters and digits sort before it)
_NATURAL = re.compile(r"[0-9]+|[^0-9]+")


@dataclass(frozen=True, slots=True)
class DoorAddress:
    """Where one door is: parsed parts, or the line as written when it could not be parsed."""

    line: str
    number: str
    number_value: int | None
    street: str
    unit: str
    postal_code: str
    problem: str = ""  # "" (walkable, perhaps unparsed), PO_BOX, NO_HOUSE_NUMBER or NO_ADDRESS

    @property
    def parsed(self) -> bool:
        """Whether the address has a house number and a street (so it has a place in walking order)."""
        return self.number_value is not None and bool(self.street)

    @property
    def key(self) -> tuple[str, str, str, str]:
        """Two lines with the same key are one door: "12 N. Main St. Apt 2B" and "12 North Main Street #2b"."""
        if not self.parsed:
            return ("?", " ".join(self.line.upper().split()), "", self.postal_code[:5])
        return (self.street, self.number, self.unit, self.postal_code[:5])

    @property
    def label(self) -> str:
        """ "12 N MAIN ST # 2B" as printed on the sheet (the line as written when unparsed)."""
        if not self.parsed:
            return self.line
        head = f"{self.number} {self.street}"
        return f"{head} # {self.unit}" if self.unit else head


def door_address(line: str, postal_code: str = "", parts: StreetParts | None = None) -> DoorAddress:
    """A door from an address line (or its parts, already parsed by the voter import)."""
    text = " ".join(str(line).split())
    if parts is None:
        parts = _parse(text)
    problem = ""
    if not text and not parts.street:
        problem = NO_ADDRESS
    elif parts.street.startswith("PO BOX"):
        problem = PO_BOX
    elif parts.number_value is None and not any(ch.isdigit() for ch in text):
        problem = NO_HOUSE_NUMBER  # digits somewhere ("Lot 5 Shady Acres"): kept, unparsed, at the turf's end
    return DoorAddress(text, parts.number, parts.number_value, parts.street, parts.unit, postal_code, problem)


@lru_cache(maxsize=131072)
def _parse(text: str) -> StreetParts:
    return parse_street(text)


def door_sort_key(door: DoorAddress) -> tuple[object, ...]:
    """Street → side (odd, then even) → house number ascending → unit in natural order (2A < 2B < 10).

    Unparsed doors sort after every parsed one, in the order of their lines.
    """
    if not door.parsed:
        return (1, UNPARSEABLE_LAST, 0, 0, natural_key(door.line), ())
    value = door.number_value or 0
    return (0, door.street, value % 2 == 0, value, _number_key(door.number), _unit_key(door.unit))


@lru_cache(maxsize=65536)
def _number_key(number: str) -> tuple[tuple[int, int, str], ...]:
    return natural_key(number)  # a county's house numbers repeat on every street: worked out once each


@lru_cache(maxsize=65536)
def _unit_key(unit: str) -> tuple[tuple[int, int, str], ...]:
    return unit_sort_key(unit)


def natural_key(text: str) -> tuple[tuple[int, int, str], ...]:
    """ "04-3" < "04-10"; digits compare as numbers, the rest case-insensitively."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p.casefold()) for p in _NATURAL.findall(text))
