"""The clerk's rules and the random sample: district, party, signing window, sample size, penalty, outcome."""

from __future__ import annotations

from datetime import date

import pytest

from organizer.domain.codes import SignatureStatus
from organizer.domain.petition_rules import Places, Standing, in_district, same_party, voter_status, window_problem
from organizer.domain.petition_sample import Line, progress, sample_size, simulate


@pytest.mark.parametrize(("places", "district", "inside"), [
    (Places("Wake", "Raleigh"), "WAKE COUNTY", True),
    (Places("", "Raleigh"), "City of Raleigh", True),
    (Places("District 04"), "4", True),
    (Places("Durham"), "Wake", False),
    (Places(""), "Wake", False),
    # A precinct or ward of the same number is not the district ...
    (Places("District 4", "Raleigh", "4", "2"), "District 2", False),
    (Places("District 4", "Raleigh", "2", "P17"), "District 2", False),
    (Places("District 2", "Raleigh", "4", "2"), "District 2", True),
    # ... but a roll without districts keeps council districts as wards.
    (Places("", "Raleigh", "2", "P17"), "District 2", True),
    # A ward or precinct the petition names is compared as one.
    (Places("District 4", "Raleigh", "Ward 3", "07-03"), "Ward 3", True),
    (Places("District 3", "Raleigh", "1", "07-03"), "Ward 3", False),
    (Places("District 4", "Raleigh", "3", "07-03"), "Precinct 07-03", True),
    (Places("District 4", "Raleigh", "3", "07-04"), "Pct 07-03", False),
])
def test_district(places: Places, district: str, inside: bool) -> None:
    assert in_district(places, district) is inside


def test_party_codes_and_names_agree() -> None:
    assert same_party("DEM", "Democratic") and same_party("Green", "GRE")
    assert not same_party("REP", "Democratic") and not same_party("", "Democratic")


@pytest.mark.parametrize(("registered", "wanted", "same"), [
    ("D", "Democratic", True), ("R", "Republican Party", True), ("GRN", "Green", True), ("dem", "DEM", True),
    ("Democrat", "Democratic", True), ("U", "UNA", True), ("LIB", "Libertarian", True),
    ("Liberal", "Libertarian", False), ("Constitution", "Conservative", False), ("D", "Republican", False),
    ("DEMOCRATIC", "Democratic Socialist", False),
])
def test_party_codes_of_one_letter_and_names_that_only_start_alike(registered: str, wanted: str, same: bool) -> None:
    assert same_party(registered, wanted) is same


def test_status_order_inactive_then_district_then_party() -> None:
    inactive = Standing(False, Places("Durham"), "REP")
    assert voter_status(inactive, "Wake", "DEM") == (SignatureStatus.INACTIVE, "inactive_voter")
    assert voter_status(Standing(True, Places("Durham"), "REP"), "Wake", "DEM")[0] is SignatureStatus.OUTSIDE_DISTRICT
    assert voter_status(Standing(True, Places("Wake"), "REP"), "Wake", "DEM")[0] is SignatureStatus.WRONG_PARTY
    assert voter_status(Standing(True, Places("Wake"), "DEM"), "Wake", "DEM") == (SignatureStatus.VALID, "")
    assert voter_status(Standing(True, Places(), ""), "", "") == (SignatureStatus.VALID, "")


def test_signing_window() -> None:
    opens, filed = date(2027, 1, 1), date(2027, 3, 1)
    assert window_problem(date(2026, 12, 31), opens, filed) == "signed_before_opening"
    assert window_problem(date(2027, 3, 2), opens, filed) == "signed_after_filing"
    assert window_problem(date(2027, 2, 1), opens, filed) == ""
    assert window_problem(None, opens, filed) == ""


def test_sample_size_is_three_percent_or_500_whichever_is_greater() -> None:
    assert sample_size(10_000, 0.03, 500) == 500
    assert sample_size(100_000, 0.03, 500) == 3000
    assert sample_size(300, 0.03, 500) == 300


def test_a_full_count_counts_every_duplicate_once() -> None:
    lines = [Line(True, i) for i in range(90)] + [Line(True, 0), Line(False, None)]
    out = simulate(lines, required=80, seed=1)
    assert (out.sample_size, out.valid_in_sample, out.duplicates_in_sample, out.projected_valid) == (92, 91, 1, 90)
    assert out.outcome == "qualifies"


def test_a_duplicate_in_a_sample_costs_far_more_than_one_line() -> None:
    clean = [Line(True, i) for i in range(20_000)]
    with_twins = clean[:-200] + [Line(True, i) for i in range(200)]
    a, b = simulate(clean, 15_000, seed=3), simulate(with_twins, 15_000, seed=3)
    assert a.projected_valid == 20_000 and a.outcome == "qualifies"
    if b.duplicates_in_sample:
        assert a.projected_valid - b.projected_valid > 1000 * b.duplicates_in_sample


@pytest.mark.parametrize(("valid", "outcome"), [(1200, "qualifies"), (1000, "full_count"), (900, "fails")])
def test_outcome_thresholds(valid: int, outcome: str) -> None:
    lines = [Line(i < valid, i if i < valid else None) for i in range(1500)]
    result = simulate(lines, 1000, rate=1.0, seed=1)
    assert result.outcome == outcome
    assert (result.more_for_qualifying == 0) is (outcome == "qualifies")


def test_more_signatures_needed_at_the_same_validity() -> None:
    lines = [Line(i % 2 == 0, i) for i in range(1000)]  # half valid: 500
    result = simulate(lines, 1000, rate=1.0)
    assert result.projected_valid == 500 and result.more_for_qualifying == 2202 - 1000  # 1,101 valid at 50%


def test_progress_figures() -> None:
    p = progress(raw=200, checked=100, valid=80, at_risk=10, pending=100, required=150, buffer=1.4, maximum=180,
                 deadline=date(2027, 3, 10), today=date(2027, 3, 1))
    assert (p.validity_rate, p.projected_valid, p.gap_to_required) == (0.8, 150, 0)
    assert (p.buffer_goal, p.gap_to_buffer, p.over_maximum, p.days_left) == (210, 10, True, 9)
