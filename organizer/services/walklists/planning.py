"""Households and turfs from chosen targets, and saving a walk list with its turfs and lines."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table
from sqlalchemy.orm import Session

from organizer.domain.turfs import TurfPlan, cut_turfs
from organizer.domain.walk_order import DoorAddress
from organizer.services.walklists.targets import REASONS, Target, WalkFilters
from organizer.storage.bulk import bulk_insert_tuples
from organizer.storage.models import Turf, WalkList, WalkListEntry

ENTRY_CHUNK = 5000
ENTRY_COLUMNS = ("turf_id", "position", "door", "short_code", "voter_row_id", "person_id")


@dataclass(frozen=True, slots=True)
class Door:
    """One household: its address and its members, listed together."""

    address: DoorAddress
    precinct: str
    members: tuple[Target, ...]


@dataclass(frozen=True, slots=True)
class Plan:
    """Turfs ready to save or preview, and what was left off by reason."""

    turfs: list[TurfPlan[Door]]
    skipped: dict[str, int]

    @property
    def doors(self) -> int:
        """Doors on every turf."""
        return sum(len(t.doors) for t in self.turfs)

    @property
    def people(self) -> int:
        """People at those doors."""
        return sum(len(d.members) for t in self.turfs for d in t.doors)


@dataclass(frozen=True, slots=True)
class TurfPreview:
    """A turf as the build screen previews it."""

    name: str
    precinct: str
    doors: int
    people: int


@dataclass(frozen=True, slots=True)
class BuildResult:
    """A saved walk list: the shape `walklist build --json` prints."""

    list_id: int
    name: str
    turfs: int
    doors: int
    people: int
    skipped: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        """ `{"list": id, "turfs": n, "doors": n, "people": n, "skipped": {reason: count}}`."""
        return {"list": self.list_id, "name": self.name, "turfs": self.turfs, "doors": self.doors,
                "people": self.people, "skipped": dict(self.skipped)}


def households(targets: list[Target]) -> list[Door]:
    """One door per household ("12 N. Main St. Apt 2B" and "12 North Main Street #2b" are one)."""
    grouped: dict[tuple[str, tuple[str, str, str, str]], list[Target]] = {}
    for target in targets:
        key = (target.precinct, target.door.key)
        members = grouped.get(key)
        if members is None:
            grouped[key] = [target]
        else:
            members.append(target)
    doors = []
    for members in grouped.values():
        if len(members) > 1:
            members.sort(key=_member_order)
        doors.append(Door(members[0].door, members[0].precinct, tuple(members)))
    return doors


def _member_order(target: Target) -> tuple[str, str, str]:
    return (target.family.casefold(), target.given.casefold(), target.ident)


def make_plan(targets: list[Target], skipped: Counter[str], turf_size: int | None) -> Plan:
    """Doors cut into turfs of about ``turf_size`` (None: one per precinct)."""
    turfs = cut_turfs(households(targets), turf_size, lambda d: d.precinct, lambda d: d.address)
    turfs = [t for t in turfs if t.doors]
    return Plan(turfs, {reason: skipped.get(reason, 0) for reason in (*REASONS, *sorted(set(skipped) - set(REASONS)))})


def preview_rows(plan: Plan) -> list[TurfPreview]:
    """The turfs as the build screen lists them."""
    return [TurfPreview(t.name, t.precinct, len(t.doors), sum(len(d.members) for d in t.doors)) for t in plan.turfs]


short_code_of = "{}-{}".format
"""A line's short id for keying results back, from the list's id and the line's place on it: "12-345"."""


def save_plan(session: Session, plan: Plan, name: str, filters: WalkFilters, script: str,
              questions: list[str]) -> int:
    """The walk list, its turfs and one line per person in walking order; returns the list's id."""
    walk_list = WalkList(name=name, source=filters.source, script=script,
                         criteria={**filters.to_json(), "questions": questions})
    session.add(walk_list)
    session.flush()
    turfs = [Turf(walk_list_id=walk_list.id, name=t.name, part=t.part, parts=t.parts, doors=len(t.doors),
                  people=sum(len(d.members) for d in t.doors)) for t in plan.turfs]
    session.add_all(turfs)
    session.flush()
    rows: list[tuple[int, int, int, str, int | None, int | None]] = []
    position = 0
    conn, table = session.connection(), cast(Table, WalkListEntry.__table__)
    for turf, planned in zip(turfs, plan.turfs, strict=True):
        for number, door in enumerate(planned.doors, start=1):
            for member in door.members:
                position += 1
                rows.append((turf.id, position, number, short_code_of(walk_list.id, position), member.voter_row_id,
                             member.person_id))
                if len(rows) >= ENTRY_CHUNK:
                    bulk_insert_tuples(conn, table, ENTRY_COLUMNS, rows)
                    rows = []
    bulk_insert_tuples(conn, table, ENTRY_COLUMNS, rows)
    return walk_list.id
