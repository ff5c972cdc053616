"""Choosing doors: targets from the voter roll or from People, filtered, with suppressions counted by reason."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from organizer.domain.addresses import StreetParts, normalize_postal_code, parse_street
from organizer.domain.codes import DoorResult, WalkListSource
from organizer.domain.errors import InvalidValue
from organizer.domain.vote_history import VoteRule
from organizer.domain.walk_order import DoorAddress, door_address
from organizer.errors import UserError
from organizer.storage.models import ContactAttempt, Person, PostalAddress, Tag, Tagging, Voter
from organizer.storage.models.people import fold_tag_name

CHUNK = 5000
INACTIVE, DO_NOT_WALK, DECEASED, MOVED = "inactive", "do_not_walk", "deceased", "moved"
CONTACTED_RECENTLY = "contacted_recently"
REASONS = (INACTIVE, DO_NOT_WALK, DECEASED, MOVED, CONTACTED_RECENTLY, "po_box", "no_house_number", "no_address")
"""Why a target is left off a walk list, in the order reports list them."""
REASON_LABELS = {INACTIVE: "inactive voter", DO_NOT_WALK: "do not walk", DECEASED: "deceased", MOVED: "moved",
                 CONTACTED_RECENTLY: "contacted recently", "po_box": "PO box (not walkable)",
                 "no_house_number": "no house number", "no_address": "no address"}
SUPPRESSING_RESULTS = {DoorResult.DO_NOT_WALK.value: DO_NOT_WALK, DoorResult.DECEASED.value: DECEASED,
                       DoorResult.MOVED.value: MOVED}


@dataclass(frozen=True, slots=True)
class WalkFilters:
    """What a walk list is cut from: the source and its filters (empty: any)."""

    source: str = WalkListSource.VOTERS.value
    precincts: tuple[str, ...] = ()
    zips: tuple[str, ...] = ()
    streets: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    not_contacted_days: int | None = None
    vote: VoteRule = field(default_factory=VoteRule)

    def to_json(self) -> dict[str, Any]:
        """Kept with the list (its criteria)."""
        vote = self.vote
        return {"source": self.source, "precincts": list(self.precincts), "zips": list(self.zips),
                "streets": list(self.streets), "parties": list(self.parties), "tags": list(self.tags),
                "not_contacted_days": self.not_contacted_days, "voted_at_least": vote.voted_at_least,
                "of_last": vote.of_last, "voted_last_municipal": vote.voted_last_municipal,
                "registered_since": vote.registered_since.isoformat() if vote.registered_since else None}

    def check(self) -> None:
        """Refuse filters that cannot apply, in one line."""
        if self.source not in (WalkListSource.VOTERS.value, WalkListSource.PEOPLE.value):
            raise UserError(f"A walk list is built from voters or people, not {self.source!r}.")
        people = self.source == WalkListSource.PEOPLE.value
        if people and (self.parties or self.vote.wanted or self.vote.registered_since):
            raise UserError("Party and vote-history filters apply to the voter roll: build from voters to use them.")
        if not people and self.tags:
            raise UserError("Tags belong to people: build from people to filter by tag.")
        vote = self.vote
        if vote.of_last < 0 or vote.voted_at_least < 0 or vote.voted_at_least > vote.of_last:
            raise UserError("--voted-at-least N needs --of-last M with N no more than M (both 1 or more).")
        if self.not_contacted_days is not None and self.not_contacted_days < 1:
            raise UserError("--not-contacted-days takes a number of days from 1 up.")


@dataclass(slots=True)
class Target:
    """One person to knock for: from the roll (voter_row_id) or from People (person_id)."""

    voter_row_id: int | None
    person_id: int | None
    ident: str  # the voter id, or the person's uuid
    given: str
    family: str
    details: str  # party and age, as printed
    precinct: str
    door: DoorAddress

    @property
    def name(self) -> str:
        """ "SILVA, Ana"."""
        return f"{self.family}, {self.given}".strip(", ")


@dataclass(slots=True)
class Chosen:
    """The targets that made it, and how many were left off, by reason."""

    targets: list[Target]
    skipped: Counter[str]


def street_names(streets: Sequence[str]) -> set[str]:
    """Streets as typed ("North Main Street") in their normalized form ("N MAIN ST")."""
    return {parse_street(f"1 {s}").street for s in streets if s.strip()}


def zip_fives(zips: Sequence[str]) -> list[str]:
    """ZIPs as typed, restored and cut to five digits; refuses one that is not a ZIP."""
    out = []
    for raw in zips:
        try:
            out.append(normalize_postal_code(raw)[:5])
        except InvalidValue as exc:
            raise UserError(f"--zip {raw!r}: {exc}.") from exc
    return out


def _zip_filter(column: Any, fives: list[str]) -> ColumnElement[bool]:
    return or_(*(column.like(f"{five}%") for five in fives))


def contact_state(session: Session, by_voter: bool,
                  since: datetime | None) -> tuple[dict[int | None, str], set[int | None]]:
    """From contact attempts: targets a door result suppresses (latest such result), and those contacted since."""
    key = ContactAttempt.voter_row_id if by_voter else ContactAttempt.person_id
    suppressed: dict[int | None, str] = {}
    recent: set[int | None] = set()
    rows = session.execute(select(key, ContactAttempt.result_code, ContactAttempt.attempted_at)
                           .where(key.is_not(None)).order_by(ContactAttempt.attempted_at, ContactAttempt.id))
    for target, code, when in rows:
        reason = SUPPRESSING_RESULTS.get(code)
        if reason:
            suppressed[target] = reason
        if since is not None and _aware(when) >= since:
            recent.add(target)
    return suppressed, recent


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _since(days: int | None) -> datetime | None:
    return datetime.now(UTC) - timedelta(days=days) if days else None


def person_flags(person: Any) -> str:
    """The suppression a person's own flags call for ("" for none)."""
    if person.deceased:
        return DECEASED
    if person.moved:
        return MOVED
    return DO_NOT_WALK if person.do_not_walk else ""


def voter_rows(session: Session, filters: WalkFilters, with_extra: bool) -> Iterator[Any]:
    """The voters the filters select (inactive ones too: they are counted as skipped), in these columns' order."""
    columns = [Voter.id, Voter.voter_id, Voter.given_name, Voter.family_name, Voter.street_address,
               Voter.street_number, Voter.street_number_value, Voter.street_name, Voter.unit, Voter.postal_code,
               Voter.precinct, Voter.party, Voter.status, Voter.birth_year, Voter.person_id]
    if with_extra:
        columns.append(Voter.extra)
    query = select(*columns)
    if filters.precincts:
        query = query.where(Voter.precinct.in_(filters.precincts))
    if filters.parties:
        query = query.where(Voter.party.in_(filters.parties))
    if filters.zips:
        query = query.where(_zip_filter(Voter.postal_code, zip_fives(filters.zips)))
    if filters.streets:
        query = query.where(Voter.street_name.in_(street_names(filters.streets)))
    yield from session.connection().execute(query.order_by(Voter.id)).yield_per(CHUNK)  # rows, not ORM: faster


def voter_target(row: Any, today: date) -> Target:
    """A voter row (of `voter_rows`) as a target, its address as the import parsed it."""
    # Unpacked by position: a row's attributes by name cost ten times as much, on every voter of a county.
    (row_id, voter_id, given, family, street_address, number, number_value, street, unit, postal_code, precinct,
     party, _status, birth_year, _person) = row[:15]
    door = door_address(f"{street_address}", postal_code, StreetParts(number, number_value, street, unit))
    age = f"{today.year - birth_year}" if birth_year else ""
    details = f"{party} · {age}" if party and age else party or age
    return Target(row_id, None, voter_id, given, family, details, precinct, door)


def people_targets(session: Session, filters: WalkFilters, skipped: Counter[str]) -> list[Target]:
    """People with an address (their primary one, else the first), filtered, suppressions counted."""
    query = (select(Person.id, Person.uuid, Person.given_name, Person.family_name, Person.do_not_walk,
                    Person.deceased, Person.moved, PostalAddress.address_lines, PostalAddress.postal_code,
                    PostalAddress.precinct, PostalAddress.primary)
             .join(PostalAddress, PostalAddress.person_id == Person.id)
             .order_by(Person.id, PostalAddress.primary.desc(), PostalAddress.id))
    if filters.tags:
        tagged = (select(Tagging.person_id).join(Tag, Tag.id == Tagging.tag_id)
                  .where(Tag.folded_name.in_([fold_tag_name(t) for t in filters.tags])))
        query = query.where(Person.id.in_(tagged))
    if filters.precincts:
        query = query.where(PostalAddress.precinct.in_(filters.precincts))
    if filters.zips:
        query = query.where(_zip_filter(PostalAddress.postal_code, zip_fives(filters.zips)))
    wanted_streets = street_names(filters.streets)
    suppressed, recent = contact_state(session, False, _since(filters.not_contacted_days))
    out: list[Target] = []
    seen: set[int] = set()
    for row in session.execute(query):
        if row.id in seen:
            continue
        seen.add(row.id)
        line = " ".join(str(x) for x in (row.address_lines or [])[:2])
        door = door_address(line, row.postal_code)
        if wanted_streets and door.street not in wanted_streets:
            continue
        reason = person_flags(row) or suppressed.get(row.id, "") or (CONTACTED_RECENTLY if row.id in recent else "")
        reason = reason or door.problem
        if reason:
            skipped[reason] += 1
            continue
        out.append(Target(None, row.id, row.uuid, row.given_name, row.family_name, "", row.precinct, door))
    return out
