"""Merging a record another chapter sent into the copy this chapter has: fill, take theirs, or keep both sides.

The rule (docs/share-format.md): a record whose incoming copy is newer replaces the stored one when
the stored one was not changed here since it arrived; otherwise an empty stored value is filled and a
differing one is kept, and the difference recorded for review. Do-not-contact, deceased and moved only
ever turn on. An incoming value never empties a stored one unless the incoming copy replaces it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from organizer.services.sharing.cells import comparable, is_empty, to_second
from organizer.services.sharing.schema import SharedTable

TIMES = frozenset({"uuid", "created_at", "modified_at"})
ONLY_ON = frozenset({"do_not_walk", "do_not_call", "do_not_text", "do_not_email", "deceased", "moved"})


@dataclass(slots=True)
class MergePlan:
    """What merging one incoming record does: columns to set and differences kept for review."""

    changes: dict[str, Any] = field(default_factory=dict)
    conflicts: list[tuple[str, Any, Any]] = field(default_factory=list)  # (field, stored, incoming)
    takes_theirs: bool = False


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return to_second(moment if moment.tzinfo else moment.replace(tzinfo=UTC))


def _exact(moment: datetime | None) -> datetime | None:
    return None if moment is None else (moment if moment.tzinfo else moment.replace(tzinfo=UTC))


def changed_here(stored: dict[str, Any]) -> bool:
    """Whether the stored copy was changed here since it last arrived from another chapter (or was made here):
    both times are this chapter's own, compared exactly."""
    arrived = _exact(stored.get("imported_at"))
    modified = _exact(stored.get("modified_at"))
    return arrived is None or (modified is not None and modified > arrived)


def plan_merge(table: SharedTable, stored: dict[str, Any], incoming: dict[str, Any]) -> MergePlan:
    """Compare an incoming record with the stored copy, column by column."""
    theirs, mine = _aware(incoming.get("modified_at")), _aware(stored.get("modified_at"))
    newer = theirs is not None and (mine is None or theirs > mine)
    plan = MergePlan(takes_theirs=newer and not changed_here(stored))
    for column in table.columns:
        name = column.name
        if name in TIMES or name not in incoming:
            continue
        a, b = comparable(column.column, stored.get(name)), comparable(column.column, incoming[name])
        if a == b:
            continue
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
            _merge_mapping(plan, name, a, b, newer)
        elif newer:
            plan.conflicts.append((name, stored.get(name), incoming[name]))
    if plan.takes_theirs and plan.changes:
        plan.changes["modified_at"] = theirs
    return plan


def _merge_mapping(plan: MergePlan, name: str, mine: dict[str, Any], theirs: dict[str, Any], newer: bool) -> None:
    """Custom fields and survey answers: new keys are added, differing values kept for review."""
    merged = dict(mine)
    for key, value in theirs.items():
        if is_empty(merged.get(key)):
            merged[key] = value
        elif merged[key] != value and newer:
            plan.conflicts.append((f"custom:{key}" if name == "custom_fields" else f"{name}:{key}", merged[key], value))
    if merged != mine:
        plan.changes[name] = merged
