"""The share export writes the same workbook, cell for cell, as the plain reference way of reading the records
(tests/service/share_reference.py), for a demo chapter with every column filled and for every kind of choice."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select, update

from organizer.files.fastxlsx import write_xlsx
from organizer.files.writing import SheetSpec
from organizer.services.container import Services
from organizer.services.demo import fill_demo
from organizer.services.demo_names import TAGS
from organizer.services.sharing.export import ShareSheets
from organizer.services.sharing.options import ALIAS_HEADERS, ALIASES, DELETION_HEADERS, DELETIONS, ShareChoice
from organizer.storage.models import Person, PersonAlias, PersonList, Tag, Tombstone
from organizer.storage.models.base import new_uuid
from tests.service.share_helpers import fill_every_table
from tests.service.share_reference import ReferenceSheets


def _chapter(services: Services) -> None:
    fill_demo(services.db, people=60)
    with services.db.write() as session:  # the every-column record brings a tag of the same name
        session.execute(update(Tag).where(Tag.folded_name == "door knocker").values(name="Door knocking",
                                                                                  folded_name="door knocking"))
    fill_every_table(services)
    with services.db.write() as session:
        people = list(session.scalars(select(Person.id).order_by(Person.id)))
        session.add_all([PersonAlias(uuid=new_uuid(), person_id=pid) for pid in people[::7]])
        session.add_all([Tombstone(uuid=new_uuid(), kind=kind, deleted_at=datetime(2026, 1, 2, 3, 4, 5, 678, UTC))
                         for kind in ("person", "email_address", "event", "signature", "tag")])


def _workbook(data: Any) -> dict[str, bytes]:
    """The written sheets (every part of the zip) and the counts, from either way of reading."""
    sheets = [SheetSpec(t.name, t.headers, data.rows(t)) for t in data.tables]
    sheets += [SheetSpec(ALIASES, ALIAS_HEADERS, data.aliases()), SheetSpec(DELETIONS, DELETION_HEADERS,
                                                                            data.deletions())]
    out = io.BytesIO()
    write_xlsx(out, sheets)
    with zipfile.ZipFile(out) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    parts["counts"] = repr(sorted(data.counts.items())).encode()
    return parts


def _lists(services: Services) -> tuple[str, ...]:
    with services.db.read() as session:
        return tuple(session.scalars(select(PersonList.name).order_by(PersonList.id)))


@pytest.mark.parametrize("choice", [
    {},
    {"no_contact_details": True, "no_notes": True, "no_custom_fields": True},
    {"tags": (TAGS[0], TAGS[1])},
    {"tags": (TAGS[2],), "lists": "every", "no_do_not_contact": True},
    {"no_do_not_contact": True},
    {"sections": ("events",)},
    {"sections": ("petitions", "canvassing")},
    {"sections": ("volunteers", "prospects"), "no_notes": True},
], ids=["all", "private", "tags", "tags-lists-outreach", "outreach", "events", "petitions-canvassing",
        "volunteers-prospects"])
def test_the_export_writes_the_cells_the_reference_reading_does(services: Services, choice: dict[str, Any]) -> None:
    _chapter(services)
    if choice.get("lists") == "every":
        choice = {**choice, "lists": _lists(services)}
    wanted = ShareChoice(**choice)
    with services.db.read() as session:
        expected = _workbook(ReferenceSheets(session, wanted))
        written = _workbook(ShareSheets(session, wanted))
    assert written.keys() == expected.keys()
    for part, content in expected.items():
        assert written[part] == content, part
    rows = int(expected["counts"].count(b","))
    assert rows > 0
