"""The voter roll as the Voters screen and `organizer voters` see it: search, filters, order, refreshes."""

from __future__ import annotations

from pathlib import Path

import pytest

from organizer.errors import UserError
from organizer.services.container import Services
from organizer.services.imports import ImportOptions
from organizer.services.voters import INACTIVE_REASON, VoterQuery
from tests.service.importing_helpers import write_csv

HEADER = ["voter_reg_num", "last_name", "first_name", "res_street_address", "zip_code", "precinct_abbrv",
          "voter_status_desc", "party_cd"]
ROLL = [
    ["V1", "SILVA", "ANA", "12 N MAIN ST APT 2B", "27601", "01-01", "ACTIVE", "DEM"],
    ["V2", "SILVA", "ANA", "40 ELM ST", "27604", "01-02", "ACTIVE", "REP"],  # another Ana Silva
    ["V3", "CHEN", "WEI", "15 N MAIN ST", "27601", "01-01", "INACTIVE", "UNA"],
    ["V4", "ÅBERG", "ZOË", "9 OAK AVE", "27610", "01-02", "ACTIVE", "DEM"],
    ["V5", "DIAZ", "CARMEN", "1 PINE LN", "27610", "01-03", "ACTIVE", "DEM"],
]


@pytest.fixture
def roll(services: Services, tmp_path: Path) -> Services:
    services.imports.run(write_csv(tmp_path / "roll.txt", [HEADER, *ROLL], delimiter="\t"), "voters")
    return services


def voter_ids(services: Services, **query: object) -> list[str]:
    ids = services.voters.search_ids(VoterQuery(**query))  # type: ignore[arg-type]
    return [r.voter_id for r in services.voters.rows(ids)]


def test_the_roll_is_listed_in_name_order(roll: Services) -> None:
    assert voter_ids(roll) == ["V4", "V3", "V5", "V1", "V2"]
    assert voter_ids(roll, descending=True) == ["V2", "V1", "V5", "V3", "V4"]
    assert roll.voters.count() == 5


@pytest.mark.parametrize("query", [VoterQuery(), VoterQuery(descending=True), VoterQuery(text="silva"),
                                   VoterQuery(sort="precinct"), VoterQuery(text="main", sort="voter_id")])
def test_a_first_page_is_the_start_of_the_whole_list(roll: Services, query: VoterQuery) -> None:
    everyone = roll.voters.search_ids(query)
    assert len(everyone) >= 2
    assert [roll.voters.search_ids(query, limit=n) for n in (0, 1, 2, 50)] == [[], everyone[:1], everyone[:2], everyone]


@pytest.mark.parametrize(("text", "expected"), [
    ("silva", ["V1", "V2"]),
    ("ana silva", ["V1", "V2"]),
    ("silva elm", ["V2"]),
    ("main", ["V3", "V1"]),
    ("2b", ["V1"]),
    ("v3", ["V3"]),
    ("zoe aberg", ["V4"]),
    ("nobody", []),
    ("100%", []),
    ("v%", []),  # % and _ are letters to search for, not wildcards
    ("v_", []),
])
def test_search_finds_names_streets_and_voter_ids(roll: Services, text: str, expected: list[str]) -> None:
    assert voter_ids(roll, text=text) == expected


def test_filters_combine_with_search(roll: Services) -> None:
    assert voter_ids(roll, precinct="01-01") == ["V3", "V1"]
    assert voter_ids(roll, party="DEM") == ["V4", "V5", "V1"]
    assert voter_ids(roll, status="inactive") == ["V3"]
    assert voter_ids(roll, party="DEM", status="active", text="silva") == ["V1"]
    assert roll.voters.count(VoterQuery(party="DEM")) == 3


def test_other_orders(roll: Services) -> None:
    assert voter_ids(roll, sort="voter_id") == ["V1", "V2", "V3", "V4", "V5"]
    assert voter_ids(roll, sort="precinct")[:2] == ["V1", "V3"]  # 01-01, walking order: MAIN ST 12 then 15
    assert voter_ids(roll, sort="postal_code")[-2:] == ["V4", "V5"]


def test_filter_choices_count_the_roll(roll: Services) -> None:
    choices = roll.voters.choices()
    assert choices.precincts == (("01-01", 2), ("01-02", 2), ("01-03", 1))
    assert choices.parties[0] == ("DEM", 3)
    assert dict(choices.statuses) == {"active": 4, "inactive": 1}


def test_a_row_holds_what_the_list_shows(roll: Services) -> None:
    ana = roll.voters.rows(roll.voters.search_ids(VoterQuery(text="2b")))[0]
    assert (ana.display_name, ana.address, ana.postal_code, ana.precinct, ana.status) == (
        "Ana Silva", "12 N MAIN ST APT 2B", "27601", "01-01", "active")
    assert ana.to_json()["voter_id"] == "V1"


def test_a_search_too_long_is_refused(roll: Services) -> None:
    with pytest.raises(UserError, match="too long"):
        roll.voters.search_ids(VoterQuery(text="a " * 60))


def test_refreshes_say_what_each_added_changed_and_marked_inactive(roll: Services, tmp_path: Path) -> None:
    newer = [r[:] for r in ROLL if r[0] != "V5"] + [["V6", "SILVA", "ANA", "3 BIRCH CT", "27601", "01-01",
                                                     "ACTIVE", "DEM"]]
    newer[0][5] = "01-09"  # V1 moved precinct
    path = write_csv(tmp_path / "roll2.txt", [HEADER, *newer], delimiter="\t")
    report = roll.imports.run(path, "voters", ImportOptions(flags=frozenset({"allow_mass_inactive"})))
    refreshes = roll.voters.refreshes()
    assert [(r.added, r.changed, r.deactivated) for r in refreshes] == [(1, 1, 1), (5, 0, 0)]
    assert refreshes[0].batch_id == report.batch and refreshes[0].file_name == "roll2.txt"
    added = roll.voters.refresh_changes(refreshes[0].batch_id, "added")
    assert [c.voter.voter_id for c in added] == ["V6"]
    changed = roll.voters.refresh_changes(refreshes[0].batch_id, "changed")
    assert [(c.voter.voter_id, c.detail) for c in changed] == [("V1", "precinct 01-01 → 01-09")]
    inactive = roll.voters.refresh_changes(refreshes[0].batch_id, "inactive")
    assert [(c.voter.voter_id, c.voter.status) for c in inactive] == [("V5", "inactive")]
    assert "not in the new file" in INACTIVE_REASON
    assert report.batch is not None
    roll.imports.undo(report.batch)
    assert roll.voters.refreshes()[0].undone
    assert voter_ids(roll, text="v1") == ["V1"] and voter_ids(roll, precinct="01-09") == []


def test_changes_of_an_unknown_import_are_not_found(roll: Services) -> None:
    with pytest.raises(UserError, match="no import with number 99"):
        roll.voters.refresh_changes(99, "added")
    with pytest.raises(UserError, match="Say which"):
        roll.voters.refresh_changes(1, "removed")


def test_an_undone_rename_gives_the_old_name_back_to_search(roll: Services, tmp_path: Path) -> None:
    renamed = [r[:] for r in ROLL]
    renamed[2][1] = "CHEN-LOPEZ"
    report = roll.imports.run(write_csv(tmp_path / "r.txt", [HEADER, *renamed], delimiter="\t"), "voters")
    assert voter_ids(roll, text="lopez") == ["V3"]
    assert report.batch is not None
    roll.imports.undo(report.batch)
    assert voter_ids(roll, text="lopez") == [] and voter_ids(roll, text="chen") == ["V3"]
