"""bulk_insert's shortcuts give exactly what SQLAlchemy's own processors give."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from organizer.storage.bulk import _converted, _Json


def _reference(value: Any) -> str:
    return json.dumps(value)


@given(st.lists(st.text()) | st.dictionaries(st.text(), st.text()) | st.lists(st.integers()))
def test_json_shortcuts_write_what_json_dumps_writes(value: Any) -> None:
    assert _Json(_reference, plain_json=True)(value) == json.dumps(value)


def test_a_column_of_plain_flags_skips_the_processor_and_others_do_not() -> None:
    from organizer.storage.bulk import _Boolean

    calls: list[Any] = []

    def strict(value: Any) -> Any:
        calls.append(value)
        return None if value is None else int(value)

    flags = _Boolean(strict)
    assert _converted([True, False, None], flags) == [True, False, None] and calls == []
    assert _converted([True, 1], flags) == [1, 1] and calls == [True, 1]


def test_the_import_writer_queues_columns_in_each_tables_insert_order() -> None:
    from sqlalchemy import create_engine, insert

    from organizer.services.importing import people_writer as writer
    from organizer.storage import models

    dialect = create_engine("sqlite://").dialect
    for model, columns in ((models.Person, writer.PEOPLE), (models.EmailAddress, writer.EMAILS),
                           (models.PhoneNumber, writer.PHONES), (models.PostalAddress, writer.ADDRESSES),
                           (models.Volunteer, writer.VOLUNTEERS), (models.ImportChange, writer.CHANGES)):
        compiled = insert(model.__table__).compile(dialect=dialect, column_keys=list(columns))
        assert list(compiled.positiontup or []) == list(columns), model.__tablename__
