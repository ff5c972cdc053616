"""A saved walk list as printable sheets; a reprint marks doors already knocked and leaves out the suppressed."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from organizer.domain.addresses import StreetParts
from organizer.domain.walk_order import door_address
from organizer.domain.walk_results import DOOR_KEY, short_code
from organizer.errors import NotFound, UserError
from organizer.files.walk_list_sheet import ID_HEADERS, SheetDoor, SheetPerson, SheetTurf, WalkSheets
from organizer.services.walklists.planning import Plan, short_code_of
from organizer.services.walklists.targets import SUPPRESSING_RESULTS, person_flags
from organizer.storage.models import ContactAttempt, Person, PostalAddress, Turf, Voter, WalkList, WalkListEntry

CHUNK = 2000


def load_sheets(session: Session, list_id: int, turf_ids: Collection[int] = (), *, reprint: bool = False,
                today: date | None = None) -> WalkSheets:
    """The list (or some of its turfs) ready to print; ``reprint`` marks and leaves out as results say."""
    walk_list = session.get(WalkList, list_id)
    if walk_list is None:
        raise NotFound(f"There is no walk list {list_id}: see 'organizer walklist list'.")
    all_turfs = list(session.scalars(select(Turf).where(Turf.walk_list_id == list_id).order_by(Turf.id)))
    numbers = {t.id: i for i, t in enumerate(all_turfs, start=1)}
    wanted = [t for t in all_turfs if not turf_ids or t.id in turf_ids]
    if turf_ids and len(wanted) != len(set(turf_ids)):
        missing = sorted(set(turf_ids) - {t.id for t in wanted})
        raise UserError(f"Turf {missing[0]} is not on walk list {list_id}: see 'organizer walklist show {list_id}'.")
    lines = _lines(session, [t.id for t in wanted])
    knocked, left_out = _results(session, walk_list, lines) if reprint else ({}, set())
    canvassers = _names(session, {t.canvasser_id for t in wanted if t.canvasser_id})
    turfs = []
    for turf in wanted:
        doors: dict[int, tuple[str, list[SheetPerson]]] = {}
        for line in lines.get(turf.id, []):
            if line.target in left_out:
                continue
            person = SheetPerson(line.short, line.ident, line.name, line.details, knocked.get(line.target, ""))
            door = doors.get(line.door)
            if door is None:
                doors[line.door] = (line.address(), [person])
            else:
                door[1].append(person)
        sheet_doors = tuple(SheetDoor(n, address, tuple(people)) for n, (address, people) in doors.items())
        turfs.append(SheetTurf(numbers[turf.id], turf.name, sheet_doors, canvassers.get(turf.canvasser_id or 0, "")))
    return _sheets(walk_list, tuple(turfs), today, reprint)


def plan_sheets(session: Session, list_id: int, plan: Plan, today: date | None = None) -> WalkSheets:
    """A list just saved from ``plan``, ready to print: what ``load_sheets`` would read back, without reading it."""
    walk_list = session.get(WalkList, list_id)
    if walk_list is None:
        raise NotFound(f"There is no walk list {list_id}: see 'organizer walklist list'.")
    position = 0
    turfs = []
    for number, planned in enumerate(plan.turfs, start=1):
        doors = []
        for door_number, door in enumerate(planned.doors, start=1):
            people = []
            for member in door.members:
                position += 1
                people.append(SheetPerson(short_code_of(list_id, position), member.ident, member.name, member.details))
            doors.append(SheetDoor(door_number, door.address.label, tuple(people)))
        turfs.append(SheetTurf(number, planned.name, tuple(doors)))
    return _sheets(walk_list, tuple(turfs), today, reprint=False)


def _sheets(walk_list: WalkList, turfs: tuple[SheetTurf, ...], today: date | None, reprint: bool) -> WalkSheets:
    criteria = dict(walk_list.criteria or {})
    return WalkSheets(walk_list.id, walk_list.name, today or date.today(),
                      ID_HEADERS[0] if walk_list.source == "voters" else ID_HEADERS[1], turfs,
                      tuple((short, result.label) for short, result in DOOR_KEY), walk_list.script,
                      tuple(str(q) for q in criteria.get("questions", [])), describe(criteria), reprint)


def describe(criteria: dict[str, Any]) -> str:
    """The filters in words, for the sheet's header."""
    parts = []
    for key, label in (("precincts", "precinct"), ("zips", "ZIP"), ("streets", "street"), ("parties", "party"),
                       ("tags", "tag")):
        if criteria.get(key):
            parts.append(f"{label} {', '.join(str(v) for v in criteria[key])}")
    if criteria.get("of_last"):
        parts.append(f"voted in at least {criteria.get('voted_at_least', 0)} of the last {criteria['of_last']} "
                     "general elections")
    if criteria.get("voted_last_municipal"):
        parts.append("voted in the last municipal election")
    if criteria.get("registered_since"):
        parts.append(f"registered since {criteria['registered_since']}")
    if criteria.get("not_contacted_days"):
        parts.append(f"not contacted in the last {criteria['not_contacted_days']} days")
    return "; ".join(parts)


@dataclass(slots=True)
class _Line:
    """One saved line as read back: the target it is for, and what is printed for it."""

    door: int
    short: str
    target: tuple[str, Any]  # ("v", voter row id) or ("p", person id)
    ident: str = ""
    name: str = ""
    details: str = ""
    voter: Any = None  # the voter's row, its address parsed at import
    line: str = ""  # a person's address as written
    postal_code: str = ""

    def address(self) -> str:
        """The door's address as printed (worked out only for the first line printed at each door)."""
        if self.voter is None:
            return door_address(self.line, self.postal_code).label
        street_address, number, number_value, street, unit, postal_code = self.voter[8:14]
        return door_address(street_address, postal_code, StreetParts(number, number_value, street, unit)).label


def _lines(session: Session, turf_ids: list[int]) -> dict[int, list[_Line]]:
    """Each turf's lines in walking order, with name, address and details."""
    query = (select(WalkListEntry.turf_id, WalkListEntry.door, WalkListEntry.short_code, WalkListEntry.voter_row_id,
                    WalkListEntry.person_id, Voter.voter_id, Voter.given_name, Voter.family_name,
                    Voter.street_address, Voter.street_number, Voter.street_number_value, Voter.street_name,
                    Voter.unit, Voter.postal_code, Voter.party, Voter.birth_year)
             .outerjoin(Voter, Voter.id == WalkListEntry.voter_row_id)
             .where(WalkListEntry.turf_id.in_(turf_ids)).order_by(WalkListEntry.turf_id, WalkListEntry.position))
    out: dict[int, list[_Line]] = {}
    people: list[_Line] = []
    year = date.today().year
    turf_lines: list[_Line] = []
    turf_id = None
    for row in session.connection().execute(query).yield_per(CHUNK):  # rows, not ORM objects: faster
        # Unpacked by position (a row's attributes by name cost ten times as much).
        turf, door, short, voter_row_id, person_id, voter_id, given, family = row[:8]
        party, birth_year = row[14], row[15]
        if turf != turf_id:
            turf_id, turf_lines = turf, out.setdefault(turf, [])
        if voter_row_id is not None and voter_id is not None:
            age = f"{year - birth_year}" if birth_year else ""
            line = _Line(door, short, ("v", voter_row_id), voter_id, f"{family}, {given}".strip(", "),
                         f"{party} · {age}" if party and age else party or age, row)
        else:
            line = _Line(door, short, ("p", person_id))
            people.append(line)
        turf_lines.append(line)
    _fill_people(session, people)
    return out


def _fill_people(session: Session, lines: list[_Line]) -> None:
    ids = [line.target[1] for line in lines if line.target[1] is not None]
    found: dict[int, tuple[str, str, str, str]] = {}
    for start in range(0, len(ids), CHUNK):
        query = (select(Person.id, Person.uuid, Person.given_name, Person.family_name, PostalAddress.address_lines,
                        PostalAddress.postal_code)
                 .outerjoin(PostalAddress, PostalAddress.person_id == Person.id)
                 .where(Person.id.in_(ids[start : start + CHUNK]))
                 .order_by(Person.id, PostalAddress.primary.desc(), PostalAddress.id))
        for row in session.execute(query):
            if row.id not in found:
                line = " ".join(str(x) for x in (row.address_lines or [])[:2])
                found[row.id] = (row.uuid, f"{row.family_name}, {row.given_name}".strip(", "), line,
                                 row.postal_code or "")
    removed = ("", "(removed)", "", "")
    for entry in lines:
        entry.ident, entry.name, entry.line, entry.postal_code = found.get(entry.target[1], removed)


def _results(session: Session, walk_list: WalkList,
             lines: dict[int, list[_Line]]) -> tuple[dict[tuple[str, Any], str], set[tuple[str, Any]]]:
    """For a reprint: the latest result per line since the list was made, and the lines to leave out."""
    targets = [line.target for turf in lines.values() for line in turf]
    voters = [t[1] for t in targets if t[0] == "v"]
    people = [t[1] for t in targets if t[0] == "p"]
    since = walk_list.created_at if walk_list.created_at.tzinfo else walk_list.created_at.replace(tzinfo=UTC)
    knocked: dict[tuple[str, Any], str] = {}
    left_out: set[tuple[str, Any]] = set()
    for tag, column, ids in (("v", ContactAttempt.voter_row_id, voters), ("p", ContactAttempt.person_id, people)):
        for start in range(0, len(ids), CHUNK):
            query = (select(column, ContactAttempt.result_code, ContactAttempt.attempted_at)
                     .where(column.in_(ids[start : start + CHUNK])).order_by(ContactAttempt.attempted_at))
            for target, code, when in session.execute(query):
                if code in SUPPRESSING_RESULTS:
                    left_out.add((tag, target))
                moment = when if when.tzinfo else when.replace(tzinfo=UTC)
                if moment >= since or _same_day(moment, since):
                    knocked[(tag, target)] = f"{short_code(code)} {moment.astimezone():%m/%d}"
    left_out |= _flagged(session, voters, people)
    return knocked, left_out


def _same_day(moment: datetime, since: datetime) -> bool:
    return moment.date() >= since.date()


def _flagged(session: Session, voters: list[int], people: list[int]) -> set[tuple[str, Any]]:
    """Lines whose person (or the voter's person) asked not to be walked, died or moved."""
    out: set[tuple[str, Any]] = set()
    for start in range(0, len(voters), CHUNK):
        query = (select(Voter.id, Person.do_not_walk, Person.deceased, Person.moved)
                 .join(Person, Person.id == Voter.person_id).where(Voter.id.in_(voters[start : start + CHUNK])))
        out.update(("v", row.id) for row in session.execute(query) if person_flags(row))
    for start in range(0, len(people), CHUNK):
        query = select(Person.id, Person.do_not_walk, Person.deceased, Person.moved).where(
            Person.id.in_(people[start : start + CHUNK]))
        out.update(("p", row.id) for row in session.execute(query) if person_flags(row))
    return out


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.execute(select(Person.id, Person.given_name, Person.family_name).where(Person.id.in_(ids)))
    return {row.id: f"{row.given_name} {row.family_name}".strip() for row in rows}
