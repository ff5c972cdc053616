"""The circulator an imported file names for a sheet: the person of that name in People, where the sheet has none.

Every line keeps the circulator as typed all the same; this only fills the sheet's own circulator, and only
with a person the name points to without doubt (exactly one person of that name). An import records what it
filled, so undoing it empties the sheet's circulator again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from organizer.domain.names import split_full_name
from organizer.domain.text import fold, name_key
from organizer.services.importing.report import ImportReport, RowIssue
from organizer.storage.models import ImportChange, Person, PetitionSheet

ENTITY = "petition_sheet"
ACTION = "circulator_set"


@dataclass(frozen=True, slots=True)
class Named:
    """The first line of the file that names a sheet's circulator."""

    row: int
    header: str
    name: str


class SheetCirculators:
    """Collects the circulator each sheet's lines name, then fills the sheets that have none."""

    def __init__(self, session: Session, batch_id: int) -> None:
        self._session = session
        self._batch_id = batch_id
        self._named: dict[int, Named] = {}

    def note(self, sheet_id: int, named: Named, report: ImportReport) -> None:
        """A line of this sheet names this circulator; a line naming another one than the sheet's first is noted."""
        first = self._named.setdefault(sheet_id, named)
        if fold(first.name) != fold(named.name):
            report.warn([RowIssue(named.row, named.header, named.name,
                                  f"another circulator than the one row {first.row} names for this sheet; "
                                  "kept as typed on the line")])

    def apply(self, report: ImportReport) -> int:
        """Fill the circulator of the sheets without one; how many were filled."""
        empty = set(self._session.scalars(select(PetitionSheet.id).where(
            PetitionSheet.id.in_(list(self._named)), PetitionSheet.circulator_id.is_(None))))
        chosen: dict[int, int] = {}
        for sheet_id, named in sorted(self._named.items()):
            if sheet_id not in empty:
                continue
            people = _people_named(self._session, named.name)
            if len(people) == 1:
                chosen[sheet_id] = people[0]
            else:
                report.warn([RowIssue(named.row, named.header, named.name, _not_placed(len(people)))])
        self._fill(chosen)
        return len(chosen)

    def _fill(self, chosen: dict[int, int]) -> None:
        for sheet_id, person_id in chosen.items():
            self._session.execute(update(PetitionSheet).where(PetitionSheet.id == sheet_id)
                                  .values(circulator_id=person_id))
        if chosen:
            self._session.execute(insert(ImportChange), [
                {"batch_id": self._batch_id, "row": 0, "entity": ENTITY, "entity_id": sheet_id, "action": ACTION,
                 "before": {"circulator_id": None, "after": person_id}} for sheet_id, person_id in chosen.items()])


def _people_named(session: Session, name: str) -> Sequence[int]:
    parts = split_full_name(name)
    key = name_key(parts.given, parts.family)
    return list(session.scalars(select(Person.id).where(Person.name_key == key).limit(2))) if key else []


def _not_placed(found: int) -> str:
    who = "several people in People have this name" if found else "no one in People has this name"
    return f"{who}, so the sheet's circulator is left for you to choose; kept as typed on the line"


def undo_circulators(session: Session, changes: Iterable[tuple[str, int, str, Any]]) -> int:
    """Empty again the circulators an import filled (unless someone has chosen another since); how many."""
    undone = 0
    for entity, sheet_id, action, before in changes:
        if entity == ENTITY and action == ACTION:
            result = session.execute(update(PetitionSheet).where(
                PetitionSheet.id == sheet_id, PetitionSheet.circulator_id == before.get("after"))
                .values(circulator_id=None))
            undone += int(getattr(result, "rowcount", 0) or 0)
    return undone
