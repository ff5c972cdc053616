"""CHECK constraints generated from the domain's code enums: a status or kind column holds only its codes.

Used by the models and by the migrations (which must not import the models), so it imports neither.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ColumnElement, column

from organizer.domain.codes import Code


def code_values(code: type[Code]) -> list[str]:
    """The stored values of a code enum, in declared order."""
    return [member.value for member in code]


def code_condition(column_name: str, code: type[Code]) -> ColumnElement[bool]:
    """``column IN ('a', 'b', ...)`` for the codes of an enum."""
    return column(column_name).in_(code_values(code))


def code_check(column_name: str, code: type[Code]) -> CheckConstraint:
    """A CHECK that the column holds one of the enum's codes, named ``ck_<table>_<column>``."""
    return CheckConstraint(code_condition(column_name, code), name=column_name,
                           info={"column": column_name, "code": code})
