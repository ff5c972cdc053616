"""Cutting doors into turfs: whole precincts where they fit, big ones in numbered parts, street runs kept together."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from organizer.domain.walk_order import DoorAddress, door_sort_key, natural_key

D = TypeVar("D")
NO_PRECINCT = "No precinct"
FIT_SLACK = 1.25
"""A precinct up to a quarter over the turf size stays whole: one short walk beats two stubs."""


@dataclass(frozen=True, slots=True)
class TurfPlan(Generic[D]):
    """One turf: its precinct, which part of it, and its doors in walking order."""

    precinct: str
    part: int
    parts: int
    doors: tuple[D, ...]

    @property
    def name(self) -> str:
        """ "04-03" or "04-03 · part 2 of 5"."""
        where = self.precinct or NO_PRECINCT
        return f"{where} · part {self.part} of {self.parts}" if self.parts > 1 else where


def cut_turfs(doors: Sequence[D], size: int | None, precinct: Callable[[D], str],
              address: Callable[[D], DoorAddress]) -> list[TurfPlan[D]]:
    """Turfs of about ``size`` doors (None or 0: one turf per precinct), precincts in natural order.

    Doors are ordered for walking inside each precinct; unparsed addresses go at the end of the
    precinct's last turf, never dropped.
    """
    by_precinct: dict[str, list[D]] = {}
    for door in doors:
        by_precinct.setdefault(precinct(door), []).append(door)
    turfs: list[TurfPlan[D]] = []
    for name in sorted(by_precinct, key=lambda p: (p == "", natural_key(p))):
        ordered = sorted(by_precinct[name], key=lambda d: door_sort_key(address(d)))
        walkable: list[D] = []
        unparsed: list[D] = []
        for door in ordered:
            (walkable if address(door).parsed else unparsed).append(door)
        parts = _split(walkable, size, lambda d: address(d).street) if walkable else [[]]
        parts[-1].extend(unparsed)
        turfs.extend(TurfPlan(name, i, len(parts), tuple(p)) for i, p in enumerate(parts, start=1))
    return turfs


def _split(doors: list[D], size: int | None, street: Callable[[D], str]) -> list[list[D]]:
    """Parts of about ``size`` doors, each street's run kept in one part unless it alone is too long."""
    if not size or size <= 0 or len(doors) <= size * FIT_SLACK:
        return [list(doors)]
    count = math.ceil(len(doors) / size)
    target = len(doors) / count
    runs: list[list[D]] = []
    for door in doors:
        if runs and street(runs[-1][-1]) == street(door):
            runs[-1].append(door)
        else:
            runs.append([door])
    parts: list[list[D]] = [[]]
    for run in runs:
        while len(run) > target * FIT_SLACK:  # a street too long for one turf: cut it at the target
            room = max(round(target - len(parts[-1])), 0)
            if room == 0 or len(parts[-1]) >= target:
                parts.append([])
                room = round(target)
            parts[-1].extend(run[:room])
            run = run[room:]
        if parts[-1] and len(parts[-1]) + len(run) > target * FIT_SLACK:
            parts.append([])
        parts[-1].extend(run)
    parts = [p for p in parts if p] or [[]]
    if len(parts) > 1 and len(parts[-1]) < target / 2 and len(parts[-2]) + len(parts[-1]) <= size * 1.5:
        parts[-2].extend(parts.pop())  # no stub of a few doors at the end: the last walk runs a little long
    return parts
