"""Status and kind columns hold only the domain's codes: every one has a CHECK, every default is a code."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import CheckConstraint, Column, Table

from organizer.domain.codes import Code
from organizer.storage.models import Base

# Columns that name a status, kind, type, stage or channel.
CODE_NAMES = {"status", "kind", "stage", "to_stage", "event_type", "number_type", "engagement_level", "visibility",
              "channel", "source", "from_stage"}
# Those that are not one of the domain's closed vocabularies, and why.
NOT_CODES = {
    ("import_batches", "kind"): "import kinds come from the import registry, which sections extend",
    ("column_mappings", "kind"): "the same import kinds",
    ("people", "source"): "free text: where a person came from",
    ("attendances", "source"): "free text",
    ("prospect_stage_changes", "from_stage"): "empty for the first stage",
}


def _checks() -> list[tuple[Table, CheckConstraint]]:
    return [(table, constraint) for table in Base.metadata.sorted_tables for constraint in table.constraints
            if isinstance(constraint, CheckConstraint) and "code" in constraint.info]


def _default(column: Column[Any]) -> Any:
    assert column.default is not None, f"{column.table.name}.{column.name} has no default"
    return getattr(column.default, "arg", None)


def test_every_status_and_kind_column_has_a_code_check() -> None:
    checked = {(table.name, c.info["column"]) for table, c in _checks()}
    named = {(t.name, c.name) for t in Base.metadata.sorted_tables for c in t.columns if c.name in CODE_NAMES}
    assert named - checked == set(NOT_CODES) & named
    assert checked <= named


@pytest.mark.parametrize(("table", "constraint"), _checks(), ids=lambda x: getattr(x, "name", ""))
def test_each_check_is_the_enum_and_the_default_is_a_member(table: Table, constraint: CheckConstraint) -> None:
    code: type[Code] = constraint.info["code"]
    column = table.c[constraint.info["column"]]
    assert constraint.name == f"ck_{table.name}_{column.name}"
    assert all(f"'{member.value}'" in str(constraint.sqltext.compile(compile_kwargs={"literal_binds": True}))
               for member in code)
    if column.default is not None:
        assert _default(column) in {member.value for member in code}, f"{table.name}.{column.name}"
