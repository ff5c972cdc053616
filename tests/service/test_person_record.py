"""A person's whole record: contents, values kept as typed and fixing them, search by custom values, edits."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from organizer.errors import NotFound, ValidationFailed
from organizer.services.changes import Change
from organizer.services.container import Services
from organizer.services.people import PeopleQuery, PersonInput
from organizer.services.person_record import PersonEdit
from organizer.services.volunteers import VolunteerInput
from organizer.storage.identity import add_person_alias
from organizer.storage.models import (
    Attendance,
    ContactAttempt,
    EmailAddress,
    Event,
    Person,
    PersonAlias,
    Petition,
    PhoneNumber,
    Prospect,
    ProspectStageChange,
    Signature,
)
from tests.service.importing_helpers import write_csv

SHEET = [
    ["Name", "Phone #", "E-mail", "Zip", "Birthday", "Employer", "Do not call"],
    ["Maria Lopez", "555-12", "maria@example.org", "27601", "1980-02-30", "Acme Widgets", "perhaps"],
    ["Maria Lopez", "(919) 555-0102", "not-an-email", "27601", "", "Riverside Library", "y"],
]


def imported(services: Services, tmp_path: Path) -> list[int]:
    """Two people with the same name, each with values an import kept as typed."""
    services.imports.run(write_csv(tmp_path / "signin.csv", SHEET), "people")
    ids = services.people.search_ids(PeopleQuery(text="maria lopez"))
    assert len(ids) == 2
    return sorted(ids)


def test_the_record_holds_every_contact_detail_and_flag(services: Services) -> None:
    row = services.people.save(None, PersonInput(
        given_name="Ana", family_name="Silva", emails=["ana@example.org", "a.silva@example.org"],
        phones=["(919) 555-0101 ext. 12", "+44 20 7183 8750"], street="12 Main St", locality="Raleigh",
        region="NC", postal_code="27601", tags=["Teacher", "Spanish speaker"], gender_pronouns="she/her",
        notes="Met at the fair", flags=["do_not_call", "moved"], custom_fields={"Employer": "Acme"},
    ), VolunteerInput(skills=["Canvassing"], languages=["Spanish"], availability="Weekends"))
    with services.db.write() as session:
        email = session.scalar(select(EmailAddress).where(EmailAddress.address == "a.silva@example.org"))
        assert email is not None
        email.status = "bouncing"
        phone = session.scalar(select(PhoneNumber).where(PhoneNumber.number == "+442071838750"))
        assert phone is not None
        phone.number_type = "work"
    record = services.records.record(row.id)
    assert record.uuid == row.uuid
    assert [(e.address, e.primary, e.status) for e in record.emails] == [
        ("ana@example.org", True, "subscribed"), ("a.silva@example.org", False, "bouncing")]
    assert [(p.number, p.extension, p.type) for p in record.phones] == [
        ("+19195550101", "12", "other"), ("+442071838750", "", "work")]
    assert record.phones[0].display == "(919) 555-0101 ext. 12"
    assert record.addresses[0].one_line() == "12 Main St, Raleigh, NC 27601"
    assert record.tags == ("Spanish speaker", "Teacher")
    assert record.custom_fields == {"Employer": "Acme"} and record.kept == {}
    assert record.do_not_contact == {"walk": False, "call": True, "text": False, "email": False}
    assert (record.moved, record.deceased) == (True, False)
    assert record.flags == ("do_not_call", "moved")
    assert record.volunteer is not None and record.volunteer.skills == ("Canvassing",)
    data = record.to_json()
    assert data["phones"][0] == {"number": "+19195550101", "display": "(919) 555-0101 ext. 12", "extension": "12",
                                 "type": "other", "primary": True, "sms_capable": None, "do_not_call": False}
    assert data["volunteer"]["availability"] == "Weekends"
    assert data["history"] == []


def test_values_kept_as_typed_are_marked_with_the_field_and_reason(services: Services, tmp_path: Path) -> None:
    first, second = imported(services, tmp_path)
    one, two = services.records.record(first), services.records.record(second)
    assert set(one.kept) == {"Phone #", "Birthday", "Do not call"}
    assert one.kept["Phone #"].field == "phone" and one.kept["Phone #"].value == "555-12"
    assert one.kept["Phone #"].reason
    assert one.kept["Birthday"].field == "birthdate"
    assert "Employer" in one.custom_fields and "Employer" not in one.kept  # a plain custom field
    assert set(two.kept) == {"E-mail"} and two.do_not_contact["call"] is True
    assert [h.kind for h in one.history] == ["import"]
    assert one.history[0].title == "Added by signin.csv"


def test_fixing_a_kept_value_moves_it_to_its_field(services: Services, tmp_path: Path) -> None:
    first, _second = imported(services, tmp_path)
    heard: list[Change] = []
    services.changes.subscribe(heard.append)
    with pytest.raises(ValidationFailed) as info:
        services.records.fix_custom_value(first, "Phone #", "555-13")
    assert "Phone #" in info.value.problems
    assert "Phone #" in services.records.record(first).kept  # nothing changed
    record = services.records.fix_custom_value(first, "Phone #", "919-555-0112")
    assert "Phone #" not in record.custom_fields and "Phone #" not in record.kept
    assert [p.number for p in record.phones] == ["+19195550112"]
    record = services.records.fix_custom_value(first, "Birthday", "1980-02-28")
    assert record.birthdate == date(1980, 2, 28)
    record = services.records.fix_custom_value(first, "Do not call", "yes")
    assert record.do_not_contact["call"] is True and record.kept == {}
    assert services.people.search_ids(PeopleQuery(text="919 555 0112")) == [first]
    assert heard and all(c.may_concern(first) for c in heard)


def test_a_plain_custom_field_is_set_or_removed_in_place(services: Services, tmp_path: Path) -> None:
    first, second = imported(services, tmp_path)
    record = services.records.fix_custom_value(first, "Employer", "Acme Gadgets")
    assert record.custom_fields["Employer"] == "Acme Gadgets"
    assert services.people.search_ids(PeopleQuery(text="gadgets")) == [first]
    record = services.records.fix_custom_value(second, "E-mail", "")
    assert "E-mail" not in record.custom_fields and record.emails == ()
    with pytest.raises(ValidationFailed):
        services.records.fix_custom_value(second, "No such field", "x")


def test_search_finds_custom_values_among_people_with_the_same_name(services: Services, tmp_path: Path) -> None:
    first, second = imported(services, tmp_path)
    assert services.people.search_ids(PeopleQuery(text="acme")) == [first]
    assert services.people.search_ids(PeopleQuery(text="maria library")) == [second]
    assert services.people.search_ids(PeopleQuery(text="555-12")) == [first]  # a phone kept as typed
    assert services.people.search_ids(PeopleQuery(text="employer")) == []  # field names are not searched
    services.people.update(second, PersonInput(given_name="Maria", family_name="Lopez",
                                               custom_fields={"Employer": "City Hall"}))
    assert services.people.search_ids(PeopleQuery(text="library")) == []
    assert services.people.search_ids(PeopleQuery(text="city hall")) == [second]


def test_history_lists_events_signatures_contacts_and_stages(services: Services) -> None:
    pid = services.people.add(PersonInput(given_name="Leo", family_name="Chen")).id
    when = datetime(2026, 3, 9, 23, 0, tzinfo=UTC)
    with services.db.write() as session:
        event = Event(title="March meeting", starts_at=when)
        petition = Petition(title="School board ballot access")
        prospect = Prospect(person_id=pid, office="School Board")
        session.add_all([event, petition, prospect])
        session.flush()
        session.add_all([
            Attendance(event_id=event.id, person_id=pid, attended=True, walk_in=True),
            Signature(petition_id=petition.id, person_id=pid, date_signed=date(2026, 4, 1), status="valid"),
            ContactAttempt(person_id=pid, attempted_at=datetime(2026, 5, 2, 18, tzinfo=UTC), channel="door",
                           result_code="not_home"),
            ProspectStageChange(prospect_id=prospect.id, from_stage="identified", to_stage="intro_call",
                                changed_on=date(2026, 6, 1)),
        ])
    history = services.records.record(pid).history
    assert [h.kind for h in history] == ["prospect", "contact", "signature", "event"]  # newest first
    assert history[3].title == "March meeting" and "walk-in" in history[3].detail
    assert history[2].title == "Signed School board ballot access"
    assert history[1].detail == "not home"


def test_a_uuid_finds_the_person_and_a_merged_uuid_the_survivor(services: Services) -> None:
    ana = services.people.add(PersonInput(given_name="Ana", family_name="Silva"))
    copy = services.people.add(PersonInput(given_name="Ana", family_name="Silva"))
    assert services.records.person_id(ana.uuid) == ana.id
    assert services.records.person_id(f"  {ana.uuid.upper()} ") == ana.id
    with services.db.write() as session:
        add_person_alias(session, copy.uuid, ana.id)
        session.execute(Person.__table__.delete().where(Person.id == copy.id))
    record = services.records.record_for_uuid(copy.uuid)
    assert record.id == ana.id and record.aliases == (copy.uuid,)
    with services.db.read() as session:
        assert session.scalar(select(PersonAlias.person_id)) == ana.id
    for bad in ("00000000-0000-0000-0000-000000000000", "not-a-uuid", ""):
        with pytest.raises(NotFound):
            services.records.person_id(bad)
    with pytest.raises(NotFound):
        services.records.record(10**9)


def test_an_edit_replaces_only_the_fields_given(services: Services) -> None:
    row = services.people.save(None, PersonInput(
        given_name="Ana", family_name="Silva", emails=["ana@example.org"], phones=["(919) 555-0101 ext. 12"],
        street="12 Main St", locality="Raleigh", region="NC", postal_code="27601", tags=["Teacher"],
        flags=["do_not_text"], custom_fields={"Employer": "Acme"}, notes="old"), VolunteerInput())
    edited = services.records.edit(row.id, PersonEdit(family_name="Silva-Reyes", notes="new"))
    assert (edited.given_name, edited.family_name, edited.notes) == ("Ana", "Silva-Reyes", "new")
    record = services.records.record(row.id)
    assert [(p.number, p.extension) for p in record.phones] == [("+19195550101", "12")]
    assert record.addresses[0].one_line() == "12 Main St, Raleigh, NC 27601"
    assert record.tags == ("Teacher",) and record.custom_fields == {"Employer": "Acme"}
    assert record.do_not_contact["text"] and record.volunteer is not None
    edited = services.records.edit(row.id, PersonEdit(emails=["new@example.org"], postal_code="02134"))
    assert edited.emails == ("new@example.org",) and edited.postal_code == "02134"
    with pytest.raises(ValidationFailed):
        services.records.edit(row.id, PersonEdit(phones=["555-12"]))


def test_a_merge_and_a_resolved_conflict_keep_custom_values_searchable(services: Services, tmp_path: Path) -> None:
    first, second = imported(services, tmp_path)  # Maria Lopez twice: "Acme Widgets" and "Riverside Library"
    merged_uuid = services.records.record(second).uuid
    services.review.merge(first, second, {"custom_fields": "other"})
    assert services.records.record_for_uuid(merged_uuid).aliases == (merged_uuid,)
    assert services.people.search_ids(PeopleQuery(text="riverside library")) == [first]
    assert services.people.search_ids(PeopleQuery(text="acme")) == []
    sheet = [["Email", "Employer"], ["maria@example.org", "City Hall"]]
    services.imports.run(write_csv(tmp_path / "again.csv", sheet), "people")
    [conflict] = [c for c in services.review.conflicts() if c.field == "custom:Employer"]
    services.review.resolve_conflict(conflict.id, "take")
    assert services.people.search_ids(PeopleQuery(text="city hall")) == [first]
    assert services.people.search_ids(PeopleQuery(text="riverside")) == []


def test_history_names_a_merge_for_the_survivor_and_for_the_person_an_undo_put_back(services: Services) -> None:
    ana = services.people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["ana@example.org"]))
    copy = services.people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["ana.s@example.org"]))
    result = services.review.merge(ana.id, copy.id)
    [entry] = [h for h in services.records.record(ana.id).history if h.kind == "merge"]
    assert entry.title == "Merged with a second record" and copy.uuid in entry.detail
    assert "undone" not in entry.detail and entry.when is not None
    services.review.undo_merge(result.merge_id)
    back = services.records.person_id(copy.uuid)
    [entry] = [h for h in services.records.record(back).history if h.kind == "merge"]
    assert entry.title == "Merged into another record" and ana.uuid in entry.detail and "(undone)" in entry.detail
