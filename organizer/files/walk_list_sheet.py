"""What a printed walk list holds, written as xlsx (walk_list_xlsx) or PDF (walk_list_pdf); no database here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

ID_HEADERS = ("Voter ID", "Person ID")
SHORT_ID = "Short id"
RESULT, SUPPORT, NOTES = "Result", "Support", "Notes"
DOOR, ADDRESS, NAME, DETAILS = "Door", "Address", "Name", "Party · age"
KNOCKED = "Knocked"
LIST_LABEL = "Walk list"


@dataclass(frozen=True, slots=True)
class SheetPerson:
    """One line: a person at the door, with the ids results are keyed back by."""

    short_id: str
    ident: str
    name: str
    details: str
    knocked: str = ""  # on a reprint: the result already recorded ("NH 12/05")


@dataclass(frozen=True, slots=True)
class SheetDoor:
    """One door in walking order; its people listed together."""

    number: int
    address: str
    people: tuple[SheetPerson, ...]


@dataclass(frozen=True, slots=True)
class SheetTurf:
    """One turf: one sheet (xlsx) or one run of pages (PDF)."""

    number: int
    name: str
    doors: tuple[SheetDoor, ...]
    canvasser: str = ""

    @property
    def people(self) -> int:
        """How many people its doors hold."""
        return sum(len(d.people) for d in self.doors)


@dataclass(frozen=True, slots=True)
class WalkSheets:
    """A whole walk list ready to print."""

    list_id: int
    name: str
    printed_on: date
    id_header: str  # "Voter ID" or "Person ID"
    turfs: tuple[SheetTurf, ...]
    result_key: tuple[tuple[str, str], ...]  # (short code, result)
    script: str = ""
    questions: tuple[str, ...] = ()
    criteria: str = ""  # the filters in words
    reprint: bool = False

    def title(self, turf: SheetTurf) -> str:
        """ "Walk list 12 · Spring canvass — turf 3 of 40: 04-03 · part 2 of 5"."""
        return f"{LIST_LABEL} {self.list_id} · {self.name} — turf {turf.number} of {len(self.turfs)}: {turf.name}"

    def columns(self) -> list[str]:
        """The person line's columns, in order."""
        ticks = [short for short, _label in self.result_key]
        questions = [f"Q{i}" for i in range(1, len(self.questions) + 1)]
        knocked = [KNOCKED] if self.reprint else []
        return [DOOR, ADDRESS, NAME, DETAILS, *knocked, *ticks, RESULT, SUPPORT, *questions, NOTES, SHORT_ID,
                self.id_header]

    def values(self, door: SheetDoor, person: SheetPerson, first: bool, tick: str) -> list[str]:
        """One person line's cells, in the order of ``columns``."""
        knocked = [person.knocked] if self.reprint else []
        return [str(door.number) if first else "", door.address if first else "", person.name, person.details,
                *knocked, *([tick] * len(self.result_key)), "", "", *([""] * len(self.questions)), "",
                person.short_id, person.ident]
