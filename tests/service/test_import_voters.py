"""Voter-roll import: keyed by voter id, refreshes update and deactivate, undo newest first."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from organizer.errors import UserError
from organizer.services.container import Services
from organizer.services.importing.voters_prepare import CHUNK
from organizer.services.imports import ImportOptions
from organizer.storage.models import Voter
from tests.service.importing_helpers import write_csv

HEADER = ["voter_reg_num", "last_name", "first_name", "res_street_address", "zip_code", "precinct_abbrv",
          "voter_status_desc", "party_cd"]


def voters(services: Services) -> dict[str, Voter]:
    with services.db.read() as session:
        return {v.voter_id: v for v in session.scalars(select(Voter))}


def roll(tmp_path: Path, name: str, rows: list[list[str]]) -> Path:
    return write_csv(tmp_path / name, [HEADER, *rows], delimiter="\t")


def test_a_county_file_loads_into_the_roll(services: Services, tmp_path: Path) -> None:
    report = services.imports.run(roll(tmp_path, "v1.txt", [
        ["V1", "SILVA", "ANA", "12 N MAIN ST APT 2B", "2760", "01-01", "ACTIVE", "DEM"],
        ["V2", "CHEN", "WEI", "15 North Main Street", "27601", "01-01", "INACTIVE", "UNA"],
        ["", "NOBODY", "", "", "", "", "", ""],
    ]), "voters")
    assert (report.rows, report.created, report.rejected) == (3, 2, 1)
    roll_now = voters(services)
    ana = roll_now["V1"]
    assert (ana.given_name, ana.family_name, ana.postal_code, ana.precinct) == ("Ana", "Silva", "02760", "01-01")
    assert (ana.street_number, ana.street_number_value, ana.unit) == ("12", 12, "2B")
    assert roll_now["V2"].status == "inactive"
    assert services.people.count() == 0, "voters stay apart from People"


def test_a_house_number_too_long_to_be_one_keeps_its_text_but_no_value(services: Services, tmp_path: Path) -> None:
    """A server's integer column holds 32 bits: such a number used to stop the whole load there."""
    services.imports.run(roll(tmp_path, "v1.txt", [
        ["V1", "SILVA", "ANA", "99999999999 N MAIN ST", "27601", "01-01", "ACTIVE", "DEM"],
        ["V2", "SILVA", "BEA", "2147483647 N MAIN ST", "27601", "01-01", "ACTIVE", "DEM"],
    ]), "voters")
    roll_now = voters(services)
    assert (roll_now["V1"].street_number, roll_now["V1"].street_number_value) == ("99999999999", None)
    assert roll_now["V1"].street_name == roll_now["V2"].street_name == "N MAIN ST"
    assert roll_now["V2"].street_number_value == 2147483647


def test_a_newer_file_updates_and_deactivates(services: Services, tmp_path: Path) -> None:
    services.imports.run(roll(tmp_path, "v1.txt", [
        ["V1", "SILVA", "ANA", "12 N MAIN ST", "27601", "01-01", "ACTIVE", "DEM"],
        ["V2", "CHEN", "WEI", "15 N MAIN ST", "27601", "01-01", "ACTIVE", "UNA"],
    ]), "voters")
    report = services.imports.run(roll(tmp_path, "v2.txt", [
        ["V1", "SILVA", "ANA", "40 ELM ST", "27601", "01-02", "ACTIVE", "DEM"],
        ["V3", "LEE", "KIM", "9 OAK AVE", "27601", "01-02", "ACTIVE", "REP"],
    ]), "voters", ImportOptions(flags=frozenset({"allow_mass_inactive"})))  # half of this tiny roll
    assert (report.created, report.updated, report.count("deactivated")) == (1, 1, 1)
    roll_now = voters(services)
    assert roll_now["V1"].precinct == "01-02" and roll_now["V2"].status == "inactive"
    again = services.imports.run(tmp_path / "v2.txt", "voters")
    assert (again.unchanged, again.count("deactivated")) == (2, 0)
    assert again.batch is not None and report.batch is not None
    with pytest.raises(UserError, match="undo it first"):
        services.imports.undo(report.batch)
    services.imports.undo(again.batch)
    services.imports.undo(report.batch)
    roll_now = voters(services)
    assert set(roll_now) == {"V1", "V2"}
    assert roll_now["V1"].precinct == "01-01" and roll_now["V2"].status == "active"


def test_refresh_changes_of_every_shape_are_written_and_undone(services: Services, tmp_path: Path) -> None:
    services.imports.run(roll(tmp_path, "v1.txt", [
        ["V1", "SILVA", "ANA", "12 N MAIN ST", "27601", "01-01", "ACTIVE", "DEM"],
        ["V2", "CHEN", "WEI", "15 N MAIN ST", "27601", "01-01", "ACTIVE", "UNA"],
        ["V3", "LEE", "KIM", "9 OAK AVE", "27601", "01-02", "ACTIVE", "REP"],
    ]), "voters")
    before = {vid: (v.family_name, v.name_key, v.precinct, v.party) for vid, v in voters(services).items()}
    report = services.imports.run(roll(tmp_path, "v2.txt", [
        ["V1", "SILVA-ROSS", "ANA", "12 N MAIN ST", "27601", "01-01", "ACTIVE", "DEM"],  # renamed
        ["V2", "CHEN", "WEI", "15 N MAIN ST", "27601", "01-03", "ACTIVE", "UNA"],  # moved precinct
        ["V3", "LEE", "KIM", "9 OAK AVE", "27601", "01-02", "ACTIVE", "DEM"],  # new party
        ["V2", "CHEN", "WEI", "15 N MAIN ST", "27601", "01-03", "ACTIVE", "GRE"],  # the same voter again
    ]), "voters")
    assert (report.updated, report.unchanged) == (4, 0)
    after = voters(services)
    assert (after["V1"].family_name, after["V1"].name_key) == ("Silva-Ross", "ana|silvaross")
    assert (after["V2"].precinct, after["V2"].party) == ("01-03", "GRE")
    assert after["V3"].party == "DEM"
    assert report.batch is not None
    services.imports.undo(report.batch)
    assert {vid: (v.family_name, v.name_key, v.precinct, v.party) for vid, v in voters(services).items()} == before


def test_a_voter_repeated_in_a_later_chunk_of_a_first_file_is_matched(services: Services, tmp_path: Path) -> None:
    """A first file goes in unmatched, a chunk at a time; a voter id an earlier chunk added is matched as a repeat."""
    rows = [[f"V{i}", "SILVA", "ANA", f"{i} N MAIN ST", "27601", "01-01", "ACTIVE", "DEM"] for i in range(CHUNK + 5)]
    rows.append(["V3", "SILVA", "ANA", "3 N MAIN ST", "27601", "01-09", "ACTIVE", "DEM"])  # moved precinct
    rows.append(["V4", "SILVA", "ANA", "4 N MAIN ST", "27601", "01-01", "ACTIVE", "DEM"])  # the same again
    report = services.imports.run(roll(tmp_path, "v1.txt", rows), "voters")
    assert (report.rows, report.created, report.updated, report.unchanged) == (CHUNK + 7, CHUNK + 5, 1, 1)
    roll_now = voters(services)
    assert len(roll_now) == CHUNK + 5
    assert roll_now["V3"].precinct == "01-09" and roll_now["V4"].precinct == "01-01"
    assert [(w.row, w.column, w.value) for w in report.warnings] == [(CHUNK + 7, "voter_reg_num", "V3"),
                                                                     (CHUNK + 8, "voter_reg_num", "V4")]
    assert report.batch is not None
    services.imports.undo(report.batch)
    assert voters(services) == {}


@pytest.mark.parametrize("fresh", [True, False])
def test_a_voter_id_repeated_in_one_file_is_told_and_its_later_row_kept(services: Services, tmp_path: Path,
                                                                        fresh: bool) -> None:
    if not fresh:  # a refresh: the roll had the voter before
        services.imports.run(roll(tmp_path, "v0.txt", [["V1", "SILVA", "ANA", "1 N MAIN ST", "27601", "01-01",
                                                        "ACTIVE", "DEM"]]), "voters")
    report = services.imports.run(roll(tmp_path, "v1.txt", [
        ["V1", "SILVA", "ANA", "12 N MAIN ST", "27601", "01-01", "ACTIVE", "DEM"],
        ["V2", "CHEN", "WEI", "15 N MAIN ST", "27601", "01-01", "ACTIVE", "UNA"],
        ["V1", "SILVA", "ANA", "40 OAK AVE", "27601", "01-02", "ACTIVE", "DEM"],
    ]), "voters")
    assert [(w.row, w.value) for w in report.warnings] == [(4, "V1")]
    assert "an earlier row has this voter id" in report.warnings[0].reason
    ana = voters(services)["V1"]
    assert (ana.street_name, ana.precinct) == ("OAK AVE", "01-02")
    assert report.rows == report.created + report.updated + report.unchanged
