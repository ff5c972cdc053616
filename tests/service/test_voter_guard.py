"""A wrong voter file cannot wipe the roll: a refresh that would mark much of it inactive stops and asks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from organizer.cli import main
from organizer.services.container import Services
from organizer.services.imports import ImportOptions, MassInactive, import_kind
from organizer.storage.models import ImportBatch, Voter
from tests.service.importing_helpers import write_csv

HEADER = ["voter_reg_num", "last_name", "first_name", "res_street_address", "zip_code", "voter_status_desc"]
ALLOW = ImportOptions(flags=frozenset({"allow_mass_inactive"}))


def roll(tmp_path: Path, name: str, ids: range, header: list[str] = HEADER) -> Path:
    rows = [[f"V{i}", "SILVA", f"ANA{i}", f"{i} N MAIN ST", "27601", "ACTIVE"] for i in ids]
    return write_csv(tmp_path / name, [header, *rows])


def counts(services: Services) -> tuple[int, int]:
    """(active voters, import batches)."""
    with services.db.read() as session:
        active = session.scalar(select(func.count()).select_from(Voter).where(Voter.status == "active")) or 0
        batches = session.scalar(select(func.count()).select_from(ImportBatch)) or 0
    return active, batches


@pytest.fixture
def ten(services: Services, tmp_path: Path) -> Services:
    services.imports.run(roll(tmp_path, "full.csv", range(10)), "voters")
    assert counts(services) == (10, 1)
    return services


@pytest.mark.parametrize("dry_run", [False, True])
def test_a_refresh_missing_more_than_a_fifth_of_the_roll_stops_and_commits_nothing(
        ten: Services, tmp_path: Path, dry_run: bool) -> None:
    with pytest.raises(MassInactive) as info:
        ten.imports.run(roll(tmp_path, "part.csv", range(7)), "voters", ImportOptions(dry_run=dry_run))
    assert (info.value.would, info.value.active) == (3, 10)
    message = str(info.value)
    assert "3 of the 10 active voters" in message and "--allow-mass-inactive" in message and "\n" not in message
    assert counts(ten) == (10, 1)


def test_a_fifth_of_the_roll_is_an_ordinary_refresh(ten: Services, tmp_path: Path) -> None:
    report = ten.imports.run(roll(tmp_path, "most.csv", range(2, 12)), "voters")
    assert (report.created, report.count("deactivated")) == (2, 2)
    assert counts(ten) == (10, 2)


def test_allowed_the_refresh_goes_ahead_and_says_how_many(ten: Services, tmp_path: Path) -> None:
    dry = ten.imports.run(roll(tmp_path, "part.csv", range(3)), "voters",
                          ImportOptions(dry_run=True, flags=ALLOW.flags))
    assert dry.count("deactivated") == 7 and counts(ten) == (10, 1)
    report = ten.imports.run(tmp_path / "part.csv", "voters", ALLOW)
    assert report.count("deactivated") == 7 and counts(ten) == (3, 2)


def test_a_file_without_voter_ids_may_mark_none_inactive(services: Services, tmp_path: Path) -> None:
    services.imports.run(roll(tmp_path, "full.csv", range(20)), "voters")
    no_ids = roll(tmp_path, "no-ids.csv", range(20), ["registration_x", *HEADER[1:]])
    with pytest.raises(MassInactive, match="holds no voter ids, so it would mark 20 active voters inactive"):
        services.imports.run(no_ids, "voters")
    assert counts(services) == (20, 1)
    one_left = write_csv(tmp_path / "one.csv", [HEADER, *[[f"V{i}", "SILVA", "ANA", "", "", "ACTIVE"]
                                                          for i in range(19)], ["", "SILVA", "BEN", "", "", ""]])
    assert services.imports.run(one_left, "voters").count("deactivated") == 1  # 1 of 20: with ids, ordinary


def test_the_first_voter_file_is_never_refused(services: Services, tmp_path: Path) -> None:
    assert services.imports.run(roll(tmp_path, "first.csv", range(3)), "voters").created == 3


def test_the_command_line_refuses_with_one_line_and_exit_2(ten: Services, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    db = str(ten.db.location)
    part = str(roll(tmp_path, "part.csv", range(5)))
    code = main(["--db", db, "import", "voters", part])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith("error: This voter file would mark 5 of the 10 active voters inactive")
    assert "--allow-mass-inactive" in err and counts(ten) == (10, 1)
    code = main(["--db", db, "import", "voters", part, "--allow-mass-inactive", "--json"])
    assert code == 0 and json.loads(capsys.readouterr().out)["deactivated"] == 5
    assert counts(ten) == (5, 2)


def test_the_option_belongs_to_the_voters_import_only(capsys: pytest.CaptureFixture[str]) -> None:
    assert [o.flag for o in import_kind("voters").options] == ["--allow-mass-inactive"]
    assert import_kind("people").options == ()
    for kind, offered in (("voters", True), ("people", False)):
        with pytest.raises(SystemExit):
            main(["import", kind, "--help"])
        assert ("--allow-mass-inactive" in capsys.readouterr().out) is offered
