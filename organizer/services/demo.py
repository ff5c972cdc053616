"""Fill a chapter database with a realistic, seeded demo chapter in a fictional NC county."""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from organizer.domain.addresses import parse_street, street_key
from organizer.domain.phones import normalize_phone
from organizer.domain.text import family_key, fold, name_key, tidy_name
from organizer.errors import ValidationFailed
from organizer.services import demo_names as n
from organizer.services.person_input import refresh_keys
from organizer.services.progress import NO_PROGRESS, Progress
from organizer.storage.database import Database
from organizer.storage.models import (
    Attendance,
    ContactAttempt,
    EmailAddress,
    Event,
    Person,
    Petition,
    PetitionSheet,
    PhoneNumber,
    PostalAddress,
    Prospect,
    ProspectStageChange,
    Shift,
    Signature,
    Tag,
    Tagging,
    Volunteer,
    Voter,
)

SOURCE = "demo"
MIN_PEOPLE = 30  # enough for twelve prospects, team leads and circulators
TIME_ZONE = "America/New_York"
_ZONE = ZoneInfo(TIME_ZONE)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_LEADING = ("led_shift", "leads_team")
T = TypeVar("T")
Voted = dict[str, Any]  # a voter-roll row as inserted, with its database id
Held = tuple[Event, list[Shift], bool, tuple[str, ...]]  # event, its shifts, in the past?, precincts walked


@dataclass
class _Demo:
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
    ids: dict[type[Any], int] = field(default_factory=dict)

    def pick(self, items: Sequence[T], weights: Sequence[float]) -> T:
        return self.rng.choices(items, weights)[0]

    def weighted(self, table: Mapping[T, float]) -> T:
        return self.rng.choices(list(table), list(table.values()))[0]

    def chance(self, share: float) -> bool:
        return self.rng.random() < share

    def next_id(self, model: type[Any]) -> int:
        if model not in self.ids:
            with self.session.no_autoflush:
                self.ids[model] = (self.session.scalar(select(func.max(model.id))) or 0) + 1
        self.ids[model] += 1
        return self.ids[model] - 1

    def add(self, rows: Iterable[Any]) -> None:
        """Add rows with their ids chosen up front: SQLite then inserts each table in one executemany."""
        for row in rows:
            row.id = self.next_id(type(row))
            self.session.add(row)

    def insert(self, model: type[Any], rows: Sequence[Any]) -> None:
        """Insert leaf rows nothing else will change, without the unit of work's bookkeeping."""
        values = [{k: v for k, v in vars(row).items() if not k.startswith("_")} for row in rows]
        if values:
            self.session.execute(insert(model), values)


def fill_demo(
    db: Database, *, seed: int = 7, people: int = 300, today: date | None = None, progress: Progress = NO_PROGRESS
) -> dict[str, int]:
    """Add a whole demo chapter (people, voters, petitions, events...) in one transaction; returns counts.

    The same seed and `today` give the same chapter. Existing records are kept: new emails, phone
    numbers and voter ids never clash with them, and existing tags are reused.
    """
    if people < MIN_PEOPLE:
        raise ValidationFailed({"people": f"A demo chapter needs at least {MIN_PEOPLE} people."})
    steps = (
        ("Adding people", _make_people), ("Adding volunteers", _make_volunteers),
        ("Adding the voter roll", _make_voters), ("Adding prospects", _make_prospects),
        ("Adding petitions", _make_petitions), ("Tagging people", _tag_people),
        ("Adding events", _make_events), ("Adding attendance", _make_attendances),
        ("Adding canvass results", _make_contacts),
    )
    with db.write() as session:
        d = _Demo(random.Random(seed), today or date.today(), session, people)
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


def _roll_size(people: int) -> int:
    return max(1200, 4 * people)


def _at(day: date, hour: float) -> datetime:
    """A wall-clock time in the chapter's county, as an aware UTC datetime."""
    return datetime.combine(day, time(int(hour), int(hour % 1 * 60)), _ZONE).astimezone(UTC)


def _ascii(value: str) -> str:
    return _NON_ALNUM.sub("", fold(value))


def _group(d: _Demo) -> n.NameGroup:
    groups = list(n.NAME_GROUPS.values())
    return d.pick(groups, [g.weight for g in groups])


def _given(d: _Demo, group: n.NameGroup, gender: str, avoid: str = "") -> str:
    names = n.NEUTRAL_GIVEN if gender == "x" else group.female if gender == "f" else group.male
    return d.rng.choice([g for g in names if g != avoid] or names)


def _make_people(d: _Demo) -> None:
    """Households: mostly one person, some couples sharing a family name, an address and maybe an email."""
    while len(d.people) < d.target:
        group = _group(d)
        family = d.rng.choice(group.family)
        address = d.addresses.pop() if d.chance(0.9) else None
        size = min(2 if d.chance(0.14) else 1, d.target - len(d.people))
        shared = _new_email(d, f"the{_ascii(family)}s") if size == 2 and d.chance(0.6) else ""
        first = ""
        for _ in range(size):
            person = _person(d, _group(d) if d.chance(0.05) else group, group, family, first)
            _contacts(d, person, address, shared)
            first = person.given_name
            d.people.append(person)
    d.add(d.people)
    d.add(child for p in d.people for child in (*p.emails, *p.phones, *p.addresses))
    d.by_id = {p.id: p for p in d.people}
    d.counts.update(people=len(d.people), addresses=sum(len(p.addresses) for p in d.people),
                    emails=sum(len(p.emails) for p in d.people), phones=sum(len(p.phones) for p in d.people))


def _person(d: _Demo, group: n.NameGroup, home: n.NameGroup, family: str, partner: str) -> Person:
    rng, gender = d.rng, d.pick("fmx", (50, 46, 4))
    languages = ["English"]
    if home.language and d.chance(home.language_share):
        languages = [home.language] if d.chance(0.1) else ["English", home.language]
    pronouns = {"f": ("she/her", "she/they"), "m": ("he/him", "he/they")}.get(gender, ("they/them",))
    fields = {"T-shirt size": n.SHIRT_SIZES, "Employer": n.EMPLOYERS}
    person = Person(
        given_name=_given(d, group, gender, partner), family_name=family, source=SOURCE,
        additional_name=rng.choice(n.MIDDLE_NAMES) if d.chance(0.15) else "", languages_spoken=languages,
        honorific_suffix=rng.choice(n.SUFFIXES) if gender == "m" and d.chance(0.04) else "",
        gender_pronouns=rng.choice(pronouns) if gender == "x" or d.chance(0.25) else "",
        birthdate=date(d.today.year - rng.randint(18, 84), rng.randint(1, 12), rng.randint(1, 28))
        if d.chance(0.55) else None,
        notes=rng.choice(n.PERSON_NOTES) if d.chance(0.12) else "",
        custom_fields={k: rng.choice(v) for k, v in fields.items() if d.chance(0.22)},
        created_at=_at(d.today - timedelta(days=rng.randint(0, 900)), rng.randint(9, 21)),
    )
    for flag, share in n.FLAG_SHARES.items():
        setattr(person, flag, d.chance(share))
    return person


def _contacts(d: _Demo, person: Person, address: tuple[n.Street, str] | None, shared: str) -> None:
    """Address, emails and phones of a new person (a phone is never shared), then its keys."""
    person.addresses = []
    if address is not None:
        street, line = address
        person.addresses = [PostalAddress(
            address_lines=[line], locality=n.CITY, region=n.REGION, postal_code=street.postal_code,
            country="US", primary=True, street_key=street_key(line), precinct=street.precinct,
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


def _local_part(d: _Demo, person: Person) -> str:
    g, f = _ascii(person.given_name) or "friend", _ascii(person.family_name) or "neighbor"
    return d.weighted(n.EMAIL_PATTERNS).format(g=g, f=f, i=g[0], y=d.rng.randint(1, 99))


def _new_email(d: _Demo, local: str) -> str:
    """A fresh address at one of the example domains, never one already taken."""
    email = f"{local}@{d.rng.choice(n.EMAIL_DOMAINS)}"
    while email in d.emails:
        email = f"{local}{d.rng.randint(2, 999)}@{d.rng.choice(n.EMAIL_DOMAINS)}"
    d.emails.add(email)
    return email


def _make_volunteers(d: _Demo) -> None:
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
        if v.status == "active" and v.engagement_level in _LEADING:
            d.leaders.append(person.id)
    for k, v in enumerate(d.volunteers):
        others = [pid for pid in d.leaders if pid != v.person_id]
        v.point_person_id = rng.choice(others) if others and d.chance(0.7) else None
        v.recruited_by_id = d.volunteers[rng.randrange(k)].person_id if k > 3 and d.chance(0.4) else None
    d.add(d.volunteers)
    d.counts["volunteers"] = len(d.volunteers)


def _make_voters(d: _Demo) -> None:
    """The county roll: about 40% of demo people are on it, the rest are their neighbors."""
    taken, total = set(d.session.scalars(select(Voter.voter_id))), _roll_size(len(d.people))
    for p in d.people:
        if p.addresses and len(d.voters) < total and d.chance(0.45):
            home, year = p.addresses[0], p.birthdate.year if p.birthdate else None
            place = (home.address_lines[0], home.precinct, home.postal_code)
            d.voters.append(_voter_row(d, taken, (p.given_name, p.additional_name, p.family_name), place, year, p.id))
    while len(d.voters) < total and d.addresses:
        group, (street, line) = _group(d), d.addresses.pop()
        family = d.rng.choice(group.family)
        for _ in range(min(d.pick((1, 2, 3, 4), (35, 40, 15, 10)), total - len(d.voters))):
            names = (_given(d, group, d.pick("fm", (52, 48))), d.rng.choice(n.MIDDLE_NAMES) if d.chance(0.4) else "",
                     family)
            d.voters.append(_voter_row(d, taken, names, (line, street.precinct, street.postal_code), None, None))
    for row in d.voters:
        row["id"] = d.next_id(Voter)
        if row["person_id"] is not None:
            d.voter_of[row["person_id"]] = row["id"]
    d.session.execute(insert(Voter), d.voters)
    d.counts["voters"] = len(d.voters)


def _voter_row(
    d: _Demo, taken: set[str], names: tuple[str, str, str], place: tuple[str, str, str],
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
    return {
        "voter_id": voter_id, "given_name": given, "family_name": family, "additional_name": middle,
        "street_address": line, "street_number": parts.number, "street_number_value": parts.number_value,
        "street_name": parts.street, "unit": parts.unit, "street_key": street_key(line),
        "locality": n.CITY.upper(), "region": n.REGION, "postal_code": postal_code, "precinct": precinct,
        "ward": n.PRECINCT_WARD[precinct], "district": n.PRECINCT_DISTRICT[precinct],
        "party": d.weighted(n.PARTIES), "status": d.pick(("active", "inactive"), (93, 7)),
        "birth_year": birth_year or d.today.year - d.rng.randint(18, 92),
        "name_key": name_key(given, family), "family_key": family_key(family), "person_id": person_id,
    }


def _election_day(year: int) -> date:
    """The general election: the Tuesday after the first Monday in November."""
    first = date(year, 11, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7 + 1)


def _make_prospects(d: _Demo) -> None:
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


def _resident(d: _Demo, district: str, used: set[int]) -> Person:
    """Someone who lives where the office is elected and is not a prospect yet."""
    local = district in n.PRECINCT_DISTRICT.values()
    fits = [p for p in d.people if p.id not in used and p.addresses and not (p.deceased or p.moved)
            and (not local or n.PRECINCT_DISTRICT.get(p.addresses[0].precinct) == district)]
    person = d.rng.choice(fits or [p for p in d.people if p.id not in used])
    used.add(person.id)
    return person


def _stage_history(d: _Demo, prospect: Prospect) -> list[ProspectStageChange]:
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


def _make_petitions(d: _Demo) -> None:
    who = d.candidate or d.people[0]
    name = f"{who.given_name} {who.family_name}"
    issue = Petition(title="Fund our public libraries", text=n.LIBRARY_PETITION_TEXT, kind="issue",
                     jurisdiction=n.COUNTY, required_signatures=0, target_buffer=1.0)
    ballot = Petition(
        title=f"Nominating petition: {name} for City Council", kind="ballot_access",
        text=f"We, registered voters of District 2, nominate {name} for {n.CITY} City Council, District 2.",
        jurisdiction=f"City of {n.CITY}", district="District 2", required_signatures=250,
        deadline=d.today + timedelta(days=75), target_buffer=1.4,
    )
    d.add((issue, ballot))
    d.session.flush()
    sheets = _sheets(d, ballot)
    signatures = _issue_signatures(d, issue) + _ballot_signatures(d, ballot, sheets)
    d.insert(Signature, signatures)
    d.counts.update(petitions=2, sheets=len(sheets), signatures=len(signatures))


def _signer(d: _Demo, who: Person | Voted) -> dict[str, Any]:
    """Signature fields as the signer wrote them: their own spelling, the street word maybe spelled out."""
    if isinstance(who, Person):
        line, postal = (who.addresses[0].address_lines[0], who.addresses[0].postal_code) if who.addresses else ("", "")
        return {"printed_name": f"{who.given_name} {who.family_name}", "address_as_written": line,
                "postal_code": postal, "person_id": who.id, "voter_id": d.voter_of.get(who.id)}
    person = d.by_id.get(who["person_id"] or 0)
    line = tidy_name(who["street_address"])
    if d.chance(0.3):
        line = re.sub(r"\b(St|Ave|Rd|Dr)$", lambda m: n.STREET_WORDS[m.group(1)], line)
    name = f"{person.given_name} {person.family_name}" if person else tidy_name(f"{who['given_name']} "
                                                                                f"{who['family_name']}")
    return {"printed_name": name, "address_as_written": line, "postal_code": who["postal_code"],
            "person_id": who["person_id"], "voter_id": who["id"]}


def _issue_signatures(d: _Demo, petition: Petition) -> list[Signature]:
    """Signers at the library rally and tables: members and neighbors, some already checked."""
    signers: list[Person | Voted] = [*d.rng.sample(d.people, min(40, len(d.people))), *d.rng.sample(d.voters, 30)]
    out: list[Signature] = []
    for who in signers:
        fields, signed = _signer(d, who), d.today - timedelta(days=d.rng.randint(60, 130))
        valid = fields["voter_id"] is not None and d.chance(0.4)
        fields.update(voter_id=fields["voter_id"] if valid else None, status="valid" if valid else "unchecked",
                      checked_at=_at(signed + timedelta(days=9), 20) if valid else None)
        out.append(Signature(petition_id=petition.id, date_signed=signed, **fields))
    return out


def _sheets(d: _Demo, petition: Petition) -> list[PetitionSheet]:
    """Ten sheets, two per circulator; the older six checked, two missing the circulator statement."""
    active = [v.person_id for v in d.volunteers if v.status == "active" and v.engagement_level in _LEADING]
    d.circulators = (active or [v.person_id for v in d.volunteers])[:5]
    sheets = [
        PetitionSheet(
            petition_id=petition.id, sheet_number=k, circulator_id=d.circulators[(k - 1) // 2 % len(d.circulators)],
            started_on=d.today - timedelta(days=70 - 6 * k), finished_on=d.today - timedelta(days=64 - 6 * k),
            circulator_statement_complete=k not in (8, 10), notarized=k <= 6,
            status="checked" if k <= 6 else "collected",
            notes="Circulator statement not signed yet: fix before filing." if k in (8, 10) else "",
        )
        for k in range(1, 11)
    ]
    d.add(sheets)
    d.session.flush()
    return sheets


def _ballot_signatures(d: _Demo, petition: Petition, sheets: list[PetitionSheet]) -> list[Signature]:
    pools: dict[tuple[str, str], list[Voted]] = {}
    for voter in d.voters:
        pools.setdefault((voter["district"], voter["status"]), []).append(voter)
    for pool in pools.values():
        d.rng.shuffle(pool)
    signed: list[Voted] = []
    out: list[Signature] = []
    for sheet in sheets:
        for line in range(1, (15 if d.chance(0.7) else d.rng.randint(11, 14)) + 1):
            outcome = d.weighted(n.CHECK_OUTCOMES) if sheet.status == "checked" else "unchecked"
            sig = _signature_line(d, outcome, pools, signed)
            sig.petition_id, sig.sheet_id, sig.line = petition.id, sheet.id, line
            sig.date_signed = (sheet.started_on or d.today) + timedelta(days=d.rng.randint(0, 6))
            if outcome != "unchecked":
                sig.checked_at = _at((sheet.finished_on or d.today) + timedelta(days=3), 20)
            out.append(sig)
    return out


def _signature_line(
    d: _Demo, outcome: str, pools: dict[tuple[str, str], list[Voted]], signed: list[Voted]
) -> Signature:
    """One line on a sheet and what the check found, matched to the voter roll where it could be."""
    if outcome == "illegible":
        return Signature(status=outcome, review_note="Name and address cannot be read.")
    if outcome == "not_registered":
        group = _group(d)
        street = d.rng.choice([s for s in n.STREETS if n.PRECINCT_DISTRICT[s.precinct] == "District 2"])
        return Signature(status=outcome, printed_name=f"{_given(d, group, 'f')} {d.rng.choice(group.family)}",
                         address_as_written=f"{d.rng.randint(100, 3000)} {street.name}",
                         postal_code=street.postal_code, review_note="No match on the voter roll.")
    outcome = "valid" if outcome == "duplicate" and not signed else outcome
    key = ("District 1" if outcome == "outside_district" else "District 2",
           "inactive" if outcome == "inactive" else "active")
    voter = d.rng.choice(signed) if outcome == "duplicate" else pools[key].pop()
    sig = Signature(status=outcome, match_score=1.0, **_signer(d, voter))
    if outcome == "valid":
        signed.append(voter)
    if outcome == "unchecked":
        sig.voter_id, sig.match_score = None, None
    elif outcome == "needs_review":
        given = sig.printed_name.split(" ")[0]
        sig.printed_name = sig.printed_name.replace(given, given[:-1] if len(given) > 3 else given + "e", 1)
        sig.match_score, sig.review_note = round(d.rng.uniform(0.7, 0.86), 2), "Spelling differs from the roll."
    elif outcome == "duplicate":
        sig.review_note = "Signed earlier on another sheet."
    return sig


def _tag_people(d: _Demo) -> None:
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


def _second_tuesday(today: date, months: int) -> date:
    year, month = divmod(today.year * 12 + today.month - 1 + months, 12)
    first = date(year, month + 1, 1)
    return first + timedelta(days=(1 - first.weekday()) % 7 + 7)


def _make_events(d: _Demo) -> None:
    """Monthly meetings from five months back to three ahead, and the campaign's other events."""
    meetings = [
        n.EventPlan(f"{n.MEETING_TITLE}: {day:%B}", "meeting", (day - d.today).days, 19, 1.5,
                    n.MEETING_LOCATIONS[k % 4], k % 2 == 0, 60, "confirmed")
        for k, day in ((k, _second_tuesday(d.today, k)) for k in range(-5, 4))
    ]
    for plan in [*meetings, *n.EVENT_PLANS]:
        day = d.today + timedelta(days=plan.day_offset)
        if plan.event_type in ("canvass", "rally", "voter_registration"):
            day += timedelta(days=(5 - day.weekday()) % 7)  # a Saturday
        (place, address), starts = n.LOCATIONS[plan.location], _at(day, plan.hour)
        event = Event(
            title=plan.title, event_type=plan.event_type, description=n.EVENT_DESCRIPTIONS[plan.event_type],
            starts_at=starts, ends_at=starts + timedelta(hours=plan.hours), time_zone=TIME_ZONE,
            location_name=place, address=address, virtual_link=n.VIRTUAL_LINK if plan.virtual else "",
            capacity=plan.capacity, contact_id=d.rng.choice(d.leaders), status=plan.status,
            visibility="private" if plan.event_type == "house_party" else "public",
        )
        d.events.append((event, [], day < d.today, plan.precincts))
    d.add(e for e, *_ in d.events)
    d.session.flush()
    for event, shifts, *_ in d.events:
        if event.event_type == "canvass":
            shifts.extend(Shift(event_id=event.id, name=name, capacity=d.rng.randint(8, 15),
                                starts_at=event.starts_at + timedelta(hours=at),
                                ends_at=event.starts_at + timedelta(hours=at + length))
                          for name, at, length in n.CANVASS_SHIFTS[: d.rng.choice((2, 3))])
            event.ends_at = shifts[-1].ends_at
            d.add(shifts)
    d.counts.update(events=len(d.events), shifts=sum(len(s) for _, s, *_ in d.events))


def _make_attendances(d: _Demo) -> None:
    """Who came (or will): a weighted draw that favours active volunteers."""
    weight = {v.person_id: 4.0 if v.status == "active" else 1.5 for v in d.volunteers}
    people = [p.id for p in d.people if not (p.deceased or p.moved)]
    rows: list[Attendance] = []
    for event, shifts, past, _ in d.events:
        low, high = n.EVENT_SIZES[event.event_type]
        size = min(len(people), d.rng.randint(low, high) * (3 if past else 2) // 3)
        keys = {pid: d.rng.random() ** (1 / weight.get(pid, 1.0)) for pid in people}
        chosen = sorted(people, key=lambda pid: -keys[pid])[:size]
        rows.extend(_attendance(d, event, shifts, past, i, pid) for i, pid in enumerate(chosen))
    d.insert(Attendance, rows)
    d.counts["attendances"] = len(rows)


def _attendance(d: _Demo, event: Event, shifts: list[Shift], past: bool, i: int, pid: int) -> Attendance:
    shift = shifts[i % len(shifts)] if shifts else None
    row = Attendance(event_id=event.id, person_id=pid, shift_id=shift.id if shift else None, source=SOURCE,
                     walk_in=False, status="registered", attended=None, checked_in_at=None, role="", comment="")
    if shift is not None:
        row.role = "Shift lead" if i < len(shifts) else "Canvasser"
    elif event.event_type == "meeting" and i < len(n.ROLES):
        row.role = n.ROLES[i]
    if not past:
        row.status = d.pick(("invited", "registered", "confirmed"), (25, 45, 30))
    if not past or event.status == "cancelled":
        return row
    roll = d.rng.random()
    if roll < 0.08:
        row.attended, row.walk_in = True, True
    elif roll < 0.13:
        row.status, row.attended = d.rng.choice(("cancelled", "declined")), False
    else:
        row.status = d.pick(("registered", "confirmed"), (55, 45))
        row.attended = d.chance(0.85 if row.status == "confirmed" else 0.62)
    if row.attended:
        start = shift.starts_at if shift is not None and shift.starts_at else event.starts_at
        row.checked_in_at = start + timedelta(minutes=d.rng.randint(-10, 25))
        row.comment = d.rng.choice(("", "", "", "Brought a friend.", "Left early."))
        d.attended.setdefault(event.id, []).append(pid)
    return row


def _make_contacts(d: _Demo) -> None:
    """Door knocks from past canvasses and calls from the past phone bank; people remember the last one."""
    attempts: list[ContactAttempt] = []
    for event, _, past, precincts in d.events:
        if past and event.status == "confirmed" and event.event_type == "canvass":
            attempts += _doors(d, event, precincts)
        elif past and event.status == "confirmed" and event.event_type == "phone_bank":
            attempts += _calls(d, event)
    d.insert(ContactAttempt, attempts)
    for a in attempts:
        person = d.by_id.get(a.person_id or 0)
        if person is not None:
            person.last_contacted_at = max(a.attempted_at, person.last_contacted_at or a.attempted_at)
            person.do_not_call = person.do_not_call or a.result_code == "do_not_call"
    d.counts["contact_attempts"] = len(attempts)


def _workers(d: _Demo, event: Event) -> list[int]:
    volunteers = {v.person_id for v in d.volunteers}
    return [pid for pid in d.attended.get(event.id, []) if pid in volunteers] or d.leaders


def _doors(d: _Demo, event: Event, precincts: tuple[str, ...]) -> list[ContactAttempt]:
    """About 80 doors in the canvass's precincts, walked in street order, 20 to a canvasser."""
    walkers = _workers(d, event)
    turf = [v for v in d.voters if v["precinct"] in precincts and v["status"] == "active"]
    doors = sorted(d.rng.sample(turf, min(80, len(turf))), key=lambda v: (v["street_name"], v["street_number_value"]))
    out: list[ContactAttempt] = []
    for k, voter in enumerate(doors):
        person = d.by_id.get(voter["person_id"] or 0)
        if person is not None and person.do_not_walk:
            continue
        result: str = d.weighted(n.DOOR_RESULTS)
        if person is not None and result in ("moved", "deceased", "do_not_walk"):
            result = "not_home"  # a member we know is home and alive
        when = event.starts_at + timedelta(minutes=10 + (k % 20) * 6)
        out.append(_attempt(d, when, "door", result, voter["person_id"], voter["id"], walkers[k // 20 % len(walkers)]))
    return out


def _calls(d: _Demo, event: Event) -> list[ContactAttempt]:
    callers = _workers(d, event)
    reachable = [p for p in d.people if p.phones and not (p.do_not_call or p.deceased)]
    out: list[ContactAttempt] = []
    for k, p in enumerate(d.rng.sample(reachable, min(70, len(reachable)))):
        when = event.starts_at + timedelta(minutes=5 + (k % 12) * 10)
        out.append(_attempt(d, when, "phone", d.weighted(n.PHONE_RESULTS), p.id, d.voter_of.get(p.id),
                            callers[k % len(callers)]))
    return out


def _attempt(
    d: _Demo, when: datetime, channel: str, result: str, person_id: int | None, voter_id: int | None, by: int
) -> ContactAttempt:
    talked = result == "canvassed"
    answers = {"top_issue": d.rng.choice(n.SURVEY_ISSUES), "will_volunteer": d.pick(("yes", "no", "maybe"),
                                                                                     (15, 60, 25))}
    return ContactAttempt(
        person_id=person_id, voter_id=voter_id, attempted_at=when, channel=channel, result_code=result,
        support_level=d.weighted(n.SUPPORT_LEVELS) if talked else None, survey_answers=answers if talked else {},
        canvasser_id=by, notes="Asked for a yard sign." if talked and d.chance(0.1) else "",
    )
