"""Every path that writes a person stores the same derived keys for the same person.

The form, a people import (create, and merge into someone already there), the undo of an import and
the demo chapter all take them from `derive_keys`; this fails if any of them computes its own.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from organizer.domain.person_keys import derive_keys
from organizer.domain.safe_text import csv_cell
from organizer.services.container import Services, open_chapter
from organizer.services.demo import fill_demo
from organizer.services.people import PersonInput
from organizer.storage.location import SqliteFile
from organizer.storage.models import Person
from tests.service.importing_helpers import write_csv

HEADER = ["First Name", "Middle Name", "Last Name", "Email", "Phone", "Address", "City", "State", "Zip"]
# Letters that fold in every way: marks, letters NFKD keeps whole, ß, capitals; and what names hold besides.
LETTERS = "aAeEzZoOéÉëËñÑçÇłŁøØđĐßæÆœŒþÞıİžŽőŐåÅ"
NAME = st.text(alphabet=LETTERS + " '-’", min_size=1, max_size=14).filter(lambda s: any(c.isalpha() for c in s))
STREETS = ["12 North Main Street #2b", "12 N. Main St. Apt 2B", "7 Łąkowa Street", "40 Straße Road",
           "3  Øster  Avenue", "101 Église Blvd"]


@dataclass(frozen=True)
class Someone:
    given: str
    additional: str
    family: str
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    street: str = ""
    postal_code: str = ""

    def form(self) -> PersonInput:
        return PersonInput(given_name=self.given, additional_name=self.additional, family_name=self.family,
                           emails=list(self.emails), phones=list(self.phones), street=self.street,
                           locality="Raleigh" if self.street else "", region="NC" if self.street else "",
                           postal_code=self.postal_code)

    def row(self) -> list[str]:
        """The person's line as a CSV export writes it: a name such as "'-A" guarded as Excel needs it."""
        return [csv_cell(cell) for cell in (
            self.given, self.additional, self.family, ";".join(self.emails), self.phones[0] if self.phones else "",
            self.street, "Raleigh" if self.street else "", "NC" if self.street else "", self.postal_code)]

    def partial(self) -> Someone:
        """Names and the first email only: what a first sign-in sheet may know."""
        return Someone(self.given, self.additional, self.family, self.emails[:1])


@st.composite
def someone(draw: st.DrawFn) -> Someone:
    local = draw(st.from_regex(r"[a-z]{1,8}(\.[a-z]{1,5})?", fullmatch=True))
    emails = [f"{local}@example.org", *([f"{local}2@Example.ORG"] if draw(st.booleans()) else [])]
    digits = draw(st.integers(min_value=2000000, max_value=9999999))
    shape = draw(st.sampled_from(["(919) {a}-{b}", "919.{a}.{b}", "+1 919 {a} {b}", "919{a}{b}"]))
    return Someone(
        given=draw(NAME), additional=draw(st.sampled_from(["", "Żaneta", "J.", "Mary  Ann"])), family=draw(NAME),
        emails=emails, phones=[shape.format(a=str(digits)[:3], b=str(digits)[3:])],
        street=draw(st.sampled_from(STREETS)), postal_code=draw(st.sampled_from(["27601", "2134", "27605-1234"])),
    )


def stored_keys(services: Services, person_id: int | None = None) -> tuple[Any, ...]:
    """The stored keys of the one person (or of this person): name, family, search text and street keys."""
    with services.db.read() as session:
        stmt = select(Person).options(selectinload(Person.emails), selectinload(Person.phones),
                                      selectinload(Person.addresses))
        people = list(session.scalars(stmt if person_id is None else stmt.where(Person.id == person_id)))
        assert len(people) == 1
        p = people[0]
        return (p.name_key, p.family_key, p.search_text, tuple(sorted(a.street_key for a in p.addresses)))


@contextmanager
def chapter(template: Path) -> Iterator[Services]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.db"
        SqliteFile(template).backup_to(path)
        services = open_chapter(path)
        try:
            yield services
        finally:
            services.close()


def imported(services: Services, folder: Path, *people: Someone) -> int:
    path = write_csv(folder / f"people{len(services.imports.batches())}.csv", [HEADER, *(p.row() for p in people)])
    report = services.imports.run(path, "people")
    assert report.rejected == 0
    return max(b.id for b in services.imports.batches())


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(person=someone())
@example(person=Someone("A", "", "'-A", ["a@example.org"], ["(919) 200-0000"], "12 North Main Street #2b", "27601"))
def test_form_import_merge_and_undo_store_the_same_keys(person: Someone, template_db: Path) -> None:
    with chapter(template_db) as by_form:
        by_form.people.add(person.form())
        expected = stored_keys(by_form)
    with chapter(template_db) as by_partial_form:
        by_partial_form.people.add(person.partial().form())
        expected_partial = stored_keys(by_partial_form)
    with tempfile.TemporaryDirectory() as folder, chapter(template_db) as by_import:
        imported(by_import, Path(folder), person)
        assert stored_keys(by_import) == expected, "an import stores other keys than the form"
    with tempfile.TemporaryDirectory() as folder, chapter(template_db) as by_merge:
        imported(by_merge, Path(folder), person.partial())
        assert stored_keys(by_merge) == expected_partial, "an import stores other keys than the form"
        second = imported(by_merge, Path(folder), person)
        assert stored_keys(by_merge) == expected, "a merge stores other keys than the form"
        by_merge.imports.undo(second)
        assert stored_keys(by_merge) == expected_partial, "an undo stores other keys than the form"


def test_demo_people_have_the_keys_their_fields_derive(services: Services) -> None:
    fill_demo(services.db, people=60)
    with services.db.read() as session:
        people = list(session.scalars(select(Person).options(
            selectinload(Person.emails), selectinload(Person.phones), selectinload(Person.addresses))))
    assert len(people) == 60
    for p in people:
        keys = derive_keys(p.given_name, p.family_name, p.additional_name, [e.address for e in p.emails],
                           [n.number for n in p.phones], [(a.address_lines, a.postal_code) for a in p.addresses],
                           p.custom_fields)
        assert (p.name_key, p.family_key, p.search_text) == (keys.name_key, keys.family_key, keys.search_text)
        assert [a.street_key for a in p.addresses] == list(keys.street_keys)
