"""RowCleaner: every row gets its own verdict, also when a value's verdict is remembered."""

from __future__ import annotations

from organizer.services.importing.cleaning import Column, RowCleaner

COLUMNS = [Column(0, "Name", "full_name"), Column(1, "Phone #", "phone"), Column(2, "Zip", "postal_code")]


def test_a_repeated_bad_phone_is_warned_about_on_every_row_and_kept() -> None:
    cleaner = RowCleaner(COLUMNS, "US")
    for row in range(2, 6):
        candidate, warnings = cleaner.clean(row, ["Ana Silva", "555-12", "2134"])
        assert [(w.row, w.column, w.value) for w in warnings] == [(row, "Phone #", "555-12")]
        assert candidate.custom == {"Phone #": "555-12"} and candidate.phones == []
        assert candidate.address["postal_code"] == "02134"
    remembered = cleaner._caches[1]["555-12"]
    depth, tb = 0, remembered.__traceback__
    while tb is not None:
        depth, tb = depth + 1, tb.tb_next
    assert depth < 5  # a remembered verdict does not collect a traceback per row


def test_a_repeated_good_phone_is_cleaned_the_same_every_time() -> None:
    cleaner = RowCleaner(COLUMNS, "US")
    first, _ = cleaner.clean(2, ["Ana Silva", "(919) 555-0101 x12", ""])
    again, _ = cleaner.clean(3, ["Ana Silva", "(919) 555-0101 x12", ""])
    assert first.phones == again.phones == [("+19195550101", "12", "other")]
    assert (first.names["given_name"], first.names["family_name"]) == ("Ana", "Silva")
