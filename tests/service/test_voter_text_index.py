"""The voter text index (SQLite FTS5, trigram): the same voters in the same order as the portable search,
and kept in step with every write to the roll (import, refresh, undo, demo, the ORM)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from organizer.services.container import Services, open_chapter
from organizer.services.demo import fill_demo
from organizer.services.voters import VoterQuery, VoterService
from organizer.storage import voter_text
from organizer.storage.models import Voter
from organizer.storage.voter_text import TEXT_TABLE, has_text_index
from tests.service.importing_helpers import write_csv

pytestmark = pytest.mark.sqlite_only  # SQLite's FTS5 index itself

HEADER = ["voter_reg_num", "last_name", "first_name", "middle_name", "res_street_address", "zip_code",
          "precinct_abbrv", "voter_status_desc", "party_cd"]
ROLL = [
    ["NC000101", "SILVA", "ANA", "M", "12 N MAIN ST APT 2B", "27601", "01-01", "ACTIVE", "DEM"],
    ["NC000102", "SILVA", "ANA", "M", "12 N MAIN ST APT 2B", "27601", "01-01", "ACTIVE", "DEM"],  # the same again
    ["NC000103", "SILVA", "ANA", "", "40 ELM ST", "27604", "01-02", "ACTIVE", "REP"],
    ["NC000104", "ÅBERG", "ZOË", "", "9 OAK AVE UNIT 12", "27610", "01-02", "ACTIVE", "DEM"],
    ["NC000105", "ABERG", "ZOE", "", "9 OAK AVE UNIT 12", "27610", "01-02", "INACTIVE", "DEM"],
    ["NC000106", "O'BRIEN", "SEÁN", "", "100 MAIN ST #3", "27601", "01-01", "ACTIVE", "UNA"],
    ["NC000107", "NGUYỄN", "THỊ", "", "7 ÉGLISE RD APT 100", "27605", "01-03", "ACTIVE", "LIB"],
    ["NC000108", "CHEN", "WEI", "", "1234 N MAIN ST", "27601", "01-01", "ACTIVE", "DEM"],
    ["NC000109", "CHEN", "WEI", "", "1234 N MAIN ST", "27601", "01-03", "INACTIVE", "REP"],
    ["NC000110", "DIAZ", "ANA", "MARIA", "5 SILVA WAY", "27610", "01-02", "ACTIVE", "DEM"],
    ["NC000111", "SMITH_JONES", "AL", "", "50% LANE", "27610", "01-03", "ACTIVE", "DEM"],
]
SEARCHES = ["silva", "ana silva", "SILVA ANA", "zoe", "Åberg", "aberg zoe", "2b", "apt 2b", "unit 12", "main",
            "n main", "1234 main", "nc000", "nc000104", "o'brien", "sean", "nguyen", "eglise", "apt 100", "100",
            "50%", "h_j", "smith_jones", '"ana', "ana maria", "zz", "a", "st", "zzzz", "ana zz", "wei chen"]


@pytest.fixture
def roll(services: Services, tmp_path: Path) -> Services:
    services.imports.run(write_csv(tmp_path / "roll.txt", [HEADER, *ROLL], delimiter="\t"), "voters")
    return services


def both_ways(services: Services) -> tuple[VoterService, VoterService]:
    return VoterService(services.db, text_index=True), VoterService(services.db, text_index=False)


def indexed_rows(services: Services) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(what the index holds, what the roll holds): row id and search key of every voter."""
    with services.db.read() as session:
        index = [(i, k) for i, k in session.execute(text(f"SELECT rowid, search_key FROM {TEXT_TABLE} ORDER BY rowid"))]
        roll = [(i, k) for i, k in session.execute(text("SELECT id, search_key FROM voters ORDER BY id"))]
    return index, roll


def test_a_new_chapter_keeps_the_index(services: Services) -> None:
    with services.db.read() as session:
        assert has_text_index(session.connection())


@pytest.mark.parametrize("search", SEARCHES)
@pytest.mark.parametrize("sort", ["name", "voter_id", "street"])
def test_the_index_finds_what_the_scan_finds_in_the_same_order(roll: Services, search: str, sort: str) -> None:
    indexed, scanned = both_ways(roll)
    for descending in (False, True):
        query = VoterQuery(text=search, sort=sort, descending=descending)
        everyone = scanned.search_ids(query)
        assert indexed.search_ids(query) == everyone
        assert indexed.count(query) == scanned.count(query) == len(everyone)
        for limit in (1, 2, 3):  # a first page: the start of the same list, either way
            assert indexed.search_ids(query, limit=limit) == scanned.search_ids(query, limit=limit) == everyone[:limit]


def test_the_comparison_has_something_to_compare(roll: Services) -> None:
    indexed, _scanned = both_ways(roll)
    found = {s: len(indexed.search_ids(VoterQuery(text=s))) for s in ("silva", "2b", "eglise", "50%", "wei chen")}
    assert found == {"silva": 4, "2b": 2, "eglise": 1, "50%": 1, "wei chen": 2}


def test_a_term_matching_much_of_the_roll_is_left_to_the_scan(roll: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(voter_text, "MIN_CANDIDATES", 2)  # the roll is tiny: say the index pays for two matches
    with roll.db.read() as session:
        conn = session.connection()
        assert voter_text.narrowing_filter(conn, ["silva"]) is None  # four matches
        assert voter_text.narrowing_filter(conn, ["chen"]) is not None  # two
        assert voter_text.narrowing_filter(conn, ["silva", "elm"]) is not None  # one
        assert voter_text.narrowing_filter(conn, ["st"]) is None  # too short for the index
    indexed, scanned = both_ways(roll)
    assert indexed.search_ids(VoterQuery(text="silva")) == scanned.search_ids(VoterQuery(text="silva")) != []


@pytest.mark.parametrize("others", [0, 1, 2, 100])
def test_a_first_page_split_at_the_start_of_the_key_is_the_scans_first_page(
        roll: Services, monkeypatch: pytest.MonkeyPatch, others: int) -> None:
    monkeypatch.setattr(voter_text, "SPLIT_OTHERS", others)  # how many voters may hold a term elsewhere
    indexed, scanned = both_ways(roll)
    for search in SEARCHES:
        for query in (VoterQuery(text=search), VoterQuery(text=search, descending=True),
                      VoterQuery(text=search, party="DEM"), VoterQuery(text=search, precinct="01-02")):
            everyone = scanned.search_ids(query)
            for limit in (1, 2, 3, 20):
                assert indexed.search_ids(query, limit=limit) == everyone[:limit], (search, limit)


def test_the_split_takes_a_term_few_voters_hold_past_the_start(roll: Services,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    with roll.db.read() as session:
        conn = session.connection()
        monkeypatch.setattr(voter_text, "SPLIT_OTHERS", 0)
        assert voter_text.prefix_split(conn, ["silva"]) is None  # "5 SILVA WAY" holds it past the start
        split = voter_text.prefix_split(conn, ["chen"])  # only ever the family name
        assert split is not None and split[1] == []
        monkeypatch.setattr(voter_text, "SPLIT_OTHERS", 1)
        split = voter_text.prefix_split(conn, ["silva"])
        assert split is not None and len(split[1]) == 1
        assert voter_text.prefix_split(conn, ["st"]) is None  # too short for the index


def test_filters_combine_with_the_index(roll: Services) -> None:
    indexed, scanned = both_ways(roll)
    for query in (VoterQuery(text="silva", precinct="01-01"), VoterQuery(text="chen", status="inactive"),
                  VoterQuery(text="aberg", party="DEM", sort="precinct")):
        assert indexed.search_ids(query) == scanned.search_ids(query) != []


def test_refresh_and_undo_keep_the_index_in_step(roll: Services, tmp_path: Path) -> None:
    changed = [r[:] for r in ROLL[:-1]]  # the last voter leaves the roll (marked inactive)
    changed[0][1] = "SILVA-LOPEZ"
    changed[3][4] = "77 BIRCH RD APT 9"
    added = ["NC000199", "LOPEZ", "ANA", "", "3 LOPEZ CT", "27601", "01-01", "ACTIVE", "DEM"]
    path = write_csv(tmp_path / "refresh.txt", [HEADER, *changed, added], delimiter="\t")
    report = roll.imports.run(path, "voters")
    index, voters = indexed_rows(roll)
    assert index == voters and len(voters) == len(ROLL) + 1
    indexed, scanned = both_ways(roll)
    assert indexed.search_ids(VoterQuery(text="lopez")) == scanned.search_ids(VoterQuery(text="lopez"))
    assert len(indexed.search_ids(VoterQuery(text="lopez"))) == 2
    assert report.batch is not None
    roll.imports.undo(report.batch)
    index, voters = indexed_rows(roll)
    assert index == voters and len(voters) == len(ROLL)
    assert indexed.search_ids(VoterQuery(text="lopez")) == [] and indexed.search_ids(VoterQuery(text="birch")) == []


def test_the_demo_and_the_orm_keep_the_index_in_step(services: Services) -> None:
    fill_demo(services.db)
    index, voters = indexed_rows(services)
    assert index == voters and voters
    with services.db.write() as session:
        session.add(Voter(voter_id="X1", given_name="Quinn", family_name="Zephyr", search_key="zephyr quinn x1"))
        first = session.get(Voter, voters[0][0])
        assert first is not None
        first.search_key = "renamed by hand"
        session.delete(session.get(Voter, voters[1][0]))
    index, after = indexed_rows(services)
    assert index == after and len(after) == len(voters)
    assert len(services.voters.search_ids(VoterQuery(text="zephyr"))) == 1


def test_a_database_without_the_index_searches_the_same(roll: Services, tmp_path: Path) -> None:
    expected = [roll.voters.search_ids(VoterQuery(text=s)) for s in SEARCHES]
    path = roll.db.path
    assert path is not None
    with roll.db.write() as session:
        session.execute(text(f"DROP TABLE {TEXT_TABLE}"))
    roll.close()
    services = open_chapter(path)
    try:
        with services.db.read() as session:
            assert not has_text_index(session.connection())
        assert [services.voters.search_ids(VoterQuery(text=s)) for s in SEARCHES] == expected
        more = write_csv(tmp_path / "more.txt", [HEADER, *ROLL, ["NC9", "NEW", "ONE", "", "", "", "", "A", ""]],
                         delimiter="\t")
        services.imports.run(more, "voters")  # writes go on without the index
        assert len(services.voters.search_ids(VoterQuery(text="new one"))) == 1
    finally:
        services.close()
