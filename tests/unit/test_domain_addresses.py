"""Postal codes, Pub 28 street keys, street parts and walk-list ordering."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from organizer.domain.addresses import (
    StreetParts,
    house_side,
    normalize_postal_code,
    parse_street,
    street_key,
    unit_sort_key,
)
from organizer.domain.errors import InvalidValue


@pytest.mark.parametrize(
    ("raw", "country", "expected"),
    [
        ("02134", "US", "02134"),
        ("2134", "US", "02134"),
        (2134, "US", "02134"),
        (2134.0, "US", "02134"),
        ("2134.0", "US", "02134"),
        ("501", "US", "00501"),
        ("27601", "US", "27601"),
        (" 27601 ", "US", "27601"),
        ("02134-1234", "US", "02134-1234"),
        ("021341234", "US", "02134-1234"),
        (21341234, "US", "02134-1234"),
        (21341234.0, "US", "02134-1234"),
        ("27601 1234", "US", "27601-1234"),
        ("27601-", "US", "27601"),
        ("", "US", ""),
        (float("nan"), "US", ""),
        ("00901", "PR", "00901"),
        ("2134", "us", "02134"),
        ("SW1A 1AA", "GB", "SW1A 1AA"),
        ("  K1A 0B1 ", "CA", "K1A 0B1"),
        ("01067", "DE", "01067"),
        ("1067", "DE", "1067"),
    ],
)
def test_normalize_postal_code(raw: str | int | float, country: str, expected: str) -> None:
    assert normalize_postal_code(raw, country) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("abc", "not a valid ZIP code"),
        ("123456789012", "too long for a ZIP code"),
        ("12", "not a valid ZIP code"),
        ("27601-12", "not a valid ZIP code"),
        (2134.5, "not a valid ZIP code"),
        (-2134, "not a valid ZIP code"),
    ],
)
def test_normalize_postal_code_rejects_junk(raw: str | int | float, reason: str) -> None:
    with pytest.raises(InvalidValue, match=reason):
        normalize_postal_code(raw)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("12 North Main Street #2b", "12 N. Main St. Apt 2B"),
        ("12 North Main Street #2b", "12 n main st, apartment 2-b"),
        ("12 N Main St Unit 2B", "12 N MAIN ST STE 2B"),
        ("Apt 2B, 12 N Main St", "12 N Main St Apt 2B"),
        ("12 Main St, Raleigh, NC 27601", "12 Main Street"),
        ("500 Northeast Elm Boulevard", "500 NE Elm Blvd"),
        ("7 Saint John Avenue", "7 St. John Ave"),
        ("7 Mount Vernon Pkwy", "7 Mt Vernon Parkway"),
        ("44 Fifth Avenue", "44 5th Ave"),
        ("9 Highway 54", "9 Hwy 54"),
        ("P.O. Box 55", "PO Box 55"),
        ("Post Office Box 55", "POB 55"),
        ("12 Calle Peña", "12 CALLE PENA"),
        ("3 O'Brien Court", "3 OBrien Ct"),
        ("12 Main St Apt5", "12 Main St #5"),
    ],
)
def test_street_key_treats_spellings_alike(a: str, b: str) -> None:
    assert street_key(a) == street_key(b)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("12 North Main Street #2b", "12 N MAIN ST # 2B"),
        ("813 Kimberly Cliff Apt. 762", "813 KIMBERLY CLF # 762"),
        ("1147 Daniel Motorway Suite 235", "1147 DANIEL MTWY # 235"),
        ("5211 Shaw Wall", "5211 SHAW WALL"),
        ("37705 Raymond Gardens", "37705 RAYMOND GDNS"),
        ("30154 Tara Ports Apt. 314", "30154 TARA PRTS # 314"),
        ("310 Landry Hills", "310 LANDRY HLS"),
        ("12 North St", "12 NORTH ST"),
        ("12 Main Street North", "12 MAIN ST N"),
        ("12 Main St NW", "12 MAIN ST NW"),
        ("12 Front St", "12 FRONT ST"),
        ("12 Upper Valley Rd", "12 UPPER VALLEY RD"),
        ("12 Main St Rear", "12 MAIN ST # REAR"),
        ("12 Main St Bldg 3 Apt 2", "12 MAIN ST # BLDG 3 # 2"),
        ("12 Main St 2B", "12 MAIN ST # 2B"),
        ("12 Avenue B", "12 AVENUE B"),
        ("12A Elm Ave", "12A ELM AVE"),
        ("12-14 Oak Rd", "12-14 OAK RD"),
        ("12 1/2 Pine Ln", "12 1/2 PINE LN"),
        ("5th Ave", "5TH AVE"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_street_key(line: str, expected: str) -> None:
    assert street_key(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("12 N. Main St. Apt 2B", StreetParts("12", 12, "N MAIN ST", "2B")),
        ("12A Elm Ave", StreetParts("12A", 12, "ELM AVE", "")),
        ("12-a Elm Ave", StreetParts("12A", 12, "ELM AVE", "")),
        ("12-14 Oak Rd", StreetParts("12-14", 12, "OAK RD", "")),
        ("123-45 Queens Blvd", StreetParts("123-45", 123, "QUEENS BLVD", "")),
        ("12 1/2 Pine Ln", StreetParts("12 1/2", 12, "PINE LN", "")),
        ("PO Box 55", StreetParts("", None, "PO BOX 55", "")),
        ("12th Street", StreetParts("", None, "12TH ST", "")),
        ("7", StreetParts("7", 7, "", "")),
        ("", StreetParts("", None, "", "")),
    ],
)
def test_parse_street(line: str, expected: StreetParts) -> None:
    assert parse_street(line) == expected


def test_units_sort_naturally() -> None:
    units = ["10", "2B", "", "2A", "B", "1", "Apt 3", "#4"]
    assert sorted(units, key=unit_sort_key) == ["", "1", "2A", "2B", "Apt 3", "#4", "10", "B"]


@pytest.mark.parametrize(("value", "side"), [(12, "even"), (13, "odd"), (0, "even"), (None, "")])
def test_house_side(value: int | None, side: str) -> None:
    assert house_side(value) == side


def _optional(options: list[str]) -> st.SearchStrategy[str]:
    return st.sampled_from(["", *options])


ADDRESS_LINES = st.tuples(
    st.sampled_from(["12", "7A", "12-14", "12 1/2", "4410", ""]),
    _optional(["North", "N.", "SW", "Northeast"]),
    st.lists(st.sampled_from(["Main", "Saint", "John", "Fifth", "Peña", "O'Brien", "Park", "Oak", "Mount"]), min_size=1,
             max_size=3).map(" ".join),
    _optional(["Street", "St.", "Ave", "Avenue", "Boulevard", "Ct", "Gardens", "Way", "Highway 54"]),
    _optional(["North", "NW", "E."]),
    _optional(["Apt 2B", "#5", "Suite 300", "Unit C", ", Apt. 4", "Rear", "Bldg 3 Apt 2", "apt 2-b"]),
).map(lambda parts: " ".join(p for p in parts if p))


@given(ADDRESS_LINES)
def test_street_key_is_a_normal_form(line: str) -> None:
    key = street_key(line)
    assert key == key.upper()
    assert street_key(key) == key


@given(st.text(max_size=60))
def test_street_functions_never_raise(line: str) -> None:
    parts = parse_street(line)
    assert isinstance(street_key(line), str)
    unit_sort_key(parts.unit)
    house_side(parts.number_value)
