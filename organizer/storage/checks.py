"""CHECK constraints generated from the domain's code enums: a status or kind column holds only its codes.

Used by the models and by the migrations (which must not import the models), so it imports neither.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ColumnElement, column, or_

from organizer.domain.codes import Code


def code_values(code: type[Code]) -> list[str]:
    """The stored values of a code enum, in declared order."""
    return [member.value for member in code]


def code_condition(column_name: str, code: type[Code]) -> ColumnElement[bool]:
    """``column = 'a' OR column = 'b' ...`` for the codes of an enum.

    Not ``column IN ('a', 'b', ...)``: SQLite builds a lookup table for an IN list of three or more values
    each time the statement runs, which for a CHECK is every row written (about 6 microseconds a row, as
    much again as writing an email address). The equalities cost nothing measurable, on a server either."""
    return or_(*(column(column_name) == value for value in code_values(code)))


def code_check(column_name: str, code: type[Code]) -> CheckConstraint:
    """A CHECK that the column holds one of the enum's codes, named ``ck_<table>_<column>``."""
    return CheckConstraint(code_condition(column_name, code), name=column_name,
                           info={"column": column_name, "code": code})
