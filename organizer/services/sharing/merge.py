"""Merging a record another chapter sent into the copy this chapter has: fill, take theirs, or keep both sides.

The rule (docs/share-format.md): a record whose incoming copy is newer replaces the stored one when
the stored one was not changed here since it arrived; otherwise an empty stored value is filled and a
differing one is kept, and the difference recorded for review. Do-not-contact, deceased and moved only
ever turn on. An incoming value never empties a stored one unless the incoming copy replaces it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import DateTime, select
from sqlalchemy.orm import Session

from organizer.services.import_rows import RowIssue
from organizer.services.importing.report import ImportReport
from organizer.services.sharing.cells import comparable, is_empty, to_second, type_of
from organizer.services.sharing.schema import SharedTable
from organizer.storage.bulk import update_by_id
from organizer.storage.models import ImportBatch, MergeConflict
from organizer.storage.models.base import utcnow

if TYPE_CHECKING:
    from organizer.services.sharing.reading import About

TIMES = frozenset({"uuid", "created_at", "modified_at"})
ONLY_ON = frozenset({"do_not_walk", "do_not_call", "do_not_text", "do_not_email", "deceased", "moved"})


@dataclass(slots=True)
class MergePlan:
    """What merging one incoming record does: columns to set and differences kept for review."""

    changes: dict[str, Any] = field(default_factory=dict)
    conflicts: list[tuple[str, Any, Any]] = field(default_factory=list)  # (field, stored, incoming)
    takes_theirs: bool = False


SHARE_KIND = "share"
"""The kind of a share import's batch."""


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return to_second(moment if moment.tzinfo else moment.replace(tzinfo=UTC))


def _exact(moment: datetime | None) -> datetime | None:
    return None if moment is None else (moment if moment.tzinfo else moment.replace(tzinfo=UTC))


def changed_here(stored: dict[str, Any], shared_batches: Collection[int]) -> bool:
    """Whether the stored copy was changed here since it last arrived from another chapter (or was made here):
    both times are this chapter's own, compared exactly. A copy last brought or changed by anything but a
    share import (``shared_batches``: their ids), such as this chapter's own spreadsheet, was changed here."""
    if stored.get("import_batch_id") not in shared_batches:
        return True
    arrived = _exact(stored.get("imported_at"))
    modified = _exact(stored.get("modified_at"))
    return arrived is None or (modified is not None and modified > arrived)


def plan_merge(table: SharedTable, stored: dict[str, Any], incoming: dict[str, Any], origin: str = "",
               shared_batches: Collection[int] = frozenset()) -> MergePlan:
    """Compare an incoming record with the stored copy, column by column (``origin``: the uuid of the chapter
    the file comes from; ``shared_batches``: the ids of share imports, see `changed_here`)."""
    differing = _differing(table, stored, incoming)
    if not differing:
        return MergePlan()  # the same record (most of a re-import): whichever copy is newer, nothing to do
    theirs, mine = _aware(incoming.get("modified_at")), _aware(stored.get("modified_at"))
    newer = theirs is not None and (mine is None or theirs > mine)
    plan = MergePlan(takes_theirs=newer and not changed_here(stored, shared_batches))
    # A difference is for review unless the incoming copy is one this chapter already had from that chapter
    # (no newer than when it arrived): then the difference is only this chapter's own later change.
    arrived = _aware(stored.get("imported_at"))
    seen = (bool(origin) and stored.get("origin_chapter_uuid") == origin and theirs is not None
            and arrived is not None and theirs <= arrived)
    review = newer or not seen
    for name, a, b in differing:
        if name in ONLY_ON:
            if b and not a:
                plan.changes[name] = True
        elif plan.takes_theirs:
            plan.changes[name] = incoming[name]
        elif b is None:
            continue
        elif a is None:
            plan.changes[name] = incoming[name]
        elif isinstance(a, dict) and isinstance(b, dict):
            _merge_mapping(plan, name, a, b, review)
        elif review:
            plan.conflicts.append((name, stored.get(name), incoming[name]))
    if plan.takes_theirs and plan.changes:
        plan.changes["modified_at"] = theirs
    return plan


def _differing(table: SharedTable, stored: dict[str, Any], incoming: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """The columns whose values differ as two chapters' copies compare: (name, stored, incoming), comparable."""
    out = []
    for name, column, moment in _compared(table):
        if name not in incoming:
            continue
        a, b = stored.get(name), incoming[name]
        if a == b and type(a) is type(b):
            continue  # the same value (most columns of most records), as `comparable` would find it too
        if moment and type(a) is datetime and type(b) is datetime and a.tzinfo is None and b.tzinfo is not None \
                and a.replace(tzinfo=UTC) == b:
            continue  # a stored time (UTC, handed back without its zone) the same as the file's, to the microsecond
        a, b = comparable(column, a), comparable(column, b)
        if a != b:
            out.append((name, a, b))
    return out


def _compared(table: SharedTable) -> tuple[tuple[str, Any, bool], ...]:
    """The columns a merge compares (not the record's uuid and times), with their SQLAlchemy columns and whether
    they hold times."""
    found = _COMPARED.get(table.name)
    if found is None:
        found = _COMPARED[table.name] = tuple((c.name, c.column, isinstance(type_of(c.column), DateTime))
                                              for c in table.columns if c.name not in TIMES)
    return found


_COMPARED: dict[str, tuple[tuple[str, Any, bool], ...]] = {}


def _merge_mapping(plan: MergePlan, name: str, mine: dict[str, Any], theirs: dict[str, Any], review: bool) -> None:
    """Custom fields and survey answers: new keys are added, differing values kept for review."""
    merged = dict(mine)
    for key, value in theirs.items():
        if is_empty(merged.get(key)):
            merged[key] = value
        elif merged[key] != value and review:
            plan.conflicts.append((f"custom:{key}" if name == "custom_fields" else f"{name}:{key}", merged[key], value))
    if merged != mine:
        plan.changes[name] = merged


def jsonable(value: Any) -> Any:
    """A stored value as an import change's "before" keeps it."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


class Merger:
    """Merging matched records of an import batch: updates gathered for a bulk write, changes kept for undo,
    differences recorded once for review."""

    def __init__(self, session: Session, batch_id: int, about: About, report: ImportReport) -> None:
        self.session = session
        self.batch_id = batch_id
        self.about = about
        self.report = report
        self.now = utcnow()
        self.changes: list[dict[str, Any]] = []
        self.conflicts: list[dict[str, Any]] = []
        self.touched_people: set[int] = set()
        self._updates: dict[str, tuple[SharedTable, dict[int, dict[str, Any]]]] = {}
        self._known_conflicts: set[tuple[int, str, str]] | None = None
        self._shared_batches: set[int] | None = None

    def shared_batches(self) -> set[int]:
        """The ids of every share import this chapter made, this one's included (read once)."""
        if self._shared_batches is None:
            self._shared_batches = {self.batch_id, *self.session.scalars(
                select(ImportBatch.id).where(ImportBatch.kind == SHARE_KIND))}
        return self._shared_batches

    def change(self, number: int, entity: str, entity_id: int, action: str, before: dict[str, Any]) -> dict[str, Any]:
        """An import change record of this batch."""
        return {"batch_id": self.batch_id, "row": number, "entity": str(entity), "entity_id": entity_id,
                "action": action, "before": before}

    def merge(self, table: SharedTable, number: int, row_id: int, stored: dict[str, Any], values: dict[str, Any],
              counts: dict[str, int]) -> None:
        """Merge an incoming record into its stored copy (``stored`` is kept current)."""
        plan = plan_merge(table, stored, values, self.about.chapter_uuid, self.shared_batches())
        person = row_id if table.name == "people" else stored.get("person_id")
        new_conflicts = [c for c in plan.conflicts if self._new_conflict(table, person, c)]
        if not plan.changes and not new_conflicts:
            counts["unchanged"] += 1
            self.report.unchanged += 1
            return
        if plan.changes:
            changes = dict(plan.changes)
            if plan.takes_theirs:
                changes.update(imported_at=self.now, import_batch_id=self.batch_id,
                               origin_chapter_uuid=self.about.chapter_uuid, origin_chapter_name=self.about.chapter)
            else:
                changes["modified_at"] = self.now
            before = {k: jsonable(stored.get(k)) for k in changes}
            stored.update(changes)
            self._updates.setdefault(table.name, (table, {}))[1].setdefault(row_id, {}).update(changes)
            self.changes.append(self.change(number, table.name, row_id, "updated", before))
            counts["updated"] += 1
            self.report.updated += 1
        else:
            counts["unchanged"] += 1
            self.report.unchanged += 1
        if person is not None:
            self.touched_people.add(int(person))
        if plan.changes.get("person_id") is not None:  # moved to another person: theirs change too
            self.touched_people.add(int(plan.changes["person_id"]))
        self._record_conflicts(table, number, person, new_conflicts)

    def write_updates(self) -> None:
        """Write the gathered updates, a table at a time."""
        for table, rows in self._updates.values():
            update_by_id(self.session.connection(), table.table, rows)
        self._updates = {}

    def _new_conflict(self, table: SharedTable, person: int | None, conflict: tuple[str, Any, Any]) -> bool:
        if self._known_conflicts is None:
            self._known_conflicts = {(p, f, v) for p, f, v in self.session.execute(
                select(MergeConflict.person_id, MergeConflict.field, MergeConflict.incoming_value))}
        field = _conflict_field(table, conflict[0])
        return person is None or (int(person), field, _text(conflict[2])) not in self._known_conflicts

    def _record_conflicts(self, table: SharedTable, number: int, person: int | None,
                          conflicts: list[tuple[str, Any, Any]]) -> None:
        for name, mine, theirs in conflicts:
            self.report.conflicts += 1
            if person is None:
                self.report.warn([RowIssue(number, f"{table.name}: {name}", _text(theirs)[:200],
                                           "both chapters changed it: this chapter's value was kept "
                                           f"({_text(mine)[:80]})")])
                continue
            field = _conflict_field(table, name)
            assert self._known_conflicts is not None
            self._known_conflicts.add((int(person), field, _text(theirs)))
            self.conflicts.append({"person_id": int(person), "field": field, "existing_value": _text(mine),
                                   "incoming_value": _text(theirs), "batch_id": self.batch_id, "row": number,
                                   "created_at": self.now, "resolved_at": None})


def _conflict_field(table: SharedTable, name: str) -> str:
    return name if table.name == "people" else f"{table.name}.{name}"
