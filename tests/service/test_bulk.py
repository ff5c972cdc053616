"""bulk_insert writes exactly what SQLAlchemy's own insert writes (types bound the same way)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import cast

import pytest
from sqlalchemy import Table, select

from organizer.errors import DatabaseProblem
from organizer.services.container import Services
from organizer.storage.bulk import bulk_insert, copy_types
from organizer.storage.models import Person


def test_bulk_insert_round_trips_every_type(services: Services) -> None:
    now = datetime(2026, 3, 9, 19, 30, tzinfo=UTC)
    row = {"id": 7, "uuid": "00000000-0000-4000-8000-000000000007", "given_name": "Zoë", "family_name": "=1+2",
           "birthdate": date(1990, 5, 17), "custom_fields": {"T-shirt": "M", "n": [1, 2]}, "languages_spoken": ["es"],
           "do_not_call": True, "created_at": now, "modified_at": now, "notes": "line\nbreak"}
    with services.db.write() as session:
        bulk_insert(session.connection(), cast(Table, Person.__table__), [row])
    with services.db.read() as session:
        person = session.scalars(select(Person).where(Person.id == 7)).one()
        assert (person.given_name, person.family_name, person.notes) == ("Zoë", "=1+2", "line\nbreak")
        assert person.birthdate == date(1990, 5, 17)
        assert person.custom_fields == {"T-shirt": "M", "n": [1, 2]}
        assert person.languages_spoken == ["es"] and person.do_not_call is True
        assert person.created_at.replace(tzinfo=UTC) == now


def test_batched_uuids_are_version_7_in_the_order_made() -> None:
    import time
    import uuid

    from organizer.storage.models.base import new_uuid, new_uuids

    before = time.time_ns() // 1_000_000
    ids = new_uuids(500)
    assert len(set(ids)) == 500 and ids == sorted(ids)
    assert all(uuid.UUID(i).version == 7 and uuid.UUID(i).variant == uuid.RFC_4122 and str(uuid.UUID(i)) == i
               for i in ids)
    assert before <= uuid.UUID(ids[0]).int >> 80 <= time.time_ns() // 1_000_000
    assert len({new_uuid() for _ in range(1000)}) == 1000
    assert len({i[-11:] for i in ids}) > 490  # the random tail differs from id to id


def test_repeated_values_are_converted_once_each_and_land_in_the_right_rows(services: Services) -> None:
    now = datetime(2026, 3, 9, 19, 30, tzinfo=UTC)
    days = [date(1990, 5, 17), date(1985, 1, 2)]
    rows = [{"id": 100 + i, "uuid": f"00000000-0000-4000-8000-{i:012d}", "given_name": f"P{i}", "family_name": "",
             "birthdate": days[i % 2] if i % 3 else None, "custom_fields": {}, "languages_spoken": [],
             "do_not_call": i % 4 == 0, "created_at": now, "modified_at": now, "notes": ""} for i in range(12)]
    with services.db.write() as session:
        bulk_insert(session.connection(), cast(Table, Person.__table__), rows)
    with services.db.read() as session:
        stored = session.execute(select(Person.id, Person.birthdate, Person.do_not_call).order_by(Person.id)).all()
    assert [tuple(r) for r in stored] == [(r["id"], r["birthdate"], r["do_not_call"]) for r in rows]


def test_tuples_in_any_column_order_with_defaults_for_the_columns_left_out(services: Services) -> None:
    from organizer.storage.bulk import bulk_insert_tuples

    columns = ("family_name", "id", "given_name", "uuid")
    rows = [("Silva", 201, "Ana", "00000000-0000-4000-8000-000000000201"),
            ("Chen", 202, "Wei", "00000000-0000-4000-8000-000000000202")]
    with services.db.write() as session:
        bulk_insert_tuples(session.connection(), cast(Table, Person.__table__), columns, rows)
    with services.db.read() as session:
        people = session.scalars(select(Person).where(Person.id > 200).order_by(Person.id)).all()
        assert [(p.id, p.given_name, p.family_name) for p in people] == [(201, "Ana", "Silva"), (202, "Wei", "Chen")]
        assert all(p.custom_fields == {} and p.do_not_call is False and p.created_at is not None for p in people)


def test_update_by_id_writes_every_type_and_keeps_modified_at_current(services: Services) -> None:
    from organizer.storage.bulk import update_by_id

    then = datetime(2020, 1, 2, tzinfo=UTC)
    rows = [{"id": 10 + i, "uuid": f"00000000-0000-4000-8000-{i:012d}", "given_name": f"P{i}", "family_name": "",
             "custom_fields": {}, "languages_spoken": [], "created_at": then, "modified_at": then, "notes": ""}
            for i in range(4)]
    with services.db.write() as session:
        bulk_insert(session.connection(), cast(Table, Person.__table__), rows)
        update_by_id(session.connection(), cast(Table, Person.__table__), {
            10: {"birthdate": date(1990, 5, 17), "custom_fields": {"T-shirt": "M"}, "do_not_call": True},
            11: {"given_name": "Zoë", "birthdate": None},
            12: {"birthdate": date(1985, 1, 2), "custom_fields": {"n": [1]}, "do_not_call": False},
            13: {"modified_at": then, "notes": "kept"},
        })
    with services.db.read() as session:
        got = {p.id: p for p in session.scalars(select(Person).where(Person.id >= 10))}
    assert (got[10].birthdate, got[10].custom_fields, got[10].do_not_call) == (date(1990, 5, 17), {"T-shirt": "M"}, True)
    assert (got[11].given_name, got[11].birthdate) == ("Zoë", None)
    assert (got[12].birthdate, got[12].custom_fields, got[12].do_not_call) == (date(1985, 1, 2), {"n": [1]}, False)
    assert all(got[i].modified_at.replace(tzinfo=UTC) > then for i in (10, 11, 12))  # onupdate, as SQLAlchemy's own
    assert (got[13].modified_at.replace(tzinfo=UTC), got[13].notes) == (then, "kept")  # a value given wins


ROWS_OF_EVERY_KIND = [
    {"given_name": "Ana", "family_name": "Silva", "custom_fields": {}, "languages_spoken": [],
     "created_at": datetime(2026, 3, 9, 19, 30), "modified_at": datetime(2026, 3, 9, 19, 30, tzinfo=UTC)},
    {"given_name": "Ana", "family_name": "Silva", "custom_fields": {"n": [1, 2.5, None], "ok": True},
     "languages_spoken": ["es", "pt \"br\""], "birthdate": date(2001, 1, 2), "do_not_email": True,
     "notes": "tab\there, ünïcode, \\ backslash", "imported_at": None,
     "created_at": datetime(1999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC), "modified_at": datetime(2026, 1, 1)},
]


def test_bulk_insert_stores_exactly_what_an_orm_insert_stores(services: Services, db_backend: str) -> None:
    """On a server the rows go in by a binary COPY: naive moments are UTC, JSON is the same JSON."""
    table = cast(Table, Person.__table__)
    with services.db.write() as session:
        for i, values in enumerate(ROWS_OF_EVERY_KIND):
            session.add(Person(id=100 + i, uuid=f"00000000-0000-4000-8000-{100 + i:012d}", **values))
        session.flush()
        conn = session.connection()
        for i, values in enumerate(ROWS_OF_EVERY_KIND):  # rows of one bulk insert have the same columns
            bulk_insert(conn, table, [{"id": 200 + i, "uuid": f"00000000-0000-4000-8000-{200 + i:012d}", **values}])
        if db_backend == "postgresql":
            assert copy_types(conn, table, [c.name for c in table.columns]) is not None  # the binary path
    with services.db.read() as session:
        stored = {row.id: row._asdict() for row in session.execute(select(table).where(table.c.id >= 100))}
    for i in range(len(ROWS_OF_EVERY_KIND)):
        by_orm, by_bulk = stored[100 + i], stored[200 + i]
        assert {k: v for k, v in by_bulk.items() if k not in ("id", "uuid")} == {
            k: v for k, v in by_orm.items() if k not in ("id", "uuid")}


def test_a_number_too_big_for_its_column_is_refused_never_wrapped(services: Services, db_backend: str) -> None:
    """A binary COPY would write 2**40 into a 32-bit column as 0 without a word: such a batch goes as text,
    and the server refuses the number as it always did (SQLite keeps it whole)."""
    table = cast(Table, Person.__table__)
    row = {"id": 300, "uuid": "00000000-0000-4000-8000-000000000300", "given_name": "Ana", "version": 2**40}
    if db_backend == "postgresql":
        with pytest.raises(DatabaseProblem, match="out of range"), services.db.write() as session:
            bulk_insert(session.connection(), table, [row])
        return
    with services.db.write() as session:
        bulk_insert(session.connection(), table, [row])
    with services.db.read() as session:
        assert session.scalar(select(Person.version).where(Person.id == 300)) == 2**40


def test_a_number_given_as_text_still_goes_in(services: Services) -> None:
    table = cast(Table, Person.__table__)
    rows = [{"id": 301 + i, "uuid": f"00000000-0000-4000-8000-{301 + i:012d}", "given_name": "Ana", "version": v}
            for i, v in enumerate(["7", 8])]
    with services.db.write() as session:
        bulk_insert(session.connection(), table, rows)
    with services.db.read() as session:
        assert [int(v) for v in session.scalars(select(Person.version).where(Person.id > 300).order_by(Person.id))
                ] == [7, 8]
