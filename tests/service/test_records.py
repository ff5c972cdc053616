"""Records that travel: chapter uuid, provenance, times on every write path, tombstones, aliases, tags, codes."""

from __future__ import annotations

import uuid as uuid_mod
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from organizer.cli import main
from organizer.services.container import Services, create_chapter
from organizer.services.people import PeopleQuery
from organizer.services.person_input import PersonInput
from organizer.services.volunteers import VolunteerInput
from organizer.storage.identity import add_person_alias, person_id_for_uuid
from organizer.storage.models import (
    Attendance,
    EmailAddress,
    Event,
    Person,
    PhoneNumber,
    Tag,
    Tombstone,
    Volunteer,
)
from tests.service.importing_helpers import write_csv

LONG_AGO = datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC)
STORED_LONG_AGO = LONG_AGO.replace(tzinfo=None)  # SQLite gives times back without their zone (UTC)


def _person(services: Services, given: str = "Ana", **kw: Any) -> int:
    data = PersonInput(given_name=given, family_name="Silva", emails=[f"{given.lower()}@example.org"],
                       phones=["919-555-0101"], postal_code="27601", **kw)
    return services.people.add(data).id


def _column(services: Services, column: Any, person_id: int) -> Any:
    with services.db.read() as session:
        return session.scalar(select(column).where(Person.id == person_id))


def _backdate(services: Services, person_id: int) -> None:
    with services.db.write() as session:
        session.get_one(Person, person_id).modified_at = LONG_AGO


def _tombstones(services: Services) -> set[tuple[str, str]]:
    with services.db.read() as session:
        return {(k, u) for k, u in session.execute(select(Tombstone.kind, Tombstone.uuid))}


def test_a_new_chapter_has_its_own_uuid(tmp_path: Path) -> None:
    first, second = create_chapter(tmp_path / "a.db", "A"), create_chapter(tmp_path / "b.db", "B")
    chapters = [first.settings.chapter(), second.settings.chapter()]
    first.close()
    second.close()
    assert [c.name for c in chapters] == ["A", "B"]
    assert all(str(uuid_mod.UUID(c.uuid)) == c.uuid for c in chapters)
    assert chapters[0].uuid != chapters[1].uuid


def test_one_tag_whatever_the_case_accents_or_spacing(services: Services, tmp_path: Path) -> None:
    a = _person(services, "Ana", tags=["Door knocker", "Hablante de español"])
    b = _person(services, "Bea", tags=["door knocker", "HABLANTE DE ESPANOL", "door  knocker "])
    assert services.tags.tag_people("DOOR KNOCKER", [a, b]) == 0
    code = main(["--db", str(services.db.location), "people", "add", "--given", "Cy", "--tag", "Door Knocker",
                 "--tag", "hablante de Español"])
    assert code == 0
    assert {(t.name, t.people) for t in services.tags.list()} == {("Door knocker", 3), ("Hablante de español", 3)}
    assert services.people.get(b).tags == ("Door knocker", "Hablante de español")
    report = services.imports.run(write_csv(tmp_path / "t.csv", [["Email", "Tags"], ["dee@example.org", "DOOR knocker"]]),
                                  "people")
    assert report.created == 1
    assert {t.name: t.people for t in services.tags.list()}["Door knocker"] == 4


def test_renaming_a_tag_onto_another_folded_alike_is_refused(services: Services) -> None:
    _person(services, "Ana", tags=["Door knocker", "Teacher"])
    teacher = next(t for t in services.tags.list() if t.name == "Teacher")
    with pytest.raises(Exception, match="already a tag called 'Door knocker'"):
        services.tags.rename(teacher.id, "door KNOCKER")


def test_tagging_and_volunteering_touch_the_person(services: Services) -> None:
    pid = _person(services)
    for change in (lambda: services.tags.tag_people("Teacher", [pid]),
                   lambda: services.tags.untag_people("teacher", [pid]),
                   lambda: services.volunteers.save(pid, VolunteerInput()),
                   lambda: services.volunteers.save(pid, VolunteerInput(status="inactive")),
                   lambda: services.volunteers.remove(pid),
                   lambda: services.people.update(pid, PersonInput(given_name="Ana", family_name="Silva",
                                                                   emails=["ana@example.org"],
                                                                   phones=["919-555-0101"], postal_code="27601",
                                                                   tags=["Reader"]))):
        _backdate(services, pid)
        change()
        assert _column(services, Person.modified_at, pid) > STORED_LONG_AGO


def test_an_explicit_time_is_kept_not_replaced_by_the_defaults(services: Services) -> None:
    with services.db.write() as session:
        person = Person(given_name="Far", created_at=LONG_AGO, modified_at=LONG_AGO,
                        origin_chapter_uuid=str(uuid_mod.uuid4()), origin_chapter_name="Lakeside")
        session.add(person)
        session.flush()
        pid = person.id
    assert _column(services, Person.created_at, pid) == STORED_LONG_AGO
    with services.db.write() as session:
        person = session.get_one(Person, pid)
        person.given_name, person.modified_at = "Farah", LONG_AGO
    assert _column(services, Person.modified_at, pid) == STORED_LONG_AGO
    with services.db.write() as session:
        session.get_one(Person, pid).given_name = "Farrah"
    assert _column(services, Person.modified_at, pid) > STORED_LONG_AGO


def test_deleting_people_leaves_tombstones_for_them_and_their_records(services: Services) -> None:
    pid = _person(services, tags=["Teacher"])
    services.volunteers.save(pid, VolunteerInput())
    with services.db.read() as session:
        person = session.get_one(Person, pid)
        expected = {("person", person.uuid)}
        for model, kind in ((EmailAddress, "email_address"), (PhoneNumber, "phone_number"), (Volunteer, "volunteer")):
            expected |= {(kind, u) for u in session.scalars(select(model.uuid).where(model.person_id == pid))}
    assert len(expected) == 4
    assert services.people.delete([pid, 999]) == 1
    tombstones = _tombstones(services)
    assert expected <= tombstones
    assert {k for k, _u in tombstones} == {"person", "email_address", "phone_number", "postal_address", "volunteer"}
    tag = services.tags.list()[0]
    services.tags.delete(tag.id)
    assert "tag" in {k for k, _u in _tombstones(services)}


def test_import_records_provenance_and_undo_puts_it_back(services: Services, tmp_path: Path) -> None:
    first = services.imports.run(write_csv(tmp_path / "a.csv", [["Email", "First"], ["ana@example.org", "Ana"]]),
                                 "people")
    [pid] = services.people.search_ids(PeopleQuery())
    assert _column(services, Person.import_batch_id, pid) == first.batch
    with services.db.read() as session:
        email = session.scalars(select(EmailAddress).where(EmailAddress.person_id == pid)).one()
        assert (email.import_batch_id, email.origin_chapter_uuid) == (first.batch, "")
    first_at = _column(services, Person.imported_at, pid)
    _backdate(services, pid)
    second = services.imports.run(
        write_csv(tmp_path / "b.csv", [["Email", "Last", "Phone"], ["ana@example.org", "Silva", "919-555-0199"]]),
        "people")
    assert second.updated == 1
    assert _column(services, Person.import_batch_id, pid) == second.batch
    assert _column(services, Person.modified_at, pid) > STORED_LONG_AGO
    _backdate(services, pid)
    with services.db.read() as session:
        phone_uuid = session.scalars(select(PhoneNumber.uuid).where(PhoneNumber.person_id == pid)).one()
    services.imports.undo(second.batch)
    assert _column(services, Person.import_batch_id, pid) == first.batch
    assert _column(services, Person.imported_at, pid) == first_at
    assert _column(services, Person.modified_at, pid) > STORED_LONG_AGO
    assert ("phone_number", phone_uuid) in _tombstones(services)
    with services.db.read() as session:
        person_uuid = session.get_one(Person, pid).uuid
    # Put back by an undo since the first import: undoing that one too asks first (it cannot tell from an edit).
    assert [r.id for r in services.imports.edited_since(first.batch)] == [pid]
    services.imports.undo(first.batch, force=True)
    assert {("person", person_uuid), ("email_address", email.uuid)} <= _tombstones(services)


def test_a_merged_persons_uuid_still_finds_the_survivor(services: Services) -> None:
    survivor, merged = _person(services, "Ana"), _person(services, "Anna")
    with services.db.write() as session:
        merged_uuid = session.get_one(Person, merged).uuid
        older = str(uuid_mod.uuid4())
        add_person_alias(session, older, merged)  # an earlier merge into the person now merged
        add_person_alias(session, merged_uuid, survivor)
    services.people.delete([merged])
    with services.db.read() as session:
        survivor_uuid = session.get_one(Person, survivor).uuid
        assert person_id_for_uuid(session, survivor_uuid) == survivor
        assert person_id_for_uuid(session, merged_uuid) == survivor
        assert person_id_for_uuid(session, older) == survivor
        assert person_id_for_uuid(session, str(uuid_mod.uuid4())) is None


def test_the_database_refuses_a_status_that_is_not_a_code(services: Services) -> None:
    pid = _person(services)
    with pytest.raises(IntegrityError, match=r"CHECK constraint failed|violates check constraint"), services.db.write() as session:
        session.execute(insert(Volunteer).values(person_id=pid, status="busy"))
    with pytest.raises(IntegrityError, match=r"CHECK constraint failed|violates check constraint"), services.db.write() as session:
        session.execute(insert(Tombstone).values(uuid=str(uuid_mod.uuid4()), kind="people"))


def test_an_attendance_is_unique_per_event_person_and_shift(services: Services) -> None:
    pid = _person(services)
    with services.db.write() as session:
        event = Event(title="Meeting", starts_at=LONG_AGO)
        session.add(event)
        session.flush()
        event_id = event.id
        session.add(Attendance(event_id=event_id, person_id=pid))
    with pytest.raises(IntegrityError, match=r"UNIQUE|unique constraint"), services.db.write() as session:
        session.add(Attendance(event_id=event_id, person_id=pid, status="confirmed"))
    with services.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Attendance)) == 1


def test_tag_names_fold_into_a_unique_column(services: Services) -> None:
    with pytest.raises(IntegrityError, match=r"UNIQUE|unique constraint"), services.db.write() as session:
        session.add_all([Tag(name="Door knocker"), Tag(name="DOOR  KNOCKER")])


def test_orm_deletes_leave_tombstones_too(services: Services) -> None:
    pid = _person(services)
    services.volunteers.save(pid, VolunteerInput())
    with services.db.read() as session:
        volunteer = session.scalars(select(Volunteer.uuid).where(Volunteer.person_id == pid)).one()
        email = session.scalars(select(EmailAddress.uuid).where(EmailAddress.person_id == pid)).one()
    services.volunteers.remove(pid)
    services.people.update(pid, PersonInput(given_name="Ana", family_name="Silva", emails=["new@example.org"]))
    assert {("volunteer", volunteer), ("email_address", email)} <= _tombstones(services)


@pytest.mark.parametrize("bulk_from", [1, 10**9])
def test_undoing_a_first_import_removes_every_record_with_tombstones_and_keeps_the_indexes(
        services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bulk_from: int) -> None:

    import organizer.storage.identity as identity

    monkeypatch.setattr(identity, "BULK_DELETE_FROM", bulk_from)  # 1: the drop-and-rebuild path of big undos
    kept = _person(services, "Kim")
    rows = [["First", "Last", "Email", "Phone", "Street", "Zip", "Tags", "Volunteer"]]
    rows += [[name, "Silva", f"{name.lower()}{i}@example.org", f"919-555-01{i:02d}", f"{i} Main St", "27601",
              "Parent", "Y"] for i, name in enumerate(["Ana", "Ana", "Bea", "Cai"])]
    batch = services.imports.run(write_csv(tmp_path / "a.csv", rows), "people").batch
    assert batch is not None
    with services.db.read() as session:
        created = {("person", u) for u in session.scalars(select(Person.uuid).where(Person.id != kept))}
        for model, kind in ((EmailAddress, "email_address"), (PhoneNumber, "phone_number"), (Volunteer, "volunteer")):
            created |= {(kind, u) for u in session.scalars(select(model.uuid).where(model.person_id != kept))}
        indexes = _index_names(session)
    assert len(created) == 4 * 4
    assert services.imports.undo(batch).removed == 4
    assert created <= _tombstones(services)
    with services.db.read() as session:
        assert list(session.scalars(select(Person.id))) == [kept]
        for model in (EmailAddress, PhoneNumber, Volunteer):
            assert set(session.scalars(select(model.person_id))) <= {kept}
        assert _index_names(session) == indexes
    assert services.people.search_ids(PeopleQuery(text="kim")) == [kept]


def _index_names(session: Session) -> set[str]:
    """Every index of every table, on any database."""
    found = sa_inspect(session.connection())
    return {str(ix["name"]) for table in found.get_table_names() for ix in found.get_indexes(table)}
