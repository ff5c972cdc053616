"""Two people with records of every kind hanging off them, for merge tests and the merge benchmark."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text, update

from organizer.services.container import Services
from organizer.services.merging import survivor_keys
from organizer.services.person_input import PersonInput
from organizer.services.volunteers import VolunteerInput
from organizer.storage.models import (
    Attendance,
    Base,
    ContactAttempt,
    EmailAddress,
    Event,
    ListMember,
    MergeConflict,
    Person,
    Petition,
    PhoneNumber,
    PossibleDuplicate,
    Prospect,
    Signature,
    Voter,
)
from organizer.storage.models import PersonList as PersonListModel

WHEN = datetime(2026, 5, 1, 18, 0, tzinfo=UTC)
# Columns that change on every write; a dump compares everything else.
MOVING = {"modified_at", "version"}
LEFT_OUT = {"person_merges", "alembic_version"}


def two_people(services: Services, records: int = 3) -> tuple[int, int]:
    """Ana Silva (the survivor) and a second Ana Silva sharing an email, a phone, an event and a tag."""
    people = services.people
    ana = people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["ana@example.org"],
                                 phones=["919-555-0101"], street="12 Main St", postal_code="27601",
                                 tags=["Door knocker"], custom_fields={"Employer": "Library"})).id
    other = people.add(PersonInput(given_name="Ana", family_name="Silva", additional_name="M",
                                   emails=["ana.silva@example.net", "ana@example.org"],
                                   phones=["(984) 555-0199", "919-555-0101"], street="9 Oak Ave",
                                   postal_code="27604", tags=["Door knocker", "Parent"], gender_pronouns="she/her",
                                   flags=["do_not_call"], custom_fields={"Shirt": "M", "Employer": "School"})).id
    services.volunteers.save(ana, VolunteerInput(skills=["Canvassing"], languages=["Portuguese"]))
    services.volunteers.save(other, VolunteerInput(skills=["Driving"], engagement_level="leads_team",
                                                   availability="weekends", recruited_by_id=ana))
    _records(services, ana, other, records)
    return ana, other


def _records(services: Services, ana: int, other: int, count: int) -> None:
    with services.db.write() as session:
        petition = Petition(title="Parks bond")
        lst = PersonListModel(name="Phone bank callers")
        session.add_all([petition, lst])
        session.flush()
        shared = Event(title="Kickoff", starts_at=WHEN)
        session.add(shared)
        session.flush()
        session.add_all([Attendance(event_id=shared.id, person_id=pid, attended=pid == other) for pid in (ana, other)])
        session.add(ListMember(list_id=lst.id, person_id=other))
        for pid in (ana, other):
            for i in range(count):
                event = Event(title=f"Meeting {i}", starts_at=WHEN)
                session.add(event)
                session.flush()
                session.add_all([
                    Attendance(event_id=event.id, person_id=pid, status="registered"),
                    Signature(petition_id=petition.id, person_id=pid, printed_name=f"Ana {i}"),
                    ContactAttempt(person_id=pid, attempted_at=WHEN, channel="door", result_code="canvassed",
                                   canvasser_id=ana if pid == other else other),
                    Prospect(person_id=pid, office=f"Board {i}", organizer_id=other),
                    EmailAddress(person_id=pid, address=f"a{pid}.{i}@example.org"),
                    PhoneNumber(person_id=pid, number=f"+1252555{pid % 10}{i:03d}"),
                ])
        session.add(Voter(voter_id=f"NC{other}", given_name="ANA", family_name="SILVA", person_id=other))
        session.add(MergeConflict(person_id=other, field="gender_pronouns", existing_value="she/her",
                                  incoming_value="they/them"))
        session.add(PossibleDuplicate(person_id=other, other_person_id=ana, reason="same name", score=100.0))
        session.add(Event(title="Led by the other", starts_at=WHEN, contact_id=other))
        session.flush()
        for pid in (ana, other):  # the search text covers the emails and phones added here
            person = session.get_one(Person, pid)
            names = {k: getattr(person, k) for k in ("given_name", "family_name", "additional_name")}
            session.execute(update(Person).where(Person.id == pid)
                            .values(**survivor_keys(session.connection(), pid, names)))


def dump(services: Services) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (but the merges' own record), times that move on each write left out."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with services.db.read() as session:
        for table in Base.metadata.sorted_tables:
            if table.name in LEFT_OUT:
                continue
            columns = [c for c in table.c if c.name not in MOVING]
            rows = session.execute(select(*columns)).all()
            out[table.name] = sorted(tuple(repr(v) for v in r) for r in rows)
    return out


def count(services: Services, sql: str, **params: Any) -> int:
    """One number from SQL."""
    with services.db.read() as session:
        return int(session.execute(text(sql), params).scalar() or 0)

