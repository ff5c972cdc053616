"""A people import's chunks written in a second thread while the next is placed (as on a server) give
exactly what writing them in turn gives: the same people, contacts, tags and possible duplicates.

The write is slowed down so later chunks are placed while an earlier one is still being written: they
match people of that chunk (on SQLite, whose ids are still on the way), add new tags, and name lookalikes
from it; on a server their rows are made ready for the server meanwhile.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from organizer.services.container import Services
from organizer.services.importing import people_import
from organizer.services.importing.overlap import Overlapped
from organizer.services.importing.people_writer import Buffers, PeopleWriter, Prepared
from organizer.services.importing.prepare import CHUNK
from organizer.services.person_input import PersonInput
from organizer.storage.models import EmailAddress, Person, PhoneNumber, PossibleDuplicate, Tag, Tagging
from tests.service.importing_helpers import write_csv

GIVEN = ["Ana", "Ana", "Bea", "Cai", "Dee", "Eli"]  # real lists repeat names


def rows() -> list[list[str]]:
    """A chunk and a half of new people (namesakes among them), people of the first chunk again with a
    new phone and a tag first seen there, then two chunks of new people."""
    out = [["First", "Last", "Email", "Phone", "Tags"]]
    first = CHUNK + CHUNK // 2
    for i in range(first):
        out.append(person(i, "member"))
    for i in range(0, CHUNK, 3):  # the same people again, in the next chunk
        out.append([*person(i, f"member, wave {i % 4}")[:3], f"919555{i:04d}", f"member, wave {i % 4}"])
    for i in range(first, first + 2 * CHUNK):
        out.append(person(i, "member"))
    return out


def person(i: int, tags: str) -> list[str]:
    return [GIVEN[i % len(GIVEN)], f"Family{i % 900}", f"p{i}@example.org", "", tags]


def snapshot(services: Services) -> dict[str, Any]:
    """The chapter's people, contacts, tags and open possible duplicates, by email (ids left out)."""
    with services.db.read() as session:
        email_of = dict(session.execute(select(EmailAddress.person_id, EmailAddress.address)).all())
        people = {pid: (given, family) for pid, given, family in
                  session.execute(select(Person.id, Person.given_name, Person.family_name))}
        phones = sorted((email_of[pid], number) for pid, number in
                        session.execute(select(PhoneNumber.person_id, PhoneNumber.number)))
        tags = sorted((email_of[pid], name) for pid, name in session.execute(
            select(Tagging.person_id, Tag.name).join(Tag, Tag.id == Tagging.tag_id)))
        pairs = sorted(tuple(sorted((email_of[a], email_of[b]))) for a, b in session.execute(
            select(PossibleDuplicate.person_id, PossibleDuplicate.other_person_id)))
    return {"people": sorted((email_of[pid], names) for pid, names in people.items()),
            "phones": phones, "tags": tags, "pairs": pairs}


def overlapped_and_slow(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Make every people import write its chunks in a second thread, each write slow. Counts the chunks
    made ready while a write was under way, and the stand-in ids (SQLite's) asked for meanwhile."""
    monkeypatch.setattr(people_import, "Overlapped", lambda threaded: Overlapped(True))
    send, prepare, real_id = PeopleWriter.send, PeopleWriter.prepare, PeopleWriter.real_id
    seen = {"sending": 0, "prepared_beside": 0, "waited": 0}

    def slow_send(self: PeopleWriter, prepared: Prepared) -> None:
        seen["sending"] += 1
        try:
            time.sleep(0.5)
            send(self, prepared)
        finally:
            seen["sending"] -= 1

    def watched_prepare(self: PeopleWriter, buffers: Buffers) -> Prepared:
        seen["prepared_beside"] += bool(seen["sending"])
        return prepare(self, buffers)

    def watched_real_id(self: PeopleWriter, pid: int) -> int:
        if pid < -1 and pid not in self._ids:
            seen["waited"] += 1
        return real_id(self, pid)

    monkeypatch.setattr(PeopleWriter, "send", slow_send)
    monkeypatch.setattr(PeopleWriter, "prepare", watched_prepare)
    monkeypatch.setattr(PeopleWriter, "real_id", watched_real_id)
    return seen


@pytest.mark.parametrize("chapter_had_people", [False, True])
def test_writing_chunks_beside_placing_them_gives_the_same_chapter(
        services: Services, db_backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        chapter_had_people: bool) -> None:
    if chapter_had_people:
        services.people.add(PersonInput(given_name="Ana", family_name="Family0", emails=["ana@example.org"]))
    sheet = write_csv(tmp_path / "people.csv", rows())
    in_turn = services.imports.run(sheet, "people")
    expected = snapshot(services)
    services.imports.undo(in_turn.batch or 0)

    seen = overlapped_and_slow(monkeypatch)
    beside = services.imports.run(sheet, "people")
    assert snapshot(services) == expected
    assert (beside.created, beside.updated, beside.unchanged, beside.possible_duplicates) == (
        in_turn.created, in_turn.updated, in_turn.unchanged, in_turn.possible_duplicates)
    assert in_turn.updated > 0 and in_turn.possible_duplicates > 0
    if chapter_had_people:
        return  # each chunk's stored people are read first, once the write before is over
    if db_backend == "sqlite":  # stand-ins: a later chunk asked for ids still on the way
        assert seen["waited"], "no chunk was placed while the one before it was still being written"
    else:  # ids known ahead: a later chunk was made ready for the server while the one before was written
        assert seen["prepared_beside"], "no chunk was made ready while the one before it was still being written"
