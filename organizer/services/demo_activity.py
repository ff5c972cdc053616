"""Demo chapter activity: petitions with their sheets and signatures, events, shifts, attendance, canvassing."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from organizer.domain.text import tidy_name
from organizer.services import demo_names as n
from organizer.services.events.growth import raise_levels
from organizer.storage.models import (
    Attendance,
    ContactAttempt,
    Event,
    Person,
    Petition,
    PetitionSheet,
    Shift,
    Signature,
)

if TYPE_CHECKING:
    from organizer.services.demo import DemoState

SOURCE = "demo"
TIME_ZONE = "America/New_York"
ZONE = ZoneInfo(TIME_ZONE)
LEADING = ("led_shift", "leads_team")
Voted = dict[str, Any]  # a voter-roll row as inserted, with its database id
Held = tuple[Event, list[Shift], bool, tuple[str, ...]]  # event, its shifts, in the past?, precincts walked


def at(day: date, hour: float) -> datetime:
    """A wall-clock time in the chapter's county, as an aware UTC datetime."""
    return datetime.combine(day, time(int(hour), int(hour % 1 * 60)), ZONE).astimezone(UTC)


def pick_group(d: DemoState) -> n.NameGroup:
    groups = list(n.NAME_GROUPS.values())
    return d.pick(groups, [g.weight for g in groups])


def pick_given(d: DemoState, group: n.NameGroup, gender: str, avoid: str = "") -> str:
    names = n.NEUTRAL_GIVEN if gender == "x" else group.female if gender == "f" else group.male
    return d.rng.choice([g for g in names if g != avoid] or names)


def make_petitions(d: DemoState) -> None:
    """A library issue petition and the candidate's nominating petition, with sheets and signatures."""
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


def _signer(d: DemoState, who: Person | Voted) -> dict[str, Any]:
    """Signature fields as the signer wrote them: their own spelling, the street word maybe spelled out."""
    if isinstance(who, Person):
        line, postal = (who.addresses[0].address_lines[0], who.addresses[0].postal_code) if who.addresses else ("", "")
        return {"printed_name": f"{who.given_name} {who.family_name}", "address_as_written": line,
                "postal_code": postal, "person_id": who.id, "voter_row_id": d.voter_of.get(who.id)}
    person = d.by_id.get(who["person_id"] or 0)
    line = tidy_name(who["street_address"])
    if d.chance(0.3):
        line = re.sub(r"\b(St|Ave|Rd|Dr)$", lambda m: n.STREET_WORDS[m.group(1)], line)
    name = f"{person.given_name} {person.family_name}" if person else tidy_name(f"{who['given_name']} "
                                                                                f"{who['family_name']}")
    return {"printed_name": name, "address_as_written": line, "postal_code": who["postal_code"],
            "person_id": who["person_id"], "voter_row_id": who["id"]}


def _issue_signatures(d: DemoState, petition: Petition) -> list[Signature]:
    """Signers at the library rally and tables: members and neighbors, some already checked."""
    signers: list[Person | Voted] = [*d.rng.sample(d.people, min(40, len(d.people))), *d.rng.sample(d.voters, 30)]
    out: list[Signature] = []
    for who in signers:
        fields, signed = _signer(d, who), d.today - timedelta(days=d.rng.randint(60, 130))
        valid = fields["voter_row_id"] is not None and d.chance(0.4)
        fields.update(voter_row_id=fields["voter_row_id"] if valid else None, status="valid" if valid else "unchecked",
                      checked_at=at(signed + timedelta(days=9), 20) if valid else None)
        out.append(Signature(petition_id=petition.id, date_signed=signed, **fields))
    return out


def _sheets(d: DemoState, petition: Petition) -> list[PetitionSheet]:
    """Ten sheets, two per circulator; the older six checked, two missing the circulator statement."""
    active = [v.person_id for v in d.volunteers if v.status == "active" and v.engagement_level in LEADING]
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


def _ballot_signatures(d: DemoState, petition: Petition, sheets: list[PetitionSheet]) -> list[Signature]:
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
                sig.checked_at = at((sheet.finished_on or d.today) + timedelta(days=3), 20)
            out.append(sig)
    return out


def _signature_line(
    d: DemoState, outcome: str, pools: dict[tuple[str, str], list[Voted]], signed: list[Voted]
) -> Signature:
    """One line on a sheet and what the check found, matched to the voter roll where it could be."""
    if outcome == "illegible":
        return Signature(status=outcome, review_note="Name and address cannot be read.")
    if outcome == "not_registered":
        group = pick_group(d)
        street = d.rng.choice([s for s in n.STREETS if n.PRECINCT_DISTRICT[s.precinct] == "District 2"])
        return Signature(status=outcome, printed_name=f"{pick_given(d, group, 'f')} {d.rng.choice(group.family)}",
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
        sig.voter_row_id, sig.match_score = None, None
    elif outcome == "needs_review":
        given = sig.printed_name.split(" ")[0]
        sig.printed_name = sig.printed_name.replace(given, given[:-1] if len(given) > 3 else given + "e", 1)
        sig.match_score, sig.review_note = round(d.rng.uniform(0.7, 0.86), 2), "Spelling differs from the roll."
    elif outcome == "duplicate":
        sig.review_note = "Signed earlier on another sheet."
    return sig


def _second_tuesday(today: date, months: int) -> date:
    year, month = divmod(today.year * 12 + today.month - 1 + months, 12)
    first = date(year, month + 1, 1)
    return first + timedelta(days=(1 - first.weekday()) % 7 + 7)


def make_events(d: DemoState) -> None:
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
        (place, address), starts = n.LOCATIONS[plan.location], at(day, plan.hour)
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


def make_attendances(d: DemoState) -> None:
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
    d.session.flush()
    # Profiles stand where attendance puts them, as after a real chapter's check-ins (raised, never lowered).
    raise_levels(d.session, {row.person_id for row in rows if row.attended})


def _attendance(d: DemoState, event: Event, shifts: list[Shift], past: bool, i: int, pid: int) -> Attendance:
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


def make_contacts(d: DemoState) -> None:
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


def _workers(d: DemoState, event: Event) -> list[int]:
    volunteers = {v.person_id for v in d.volunteers}
    return [pid for pid in d.attended.get(event.id, []) if pid in volunteers] or d.leaders


def _doors(d: DemoState, event: Event, precincts: tuple[str, ...]) -> list[ContactAttempt]:
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


def _calls(d: DemoState, event: Event) -> list[ContactAttempt]:
    callers = _workers(d, event)
    reachable = [p for p in d.people if p.phones and not (p.do_not_call or p.deceased)]
    out: list[ContactAttempt] = []
    for k, p in enumerate(d.rng.sample(reachable, min(70, len(reachable)))):
        when = event.starts_at + timedelta(minutes=5 + (k % 12) * 10)
        out.append(_attempt(d, when, "phone", d.weighted(n.PHONE_RESULTS), p.id, d.voter_of.get(p.id),
                            callers[k % len(callers)]))
    return out


def _attempt(
    d: DemoState, when: datetime, channel: str, result: str, person_id: int | None, voter_row_id: int | None, by: int
) -> ContactAttempt:
    talked = result == "canvassed"
    answers = {"top_issue": d.rng.choice(n.SURVEY_ISSUES), "will_volunteer": d.pick(("yes", "no", "maybe"),
                                                                                     (15, 60, 25))}
    return ContactAttempt(
        person_id=person_id, voter_row_id=voter_row_id, attempted_at=when, channel=channel, result_code=result,
        support_level=d.weighted(n.SUPPORT_LEVELS) if talked else None, survey_answers=answers if talked else {},
        canvasser_id=by, notes="Asked for a yard sign." if talked and d.chance(0.1) else "",
    )
