"""A page of people rows read by plain selects is the row each person's ORM object gives."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from organizer.services.container import Services
from organizer.services.people_rows import load_rows, to_row
from organizer.services.person_input import PersonInput
from organizer.services.volunteers import VolunteerInput
from organizer.storage.models import EmailAddress, Person, PostalAddress, Volunteer


def test_a_page_of_rows_is_what_each_person_shows(services: Services) -> None:
    people = services.people
    ana = people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["a1@example.org", "a2@example.org"],
                                 phones=["(919) 555-0101", "(919) 555-0102"], street="1 Main St", postal_code="27601",
                                 tags=["Teacher", "Door knocker"], flags=["do_not_call"],
                                 custom_fields={"shirt": "M"})).id
    other_ana = people.save(None, PersonInput(given_name="Ana", family_name="Silva", notes="the other one"),
                            VolunteerInput(status="active")).id
    nobody = people.add(PersonInput(emails=["only@example.org"])).id
    with services.db.write() as session:  # the second email and a second address become the primary ones
        for email in session.scalars(select(EmailAddress).where(EmailAddress.person_id == ana)):
            email.primary = email.address == "a2@example.org"
        session.add(PostalAddress(person_id=ana, address_lines=["9 Side St", "Apt 2"], postal_code="27603",
                                  primary=True))
        for address in session.scalars(select(PostalAddress).where(PostalAddress.person_id == ana)):
            address.primary = address.address_lines[0] == "9 Side St"
    ids = [other_ana, 999_999, ana, nobody, ana]  # an unknown id is skipped, a repeated one repeated
    with services.db.read() as session:
        page = load_rows(session, ids, "US")
        loaded = session.scalars(select(Person).options(
            selectinload(Person.emails), selectinload(Person.phones), selectinload(Person.addresses),
            selectinload(Person.tags))).all()
        statuses: dict[int, str] = dict(session.execute(select(Volunteer.person_id, Volunteer.status)).all())
        expected = {p.id: to_row(p, statuses.get(p.id, ""), "US") for p in loaded}
    assert page == [expected[other_ana], expected[ana], expected[nobody], expected[ana]]
    assert page[1].emails == ("a2@example.org", "a1@example.org")
    assert page[1].street == "9 Side St, Apt 2"
    assert page[1].tags == ("Door knocker", "Teacher")
    assert page[0].volunteer_status == "active"
    assert dict(page[1].custom_fields) == {"shirt": "M"}
