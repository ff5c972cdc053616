"""Walk-list rules: doors and their order, turf cutting, vote history, result codes."""

from __future__ import annotations

from datetime import date

import pytest

from organizer.domain.errors import InvalidValue
from organizer.domain.turfs import cut_turfs
from organizer.domain.vote_history import (
    Election,
    VoteRule,
    election_from_text,
    last_generals,
    last_municipal,
    meets,
    new_york_history,
    ohio_column,
)
from organizer.domain.walk_order import NO_HOUSE_NUMBER, PO_BOX, door_address, door_sort_key
from organizer.domain.walk_results import parse_result, parse_support


def test_two_spellings_are_one_door() -> None:
    a = door_address("12 N. Main St. Apt 2B", "27601")
    b = door_address("12 North Main Street #2b", "27601-1234")
    assert a.key == b.key and a.label == "12 N MAIN ST # 2B"
    assert door_address("12 N Main St Apt 3", "27601").key != a.key


@pytest.mark.parametrize(("line", "problem"), [("PO Box 12", PO_BOX), ("Main Street", NO_HOUSE_NUMBER),
                                               ("Lot 5 Shady Acres", ""), ("12 Main St", "")])
def test_what_is_not_walkable(line: str, problem: str) -> None:
    assert door_address(line).problem == problem


def test_walking_order() -> None:
    lines = ["10 Main St", "3 Main St", "12 Main St Apt 10", "12 Main St Apt 2B", "12 Main St Apt 2A", "5 Main St",
             "2 Elm St", "Lot 5 Shady Acres"]
    ordered = [d.label for d in sorted((door_address(x) for x in lines), key=door_sort_key)]
    assert ordered == ["2 ELM ST", "3 MAIN ST", "5 MAIN ST", "10 MAIN ST", "12 MAIN ST # 2A", "12 MAIN ST # 2B",
                       "12 MAIN ST # 10", "Lot 5 Shady Acres"]


def test_turfs_keep_small_precincts_whole_and_number_the_parts_of_big_ones() -> None:
    doors = [("04-03", door_address(f"{n} {s} St")) for s in ("Elm", "Oak", "Pine") for n in range(1, 41)]
    doors += [("01-01", door_address("5 Main St")), ("04-03", door_address("Lot 5 Shady Acres"))]
    turfs = cut_turfs(doors, 40, lambda d: d[0], lambda d: d[1])
    assert [t.name for t in turfs] == ["01-01", "04-03 · part 1 of 3", "04-03 · part 2 of 3", "04-03 · part 3 of 3"]
    assert [len(t.doors) for t in turfs] == [1, 40, 40, 41]
    assert turfs[-1].doors[-1][1].line == "Lot 5 Shady Acres"  # unparsed: at the end of its turf
    for turf in turfs[1:]:  # each street's run in one part
        assert len({d[1].street for d in turf.doors if d[1].parsed}) == 1


def test_elections_as_files_name_them() -> None:
    assert ohio_column("GENERAL-11/07/2023") == Election(date(2023, 11, 7), "general")
    assert ohio_column("LAST_NAME") is None
    assert election_from_text("11/07/2023 MUNICIPAL GENERAL") == Election(date(2023, 11, 7), "municipal")
    assert new_york_history("20201103 GE;GE 2016;PR 2016") == {Election(date(2020, 11, 3), "general"),
                                                               Election(date(2016, 11, 8), "general")}


def test_voted_at_least_n_of_the_last_m_generals() -> None:
    roll = {Election(date(y, 11, d), "general") for y, d in ((2024, 5), (2023, 7), (2022, 8), (2020, 3))}
    generals = last_generals(roll | {Election(date(2024, 3, 5), "primary")}, 3)
    assert [g.held_on.year for g in generals] == [2024, 2023, 2022]
    voter = {Election(date(2024, 11, 5), "general"), Election(date(2020, 11, 3), "general")}
    assert meets(VoteRule(1, 3), voter, generals, None)
    assert not meets(VoteRule(2, 3), voter, generals, None)
    municipal = last_municipal(roll)
    assert municipal is not None and municipal.held_on.year == 2023
    assert not meets(VoteRule(voted_last_municipal=True), voter, generals, municipal)


@pytest.mark.parametrize(("typed", "code"), [("nh", "not_home"), ("NOT HOME", "not_home"), ("Do Not Walk", "do_not_walk"),
                                             ("c", "canvassed"), ("wrong number", "wrong_number")])
def test_results_as_typed(typed: str, code: str) -> None:
    assert parse_result(typed)[1] == code


def test_bad_results_and_support_levels() -> None:
    with pytest.raises(InvalidValue):
        parse_result("maybe")
    with pytest.raises(InvalidValue):
        parse_support("7")
    with pytest.raises(InvalidValue):
        parse_support("inf")
    with pytest.raises(InvalidValue):
        parse_support("2 - strong yes")  # the number and the words disagree


@pytest.mark.parametrize(("typed", "level"), [
    ("Strong yes", 1), ("1 - strong yes", 1), ("lean_no", 4), ("UNDECIDED", 3), ("5", 5), ("2.0", 2)])
def test_a_support_level_in_the_keys_own_words(typed: str, level: int) -> None:
    assert parse_support(typed) == level
    assert parse_support("") is None and parse_support("2") == 2
