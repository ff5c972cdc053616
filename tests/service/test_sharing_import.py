"""Importing share workbooks on either backend, a few rows at a time, whatever the order of the file's sheets."""

from __future__ import annotations

import re
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select, update

from organizer.errors import UserError
from organizer.services.container import Services
from organizer.services.person_input import PersonInput
from organizer.services.sharing import importer
from organizer.services.sharing.options import ShareRequest
from organizer.services.sharing.schema import shared_tables
from organizer.storage.models import EmailAddress, ImportChange, Person, PersonAlias
from tests.service.share_helpers import add_voter, fill_every_table, other_chapter, stored

NAMES = [("Ana", "Silva", "home@example.org"), ("Leo", "Silva", "home@example.org"), ("Ana", "Silva", "ana@example.org"),
         ("Ana", "Silva", ""), ("Bo", "Li", "bo@example.org")]


def _source(tmp_path: Path) -> Services:
    """A chapter with a record in every table and people whose names and emails repeat."""
    other = other_chapter(tmp_path, "Source Chapter")
    fill_every_table(other)
    for given, family, email in NAMES:
        other.people.add(PersonInput(given_name=given, family_name=family, emails=[email] if email else [],
                                     tags=["Door Knocker", "Tenant"]))
    return other


def test_a_share_imports_into_either_backend_a_few_rows_at_a_time(services: Services, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer, "CHUNK", 2)
    other = _source(tmp_path)
    path = tmp_path / "share.xlsx"
    try:
        other.sharing.export(ShareRequest(path))
        add_voter(services)
        outcome = services.sharing.import_share(path)
        assert outcome.result.rejected == 0 and not outcome.missing
        assert outcome.sections["people"]["created"] == len(NAMES) + 1
        for table in shared_tables():
            assert stored(other, table.name) == stored(services, table.name), table.name
        assert _keys(services) == _keys(other)  # worked out here from what arrived, as the source has them
        again = services.sharing.import_share(path)
        assert again.result.created == again.result.updated == 0 and again.result.unchanged == again.result.rows
        undone = services.imports.undo(outcome.result.batch or 0, force=True)
        assert undone.removed >= len(NAMES) and services.people.count() == 0
    finally:
        other.close()


def test_created_rows_are_kept_for_undo_as_runs_and_a_later_share_changing_one_blocks_the_undo(
        services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer, "CHUNK", 2)
    other = _source(tmp_path)
    try:
        other.sharing.export(ShareRequest(tmp_path / "one.xlsx"))
        had = _indexes(services)
        first = services.sharing.import_share(tmp_path / "one.xlsx")
        assert _indexes(services) == had  # on SQLite, dropped for the load into empty tables, then rebuilt
        with services.db.read() as session:
            runs = session.scalar(select(func.count()).select_from(ImportChange)
                                  .where(ImportChange.action == "created_run"))
            people = session.scalar(select(func.count()).select_from(ImportChange)
                                    .where(ImportChange.action == "created", ImportChange.entity == "people"))
        assert runs and people == len(NAMES) + 1  # a person each: their history names the import
        with other.db.write() as session:  # a row in the middle of a run, changed there later
            session.execute(update(EmailAddress).where(EmailAddress.address == "bo@example.org")
                            .values(address="bo@example.net", modified_at=datetime.now(UTC) + timedelta(minutes=1)))
        other.sharing.export(ShareRequest(tmp_path / "two.xlsx"))
        later = services.sharing.import_share(tmp_path / "two.xlsx")
        assert later.sections["email_addresses"]["updated"] == 1
        with pytest.raises(UserError, match=f"Import {later.result.batch} .*undo it first"):
            services.imports.undo(first.result.batch or 0, force=True)
        services.imports.undo(later.result.batch or 0, force=True)  # its times put back as times
        with services.db.read() as session:
            assert session.scalar(select(EmailAddress.address).where(EmailAddress.address.like("bo@%"))) == "bo@example.org"
        undone = services.imports.undo(first.result.batch or 0, force=True)
        assert undone.removed == len(NAMES) + 1
        for table in shared_tables():
            assert stored(services, table.name) == [], table.name
    finally:
        other.close()


def _indexes(services: Services) -> dict[str, list[str]]:
    with services.db.read() as session:
        found = inspect(session.connection())
        return {t.name: sorted(str(i["name"]) for i in found.get_indexes(t.name)) for t in shared_tables()}


def test_people_this_chapter_had_are_found_by_the_rules_across_chunks(services: Services, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer, "CHUNK", 1)
    other = _source(tmp_path)
    path = tmp_path / "share.xlsx"
    try:
        other.sharing.export(ShareRequest(path))
        kept = services.people.add(PersonInput(given_name="Bo", family_name="Li", emails=["bo@example.org"]))
        outcome = services.sharing.import_share(path)
        assert outcome.sections["people"]["created"] == len(NAMES)  # Bo is the Bo this chapter had
        with services.db.read() as session:
            assert session.scalar(select(func.count()).select_from(Person)) == len(NAMES) + 1
            assert session.scalar(select(func.count()).select_from(PersonAlias)
                                  .where(PersonAlias.person_id == kept.id)) == 1
        assert services.sharing.import_share(path).result.created == 0
    finally:
        other.close()


def _keys(services: Services) -> list[tuple[str, ...]]:
    """The matching keys and search text of the people made through the app (not the filled-in one)."""
    with services.db.read() as session:
        rows = session.execute(select(Person.uuid, Person.name_key, Person.family_key, Person.search_text)
                               .where(Person.given_name.in_({n[0] for n in NAMES})).order_by(Person.uuid))
        return [tuple(r) for r in rows]


def _reordered(path: Path, out: Path) -> Path:
    """The same workbook with its sheets listed in the reverse order (About last)."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/workbook.xml":
                text = data.decode("utf-8")
                sheets = re.findall(r"<sheet [^>]*/>", text)
                assert len(sheets) > 3
                block = "".join(sheets)
                text = text.replace(block, "".join(reversed(sheets))) if block in text else text
                data = text.encode("utf-8")
            target.writestr(item, data)
    return out


def test_sheets_in_any_order_import_the_same(services: Services, tmp_path: Path) -> None:
    from python_calamine import CalamineWorkbook

    other = _source(tmp_path)
    path = tmp_path / "share.xlsx"
    try:
        other.sharing.export(ShareRequest(path))
        reordered = _reordered(path, tmp_path / "reordered.xlsx")
        assert CalamineWorkbook.from_path(str(reordered)).sheet_names[0] != "About"
        add_voter(services)
        outcome = services.sharing.import_share(reordered)
        assert outcome.result.rejected == 0 and not outcome.missing
        for table in shared_tables():
            assert stored(other, table.name) == stored(services, table.name), table.name
    finally:
        other.close()


def test_an_import_cancelled_midway_keeps_nothing(services: Services, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from organizer.progress import Cancelled, CancelToken

    monkeypatch.setattr(importer, "CHUNK", 2)
    other = _source(tmp_path)
    path = tmp_path / "share.xlsx"
    token = CancelToken()
    seen: list[str] = []

    def progress(done: int, total: int, message: str) -> None:
        seen.append(message)
        if message == "importing people":
            token.cancel()

    try:
        other.sharing.export(ShareRequest(path))
        with pytest.raises(Cancelled):
            services.sharing.import_share(path, progress=progress, cancel=token)
        assert "importing people" in seen and services.people.count() == 0
        assert services.sharing.import_share(path).result.created > 0  # nothing half-done in the way
    finally:
        other.close()


def test_a_person_this_chapter_imported_from_its_own_sheet_is_never_replaced_by_a_newer_copy(
        services: Services, tmp_path: Path) -> None:
    from tests.service.importing_helpers import write_csv
    sheet = write_csv(tmp_path / "signin.csv", [["First name", "Last name", "Email", "Employer", "Notes"],
                                                 ["Ana", "Silva", "ana@example.org", "Duke Energy", "Hosts"]])
    services.imports.run(sheet, "people")
    source = other_chapter(tmp_path, "Chapter A")
    try:  # the other chapter's Ana, keyed later: its copy is the newer one
        source.people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["ana@example.org"],
                                      notes="Met at the fair"))
        with source.db.write() as session:
            session.execute(update(Person).values(modified_at=datetime.now(UTC) + timedelta(minutes=5)))
        path = tmp_path / "a.xlsx"
        source.sharing.export(ShareRequest(path))
    finally:
        source.close()
    outcome = services.sharing.import_share(path)
    [ana] = services.people.iter_all()
    assert (ana.notes, ana.custom_fields) == ("Hosts", {"Employer": "Duke Energy"})
    assert outcome.result.conflicts >= 1  # the other chapter's notes wait for review
