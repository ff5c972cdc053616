"""Moments and JSON read straight as share workbook cells give what the stored value's conversion gives."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy.dialects import postgresql, sqlite

from organizer.services.sharing.cells import JsonCell, MomentCell, converter
from organizer.storage.models import Person

SQLITE, POSTGRES = sqlite.dialect(), postgresql.dialect()
LATE = timezone(timedelta(hours=-5))


def _as_stored_then_converted(text: str) -> Any:
    """What the export did before: SQLite's DateTime parse, a zone to naive UTC, then to the second."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return converter(Person.__table__.c.created_at)(moment)


@pytest.mark.parametrize("text", [
    "2025-01-01 09:30:15.123456", "2025-01-01 09:30:15", "2025-01-01 09:30:15.000000", "2025-01-01T09:30:15.5",
    "2025-01-01 23:59:59.999999", "2025-01-01 09:30:15.123+02:00", "2025-01-01 09:30:15+02:00",
    "2025-01-01 09:30:15.1+0200", "2025-01-01",
])
def test_a_moment_stored_as_text_reads_as_its_cell(text: str) -> None:
    read = MomentCell().dialect_impl(SQLITE).result_processor(SQLITE, None)
    assert read(text) == _as_stored_then_converted(text)
    assert read(text).tzinfo is None and read(text).microsecond == 0
    assert read(None) is None


@pytest.mark.parametrize("value", [
    datetime(2025, 1, 1, 9, 30, 15, 999999, UTC), datetime(2025, 1, 1, 4, 30, 15, 1, LATE),
    datetime(2025, 1, 1, 9, 30, 15), datetime(2025, 1, 1, 9, 30, 15, 250000),
])
def test_a_moment_a_server_hands_over_reads_as_its_cell(value: datetime) -> None:
    read = MomentCell().dialect_impl(POSTGRES).result_processor(POSTGRES, None)
    naive = value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
    assert read(value) == naive.replace(microsecond=0) and read(value).tzinfo is None


@pytest.mark.parametrize("value", [
    [], {}, None, ["en", "es"], {"Shirt": "XL", "Note": "+1 maybe"}, {"naïve": "café ☕"}, "just text", 5, 2.5,
    ["a" * 300], {"long": ["x" * 40, "y" * 40, "z" * 40]}, [None, True, False],
])
def test_json_reads_as_the_cell_its_value_makes(value: Any) -> None:
    cell = converter(Person.__table__.c.custom_fields)
    expected = cell(value)
    stored = json.dumps(value)  # as SQLAlchemy's JSON type writes it
    on_sqlite = JsonCell().dialect_impl(SQLITE).result_processor(SQLITE, None)
    on_server = JsonCell().dialect_impl(POSTGRES).result_processor(POSTGRES, None)
    assert on_sqlite(stored) == expected
    assert on_sqlite(stored) == expected  # again, from the cache of short values
    assert on_server(value) == expected
    assert on_sqlite(None) is None and on_server(None) is None


@pytest.mark.parametrize("text", ["inf", "-inf", "nan", "1e999"])
def test_a_number_that_is_not_finite_is_refused_as_a_cell(text: str) -> None:
    from organizer.services.sharing.cells import BadCell, from_cell
    from organizer.storage.models import Petition

    with pytest.raises(BadCell, match="is not"):
        from_cell(Petition.__table__.c.target_buffer, text)
    assert from_cell(Petition.__table__.c.target_buffer, "1.5") == 1.5


@pytest.mark.parametrize("version", ["inf", "nan", "0", "-1", "1.5"])
def test_an_about_sheet_with_no_real_version_is_refused(version: str) -> None:
    from organizer.services.sharing.reading import FORMAT_NAME, NotAShareFile, read_about

    sheets = {"About": [["key", "value"], ["format", FORMAT_NAME], ["version", version], ["chapter_uuid", "x"]]}
    with pytest.raises(NotAShareFile, match="which version"):
        read_about(sheets, "a.xlsx", "own")
