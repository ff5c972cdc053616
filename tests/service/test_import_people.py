"""People import on real SQLite files: layout, cleaning, matching, merging, safety, undo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from organizer.errors import UserError
from organizer.files.reading import FileProblem
from organizer.services.container import Services
from organizer.services.imports import ImportOptions
from organizer.services.people import PeopleQuery
from tests.service.importing_helpers import write_csv, write_xlsx

SIGN_IN = [
    ["Riverside chapter sign-in", "", "", "", "", ""],
    ["March 9 meeting", "", "", "", "", ""],
    ["", "", "", "", "", ""],
    ["Name", "Phone #", "E-mail", "Zip", "Spanish speaker?", "T-shirt"],
    ["Maria Lopez", "(919) 555-0101", "Maria@Example.org ", "2134", "Y", "M"],
    ["", "", "", "", "", ""],
    ["Chen, Wei", "919.555.0102", "", "27601", "N", ""],
    ["DR. ANA DE LA CRUZ JR.", "555-12", "not-an-email", "27601", "", "L"],
    ["", "", "", "", "maybe", ""],
]


def people(services: Services) -> list:
    return services.people.rows(services.people.search_ids(PeopleQuery()))


def test_a_sign_in_sheet_with_title_rows(services: Services, tmp_path: Path) -> None:
    report = services.imports.run(write_csv(tmp_path / "signin.csv", SIGN_IN), "people")
    assert report.header_row == 4
    assert report.mapping["Name"] == "full_name"
    assert report.mapping["Spanish speaker?"] == "tag"
    assert report.mapping["T-shirt"] == "custom"
    assert (report.rows, report.created, report.rejected) == (4, 3, 1)
    assert report.created + report.updated + report.unchanged + report.rejected == report.rows
    assert [e.row for e in report.errors] == [9]
    by_name = {p.family_name: p for p in people(services)}
    maria = by_name["Lopez"]
    assert (maria.given_name, maria.emails, maria.phones) == ("Maria", ("maria@example.org",), ("+19195550101",))
    assert maria.postal_code == "02134"
    assert maria.tags == ("Spanish speaker",)
    assert maria.custom_fields == {"T-shirt": "M"}
    assert by_name["Chen"].given_name == "Wei" and by_name["Chen"].tags == ()
    ana = by_name["de la Cruz"]
    assert ana.given_name == "Ana"
    assert ana.custom_fields == {"Phone #": "555-12", "E-mail": "not-an-email", "T-shirt": "L"}
    warned = {(w.row, w.column, w.value) for w in report.warnings}
    assert {(8, "Phone #", "555-12"), (8, "E-mail", "not-an-email")} <= warned


def test_reimporting_the_same_file_changes_nothing(services: Services, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "signin.csv", SIGN_IN)
    services.imports.run(path, "people")
    again = services.imports.run(path, "people")
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 3, 1)
    assert services.people.count() == 3


def test_dry_run_reports_the_same_and_writes_nothing(services: Services, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "signin.csv", SIGN_IN)
    dry = services.imports.run(path, "people", ImportOptions(dry_run=True))
    assert dry.batch is None
    assert services.people.count() == 0 and services.imports.batches() == []
    real = services.imports.run(path, "people")
    assert (dry.created, dry.updated, dry.unchanged, dry.rejected) == (
        real.created, real.updated, real.unchanged, real.rejected)


@pytest.mark.parametrize(
    ("row", "outcome"),
    [
        (["Maria", "Lopez", "MARIA@example.org", "", "", ""], "unchanged"),  # rule 1: email
        (["Maria", "Lopez", "", "919-555-0101", "", ""], "unchanged"),  # rule 2: phone + family name
        (["Maria", "", "", "919-555-0101", "", ""], "unchanged"),  # rule 2: family name empty
        (["Maria", "Garcia", "", "919-555-0101", "", ""], "created"),  # phone, other family
        (["María", "López", "", "", "12 North Main Street", "27601"], "unchanged"),  # rule 3
        (["Maria", "Lopez", "", "", "14 Main St", "27601"], "created"),  # same name only
        (["José", "Lopez", "maria@example.org", "", "", ""], "created"),  # a couple sharing an email
    ],
)
def test_matching_rules(services: Services, tmp_path: Path, row: list[str], outcome: str) -> None:
    header = ["First", "Last", "Email", "Phone", "Address", "Zip"]
    services.imports.run(write_csv(tmp_path / "a.csv", [
        header, ["Maria", "Lopez", "maria@example.org", "(919) 555-0101", "12 N. Main St.", "27601"]]), "people")
    report = services.imports.run(write_csv(tmp_path / "b.csv", [header, row]), "people")
    assert getattr(report, outcome) == 1, report.to_json()


def test_people_who_share_an_email_are_each_matched_again(services: Services, tmp_path: Path) -> None:
    """A family sharing one email: every one of them is found again, not only the first one listed."""
    rows = [["First", "Last", "Email"], ["Ana", "Lee", "home@example.org"], ["Ben", "Lee", "home@example.org"],
            ["Cy", "Lee", "home@example.org"]]
    path = write_csv(tmp_path / "family.csv", rows)
    assert services.imports.run(path, "people").created == 3
    again = services.imports.run(path, "people")
    assert (again.created, again.unchanged) == (0, 3)
    only_cy = services.imports.run(write_csv(tmp_path / "cy.csv", [rows[0], rows[3]]), "people")
    assert (only_cy.created, only_cy.unchanged) == (0, 1)
    assert len(people(services)) == 3


def test_a_couple_whose_given_names_start_alike_stays_two_people(services: Services, tmp_path: Path) -> None:
    rows = [["First", "Last", "Email", "Phone"], ["Paul", "Smith", "smiths@example.org", "919-555-7000"],
            ["Paula", "Smith", "smiths@example.org", "919-555-7000"], ["Daniel", "Ortiz", "", "919-555-7100"],
            ["Daniela", "Ortiz", "", "919-555-7100"], ["Dan", "Ortiz", "", "919-555-7100"]]
    report = services.imports.run(write_csv(tmp_path / "couples.csv", rows), "people")
    assert (report.created, report.updated + report.unchanged) == (4, 1)
    assert sorted(p.given_name for p in people(services)) == ["Daniel", "Daniela", "Paul", "Paula"]


def test_a_nationbuilder_export_gives_people_their_address_and_other_tools_columns_keep_their_meaning(
        services: Services, tmp_path: Path) -> None:
    rows = [["first_name", "last_name", "email", "primary_address1", "primary_address2", "primary_city",
             "primary_state", "primary_zip", "born_at", "Title", "Member?"],
            ["Kim", "Lee", "kim@example.org", "12 Oak St", "Apt 4", "Raleigh", "NC", "27601", "1980-02-03",
             "Executive Director of the Riverside Tenants Association", "Yes"]]
    report = services.imports.run(write_csv(tmp_path / "nb.csv", rows), "people")
    assert report.created == 1 and report.rejected == 0
    assert {h: report.mapping[h] for h in rows[0][3:]} == {
        "primary_address1": "street", "primary_address2": "address_line2", "primary_city": "locality",
        "primary_state": "region", "primary_zip": "postal_code", "born_at": "birthdate", "Title": "custom",
        "Member?": "custom"}
    [kim] = people(services)
    assert (kim.given_name, kim.family_name, kim.postal_code) == ("Kim", "Lee", "27601")


def test_excels_leading_zero_guard_is_read_as_the_text_it_shows(services: Services, tmp_path: Path) -> None:
    rows = [["Name", "Email", "Phone", "Zip", "Notes"],
            ["Ana Silva", "ana@example.org", '="9195551111"', '="02134"', '="Met at the ""fair"""'],
            ["Bo Li", "bo@example.org", "", "02135", '=1+1']]
    report = services.imports.run(write_csv(tmp_path / "excel.csv", rows), "people")
    assert (report.created, report.rejected) == (2, 0)
    by_email = {p.emails[0]: p for p in people(services)}
    assert (by_email["ana@example.org"].postal_code, by_email["bo@example.org"].postal_code) == ("02134", "02135")
    detail = services.people.get(by_email["ana@example.org"].id)
    assert detail.notes == 'Met at the "fair"'
    assert services.people.get(by_email["bo@example.org"].id).notes == "=1+1"  # a formula is kept as typed


def test_merge_fills_adds_and_never_overwrites(services: Services, tmp_path: Path) -> None:
    header = ["First", "Last", "Email", "Phone", "City", "Employer"]
    services.imports.run(write_csv(tmp_path / "a.csv", [
        header, ["Maria", "Lopez", "maria@example.org", "", "", "Library"]]), "people")
    report = services.imports.run(write_csv(tmp_path / "b.csv", [
        header, ["Maria", "Lopez-Ruiz", "maria@example.org", "919 555 0101", "Raleigh", "School"]]), "people")
    assert report.updated == 1 and report.conflicts == 2
    [maria] = people(services)
    assert maria.family_name == "Lopez"
    assert maria.phones == ("+19195550101",)
    assert maria.locality == "Raleigh"
    assert maria.custom_fields == {"Employer": "Library"}
    again = services.imports.run(tmp_path / "b.csv", "people")
    assert again.unchanged == 1 and again.conflicts == 0


def test_rows_within_one_file_are_matched_to_each_other(services: Services, tmp_path: Path) -> None:
    report = services.imports.run(write_csv(tmp_path / "a.csv", [
        ["Email", "First", "Last", "Phone"],
        ["ana@example.org", "Ana", "Silva", ""],
        ["ANA@example.org", "Ana", "Silva", "919-555-0104"],
    ]), "people")
    assert (report.created, report.updated) == (1, 1)
    [ana] = people(services)
    assert ana.phones == ("+19195550104",)


def test_national_tool_headers_map_without_help(services: Services, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "an.csv", [
        ["first_name", "last_name", "email", "zip_code", "can2_phone", "can2_user_address", "can2_user_city",
         "can2_state_abbreviated", "can2_user_tags"],
        ["Ana", "Silva", "ana@example.org", "02134", "9195550101", "12 Main St", "Boston", "MA", "Teacher, Parent"],
    ])
    report = services.imports.run(path, "people")
    assert set(report.mapping.values()) == {"given_name", "family_name", "email", "postal_code", "phone", "street",
                                           "locality", "region", "tags"}
    [ana] = people(services)
    assert ana.tags == ("Parent", "Teacher") and ana.street == "12 Main St" and ana.region == "MA"


def test_xlsx_numbers_keep_leading_zeros_and_phones(services: Services, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", [["First Name", "Last Name", "Zip", "Mobile"],
                                             ["Ana", "Silva", 2134, 9195550101]])
    services.imports.run(path, "people")
    [ana] = people(services)
    assert ana.postal_code == "02134" and ana.phones == ("+19195550101",)


def test_map_overrides_are_used_and_remembered(services: Services, tmp_path: Path) -> None:
    header = ["Who", "Contact"]
    path = write_csv(tmp_path / "a.csv", [header, ["Ana Silva", "ana@example.org"]])
    services.imports.run(path, "people", ImportOptions(overrides={"who": "full_name", "Contact": "email"}))
    preview = services.imports.preview(write_csv(tmp_path / "b.csv", [header, ["Leo Chen", "leo@example.org"]]),
                                       "people")
    assert preview.layout.mapping() == {"Who": "full_name", "Contact": "email"}
    with pytest.raises(UserError, match="no column called"):
        services.imports.run(path, "people", ImportOptions(overrides={"Nope": "email"}))
    with pytest.raises(UserError, match="not a field"):
        services.imports.run(path, "people", ImportOptions(overrides={"Who": "shoe_size"}))


def test_an_unreadable_file_midway_writes_nothing(services: Services, tmp_path: Path) -> None:
    rows = "First,Last,Email\n" + "".join(f"P{i},Q{i},p{i}@example.org\n" for i in range(5000))
    path = tmp_path / "broken.csv"
    path.write_text(rows + 'Ana,"Silva,ana@example.org\n', encoding="utf-8")
    with pytest.raises(FileProblem):
        services.imports.run(path, "people")
    assert services.people.count() == 0 and services.imports.batches() == []


def test_undo_removes_created_and_restores_changed(services: Services, tmp_path: Path) -> None:
    header = ["First", "Last", "Email", "Phone", "Tags"]
    services.imports.run(write_csv(tmp_path / "a.csv", [header, ["Ana", "Silva", "ana@example.org", "", ""]]),
                         "people")
    second = services.imports.run(write_csv(tmp_path / "b.csv", [
        header, ["Ana", "Silva", "ana@example.org", "919 555 0101", "Parent"], ["Leo", "Chen", "", "", ""]]),
        "people")
    assert second.batch is not None
    services.imports.undo(second.batch)
    [ana] = people(services)
    assert ana.phones == () and ana.tags == ()
    assert services.people.search_ids(PeopleQuery(text="5550101")) == []
    with pytest.raises(UserError, match="already undone"):
        services.imports.undo(second.batch)


def test_undo_refuses_when_a_later_import_touched_the_same_people(services: Services, tmp_path: Path) -> None:
    header = ["First", "Last", "Email", "Phone"]
    first = services.imports.run(write_csv(tmp_path / "a.csv", [header, ["Ana", "Silva", "ana@example.org", ""]]),
                                 "people")
    services.imports.run(write_csv(tmp_path / "b.csv", [header, ["Ana", "Silva", "ana@example.org", "9195550101"]]),
                         "people")
    assert first.batch is not None
    with pytest.raises(UserError, match="undo import 2 first"):
        services.imports.undo(first.batch)


@pytest.mark.sqlite_only  # backup files
def test_a_backup_is_written_before_an_import(services: Services, tmp_path: Path) -> None:
    report = services.imports.run(write_csv(tmp_path / "a.csv", [["Email"], ["ana@example.org"]]), "people")
    assert report.backup is not None and Path(report.backup).exists()


def test_save_rejected_rows_keeps_the_original_cells(services: Services, tmp_path: Path) -> None:
    from python_calamine import CalamineWorkbook

    report = services.imports.run(write_csv(tmp_path / "signin.csv", SIGN_IN), "people")
    out = tmp_path / "rejected.xlsx"
    assert services.imports.save_rejected(report, out) == 1
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert rows[0][:3] == ["Row", "Reason", "Name"]
    assert rows[1][0] == "9" and rows[1][6] == "maybe"


def test_a_big_first_import_rebuilds_the_search_indexes_and_search_still_works(
        services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy import inspect

    monkeypatch.setattr("organizer.services.importing.people_import.BULK_FROM_ROWS", 10)
    rows = [["First", "Last", "Email"]] + [[f"Given{i}", f"Family{i}", f"p{i}@example.org"] for i in range(50)]
    services.imports.run(write_csv(tmp_path / "big.csv", rows), "people")
    with services.db.engine.connect() as conn:
        names = {i["name"] for i in inspect(conn).get_indexes("people")}
    search_index = "ix_people_search" if services.db.engine.dialect.name == "sqlite" else "trgm_people_search_text"
    assert {search_index, "ix_people_sort"} <= names
    assert len(services.people.search_ids(PeopleQuery(text="family4"))) == 11


def test_issues_past_the_listing_limit_are_counted_not_dropped(services: Services, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("organizer.services.importing.report.LISTED_LIMIT", 3)
    rows = [["First", "Phone", "Email"]] + [[f"P{i}", "555-12", ""] for i in range(5)] + [["", "", "x"]] * 5
    report = services.imports.run(write_csv(tmp_path / "bad.csv", rows), "people").to_json()
    assert len(report["warnings"]) == 4 and "7 more warnings" in report["warnings"][-1]["reason"]
    assert report["rejected"] == 5 and len(report["errors"]) == 4
    assert "2 more rejected rows" in report["errors"][-1]["reason"]


@pytest.mark.sqlite_only  # backup files
def test_undo_takes_a_backup_first_that_holds_the_import(services: Services, tmp_path: Path) -> None:
    import sqlite3

    from organizer.storage.backup_files import BEFORE_UNDO, backups_of

    header = ["First", "Last", "Email"]
    done = services.imports.run(write_csv(tmp_path / "a.csv", [header, ["Ana", "Silva", "ana@example.org"]]), "people")
    assert done.batch is not None and not [b for b in backups_of(services.db.location) if b.reason == BEFORE_UNDO]
    services.imports.undo(done.batch)
    [backup] = [b for b in backups_of(services.db.location) if b.reason == BEFORE_UNDO]
    con = sqlite3.connect(backup.path)
    try:
        assert con.execute("SELECT count(*) FROM people").fetchone()[0] == 1
    finally:
        con.close()
    assert services.people.count() == 0


@pytest.mark.sqlite_only  # backup files
def test_undoing_a_re_import_that_changed_nothing_takes_no_backup(services: Services, tmp_path: Path) -> None:
    from organizer.storage.backup_files import BEFORE_UNDO, backups_of

    path = write_csv(tmp_path / "a.csv", [["First", "Last", "Email"], ["Ana", "Silva", "ana@example.org"],
                                          ["Ana", "Silva", "ana2@example.org"]])
    first = services.imports.run(path, "people")
    again = services.imports.run(path, "people")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert first.batch is not None and again.batch is not None
    services.imports.undo(again.batch)
    assert not [b for b in backups_of(services.db.location) if b.reason == BEFORE_UNDO]
    assert [b.undone for b in services.imports.batches()] == [True, False]
    services.imports.undo(first.batch)  # this one removes people: backed up first
    assert len([b for b in backups_of(services.db.location) if b.reason == BEFORE_UNDO]) == 1
    assert services.people.count() == 0


def test_search_indexes_are_rebuilt_only_by_imports_that_create_enough_people(
        services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from contextlib import AbstractContextManager

    import organizer.services.importing.people_import as people_import

    rebuilt: list[int] = []
    real = people_import.indexes_rebuilt_after

    def counted(*args: Any) -> AbstractContextManager[None]:
        rebuilt.append(1)
        return real(*args)

    monkeypatch.setattr(people_import, "BULK_FROM_ROWS", 2)
    monkeypatch.setattr(people_import, "indexes_rebuilt_after", counted)
    rows = [["First", "Last", "Email"]] + [[n, "Silva", f"{n.lower()}{i}@example.org"]
                                           for i, n in enumerate(["Ana", "Ana", "Bea"])]
    path = write_csv(tmp_path / "a.csv", rows)
    assert services.imports.run(path, "people").created == 3
    assert rebuilt == [1]
    assert services.imports.run(path, "people").unchanged == 3
    assert rebuilt == [1]  # a re-import that finds everyone rebuilds nothing
    assert services.people.search_ids(PeopleQuery(text="bea"))
