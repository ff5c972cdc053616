"""Export, import into an empty chapter, export again: every field of generated people survives, cell for cell."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from organizer.domain.person_keys import derive_keys
from organizer.domain.text import tidy_name
from organizer.files.reading.api import read_workbook
from organizer.services.container import Services, open_chapter
from organizer.services.people_export import ExportRequest
from organizer.services.person_input import PersonInput
from organizer.storage.location import SqliteFile
from organizer.storage.models import EmailAddress, Person, PhoneNumber, PostalAddress, Tag, Volunteer
from organizer.storage.models.people import fold_tag_name

# Values a spreadsheet would run, values that begin with an apostrophe, unicode, and plain ones.
TRICKY = ["=SUM(A1:A9)", "+1 (555) 010", "-5", "@everyone", "'quoted", "''twice", "plain", "02134", "1e5",
          "Ünïcödé", "中文 text", "line one\nline two"]
NAME = st.one_of(st.from_regex(r"[A-Z][a-zà-ÿ]{1,8}", fullmatch=True),
                 st.sampled_from(["Ana", "José", "O'Brien", "Nguyễn", "=Ana", "'Tis", "+Bo", "-Dash", "@Al"])
                 ).map(tidy_name)
OPTIONAL = st.sampled_from(["", *TRICKY[:6], "Ünïcödé"])
PHONES = [f"+1919555{n:04d}" for n in range(100, 110)] + ["+442071838750", "+33142685300"]
EMAIL = st.sampled_from([f"{a}@example.org" for a in ("ana", "bo", "couple", "josé.nguyen", "x")])


def phone() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({
        "number": st.sampled_from(PHONES), "extension": st.sampled_from(["", "12"]),
        "number_type": st.sampled_from(["mobile", "home", "work", "other"]),
        "sms_capable": st.sampled_from([None, True, False]), "do_not_call": st.booleans()})


def address() -> st.SearchStrategy[dict[str, Any]]:
    lines = st.lists(st.sampled_from(["12 Main St", "=1 Formula Rd", "'5 Quote Ln", "Calle Ñandú 3", "Apt 2B",
                                      "-Rear"]), min_size=1, max_size=3)
    place = st.sampled_from([("Durham", "NC", "27701", "US"), ("", "", "02134", ""), ("London", "", "SW1A 1AA", "GB"),
                             ("Raleigh", "NC", "", "US")])
    return st.builds(lambda ls, p, precinct: {"address_lines": ls, "locality": p[0], "region": p[1],
                                              "postal_code": p[2], "country": p[3], "precinct": precinct},
                     lines, place, st.sampled_from(["", "04-03", "-12"]))


def volunteer() -> st.SearchStrategy[dict[str, Any]]:
    words = st.lists(st.sampled_from(["Driving", "Data entry", "=Math", "Español", "'Calls"]), unique=True, max_size=3)
    return st.fixed_dictionaries({
        "status": st.sampled_from(["active", "inactive", "alumni"]),
        "engagement_level": st.sampled_from(["signed_up", "attended", "took_shift", "led_shift", "leads_team"]),
        "skills": words, "languages": words, "availability": OPTIONAL, "notes": OPTIONAL,
        "started_on": st.none() | st.dates(date(2000, 1, 1), date(2030, 1, 1)),
        "recruited_by": st.none() | st.integers(0, 5), "point_person": st.none() | st.integers(0, 5)})


PERSON = st.fixed_dictionaries({
    "given_name": NAME, "family_name": st.sampled_from(["Silva", "Silva", "Nguyễn", "=Lee", ""]),
    "additional_name": st.sampled_from(["", "Maria", "'M"]), "honorific_prefix": st.sampled_from(["", "Dr.", "=Rev"]),
    "honorific_suffix": st.sampled_from(["", "Jr.", "III"]), "gender_pronouns": st.sampled_from(["", "she/her", "'they"]),
    "birthdate": st.none() | st.dates(date(1920, 1, 1), date(2010, 1, 1)),
    "languages_spoken": st.lists(st.sampled_from(["English", "Español", "Tiếng Việt", "=Klingon", "'Elvish"]),
                                 unique=True, max_size=3),
    "emails": st.lists(st.tuples(EMAIL, st.sampled_from(["subscribed", "unsubscribed", "bouncing"])),
                       unique_by=lambda e: e[0], max_size=3),
    "phones": st.lists(phone(), unique_by=lambda p: p["number"], max_size=3),
    "addresses": st.lists(address(), max_size=3),
    "tags": st.lists(st.sampled_from(["Teacher", "Door knocker", "=Formula", "'Quoted", "Ünïcödé"]), unique=True,
                     max_size=3),
    "notes": OPTIONAL,
    "custom_fields": st.dictionaries(st.sampled_from(["Employer", "T-shirt", "Notes 2", "Skills", "Custom: X",
                                                      "Email 2 status", "Würde"]),
                                     st.sampled_from([v for v in TRICKY if v]), max_size=3),
    "flags": st.lists(st.sampled_from(["do_not_walk", "do_not_call", "do_not_text", "do_not_email", "deceased",
                                       "moved"]), unique=True),
    "volunteer": st.none() | volunteer(),
})


def add_people(services: Services, people: list[dict[str, Any]]) -> None:
    """Write generated people straight into the chapter, as the app's screens and imports store them."""
    with services.db.write() as session:
        tags: dict[str, Tag] = {}
        made = []
        for p in people:
            person = Person(**{k: p[k] for k in ("given_name", "family_name", "additional_name", "honorific_prefix",
                                                 "honorific_suffix", "gender_pronouns", "birthdate",
                                                 "languages_spoken", "notes", "custom_fields")},
                            **{flag: True for flag in p["flags"]})
            person.emails = [EmailAddress(address=a, status=s, primary=i == 0) for i, (a, s) in enumerate(p["emails"])]
            person.phones = [PhoneNumber(primary=i == 0, **ph) for i, ph in enumerate(p["phones"])]
            person.addresses = [PostalAddress(primary=i == 0, **a) for i, a in enumerate(p["addresses"])]
            person.tags = [tags.setdefault(fold_tag_name(t), Tag(name=t)) for t in p["tags"]]
            keys = derive_keys(p["given_name"], p["family_name"], p["additional_name"], [e for e, _s in p["emails"]],
                               [ph["number"] for ph in p["phones"]],
                               [(a["address_lines"], a["postal_code"]) for a in p["addresses"]])
            person.name_key, person.family_key, person.search_text = keys.name_key, keys.family_key, keys.search_text
            for place, key in zip(person.addresses, keys.street_keys, strict=True):
                place.street_key = key
            session.add(person)
            made.append(person)
        session.flush()
        for p, person in zip(people, made, strict=True):
            if p["volunteer"] is not None:
                v = dict(p["volunteer"])
                refs = {f"{k}_id": made[v.pop(k) % len(made)].id if v[k] is not None else v.pop(k)
                        for k in ("recruited_by", "point_person")}
                session.add(Volunteer(person_id=person.id, **v, **refs))


def snapshot(services: Services) -> list[tuple[Any, ...]]:
    """Every field of every person (not ids, times or where this chapter's copy came from)."""
    with services.db.read() as session:
        people = session.scalars(select(Person).options(selectinload(Person.emails), selectinload(Person.phones),
                                                        selectinload(Person.addresses), selectinload(Person.tags)))
        uuids = dict(session.execute(select(Person.id, Person.uuid)).all())
        profiles = {v.person_id: (v.status, v.engagement_level, v.skills, v.languages, v.availability, v.started_on,
                                  v.notes, uuids.get(v.recruited_by_id), uuids.get(v.point_person_id))
                    for v in session.scalars(select(Volunteer))}
        return sorted((
            p.uuid, p.given_name, p.family_name, p.additional_name, p.honorific_prefix, p.honorific_suffix,
            p.gender_pronouns, p.birthdate, p.languages_spoken, p.notes, sorted(p.custom_fields.items()),
            p.do_not_walk, p.do_not_call, p.do_not_text, p.do_not_email, p.deceased, p.moved,
            [(e.address, e.status) for e in sorted(p.emails, key=lambda e: (not e.primary, e.id))],
            [(f.number, f.extension, f.number_type, f.sms_capable, f.do_not_call)
             for f in sorted(p.phones, key=lambda f: (not f.primary, f.id))],
            [(a.address_lines, a.locality, a.region, a.postal_code, a.country, a.precinct)
             for a in sorted(p.addresses, key=lambda a: (not a.primary, a.id))],
            sorted(t.name for t in p.tags), profiles.get(p.id)) for p in people)


def cells_of(path: Path) -> list[list[str]]:
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return list(csv.reader(fh))
    return [list(r) for sheet in read_workbook(path) for r in sheet.rows]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(people=st.lists(PERSON, min_size=1, max_size=6))
def test_export_then_import_loses_nothing(template_db: Path, tmp_path_factory: pytest.TempPathFactory,
                                          suffix: str, people: list[dict[str, Any]]) -> None:
    folder = tmp_path_factory.mktemp("trip")
    for name in ("source.db", "target.db"):
        SqliteFile(template_db).backup_to(folder / name)
    source, target = open_chapter(folder / "source.db"), open_chapter(folder / "target.db")
    try:
        add_people(source, people)
        first, second = folder / f"first{suffix}", folder / f"second{suffix}"
        assert source.exports.people(ExportRequest(first)).people == len(people)
        report = target.imports.run(first, "people")
        assert report.created == len(people) and report.rejected == 0 and not report.warnings, report.to_json()
        assert snapshot(target) == snapshot(source)
        target.exports.people(ExportRequest(second))
        assert cells_of(second) == cells_of(first)
        if suffix == ".csv":
            assert second.read_bytes() == first.read_bytes()
        again = target.imports.run(first, "people")
        assert again.unchanged == len(people) and again.created == 0, again.to_json()
    finally:
        source.close()
        target.close()


def test_a_leading_apostrophe_only_where_a_value_would_run_or_itself_begins_with_one(services: Services,
                                                                                      tmp_path: Path) -> None:
    services.people.add(PersonInput(given_name="Ana", family_name="=HYPERLINK(\"x\")", phones=["919-555-0100"],
                                    notes="'tis", custom_fields={"Employer": "@SUM(1)", "Plain": "it's fine"}))
    path = tmp_path / "people.csv"
    services.exports.people(ExportRequest(path))
    row = dict(zip(*cells_of(path), strict=True))
    assert row["Last Name"] == "'=HYPERLINK(\"x\")" and row["Employer"] == "'@SUM(1)" and row["Notes"] == "'tis"
    assert row["Plain"] == "it's fine" and row["First Name"] == "Ana"
    assert row["Phone"] == "(919) 555-0100"  # as people in the chapter's region write it, no apostrophe


def test_xlsx_cells_are_never_formulas(services: Services, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    services.people.add(PersonInput(given_name="Ana", family_name="=HYPERLINK(\"x\")",
                                    custom_fields={"Employer": "@SUM(1)"}))
    path = tmp_path / "people.xlsx"
    services.exports.people(ExportRequest(path))
    sheet = load_workbook(path).active
    assert sheet is not None
    values = {c.value: c.data_type for row in sheet.iter_rows(min_row=2) for c in row if c.value}
    assert values['=HYPERLINK("x")'] == "s" and values["@SUM(1)"] == "s"
