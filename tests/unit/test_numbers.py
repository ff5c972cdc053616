"""Whole numbers from files stay within what every database stores (32 bits on a server)."""

from __future__ import annotations

import pytest

from organizer.domain.addresses import parse_street
from organizer.domain.numbers import LARGEST_WHOLE_NUMBER, storable
from organizer.services.petitions.signature_import import _number
from organizer.services.sharing.cells import BadCell, from_cell
from organizer.storage.models import Signature


def test_the_bounds_are_a_32_bit_integer() -> None:
    assert storable(LARGEST_WHOLE_NUMBER) and storable(-LARGEST_WHOLE_NUMBER - 1)
    assert not storable(LARGEST_WHOLE_NUMBER + 1) and not storable(-LARGEST_WHOLE_NUMBER - 2)


@pytest.mark.parametrize(("line", "number", "value"), [
    ("12 N Main St", "12", 12),
    ("2147483647 N Main St", "2147483647", 2147483647),
    ("2147483648 N Main St", "2147483648", None),
    ("99999999999999999999 N Main St", "99999999999999999999", None),
])
def test_a_house_number_past_the_bound_keeps_its_text_without_a_value(line: str, number: str,
                                                                     value: int | None) -> None:
    parts = parse_street(line)
    assert (parts.number, parts.number_value, parts.street) == (number, value, "N MAIN ST")


@pytest.mark.parametrize(("raw", "expected"), [("7", 7), ("7.0", 7), ("0", None), ("99999999999", None), ("x", None)])
def test_a_sheet_or_line_number_past_the_bound_is_no_number(raw: str, expected: int | None) -> None:
    assert _number(raw) == expected


def test_a_share_cell_past_the_bound_is_a_bad_cell() -> None:
    column = Signature.__table__.c.line
    assert from_cell(column, "2147483647") == 2147483647
    with pytest.raises(BadCell):
        from_cell(column, "2147483648")
    with pytest.raises(BadCell):
        from_cell(column, "1e12")
