"""The columns a full export writes, read back by the people import even when a sheet was edited by hand."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from organizer.services.container import Services
from organizer.storage.models import Person, PhoneNumber, Volunteer


def people(services: Services) -> list[Person]:
    with services.db.read() as session:
        found = list(session.scalars(select(Person).order_by(Person.id)))
        for p in found:
            _ = (p.phones, p.emails, p.addresses)
        return found


def test_details_follow_their_own_number_even_when_another_value_is_bad(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "edited.csv"
    path.write_text("First Name,Phone,Phone type,Phone 2,Phone 2 type,Phone 2 texts,Email,Email status,Email 2,"
                    "Email 2 status\n"
                    "Ana,555-12,Home,(919) 555-0100,Work,no,not-an-email,Bouncing,ana@example.org,Unsubscribed\n",
                    encoding="utf-8")
    report = services.imports.run(path, "people")
    assert report.created == 1 and len(report.warnings) == 2  # the bad phone and email, kept as typed
    (ana,) = people(services)
    assert [(p.number, p.number_type, p.sms_capable) for p in ana.phones] == [("+19195550100", "work", False)]
    assert [(e.address, e.status) for e in ana.emails] == [("ana@example.org", "unsubscribed")]
    assert ana.custom_fields == {"Phone": "555-12", "Email": "not-an-email"}


def test_a_precinct_without_an_address_is_kept_and_a_second_address_is_added(services: Services,
                                                                              tmp_path: Path) -> None:
    path = tmp_path / "edited.csv"
    path.write_text("First Name,Last Name,Precinct,Address 2 street,Address 2 zip,Deceased,Moved,Volunteer status,"
                    "Skills\n"
                    "Bo,Chen,04-03,,,,yes,,\n"
                    "Ana,Silva,,12 Main St,02134,yes,,Alumni,\"Driving, Data entry\"\n", encoding="utf-8")
    report = services.imports.run(path, "people")
    assert report.created == 2 and not report.warnings
    bo, ana = people(services)
    assert bo.custom_fields == {"Precinct": "04-03"} and bo.addresses == [] and bo.moved and not bo.deceased
    assert [(a.address_lines, a.postal_code, a.primary) for a in ana.addresses] == [(["12 Main St"], "02134", True)]
    assert ana.deceased and not ana.moved
    with services.db.read() as session:
        profile = session.scalars(select(Volunteer)).one()
        assert (profile.person_id, profile.status, profile.skills) == (ana.id, "alumni", ["Driving", "Data entry"])
        assert session.scalar(select(PhoneNumber.id)) is None
