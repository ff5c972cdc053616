"""Every committed write says what it changed, after its commit; refused writes and dry runs say nothing."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from organizer.errors import ValidationFailed
from organizer.services.changes import (
    ATTENDANCE,
    EVENTS,
    EVERY_KIND,
    IMPORTS,
    PEOPLE,
    PETITIONS,
    REVIEW,
    SIGNATURES,
    TAGS,
    VOLUNTEERS,
    VOTERS,
    WALKLISTS,
    Change,
    ChangeHub,
)
from organizer.services.container import Services
from organizer.services.imports import ImportOptions
from organizer.services.people import PersonInput
from organizer.services.volunteers import VolunteerInput

SIGN_IN = "Name,E-mail\nAna Lopez,ana@example.org\nBen Stone,ben@example.org\n"


@pytest.fixture
def heard(services: Services) -> list[Change]:
    """The changes the services publish from now on."""
    changes: list[Change] = []
    services.changes.subscribe(changes.append)
    return changes


def test_the_hub_tells_every_listener_until_it_unsubscribes() -> None:
    hub = ChangeHub()
    first: list[Change] = []
    second: list[Change] = []

    def broken(_change: Change) -> None:
        raise RuntimeError("a listener with a bug")

    stop_first = hub.subscribe(first.append)
    hub.subscribe(broken)
    hub.subscribe(second.append)
    hub.publish(Change.of(PEOPLE, ids=[1]))
    stop_first()
    hub.publish(Change.of(TAGS))
    assert first == [Change(frozenset({PEOPLE}), frozenset({1}))]
    assert [c.kinds for c in second] == [frozenset({PEOPLE}), frozenset({TAGS})]
    assert hub.listener_count() == 2


def test_a_change_knows_whom_it_may_concern() -> None:
    assert Change.of(PEOPLE, ids=[3]).may_concern(3)
    assert not Change.of(PEOPLE, ids=[3]).may_concern(4)
    assert Change.of(IMPORTS, PEOPLE).may_concern(4)  # no ids: anyone
    assert Change.of(PEOPLE, VOLUNTEERS).touches(VOLUNTEERS, TAGS)
    assert not Change.of(IMPORTS).touches(PEOPLE)


def test_person_writes_publish_after_their_commit(services: Services) -> None:
    seen: list[tuple[Change, bool]] = []

    def listener(change: Change) -> None:
        # Another session reads: it sees the person only if the write was already committed.
        person_id = next(iter(change.ids))
        seen.append((change, services.people.exists(person_id)))

    services.changes.subscribe(listener)
    ana = services.people.add(PersonInput(given_name="Ana", emails=["ana@example.org"]))
    services.people.update(ana.id, PersonInput(given_name="Ana", family_name="Silva"))
    services.people.delete([ana.id])
    assert [(c.kinds, c.ids, present) for c, present in seen] == [
        ({PEOPLE}, {ana.id}, True),
        ({PEOPLE}, {ana.id}, True),
        ({PEOPLE, VOLUNTEERS}, {ana.id}, False),
    ]


def test_refused_and_empty_writes_publish_nothing(services: Services, heard: list[Change]) -> None:
    with pytest.raises(ValidationFailed):
        services.people.add(PersonInput(emails=["not an email"]))
    assert services.people.delete([12345]) == 0
    services.volunteers.remove(12345)
    assert services.tags.untag_people("Nobody has this", [1]) == 0
    assert heard == []


def test_volunteer_and_tag_writes_publish(services: Services, heard: list[Change]) -> None:
    ana = services.people.add(PersonInput(given_name="Ana"))
    heard.clear()
    services.volunteers.save(ana.id, VolunteerInput())
    services.volunteers.remove(ana.id)
    services.tags.tag_people("Door knocker", [ana.id])
    tag = services.tags.list()[0]
    services.tags.rename(tag.id, "Canvasser")
    services.tags.untag_people("Canvasser", [ana.id])
    services.tags.delete(tag.id)
    assert [(set(c.kinds), set(c.ids)) for c in heard] == [
        ({VOLUNTEERS}, {ana.id}),
        ({VOLUNTEERS}, {ana.id}),
        ({TAGS, PEOPLE}, {ana.id}),
        ({TAGS}, set()),
        ({TAGS, PEOPLE}, {ana.id}),
        ({TAGS}, set()),  # nobody had it any more
    ]


def test_save_publishes_people_and_volunteers_once(services: Services, heard: list[Change]) -> None:
    row = services.people.save(None, PersonInput(given_name="Ana"), VolunteerInput())
    assert heard == [Change.of(PEOPLE, VOLUNTEERS, ids=[row.id])]


def test_an_import_and_its_undo_publish_but_a_dry_run_does_not(services: Services, heard: list[Change],
                                                                tmp_path: Path) -> None:
    path = tmp_path / "sign-in.csv"
    path.write_text(SIGN_IN, encoding="utf-8")
    services.imports.run(path, "people", ImportOptions(dry_run=True))
    assert heard == []
    report = services.imports.run(path, "people", ImportOptions())
    everyone = Change.of(IMPORTS, PEOPLE, VOLUNTEERS, TAGS, REVIEW)  # what a people import may touch
    assert heard == [everyone]
    assert report.batch is not None
    services.imports.undo(report.batch)
    assert heard[1:] == [everyone]
    assert heard[1].may_concern(1)  # an undo may concern anyone


def test_a_listener_runs_on_the_thread_that_wrote(services: Services) -> None:
    threads: list[str] = []
    services.changes.subscribe(lambda _change: threads.append(threading.current_thread().name))
    worker = threading.Thread(target=lambda: services.people.add(PersonInput(given_name="Ana")), name="worker")
    worker.start()
    worker.join()
    assert threads == ["worker"]


def test_deleting_a_tag_names_the_people_who_had_it(services: Services, heard: list[Change]) -> None:
    ana = services.people.add(PersonInput(given_name="Ana", tags=["Parent"]))
    heard.clear()
    services.tags.delete(services.tags.list()[0].id)
    assert heard == [Change.of(TAGS, PEOPLE, ids=[ana.id])]
    assert services.people.get(ana.id).tags == ()


@pytest.mark.parametrize(("kind", "screens"), [
    ("suppressions", {PEOPLE}), ("attendance", {PEOPLE, VOLUNTEERS, EVENTS, ATTENDANCE}),
    ("signatures", {PEOPLE, PETITIONS, SIGNATURES}), ("voters", {VOTERS}), ("share", EVERY_KIND - {IMPORTS}),
    ("walk-results", {PEOPLE, WALKLISTS}),
])
def test_every_import_kind_tells_the_screens_of_what_it_touches(kind: str, screens: set[str]) -> None:
    from organizer.services.imports import imported

    assert imported(kind).touches(IMPORTS)
    assert screens <= imported(kind).kinds, kind
