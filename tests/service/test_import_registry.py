"""The registry of import kinds: every kind round-trips preview → import → undo, and an unknown kind is one clear error."""

from __future__ import annotations

import ast
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from organizer.cli import main
from organizer.domain.codes import ImportKind
from organizer.errors import UserError
from organizer.services.container import Services
from organizer.services.events import EventInput
from organizer.services.importing.registry import KINDS, kind_named, kind_names
from organizer.services.imports import ImportOptions, import_kind, import_kinds
from organizer.services.petitions import PetitionInput
from organizer.storage.voter_text import TEXT_TABLE, is_text_index_table
from tests.service.importing_helpers import write_csv

ROOT = Path(__file__).resolve().parents[2]
# The import log keeps an undone import (marked undone, with its change records and any mapping chosen),
# and the records an undo deletes leave tombstones, so that a share file carries the deletion.
IMPORT_LOG = {"import_batches", "import_changes", "column_mappings", "tombstones"}
# An undo is a change too: it leaves the records it put back modified now, so a share file carries it;
# and a record's references into the import log (the batch that last saw a voter) may name the undone batch.
def _compared(column: str) -> bool:
    # An undo is a change like any other: it moves the modified time and a person's version on.
    return column not in {"modified_at", "updated_at", "version"} and not column.endswith("batch_id")

# Per kind: a first file (kept), then a second one that changes some of the first file's records, adds
# others and leaves one out; undoing the second must leave the database as the first left it.
KEPT_VOTERS = [[f"K{i}", "KEPT", "KIM", f"{i} OAK AVE", "27601", "01-01", "ACTIVE"] for i in range(4)]
SAMPLES: dict[str, tuple[list[list[str]], list[list[str]]]] = {
    "people": (
        [["First Name", "Last Name", "Email", "Phone", "Zip", "Tags"],
         ["Ana", "Silva", "ana@example.org", "", "27601", "Parent"],
         ["Wei", "Chen", "wei@example.org", "(919) 555-0102", "27605", ""]],
        [["First Name", "Last Name", "Email", "Phone", "Zip", "Tags", "Volunteer?"],
         ["Ana", "Silva", "ana@example.org", "919 555 0101", "27601", "Teacher", "Y"],
         ["Wei", "Chen", "wei@example.org", "(919) 555-0102", "27610", "", "N"],
         ["Leo", "Lopez", "", "919 555 0103", "27601", "Door knocker", "Y"],
         ["", "", "not-an-email", "", "", "", ""]],
    ),
    "voters": (
        [["voter_reg_num", "last_name", "first_name", "res_street_address", "zip_code", "precinct_abbrv",
          "voter_status_desc"],
         ["V1", "SILVA", "ANA", "12 N MAIN ST", "27601", "01-01", "ACTIVE"],
         ["V2", "CHEN", "WEI", "15 N MAIN ST", "27601", "01-01", "ACTIVE"],
         *KEPT_VOTERS],  # enough of a roll that leaving one out is a refresh, not a mass inactivation
        [["voter_reg_num", "last_name", "first_name", "res_street_address", "zip_code", "precinct_abbrv",
          "voter_status_desc"],
         ["V1", "SILVA", "ANA MARIA", "40 ELM ST", "27601", "01-02", "ACTIVE"],
         ["V3", "LOPEZ", "LEO", "9 OAK AVE", "27601", "01-02", "ACTIVE"],
         ["", "NOBODY", "", "", "", "", ""], *KEPT_VOTERS],
    ),
    "attendance": (
        [["First Name", "Last Name", "Email", "Status", "Attended"],
         ["Ana", "Silva", "ana@example.org", "registered", ""],
         ["Wei", "Chen", "wei@example.org", "registered", ""]],
        [["First Name", "Last Name", "Email", "Phone", "Status", "Attended"],
         ["Ana", "Silva", "ana@example.org", "919 555 0101", "confirmed", "yes"],
         ["Leo", "Lopez", "", "919 555 0103", "", "yes"],
         ["", "", "not-an-email", "", "", ""]],
    ),
    "vote-history": (
        [["ncid", "voter_reg_num", "election_lbl", "election_desc", "voting_method", "voted_party_cd"],
         ["NC1", "V1", "11/08/2022", "11/08/2022 GENERAL", "IN-PERSON", "DEM"],
         ["NC2", "V2", "11/08/2022", "11/08/2022 GENERAL", "ABSENTEE", "REP"]],
        [["ncid", "voter_reg_num", "election_lbl", "election_desc", "voting_method", "voted_party_cd"],
         ["NC1", "V1", "11/08/2022", "11/08/2022 GENERAL", "ABSENTEE", "DEM"],
         ["NC1", "V1", "11/03/2020", "11/03/2020 GENERAL", "IN-PERSON", "DEM"],
         ["NC3", "V3", "", "", "", ""]],
    ),
    "signatures": (
        [["Sheet", "Line", "First Name", "Last Name", "Address", "Zip", "Date"],
         ["1", "1", "Ana", "Silva", "12 N Main St", "27601", "2026-03-02"],
         ["1", "2", "Wei", "Chen", "15 N Main St", "27601", "2026-03-02"]],
        [["Sheet", "Line", "First Name", "Last Name", "Address", "Zip", "Date"],
         ["1", "1", "Ana", "Silva", "12 North Main Street Apt 4", "27601", "2026-03-02"],  # corrected
         ["1", "2", "Wei", "Chen", "15 N Main St", "27601", "2026-03-02"],
         ["1", "3", "Leo", "Lopez", "9 Oak Ave", "27601", "2026-03-03"],
         ["1", "3", "Kim", "Lee", "5 Elm St", "27601", "2026-03-03"]],  # line 3 used twice
    ),
    "suppressions": (
        [["email", "reason"], ["ana@example.org", "unsubscribed"], ["wei@example.org", "bounced"]],
        [["email", "reason"], ["ana@example.org", "complained"], ["leo@example.org", "unsubscribed"],
         ["not-an-email", "unsubscribed"]],
    ),
}
# Kinds whose rows go into one record (an event, a petition): the target each sample is imported into.
TARGETS = {"attendance": lambda services: str(services.events.create(
    EventInput(title="Meeting", start="2027-03-09 19:00", time_zone="UTC"))[0].id),
           "signatures": lambda services: str(services.petitions.create(PetitionInput("Fair Maps")).id)}


def snapshot(services: Services) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table the chapter's records live in (the import log left out)."""
    path = services.db.path
    assert path is not None
    con = sqlite3.connect(path)
    try:
        tables = [name for (name,) in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' "
            "AND name <> 'alembic_version'")]
        out = {}
        # The voter text index's shadow tables hold its segments, laid out by history: its rows are compared instead.
        shadows = {t for t in tables if is_text_index_table(t) and t != TEXT_TABLE}
        for table in set(tables) - IMPORT_LOG - shadows:
            columns = [name for _i, name, *_rest in con.execute(f'PRAGMA table_info("{table}")')]
            kept = ", ".join(f'"{c}"' for c in columns if _compared(c))
            out[table] = sorted(con.execute(f'SELECT {kept} FROM "{table}"'), key=repr)
        return out
    finally:
        con.close()


def test_every_registered_kind_has_a_round_trip_sample() -> None:
    assert set(kind_names()) == set(SAMPLES), "add a first and a second file for each new kind to SAMPLES"


@pytest.mark.parametrize("kind", kind_names())
@pytest.mark.sqlite_only  # reads the file with sqlite3
def test_a_kind_round_trips_preview_import_and_undo(services: Services, tmp_path: Path, kind: str) -> None:
    first_rows, second_rows = SAMPLES[kind]
    target = TARGETS[kind](services) if kind in TARGETS else ""
    first = services.imports.run(write_csv(tmp_path / "first.csv", first_rows), kind, ImportOptions(target=target))
    assert first.batch is not None and first.created == len(first_rows) - 1
    before = snapshot(services)

    path = write_csv(tmp_path / "second.csv", second_rows)
    preview = services.imports.preview(path, kind)
    assert preview.kind.name == kind and preview.layout.header_row == 1
    assert preview.kind.identifying & set(preview.layout.mapping().values()), "the sample's records are identified"
    options = ImportOptions(header_row=preview.layout.header_row, target=target)
    checked = services.imports.run(path, kind, ImportOptions(header_row=1, dry_run=True, target=target))
    assert checked.batch is None and snapshot(services) == before, "a dry run changes nothing"

    second = services.imports.run(path, kind, options)
    assert second.batch is not None
    assert (second.created, second.updated, second.rejected) == (checked.created, checked.updated, checked.rejected)
    assert second.created >= 1 and second.updated >= 1 and second.rejected == 1
    assert snapshot(services) != before

    counts = services.imports.undo(second.batch)
    assert counts.removed == second.created and counts.restored >= second.updated
    assert snapshot(services) == before
    [listed] = [b for b in services.imports.batches() if b.id == second.batch]
    assert listed.undone and listed.kind == kind


@pytest.mark.parametrize("kind", kind_names())
def test_a_kind_declares_a_consistent_vocabulary(kind: str) -> None:
    spec = kind_named(kind)
    keys = spec.field_keys()
    assert kind in {code.value for code in ImportKind}, "import_batches.kind accepts only the domain's codes"
    assert {"custom", "ignore"} <= keys and len(keys) == len(spec.fields)
    assert spec.identifying and spec.identifying <= keys
    assert set(spec.synonyms) <= keys and spec.numbered <= keys
    assert {c.key for c in spec.counts}.isdisjoint({"rows", "created", "updated", "unchanged", "rejected"})
    assert import_kind(kind).name == kind and spec.label and spec.command_help


def test_the_kinds_are_offered_in_the_registry_order() -> None:
    assert [k.name for k in import_kinds()] == [k.name for k in KINDS] == [
        "people", "voters", "attendance", "vote-history", "signatures", "suppressions"]


def test_an_unknown_kind_is_one_clear_error_from_the_services(services: Services, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [["Email"], ["ana@example.org"]])
    for call in (lambda: services.imports.preview(path, "nope"), lambda: services.imports.run(path, "nope"),
                 lambda: import_kind("nope")):
        with pytest.raises(UserError) as caught:
            call()
        assert str(caught.value) == ("There is no import of kind 'nope'; the kinds are: people, voters, attendance, "
                                     "vote-history, signatures, suppressions.")
    assert services.imports.batches() == [] and services.people.count() == 0


def test_an_unknown_kind_on_the_command_line_exits_2_with_one_error_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(tmp_path / "a.csv", [["Email"], ["ana@example.org"]])
    with pytest.raises(SystemExit) as caught:
        main(["--db", str(tmp_path / "c.db"), "import", "nope", str(path)])
    _out, err = capsys.readouterr()
    assert caught.value.code == 2
    assert err.startswith("error:") and len(err.strip().splitlines()) == 1 and "invalid choice: 'nope'" in err


@pytest.mark.parametrize("kind", kind_names())
def test_every_kind_has_the_same_import_command(kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SystemExit):
        main(["import", kind, "--help"])
    text = capsys.readouterr().out
    for option in ("--sheet", "--map", "--header-row", "--encoding", "--delimiter", "--password-env", "--dry-run",
                   "--errors", "--json"):
        assert option in text
    monkeypatch.delenv("REGISTRY_TEST_PASSWORD", raising=False)
    path = write_csv(tmp_path / "a.csv", [["Email"], ["ana@example.org"]])
    code = main(["--db", str(tmp_path / "c.db"), "import", kind, str(path), "--password-env", "REGISTRY_TEST_PASSWORD"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("error:") and "REGISTRY_TEST_PASSWORD" in err


def _store_batch_of_unknown_kind(services: Services) -> int:
    """A batch as a newer version (with a kind this one lacks) would have left it."""
    path = services.db.path
    assert path is not None
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA ignore_check_constraints = ON")  # a newer version's kind is not among our codes
        with con:
            cursor = con.execute(
                "INSERT INTO import_batches (kind, file_name, file_hash, sheet, imported_at, rows, created, updated, "
                "unchanged, rejected, mapping, report) VALUES ('from_the_future', 'later.csv', '', '', "
                "'2026-01-02 03:04:05', 3, 3, 0, 0, 0, '{}', '{\"rows\": 3, \"created\": 3}')")
        assert cursor.lastrowid is not None
        return int(cursor.lastrowid)
    finally:
        con.close()


@pytest.mark.sqlite_only  # reads the file with sqlite3
def test_a_stored_batch_of_an_unknown_kind_is_listed_but_cannot_be_undone(
        services: Services, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    batch = _store_batch_of_unknown_kind(services)
    [row] = services.imports.batches()
    assert (row.id, row.kind, row.undone) == (batch, "from_the_future", False)
    assert services.imports.report(batch).created == 3
    with pytest.raises(UserError, match=f"Import {batch} cannot be undone: its kind 'from_the_future'"):
        services.imports.undo(batch)
    assert not services.imports.batches()[0].undone
    code = main(["--db", str(db_path), "import", "undo", str(batch)])
    _out, err = capsys.readouterr()
    assert code == 2 and err.startswith("error: Import") and len(err.strip().splitlines()) == 1
    assert "the kinds are: people, voters, attendance, vote-history, signatures, suppressions" in err
    assert main(["--db", str(db_path), "import", "list"]) == 0
    assert "from_the_future\tlater.csv" in capsys.readouterr().out


def test_the_reading_child_loads_no_database_code() -> None:
    """The registry and the kinds stay light: the reading child process imports them to prepare rows."""
    code = ("import sys, organizer.services.importing.prepare_child, organizer.services.importing.registry; "
            "print(sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'organizer.storage'))))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def _kind_comparisons(path: Path, names: set[str]) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            named = [s.value for s in sides if isinstance(s, ast.Constant) and s.value in names]
            kindish = [s for s in sides if "kind" in ast.unparse(s).casefold() and not isinstance(s, ast.Constant)]
            if named and kindish:
                found.append(f"{path}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_no_code_branches_on_a_kind_name() -> None:
    """The runner, the command line, the screens and undo ask the registry; none compares a kind to a name."""
    names = set(kind_names())
    files = [p for folder in ("organizer", "ui", "launcher") for p in sorted((ROOT / folder).rglob("*.py"))]
    found = [hit for path in files for hit in _kind_comparisons(path, names)]
    assert found == []


def test_the_branch_check_sees_a_branch(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('if report.kind == "voters":\n    pass\nif "people" != kind:\n    pass\nx = name == "voters"\n')
    assert len(_kind_comparisons(sample, {"people", "voters"})) == 2


def test_the_import_screens_use_only_what_the_services_hand_out() -> None:
    """ui/imports/** takes rows from public service modules, never from the import pipeline or the readers."""
    allowed = ("organizer.domain", "organizer.errors", "organizer.progress")
    bad = []
    for path in sorted((ROOT / "ui" / "imports").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else (
                [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            for name in names:
                public_service = name.startswith("organizer.services.") and name.count(".") == 2
                if name.startswith("organizer") and not (public_service or name.startswith(allowed)):
                    bad.append(f"{path.name}: {name}")
    assert bad == []
