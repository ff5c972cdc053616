"""Preparing rows: skips, rejects and candidates, and the JSON form a child process sends them in."""

from __future__ import annotations

import json
from datetime import date

import pytest

from organizer.services.importing.layout import detect_layout
from organizer.services.importing.prepare import PreparedChunk, Preparer, chunk_from_json, chunk_to_json

ROWS = [
    ["Sign-in, March 9"],
    [],
    ["Name", "Phone #", "E-mail", "Zip", "Birthday", "Do not call", "Spanish speaker?"],
    ["Maria Lopez", "(919) 555-0101", "Maria@Example.org", "2134", "1990-05-17", "Y", "Y", "extra cell"],
    [],
    ["Name", "Phone #", "E-mail", "Zip", "Birthday", "Do not call", "Spanish speaker?"],
    ["", "555-12", "not-an-email", "27601"],
    ["DR. ANA DE LA CRUZ JR.", "", "", "27601"],
    ["Total: 2"],
]


def prepared() -> list[PreparedChunk]:
    layout = detect_layout("people", ROWS, header_row=3, remembered=None, overrides={})
    return list(Preparer(layout, "US").chunks(iter(enumerate(ROWS, start=1))))


def test_rows_are_prepared_skipped_or_rejected_in_row_order() -> None:
    [chunk] = prepared()
    assert chunk.rows == 3
    assert [p[0].row for p in chunk.people] == [4, 8]
    maria, street = chunk.people[0]
    assert (maria.emails, maria.address["postal_code"], maria.birthdate) == (
        ["maria@example.org"], "02134", date(1990, 5, 17))
    assert maria.flags == {"do_not_call"}
    assert maria.custom == {"Spanish speaker?": "Y", "Column H": "extra cell"} and street == ""
    assert "19195550101" in maria.search_text and "maria" in maria.search_text
    assert [(i.row, cells[1]) for i, cells in chunk.rejected] == [(7, "555-12")]
    reasons = {(w.row, w.column or w.reason) for w in chunk.warnings}
    assert {(6, "a repeat of the header row; skipped"), (7, "Phone #"), (7, "E-mail")} <= reasons
    assert (9, "a note below the table, not a person; skipped") in reasons


def test_the_json_form_gives_back_the_same_chunk() -> None:
    [chunk] = prepared()
    back = chunk_from_json(json.loads(json.dumps(chunk_to_json(chunk))))
    assert back == chunk


@pytest.mark.parametrize("broken", [
    {"rows": 1, "warnings": [], "rejected": [], "people": [[1, 2, 3]]},
    {"rows": 1, "warnings": [], "rejected": [], "people": [[2, ["not", "a", "dict"], *([[]] * 16)]]},
    {"rows": "many", "warnings": [], "rejected": [], "people": []},
    {"warnings": []},
])
def test_a_malformed_message_is_refused(broken: dict[str, object]) -> None:
    with pytest.raises((ValueError, TypeError, KeyError)):
        chunk_from_json(broken)
