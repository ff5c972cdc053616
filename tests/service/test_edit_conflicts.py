"""A person changed by someone else since a form opened them is never silently overwritten (their version)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from organizer.errors import UserError
from organizer.services.container import Services, open_chapter
from organizer.services.edit_conflicts import EditConflict
from organizer.services.people import PersonInput
from organizer.services.person_record import PersonEdit
from organizer.services.volunteers import VolunteerInput
from tests.service.importing_helpers import write_csv


@pytest.fixture
def other(db_path: Path, services: Services) -> Iterator[Services]:
    """A second window (or a second user) on the same chapter."""
    second = open_chapter(db_path)
    yield second
    second.close()


def form_of(services: Services, person_id: int) -> tuple[PersonInput, int]:
    """What an edit form holds when it opens: the person's fields and the version it opened."""
    row = services.people.get(person_id)
    return PersonInput(given_name=row.given_name, family_name=row.family_name, emails=list(row.emails),
                       notes=row.notes), row.version


def test_saving_over_someone_elses_change_is_refused_with_both_versions(services: Services, other: Services) -> None:
    ana = services.people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["ana@example.org"]))
    mine, opened = form_of(services, ana.id)
    theirs, _ = form_of(other, ana.id)
    other.people.save(ana.id, PersonInput(**{**_fields(theirs), "notes": "Call after 6"}), None,
                      expected_version=opened)
    mine.given_name = "Anabela"
    with pytest.raises(EditConflict) as refused:
        services.people.save(ana.id, mine, None, expected_version=opened)
    conflict = refused.value
    assert isinstance(conflict, UserError)
    assert conflict.your_version == opened and conflict.their_version > opened
    assert (conflict.theirs.given_name, conflict.theirs.notes) == ("Ana", "Call after 6")
    assert "changed by someone else" in str(conflict) and "\n" not in str(conflict)
    assert services.people.get(ana.id).given_name == "Ana"  # nothing of mine was written


def test_overwriting_after_seeing_theirs_saves_mine(services: Services, other: Services) -> None:
    ana = services.people.add(PersonInput(given_name="Ana"))
    mine, opened = form_of(services, ana.id)
    other.people.update(ana.id, PersonInput(given_name="Ana", notes="theirs"))
    mine.notes = "mine"
    with pytest.raises(EditConflict) as refused:
        services.people.save(ana.id, mine, None, expected_version=opened)
    saved = services.people.save(ana.id, mine, None, expected_version=refused.value.their_version)
    assert saved.notes == "mine" and saved.version > refused.value.their_version


def test_saves_in_turn_each_bump_the_version(services: Services) -> None:
    ana = services.people.add(PersonInput(given_name="Ana"))
    assert ana.version == 1
    first = services.people.save(ana.id, PersonInput(given_name="Ana", notes="a"), None, expected_version=1)
    second = services.people.save(ana.id, PersonInput(given_name="Ana", notes="b"), None,
                                  expected_version=first.version)
    assert 1 < first.version < second.version


def test_two_people_with_one_name_do_not_share_a_version(services: Services, other: Services) -> None:
    one = services.people.add(PersonInput(given_name="Maria", family_name="Lopez"))
    two = services.people.add(PersonInput(given_name="Maria", family_name="Lopez"))
    other.people.update(one.id, PersonInput(given_name="Maria", family_name="Lopez", notes="the one from March"))
    saved = services.people.save(two.id, PersonInput(given_name="Maria", family_name="Lopez", notes="x"), None,
                                 expected_version=two.version)
    assert saved.notes == "x"


def test_a_volunteer_profile_change_alone_counts_as_a_change(services: Services, other: Services) -> None:
    ana = services.people.add(PersonInput(given_name="Ana"))
    mine, opened = form_of(services, ana.id)
    other.people.save(ana.id, PersonInput(given_name="Ana"), VolunteerInput(status="active"),
                      expected_version=opened)
    with pytest.raises(EditConflict) as refused:
        services.people.save(ana.id, mine, None, expected_version=opened)
    assert refused.value.theirs.volunteer_status == "active"


def test_a_save_that_changes_nothing_keeps_the_version(services: Services) -> None:
    ana = services.people.add(PersonInput(given_name="Ana"))
    again = services.people.save(ana.id, PersonInput(given_name="Ana"), None, expected_version=ana.version)
    assert again.version == ana.version


def _bumped_by(services: Services, person_id: int, change: object) -> bool:
    before = services.people.get(person_id).version
    assert callable(change)
    change()
    return services.people.get(person_id).version > before


def test_every_write_path_bumps_the_version(services: Services, tmp_path: Path) -> None:
    ana = services.people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["ana@example.org"]))
    dup = services.people.add(PersonInput(given_name="Ana", family_name="Silva", phones=["919 555 0199"]))
    header = ["First", "Last", "Email", "Phone"]
    csv = write_csv(tmp_path / "a.csv", [header, ["Ana", "Silva", "ana@example.org", "919 555 0101"]])
    report = None

    def run_import() -> None:
        nonlocal report
        report = services.imports.run(csv, "people")

    assert _bumped_by(services, ana.id, run_import)
    assert report is not None and report.batch is not None
    batch = report.batch
    assert _bumped_by(services, ana.id, lambda: services.imports.undo(batch))
    assert _bumped_by(services, ana.id, lambda: services.tags.tag_people("Door knocker", [ana.id]))
    assert _bumped_by(services, ana.id, lambda: services.tags.untag_people("Door knocker", [ana.id]))
    assert _bumped_by(services, ana.id, lambda: services.volunteers.save(ana.id, VolunteerInput(status="active")))
    assert _bumped_by(services, ana.id, lambda: services.volunteers.remove(ana.id))
    assert _bumped_by(services, ana.id, lambda: services.records.edit(ana.id, PersonEdit(notes="edited")))
    merged = None

    def merge() -> None:
        nonlocal merged
        merged = services.review.merge(ana.id, dup.id)

    assert _bumped_by(services, ana.id, merge)
    assert merged is not None
    merge_id = merged.merge_id
    assert _bumped_by(services, ana.id, lambda: services.review.undo_merge(merge_id))


def _fields(data: PersonInput) -> dict[str, object]:
    return {name: getattr(data, name) for name in PersonInput.__slots__}  # type: ignore[attr-defined]
