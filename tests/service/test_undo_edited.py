"""Undo names the records it would remove or roll back though they were edited after the import,
refuses without --force (or the app's confirmation), counts people removed and put back apart,
and takes a backup first."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from organizer.cli import main
from organizer.services.container import Services
from organizer.services.imports import EditedSinceImport, ImportOptions
from organizer.services.people import PersonInput
from organizer.services.volunteers import VolunteerInput

pytestmark = pytest.mark.sqlite_only  # counts the backup files an undo takes

# Two created people share a name (real lists repeat names); the third row updates the existing Ana Silva.
SHEET = ("First Name,Last Name,Email,Phone\n"
         "Ana,Silva,ana.one@example.org,\n"
         "Ana,Silva,ana.two@example.org,\n"
         "Bo,Chen,bo@example.org,\n"
         "Ana,Silva,ana@example.org,919-555-0101\n")


@pytest.fixture
def imported(services: Services, tmp_path: Path) -> tuple[int, dict[str, int]]:
    """A form-made Ana Silva, then one import creating three people and updating her; batch and ids by email."""
    services.people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["ana@example.org"]))
    path = tmp_path / "sign-in.csv"
    path.write_text(SHEET, encoding="utf-8")
    report = services.imports.run(path, "people", ImportOptions())
    assert (report.created, report.updated) == (3, 1) and report.batch is not None
    ids = {row.emails[0]: row.id for row in services.people.iter_all()}
    return report.batch, ids


def edit(services: Services, person_id: int, notes: str) -> None:
    row = services.people.get(person_id)
    services.people.update(person_id, PersonInput(given_name=row.given_name, family_name=row.family_name,
                                                  emails=list(row.emails), notes=notes))


def backups(db_path: Path) -> list[Path]:
    folder = db_path.parent / "backups"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_nothing_is_edited_right_after_the_import(services: Services, imported: tuple[int, dict[str, int]]) -> None:
    batch, _ids = imported
    assert services.imports.edited_since(batch) == ()


def test_an_edited_person_is_named_and_the_undo_refused(services: Services, db_path: Path,
                                                        imported: tuple[int, dict[str, int]]) -> None:
    batch, ids = imported
    edit(services, ids["ana.two@example.org"], "met at the library")
    edit(services, ids["ana@example.org"], "called back")  # the updated one: rolling her back loses this
    edited = services.imports.edited_since(batch)
    assert sorted(r.id for r in edited) == sorted([ids["ana.two@example.org"], ids["ana@example.org"]])
    assert {r.name for r in edited} == {"Ana Silva"}
    before = (services.people.count(), backups(db_path))
    with pytest.raises(EditedSinceImport) as refused:
        services.imports.undo(batch)
    assert refused.value.edited == edited
    assert f"(#{ids['ana.two@example.org']})" in str(refused.value) and "2 people" in str(refused.value)
    assert (services.people.count(), backups(db_path)) == before  # nothing undone, no backup taken
    assert not services.imports.batches()[0].undone


def test_a_volunteer_profile_or_a_tag_added_later_counts_as_an_edit(
        services: Services, imported: tuple[int, dict[str, int]]) -> None:
    batch, ids = imported
    services.volunteers.save(ids["bo@example.org"], VolunteerInput(skills=["Canvassing"]))
    services.tags.tag_people("Driver", [ids["ana.one@example.org"]])
    assert {r.id for r in services.imports.edited_since(batch)} == {ids["bo@example.org"], ids["ana.one@example.org"]}


def test_a_person_the_import_did_not_touch_is_not_named(services: Services,
                                                        imported: tuple[int, dict[str, int]]) -> None:
    batch, _ids = imported
    other = services.people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["ana3@example.org"]))
    edit(services, other.id, "edited, but no import brought her")
    assert services.imports.edited_since(batch) == ()


def test_confirmed_or_forced_undo_runs_and_reports_apart(services: Services, db_path: Path,
                                                         imported: tuple[int, dict[str, int]]) -> None:
    batch, ids = imported
    edit(services, ids["bo@example.org"], "edited")
    edited = services.imports.edited_since(batch)
    report = services.imports.undo(batch, confirmed={r.id for r in edited})
    assert (report.batch, report.kind, report.removed, report.restored) == (batch, "people", 3, 1)
    assert report.edited == edited
    assert report.backup is not None and Path(report.backup) in backups(db_path)
    assert services.people.count() == 1
    assert services.people.get(ids["ana@example.org"]).phones == ()  # put back as she was


def test_a_confirmation_covers_only_the_records_it_named(services: Services,
                                                         imported: tuple[int, dict[str, int]]) -> None:
    batch, ids = imported
    edit(services, ids["bo@example.org"], "edited")
    named = {r.id for r in services.imports.edited_since(batch)}
    edit(services, ids["ana.one@example.org"], "edited after the question was asked")
    with pytest.raises(EditedSinceImport) as refused:
        services.imports.undo(batch, confirmed=named)
    assert [r.id for r in refused.value.edited if r.id not in named] == [ids["ana.one@example.org"]]
    assert services.imports.undo(batch, force=True).removed == 3


def test_the_command_line_refuses_without_force_and_names_them(
        services: Services, db_path: Path, imported: tuple[int, dict[str, int]],
        capsys: pytest.CaptureFixture[str], db_backend: str) -> None:
    batch, ids = imported
    for email in ("ana.one@example.org", "ana.two@example.org", "bo@example.org", "ana@example.org"):
        edit(services, ids[email], "edited")
    services.close()
    assert main(["--db", str(db_path), "import", "undo", str(batch)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("error: ") and err.count("\n") == 1
    assert "4 people" in err and "Ana Silva (#" in err and "and 1 more" in err and "--force" in err
    assert ("a backup is taken first" in err) == (db_backend == "sqlite")  # a server keeps its own backups
    assert backups(db_path) == [b for b in backups(db_path) if "before-undo" not in b.name]

    assert main(["--db", str(db_path), "import", "undo", str(batch), "--force", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert (printed["batch"], printed["kind"], printed["removed"], printed["restored"]) == (batch, "people", 3, 1)
    assert Path(printed["backup"]).is_file() and "before-undo" in printed["backup"]
    assert sorted(r["id"] for r in printed["edited_since"]) == sorted(ids.values())


def test_the_command_line_text_counts_removed_and_put_back(services: Services, db_path: Path,
                                                           imported: tuple[int, dict[str, int]],
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    batch, _ids = imported
    services.close()
    assert main(["--db", str(db_path), "import", "undo", str(batch)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"Undid import {batch}: 3 people removed, 1 person put back as they were before it"
    assert out[1].startswith("The database as it was before this undo is kept at ") and "before-undo" in out[1]


def test_a_person_checked_in_since_is_named_so_the_undo_never_deletes_the_attendance(
        services: Services, imported: tuple[int, dict[str, int]]) -> None:
    from organizer.services.events import EventInput

    batch, ids = imported
    event = services.events.create(EventInput(title="Meeting", event_type="meeting", start="2027-03-09 19:00",
                                              time_zone="America/New_York"))[0].id
    services.attendance.check_in(event, ids["bo@example.org"])
    assert [r.id for r in services.imports.edited_since(batch)] == [ids["bo@example.org"]]
    with pytest.raises(EditedSinceImport, match="given other records"):
        services.imports.undo(batch)
    assert len(services.attendance.roster(event)) == 1


def test_an_attendance_import_that_raised_a_level_is_undone_without_asking(services: Services,
                                                                           tmp_path: Path) -> None:
    from organizer.services.events import EventInput

    ana = services.people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["ana@example.org"])).id
    services.volunteers.save(ana, VolunteerInput())
    event = services.events.create(EventInput(title="Meeting", event_type="meeting", start="2026-03-09 19:00",
                                              time_zone="America/New_York"))[0].id
    sheet = tmp_path / "came.csv"
    sheet.write_text("email,phone,attended\nana@example.org,919-555-0101,yes\n", encoding="utf-8")
    report = services.event_files.import_attendance(event, sheet)
    assert report.updated == 1 and report.batch is not None
    assert services.imports.edited_since(report.batch) == ()
    services.imports.undo(report.batch)
    assert services.attendance.roster(event) == []
