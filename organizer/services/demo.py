"""Fill a chapter database with a realistic, seeded demo chapter in a fictional NC county."""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from organizer.domain.addresses import parse_street
from organizer.domain.person_keys import derive_keys
from organizer.domain.phones import normalize_phone
from organizer.domain.text import fold
from organizer.domain.voter_search import voter_search_key
from organizer.errors import UserError, ValidationFailed
from organizer.progress import NO_PROGRESS, Progress
from organizer.services import demo_names as n
from organizer.services.demo_activity import (
    LEADING,
    SOURCE,
    Held,
    Voted,
    at,
    make_attendances,
    make_contacts,
    make_events,
    make_petitions,
    pick_given,
    pick_group,
)
from organizer.services.person_input import refresh_keys
from organizer.services.prospects_demo import make_offices
from organizer.services.settings import DEMO_DATA
from organizer.storage.database import Database
from organizer.storage.models import (
    EmailAddress,
    Person,
    PhoneNumber,
    PostalAddress,
    Prospect,
    ProspectStageChange,
    Setting,
    Tag,
    Tagging,
    Volunteer,
    Voter,
)
from organizer.storage.voter_text import reindex_voters

MIN_PEOPLE = 30  # enough for twelve prospects, team leads and circulators
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
T = TypeVar("T")


@dataclass
class DemoState:
    """What the steps share while one demo chapter is built."""

    rng: random.Random
    today: date
    session: Session
    target: int
    addresses: list[tuple[n.Street, str]] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    emails: set[str] = field(default_factory=set)
    people: list[Person] = field(default_factory=list)
    by_id: dict[int, Person] = field(default_factory=dict)
    volunteers: list[Volunteer] = field(default_factory=list)
    leaders: list[int] = field(default_factory=list)
    voters: list[Voted] = field(default_factory=list)
    voter_of: dict[int, int] = field(default_factory=dict)
    candidate: Person | None = None
    circulators: list[int] = field(default_factory=list)
    events: list[Held] = field(default_factory=list)
    attended: dict[int, list[int]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def pick(self, items: Sequence[T], weights: Sequence[float]) -> T:
        return self.rng.choices(items, weights)[0]

    def weighted(self, table: Mapping[T, float]) -> T:
        return self.rng.choices(list(table), list(table.values()))[0]

    def chance(self, share: float) -> bool:
        return self.rng.random() < share

    def add(self, rows: Iterable[Any]) -> None:
        """Add rows and write them, so each has the id the database gave it (batched INSERT ... RETURNING)."""
        self.session.add_all(list(rows))
        self.session.flush()

    def insert(self, model: type[Any], rows: Sequence[Any]) -> None:
        """Insert leaf rows nothing else will change, without the unit of work's bookkeeping."""
        values = [{k: v for k, v in vars(row).items() if not k.startswith("_")} for row in rows]
        if values:
            self.session.execute(insert(model), values)


def fill_demo(
    db: Database, *, seed: int = 7, people: int = 300, today: date | None = None, progress: Progress = NO_PROGRESS
) -> dict[str, int]:
    """Add a whole demo chapter (people, voters, petitions, events...) in one transaction; returns counts.

    The same seed and `today` give the same chapter. Only an empty chapter is filled: demo people
    mixed into a real chapter's people could never be told apart again.
    """
    if people < MIN_PEOPLE:
        raise ValidationFailed({"people": f"A demo chapter needs at least {MIN_PEOPLE} people."})
    steps = (
        ("Adding people", _make_people), ("Adding volunteers", _make_volunteers),
        ("Adding the voter roll", _make_voters), ("Adding prospects", _make_prospects),
        ("Adding offices", make_offices),
        ("Adding petitions", make_petitions), ("Tagging people", _tag_people),
        ("Adding events", make_events), ("Adding attendance", make_attendances),
        ("Adding canvass results", make_contacts),
    )
    with db.write() as session:
        if session.scalar(select(Person.id).limit(1)) is not None:
            raise DemoNeedsEmptyChapter()
        session.merge(Setting(key=DEMO_DATA, value="yes"))  # the app marks the chapter as demo data
        d = DemoState(random.Random(seed), today or date.today(), session, people)
        d.emails = set(session.scalars(select(EmailAddress.address)))
        taken = set(session.scalars(select(PhoneNumber.number)))
        numbers = (normalize_phone(raw, "US").e164 for raw in n.phone_numbers(d.rng))
        d.phones = [p for p in numbers if p not in taken][::-1]  # pop() hands out 919 numbers first
        d.addresses = n.household_addresses(d.rng, people + _roll_size(people) // 2 + 60)
        for done, (message, step) in enumerate(steps):
            progress(done, len(steps), message)
            step(d)
            session.flush()
    progress(len(steps), len(steps), "Demo chapter ready")
    return d.counts


class DemoNeedsEmptyChapter(UserError):
    """The chapter already has people: demo data goes only into a new, empty chapter."""

    def __init__(self) -> None:
        super().__init__("This chapter already has people, so no demo data was added. "
                         "To try the demo, use a new file: organizer --db demo.db demo")


def _roll_size(people: int) -> int:
    return max(1200, 4 * people)


def _ascii(value: str) -> str:
    return _NON_ALNUM.sub("", fold(value))


def _make_people(d: DemoState) -> None:
    """Households: mostly one person, some couples sharing a family name, an address and maybe an email."""
    while len(d.people) < d.target:
        group = pick_group(d)
        family = d.rng.choice(group.family)
        address = d.addresses.pop() if d.chance(0.9) else None
        size = min(2 if d.chance(0.14) else 1, d.target - len(d.people))
        shared = _new_email(d, f"the{_ascii(family)}s") if size == 2 and d.chance(0.6) else ""
        first = ""
        for _ in range(size):
            person = _person(d, pick_group(d) if d.chance(0.05) else group, group, family, first)
            _contacts(d, person, address, shared)
            first = person.given_name
            d.people.append(person)
    d.add(d.people)
    d.add(child for p in d.people for child in (*p.emails, *p.phones, *p.addresses))
    d.by_id = {p.id: p for p in d.people}
    d.counts.update(people=len(d.people), addresses=sum(len(p.addresses) for p in d.people),
                    emails=sum(len(p.emails) for p in d.people), phones=sum(len(p.phones) for p in d.people))


def _person(d: DemoState, group: n.NameGroup, home: n.NameGroup, family: str, partner: str) -> Person:
    rng, gender = d.rng, d.pick("fmx", (50, 46, 4))
    languages = ["English"]
    if home.language and d.chance(home.language_share):
        languages = [home.language] if d.chance(0.1) else ["English", home.language]
    pronouns = {"f": ("she/her", "she/they"), "m": ("he/him", "he/they")}.get(gender, ("they/them",))
    fields = {"T-shirt size": n.SHIRT_SIZES, "Employer": n.EMPLOYERS}
    person = Person(
        given_name=pick_given(d, group, gender, partner), family_name=family, source=SOURCE,
        additional_name=rng.choice(n.MIDDLE_NAMES) if d.chance(0.15) else "", languages_spoken=languages,
        honorific_suffix=rng.choice(n.SUFFIXES) if gender == "m" and d.chance(0.04) else "",
        gender_pronouns=rng.choice(pronouns) if gender == "x" or d.chance(0.25) else "",
        birthdate=date(d.today.year - rng.randint(18, 84), rng.randint(1, 12), rng.randint(1, 28))
        if d.chance(0.55) else None,
        notes=rng.choice(n.PERSON_NOTES) if d.chance(0.12) else "",
        custom_fields={k: rng.choice(v) for k, v in fields.items() if d.chance(0.22)},
        created_at=at(d.today - timedelta(days=rng.randint(0, 900)), rng.randint(9, 21)),
    )
    for flag, share in n.FLAG_SHARES.items():
        setattr(person, flag, d.chance(share))
    return person


def _contacts(d: DemoState, person: Person, address: tuple[n.Street, str] | None, shared: str) -> None:
    """Address, emails and phones of a new person (a phone is never shared), then its keys."""
    person.addresses = []
    if address is not None:
        street, line = address
        person.addresses = [PostalAddress(
            address_lines=[line], locality=n.CITY, region=n.REGION, postal_code=street.postal_code,
            country="US", primary=True, precinct=street.precinct,
        )]
    emails = [shared] if shared else []
    if not shared and d.chance(0.85):
        emails = [_new_email(d, _local_part(d, person)) for _ in range(2 if d.chance(0.08) else 1)]
    status = "unsubscribed" if person.do_not_email else d.pick(("subscribed", "bouncing"), (97, 3))
    person.emails = [EmailAddress(address=a, primary=i == 0, status=status) for i, a in enumerate(emails)]
    wanted = (2 if d.chance(0.1) else 1) if d.chance(0.6) else 0
    person.phones = [
        PhoneNumber(number=d.phones.pop(), number_type="mobile" if i == 0 else "home", primary=i == 0,
                    sms_capable=i == 0, do_not_call=person.do_not_call)
        for i in range(min(wanted, len(d.phones)))
    ]
    refresh_keys(person)


def _local_part(d: DemoState, person: Person) -> str:
    g, f = _ascii(person.given_name) or "friend", _ascii(person.family_name) or "neighbor"
    return d.weighted(n.EMAIL_PATTERNS).format(g=g, f=f, i=g[0], y=d.rng.randint(1, 99))


def _new_email(d: DemoState, local: str) -> str:
    """A fresh address at one of the example domains, never one already taken."""
    email = f"{local}@{d.rng.choice(n.EMAIL_DOMAINS)}"
    while email in d.emails:
        email = f"{local}{d.rng.randint(2, 999)}@{d.rng.choice(n.EMAIL_DOMAINS)}"
    d.emails.add(email)
    return email


def _make_volunteers(d: DemoState) -> None:
    """About 30% volunteer; the first few lead teams and look after the others."""
    rng, pool = d.rng, [p for p in d.people if not (p.deceased or p.moved)]
    for k, person in enumerate(rng.sample(pool, min(len(pool), max(4, round(len(d.people) * 0.3))))):
        v = Volunteer(
            person_id=person.id, languages=list(person.languages_spoken),
            status="active" if k < 3 else d.weighted(n.VOLUNTEER_STATUSES),
            engagement_level="leads_team" if k < 3 else d.weighted(n.ENGAGEMENT_LEVELS),
            skills=rng.sample(n.SKILLS, rng.randint(1, 3)), availability=rng.choice(n.AVAILABILITY),
            started_on=d.today - timedelta(days=rng.randint(20, 1100)),
            notes="Wants to lead a canvass team." if d.chance(0.05) else "",
        )
        d.volunteers.append(v)
        if v.status == "active" and v.engagement_level in LEADING:
            d.leaders.append(person.id)
    for k, v in enumerate(d.volunteers):
        others = [pid for pid in d.leaders if pid != v.person_id]
        v.point_person_id = rng.choice(others) if others and d.chance(0.7) else None
        v.recruited_by_id = d.volunteers[rng.randrange(k)].person_id if k > 3 and d.chance(0.4) else None
    d.add(d.volunteers)
    d.counts["volunteers"] = len(d.volunteers)


def _make_voters(d: DemoState) -> None:
    """The county roll: about 40% of demo people are on it, the rest are their neighbors."""
    taken, total = set(d.session.scalars(select(Voter.voter_id))), _roll_size(len(d.people))
    for p in d.people:
        if p.addresses and len(d.voters) < total and d.chance(0.45):
            home, year = p.addresses[0], p.birthdate.year if p.birthdate else None
            place = (home.address_lines[0], home.precinct, home.postal_code)
            d.voters.append(_voter_row(d, taken, (p.given_name, p.additional_name, p.family_name), place, year, p.id))
    while len(d.voters) < total and d.addresses:
        group, (street, line) = pick_group(d), d.addresses.pop()
        family = d.rng.choice(group.family)
        for _ in range(min(d.pick((1, 2, 3, 4), (35, 40, 15, 10)), total - len(d.voters))):
            given = pick_given(d, group, d.pick("fm", (52, 48)))
            names = (given, d.rng.choice(n.MIDDLE_NAMES) if d.chance(0.4) else "", family)
            d.voters.append(_voter_row(d, taken, names, (line, street.precinct, street.postal_code), None, None))
    ids = d.session.scalars(insert(Voter).returning(Voter.id, sort_by_parameter_order=True), d.voters).all()
    reindex_voters(d.session.connection(), ids)
    for row, voter_id in zip(d.voters, ids, strict=True):
        row["id"] = voter_id
        if row["person_id"] is not None:
            d.voter_of[row["person_id"]] = voter_id
    d.counts["voters"] = len(d.voters)


def _voter_row(
    d: DemoState, taken: set[str], names: tuple[str, str, str], place: tuple[str, str, str],
    birth_year: int | None, person_id: int | None,
) -> Voted:
    """One row as the county file has it: capitals, no accents, the address split into parts."""
    given, middle, family = (fold(x).upper() for x in names)
    line, precinct, postal_code = place[0].upper(), place[1], place[2]
    voter_id = f"NC{d.rng.randrange(10**9):09d}"
    while voter_id in taken:
        voter_id = f"NC{d.rng.randrange(10**9):09d}"
    taken.add(voter_id)
    parts = parse_street(line)
    keys = derive_keys(given, family, middle, addresses=[([line], postal_code)])  # matched to people by these
    return {
        "voter_id": voter_id, "given_name": given, "family_name": family, "additional_name": middle,
        "street_address": line, "street_number": parts.number, "street_number_value": parts.number_value,
        "street_name": parts.street, "unit": parts.unit, "street_key": keys.street_keys[0],
        "locality": n.CITY.upper(), "region": n.REGION, "postal_code": postal_code, "precinct": precinct,
        "ward": n.PRECINCT_WARD[precinct], "district": n.PRECINCT_DISTRICT[precinct],
        "party": d.weighted(n.PARTIES), "status": d.pick(("active", "inactive"), (93, 7)),
        "birth_year": birth_year or d.today.year - d.rng.randint(18, 92),
        "name_key": keys.name_key, "family_key": keys.family_key, "person_id": person_id,
        "search_key": voter_search_key(family, given, middle, "", line, parts.unit, voter_id),
    }


def _election_day(year: int) -> date:
    """The general election: the Tuesday after the first Monday in November."""
    first = date(year, 11, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7 + 1)


def _make_prospects(d: DemoState) -> None:
    """One prospect per stage: city races in the next odd year; won and lost ones ran last November."""
    rng, used, year = d.rng, set[int](), d.today.year + (1 - d.today.year % 2)
    upcoming = _election_day(year if _election_day(year) > d.today else year + 2)
    last = max(_election_day(y) for y in range(d.today.year - 2, d.today.year + 1) if _election_day(y) < d.today)
    prospects: list[Prospect] = []
    for k, (stage, office_index, step, note) in enumerate(n.PROSPECT_PLANS):
        office, election = n.OFFICES[office_index], last if stage in ("won", "lost") else upcoming
        person = _resident(d, office.district, used)
        due = d.today + timedelta(days=rng.randint(-21, -2) if k % 3 == 1 else rng.randint(2, 30))
        prospects.append(Prospect(
            person_id=person.id, office=office.office, jurisdiction=office.jurisdiction,
            district=office.district, election_date=election, filing_deadline=election - timedelta(days=109),
            stage=stage, eligibility_notes=note, next_step=step, next_step_due=due if step else None,
            organizer_id=rng.choice(d.leaders), referral_source=rng.choice(n.REFERRAL_SOURCES),
        ))
        d.candidate = person if stage == "trained" else d.candidate
    d.add(prospects)
    d.session.flush()
    changes = [c for p in prospects for c in _stage_history(d, p)]
    d.insert(ProspectStageChange, changes)
    d.counts.update(prospects=len(prospects), stage_changes=len(changes))


def _resident(d: DemoState, district: str, used: set[int]) -> Person:
    """Someone who lives where the office is elected and is not a prospect yet."""
    local = district in n.PRECINCT_DISTRICT.values()
    fits = [p for p in d.people if p.id not in used and p.addresses and not (p.deceased or p.moved)
            and (not local or n.PRECINCT_DISTRICT.get(p.addresses[0].precinct) == district)]
    person = d.rng.choice(fits or [p for p in d.people if p.id not in used])
    used.add(person.id)
    return person


def _stage_history(d: DemoState, prospect: Prospect) -> list[ProspectStageChange]:
    """Every move along the pipeline up to the prospect's stage, a week or a month apart."""
    stage, path = prospect.stage, list(n.PROSPECT_PATH)
    cut = {"withdrew": 3, "not_a_fit": 4, "won": len(path), "lost": len(path)}.get(stage)
    stages = [*path[:cut], stage] if cut else path[: path.index(stage) + 1]
    day = d.today - timedelta(days=d.rng.randint(3, 20))
    if stage in ("won", "lost") and prospect.election_date:
        day = prospect.election_date + timedelta(days=1)
    rows: list[ProspectStageChange] = []
    for before, after in reversed(list(zip(["", *stages], stages, strict=False))):
        rows.append(ProspectStageChange(prospect_id=prospect.id, from_stage=before, to_stage=after, changed_on=day))
        day -= timedelta(days=d.rng.randint(7, 35))
    return rows[::-1]


def _tag_people(d: DemoState) -> None:
    """Tags on a realistic share of people; volunteers carry the activity tags more often."""
    existing = {t.name: t for t in d.session.scalars(select(Tag).where(Tag.name.in_(n.TAGS)))}
    tags = {name: existing.get(name) or Tag(name=name) for name in n.TAGS}
    d.add(t for t in tags.values() if t.id is None)
    d.session.flush()
    busy = {v.person_id for v in d.volunteers if v.status == "active"}
    rows: list[dict[str, int]] = []
    for p in d.people:
        names = [t for t, share in n.TAG_SHARES.items() if d.chance(share * (2.0 if p.id in busy else 1.0))]
        names += ["Spanish speaker"] if "Spanish" in p.languages_spoken and d.chance(0.85) else []
        names += ["Petition circulator"] if p.id in d.circulators else []
        rows.extend({"person_id": p.id, "tag_id": tags[t].id} for t in names)
    d.session.execute(insert(Tagging), rows)
    d.counts.update(tags=len(tags), taggings=len(rows))
