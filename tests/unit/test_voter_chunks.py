"""Prepared voter chunks cross from the reading child as JSON: what it sends comes back whole, nothing else does."""

from __future__ import annotations

import json
from typing import Any

import pytest

from organizer.services.importing.cleaning import Column
from organizer.services.importing.layout import Layout
from organizer.services.importing.voters_prepare import VOTER_FIELDS, chunk_from_json, chunk_to_json, prepare_voters

HEADERS = ["voter_reg_num", "last_name", "first_name", "res_street_address", "zip_code", "voter_status_desc", "notes"]
LAYOUT = Layout(1, HEADERS, [Column(0, "voter_reg_num", "voter_id"), Column(1, "last_name", "family_name"),
                             Column(2, "first_name", "given_name"), Column(3, "res_street_address", "street"),
                             Column(4, "zip_code", "postal_code"), Column(5, "voter_status_desc", "voter_status"),
                             Column(6, "notes", "custom")])


def prepared(rows: list[list[str]]) -> list[Any]:
    return list(prepare_voters(LAYOUT, "US", enumerate([HEADERS, *rows], start=1), lambda _issue: None))


def test_a_chunk_crosses_whole() -> None:
    (chunk,) = prepared([["V1", "SILVA", "ANA", "12 N MAIN ST APT 2B", "2760", "ACTIVE", "porch"],
                         ["", "NOBODY", "", "", "", "", ""],
                         ["V2", "SILVA", "ANA", "12 N MAIN ST", "27601", "SOMETIMES", ""]])
    back = chunk_from_json(json.loads(json.dumps(chunk_to_json(chunk))))
    assert back == chunk
    assert back.rows == 3 and [v[0] for v in back.voters] == [2, 4]
    ana = dict(zip(VOTER_FIELDS, back.voters[0][1:], strict=True))
    assert (ana["given_name"], ana["postal_code"], ana["unit"], ana["street_number_value"]) == ("Ana", "02760", "2B", 12)
    assert ana["extra"] == {"notes": "porch"} and ana["status"] == "active"
    assert [(i.row, i.reason) for i, _cells in back.rejected] == [(3, "no voter id in this row")]
    assert [(w.row, w.column) for w in back.warnings] == [(4, "voter_status_desc")]


@pytest.mark.parametrize("spoil", [
    lambda v: v.pop(),  # a value missing
    lambda v: v.append("more"),  # one too many
    lambda v: v.__setitem__(1, 7),  # a voter id that is not text
    lambda v: v.__setitem__(1 + VOTER_FIELDS.index("birth_year"), "1950"),  # a year that is not a number
    lambda v: v.__setitem__(1 + VOTER_FIELDS.index("extra"), []),  # extra values that are not a mapping
    lambda v: v.__setitem__(0, "2"),  # a row number that is not a number
])
def test_anything_else_is_refused(spoil: Any) -> None:
    (chunk,) = prepared([["V1", "SILVA", "ANA", "12 N MAIN ST", "27601", "ACTIVE", ""]])
    message = json.loads(json.dumps(chunk_to_json(chunk)))
    spoil(message["voters"][0])
    with pytest.raises(ValueError, match="malformed"):
        chunk_from_json(message)
