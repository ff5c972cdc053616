"""A chapter of N people and their related records, made fast with bulk inserts (for the share benchmark).

Per 100 people, about: 95 emails, 85 phones, 90 addresses, 150 taggings, 30 volunteers, 20 list members,
40 attendances, 30 signatures and 50 contact attempts; plus events, shifts, petitions and their sheets,
walk lists and turfs, a voter roll of N/10 that signatures and contact attempts refer to, some merged
people's aliases and some tombstones. Text includes repeated names, risky leading characters and
control characters, so the writer's escaping paths run too.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection

from organizer.domain.text import family_key, name_key
from organizer.services.container import create_chapter
from organizer.storage.models import (
    Attendance,
    ContactAttempt,
    EmailAddress,
    Event,
    ListMember,
    Person,
    PersonAlias,
    PersonList,
    Petition,
    PetitionSheet,
    PhoneNumber,
    PostalAddress,
    Shift,
    Signature,
    Tag,
    Tagging,
    Tombstone,
    Turf,
    Volunteer,
    Voter,
    WalkList,
)
from organizer.storage.models.base import new_uuids
from organizer.storage.models.people import fold_tag_name

GIVEN = ["Maria", "José", "Wei", "Aisha", "John", "Fatima", "Nguyen", "Zoë", "DeShawn", "Ana", "Liam", "Priya"]
FAMILY = ["Garcia", "Smith", "O'Brien", "Nguyen", "Johnson", "Müller", "Okafor", "Silva", "Kim", "Brown"]
TAGS = ["Door knocker", "Phone banker", "Donor", "Union", "Student", "=Formula fan", "Parent", "Tenant"]
CHUNK = 20_000
START = datetime(2025, 1, 1, 9, 30, 15, tzinfo=UTC)


def build(path: Path, people: int, seed: int = 21) -> None:
    """Make the chapter at ``path`` (a new file)."""
    services = create_chapter(path, "Bench Chapter", "US")
    rng = random.Random(seed)
    try:
        with services.db.write() as session:
            conn = session.connection()
            _fill(conn, rng, people)
    finally:
        services.close()


def _ids(conn: Connection, model: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Insert the rows; their new ids, in order."""
    table = model.__table__
    out: list[int] = []
    for start in range(0, len(rows), CHUNK):
        part = rows[start : start + CHUNK]
        if "uuid" in table.c:
            for row, uuid in zip(part, new_uuids(len(part)), strict=True):
                row.setdefault("uuid", uuid)
        last = conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
        conn.execute(insert(table), part)
        out += list(conn.execute(select(table.c.id).where(table.c.id > last).order_by(table.c.id)).scalars())
    return out


def _plain(conn: Connection, model: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        conn.execute(insert(model.__table__), rows[start : start + CHUNK])


def _fill(conn: Connection, rng: random.Random, count: int) -> None:
    people = _ids(conn, Person, [_person(rng, i) for i in range(count)])
    voters = _ids(conn, Voter, [{"voter_id": f"NC{i:09d}", "given_name": rng.choice(GIVEN),
                                 "family_name": rng.choice(FAMILY), "postal_code": f"27{i % 1000:03d}"}
                                for i in range(max(10, count // 10))])
    tags = _ids(conn, Tag, [{"name": t, "folded_name": fold_tag_name(t)} for t in TAGS])
    lists = _ids(conn, PersonList, [{"name": f"List {i}", "kind": "static"} for i in range(5)])
    petitions = _ids(conn, Petition, [{"title": f"Petition {i}", "kind": "ballot_access", "required_signatures": 500}
                                      for i in range(3)])
    sheets = _ids(conn, PetitionSheet, [{"petition_id": petitions[i % 3], "sheet_number": i + 1,
                                         "circulator_id": rng.choice(people), "started_on": date(2025, 3, 1)}
                                        for i in range(max(30, count // 100))])
    events = _ids(conn, Event, [{"title": f"Canvass {i}", "event_type": "canvass", "contact_id": rng.choice(people),
                                 "starts_at": START + timedelta(days=i), "ends_at": START + timedelta(days=i, hours=3),
                                 "location_name": "Union hall", "address": "12 Main St"} for i in range(60)])
    shifts = _ids(conn, Shift, [{"event_id": e, "name": n, "starts_at": START, "capacity": 20}
                                for e in events for n in ("Morning", "Afternoon")])
    walk_lists = _ids(conn, WalkList, [{"name": f"Walk list {i}", "source": "voters", "event_id": events[i],
                                        "criteria": {"precinct": f"P{i}"}} for i in range(10)])
    _ids(conn, Turf, [{"walk_list_id": w, "name": f"Turf {i}", "part": i + 1, "parts": 5, "doors": 40,
                       "people": 60, "canvasser_id": rng.choice(people)} for w in walk_lists for i in range(5)])
    per_person: list[tuple[Any, float, Callable[[int, int], dict[str, Any]]]] = [
        (EmailAddress, 0.95, lambda i, p: {"person_id": p, "address": f"p{i}@example.org", "primary": True,
                                           "status": "unsubscribed" if i % 40 == 0 else "subscribed"}),
        (PhoneNumber, 0.85, lambda i, p: {"person_id": p, "number": f"+1919555{i % 10000:04d}",
                                          "number_type": "mobile" if i % 3 else "home", "primary": True}),
        (PostalAddress, 0.9, lambda i, p: {"person_id": p, "address_lines": [f"{i} Main St", "Apt 2"],
                                           "locality": "Raleigh", "region": "NC", "postal_code": f"0{i % 10000:04d}",
                                           "country": "US", "primary": True, "precinct": f"P{i % 40}"}),
        (Volunteer, 0.3, lambda i, p: {"person_id": p, "status": "active", "engagement_level": "attended",
                                       "skills": ["spanish", "driving"], "started_on": date(2024, 5, 1),
                                       "recruited_by_id": people[i // 2]}),
        (Attendance, 0.4, lambda i, p: {"event_id": events[i % 60], "person_id": p,
                                        "shift_id": shifts[2 * (i % 60)], "status": "confirmed",
                                        "attended": i % 2 == 0, "checked_in_at": START + timedelta(minutes=i)}),
        (Signature, 0.3, lambda i, p: {"petition_id": petitions[0], "sheet_id": sheets[i % len(sheets)],
                                       "line": i % 20 + 1, "person_id": p, "printed_name": f"Ana {i}",
                                       "address_as_written": f"{i} Main St", "postal_code": "02709",
                                       "date_signed": date(2025, 4, 2), "status": "valid",
                                       "voter_row_id": voters[i % len(voters)], "match_score": 0.93}),
        (ContactAttempt, 0.5, lambda i, p: {"person_id": p, "voter_row_id": voters[i % len(voters)],
                                            "attempted_at": START + timedelta(seconds=i), "channel": "door",
                                            "result_code": "contacted", "support_level": 1 + i % 5,
                                            "survey_answers": {"q1": "yes"}, "walk_list_id": walk_lists[i % 10],
                                            "notes": "+ said come back" if i % 7 == 0 else ""}),
    ]
    for model, share, make in per_person:
        _plain(conn, model, [make(i, p) for i, p in enumerate(people) if rng.random() < share])
    _plain(conn, Tagging, [{"person_id": p, "tag_id": t} for p in people
                           for t in rng.sample(tags, rng.choice((1, 1, 2, 2, 3)))])
    _plain(conn, ListMember, [{"list_id": rng.choice(lists), "person_id": p} for p in people if rng.random() < 0.2])
    _plain(conn, PersonAlias, [{"uuid": u, "person_id": p} for u, p in
                               zip(new_uuids(count // 100), rng.sample(people, count // 100), strict=True)])
    _plain(conn, Tombstone, [{"uuid": u, "kind": "person", "deleted_at": START} for u in new_uuids(count // 100)])


def _person(rng: random.Random, i: int) -> dict[str, Any]:
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    return {"given_name": given, "family_name": family, "name_key": name_key(given, family),
            "family_key": family_key(family), "birthdate": date(1950 + i % 50, 1 + i % 12, 1 + i % 28),
            "languages_spoken": ["en", "es"] if i % 4 == 0 else [],
            "custom_fields": {"Shirt": "XL", "Ward": str(i % 9)} if i % 5 == 0 else {},
            "notes": "=cmd|' /C calc'!A0" if i % 97 == 0 else ("line one\nline\ttwo\x07" if i % 89 == 0 else ""),
            "source": "bench", "do_not_call": i % 50 == 0, "deceased": i % 500 == 0,
            "last_contacted_at": START + timedelta(hours=i % 1000, microseconds=i)}
