"""The national tools' people exports write, row for row, what the people's records say (checked against a
plain reading of each person with the ORM), for a demo chapter with contacts of every kind."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from organizer.files.writing import write_table
from organizer.services.container import Services
from organizer.services.demo import fill_demo
from organizer.services.demo_names import TAGS
from organizer.services.sharing.presets import ACTION_NETWORK, NATIONBUILDER, Preset, digits, preset_ids, preset_rows
from organizer.storage.models import EmailAddress, Person, PhoneNumber, PostalAddress, Suppression, Volunteer


def _suppressed(session: Session) -> tuple[set[str], set[str]]:
    """Every email and phone someone must not be contacted at, read plainly: whoever holds it."""
    emails: set[str] = {s.value.casefold() for s in session.scalars(select(Suppression)) if s.channel == "email"}
    phones: set[str] = {s.value for s in session.scalars(select(Suppression)) if s.channel != "email"}
    for person in session.scalars(select(Person).options(selectinload(Person.emails), selectinload(Person.phones))):
        emails |= {e.address.casefold() for e in person.emails
                   if person.do_not_email or person.deceased or e.status == "unsubscribed"}
        phones |= {p.number for p in person.phones
                   if person.do_not_call or person.do_not_text or person.deceased or p.do_not_call}
    return emails, phones


def _expected(session: Session, preset: Preset, ids: Sequence[int]) -> Iterator[list[Any]]:
    no_email, no_phone = _suppressed(session)
    volunteers = set(session.scalars(select(Volunteer.person_id)))
    people = session.scalars(select(Person).where(Person.id.in_(ids)).order_by(Person.id).options(
        selectinload(Person.emails), selectinload(Person.phones), selectinload(Person.addresses),
        selectinload(Person.tags)))
    for person in people:
        emails = [e for e in sorted(person.emails, key=lambda e: (not e.primary, e.id))
                  if e.status == "subscribed" and e.address.casefold() not in no_email]
        phones = [p for p in sorted(person.phones, key=lambda p: (not p.primary, p.id)) if p.number not in no_phone]
        address = next(iter(sorted(person.addresses, key=lambda a: (not a.primary, a.id))), None)
        lines = list(address.address_lines) if address else []
        email = emails[0].address if emails else ""
        tags = ", ".join(t.name for t in person.tags)
        postal, city, state = (address.postal_code, address.locality, address.region) if address else ("", "", "")
        if preset is ACTION_NETWORK:
            if email:
                yield [person.given_name, person.family_name, email, postal,
                       digits(phones[0].number) if phones else "", lines[0] if lines else "", city, state, tags]
            continue
        mobile = next((digits(p.number) for p in phones if p.number_type == "mobile"), "")
        other = next((digits(p.number) for p in phones if p.number_type != "mobile"), "")
        yield [person.given_name, person.family_name, email, other, mobile, lines[0] if lines else "",
               ", ".join(lines[1:]), city, state, postal, tags, "TRUE" if person.id in volunteers else "FALSE",
               "TRUE" if email else "FALSE", "TRUE" if person.do_not_call else "FALSE"]


def _varied(services: Services) -> None:
    """A demo chapter, with some second emails unsubscribed, some primaries moved and more phones of each kind."""
    fill_demo(services.db, people=120)
    with services.db.write() as session:
        people = list(session.scalars(select(Person.id).order_by(Person.id)))
        for n, pid in enumerate(people[:40]):
            session.add(EmailAddress(person_id=pid, address=f"second{n}@example.org", primary=n % 3 == 0,
                                     status="unsubscribed" if n % 2 else "subscribed"))
            session.add(PhoneNumber(person_id=pid, number=f"+1919555{n:04d}", primary=n % 4 == 0,
                                    number_type=("mobile", "home", "work")[n % 3]))
            session.add(PostalAddress(person_id=pid, address_lines=[f"{n} Oak St", "Unit 2"], postal_code="02709",
                                      locality="Raleigh", region="NC", primary=n % 5 == 0))
        session.flush()
        for model, added in ((EmailAddress, EmailAddress.address.like("second%")),
                             (PhoneNumber, PhoneNumber.number.like("+1919555%")),
                             (PostalAddress, PostalAddress.postal_code == "02709")):
            for first, step in ((0, 3), (0, 4), (0, 5)):  # the one added later is the primary one for some
                chosen = people[first:40:step]
                session.execute(update(model).where(model.person_id.in_(chosen), ~added).values(primary=False))
        session.execute(update(EmailAddress).where(EmailAddress.person_id.in_(people[40:60]))
                        .values(status="bouncing"))
        session.execute(update(Person).where(Person.id.in_(people[60:70])).values(do_not_call=True))


@pytest.mark.parametrize("preset", [ACTION_NETWORK, NATIONBUILDER], ids=lambda p: p.name)
@pytest.mark.parametrize("tag", ["", TAGS[0]])
def test_a_preset_writes_each_person_as_their_records_say(services: Services, preset: Preset, tag: str) -> None:
    _varied(services)
    with services.db.read() as session:
        ids = preset_ids(session, preset, tag)
        written = list(preset_rows(session, preset, ids))
        expected = list(_expected(session, preset, ids))
    assert len(written) > (3 if tag else 20)
    assert written == expected


@pytest.mark.parametrize("preset", [ACTION_NETWORK, NATIONBUILDER], ids=lambda p: p.name)
def test_a_preset_workbook_holds_the_cells_the_general_writer_writes(services: Services, tmp_path: Path,
                                                                     preset: Preset) -> None:
    from python_calamine import CalamineWorkbook

    _varied(services)
    with services.db.write() as session:  # risky text stays text, an apostrophe survives
        session.execute(update(Person).where(Person.id.in_(select(Person.id).order_by(Person.id).limit(3)))
                        .values(given_name="=SUM(A1)", family_name="'quoted"))
    count = services.sharing.export_preset(tmp_path / "fast.xlsx", preset.name)
    with services.db.read() as session:
        rows = list(preset_rows(session, preset, preset_ids(session, preset)))
    write_table(tmp_path / "general.xlsx", preset.headers, rows, sheet="People")
    fast, general = (CalamineWorkbook.from_path(str(tmp_path / name)) for name in ("fast.xlsx", "general.xlsx"))
    assert fast.sheet_names == general.sheet_names == ["People"]
    cells = fast.get_sheet_by_name("People").to_python()
    assert cells == general.get_sheet_by_name("People").to_python()
    assert len(cells) == count + 1 and any(row[0] == "=SUM(A1)" for row in cells)
