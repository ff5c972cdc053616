"""A bulk insert's columns that hold one value in every row, written once into the statement.

An import's rows share much: the moment they were made (three times over in a shareable record), the
batch that brought them, the chapter they came from, a status. SQLite's driver binds every parameter of
every row, and for those columns the binding costs more than storing the value (about a third of
writing an email address). Written into the statement as SQL literals instead, they are parsed once.

Only values whose literal is exact and plain, and that are never a person's data, are written so: NULL,
a 64-bit integer, and text that is empty, one of the domain's codes ("subscribed"), an empty JSON list
or object, or a moment to the second or finer as stored ("2026-12-08 01:00:00.000000"). A statement's
text reaches the log with an unexpected error (its bound values never do), so a name, an address or a
birthdate is always bound. Anything else is bound as before. The statement must be the one-row
``INSERT ... VALUES (?, ?, ...)`` the caller compiled.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from organizer.domain.codes import Code

FROM_ROWS = 50  # fewer rows than this: nothing worth the look
_INT64 = range(-(2**63), 2**63)
_MOMENT = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,6})?")


def _codes(code: type[Code]) -> set[str]:
    return {member.value for member in code}.union(*(_codes(sub) for sub in code.__subclasses__()))


MACHINE_TEXT = frozenset({"", "[]", "{}", *_codes(Code)})


def with_constants_inline(statement: str, params: Sequence[tuple[Any, ...]]) -> tuple[str, Sequence[tuple[Any, ...]]]:
    """The statement with each column that has one value in every row as a literal, and the rows without
    those columns; the statement and rows as they were when no column qualifies (or the statement is not
    one plain row of ``?`` markers)."""
    if len(params) < FROM_ROWS:
        return statement, params
    head, _values, one = statement.rpartition(" VALUES ")
    marks = one.strip().removeprefix("(").removesuffix(")").split(",")
    columns = list(zip(*params, strict=True))
    if not head or len(marks) != len(columns) or any(mark.strip() != "?" for mark in marks):
        return statement, params
    literals = [_constant(values) for values in columns]
    kept = [i for i, literal in enumerate(literals) if literal is None]
    if len(kept) == len(columns) or not kept:
        return statement, params
    sql = f"{head} VALUES ({', '.join('?' if literal is None else literal for literal in literals)})"
    getter = itemgetter(*kept)
    rows = list(map(getter, params)) if len(kept) > 1 else [(getter(row),) for row in params]
    return sql, rows


def _constant(values: tuple[Any, ...]) -> str | None:
    """The SQL literal of a column's one value, or None (the values differ, or have no plain literal)."""
    first = values[0]
    literal = sql_literal(first)
    if literal is None or values.count(first) != len(values) or len(set(map(type, values))) != 1:
        return None
    return literal


def sql_literal(value: Any) -> str | None:
    """The exact SQLite literal of a value a driver would bind as it is, or None where there is none (or the
    value could be a person's)."""
    kind = type(value)
    if value is None:
        return "NULL"
    if kind is bool:
        return "1" if value else "0"
    if kind is int:
        return str(value) if value in _INT64 else None
    if kind is str and (value in MACHINE_TEXT or _MOMENT.fullmatch(value)):
        text: str = value
        return "'" + text.replace("'", "''") + "'"
    return None
