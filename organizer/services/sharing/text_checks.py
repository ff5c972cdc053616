"""The text of a share file passes the checks any import's does: no control characters, nothing too long.

A share file is written by another chapter's app, or edited by hand, or made up. A control character (a NUL
above all) is removed, with a warning; a value longer than its column holds rejects its row, with the column
and the limit named, as a people import does (a server refuses it, and on SQLite the record could no longer
be saved from the form). Each column of a chunk is checked at once; only a column that fails is looked at
value by value.
"""

from __future__ import annotations

import json
import re
from typing import Any

from sqlalchemy import JSON, String

from organizer.services.import_rows import RowIssue
from organizer.services.sharing.reading import SheetRecords

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tabs and line breaks are kept
_JSON_CONTROL = re.compile(r"\\u00(?:0[0-8bcef]|1[0-9a-f]|7f)")  # the same, as json.dumps writes them


def check_text(records: SheetRecords) -> list[RowIssue]:
    """Clean the chunk's text of control characters (the warnings returned) and reject (into
    ``records.rejected``) the rows with a value longer than its column holds."""
    if not records.records:
        return []
    table = records.table.table
    first = records.records[0][1]
    warnings: list[RowIssue] = []
    too_long: dict[int, RowIssue] = {}
    for name in first:
        column = table.c.get(name)
        if column is None:
            continue
        if isinstance(column.type, JSON):
            warnings += _clean_json(records, name)
        elif isinstance(column.type, String):
            warnings += _clean_text(records, name)
            limit = column.type.length
            if limit:
                too_long.update(_too_long(records, name, limit, too_long))
    if too_long:
        kept = []
        for position, (number, record) in enumerate(records.records):
            issue = too_long.get(position)
            if issue is None:
                kept.append((number, record))
            else:
                records.rejected.append((issue, tuple("" if v is None else str(v) for v in record.values())))
        records.records = kept
    return warnings


def _clean_text(records: SheetRecords, name: str) -> list[RowIssue]:
    values = [record.get(name) for _n, record in records.records]
    if not _CONTROL.search("\n".join(v for v in values if isinstance(v, str))):
        return []
    issues = []
    for number, record in records.records:
        value = record.get(name)
        if isinstance(value, str) and _CONTROL.search(value):
            record[name] = _CONTROL.sub("", value)
            where = f"{records.table.name}: {name}"
            issues.append(RowIssue(number, where, record[name][:80], "control characters removed"))
    return issues


def _clean_json(records: SheetRecords, name: str) -> list[RowIssue]:
    issues = []
    for number, record in records.records:
        value = record.get(name)
        if value and _JSON_CONTROL.search(json.dumps(value)):
            record[name] = _cleaned(value)
            issues.append(RowIssue(number, f"{records.table.name}: {name}", "", "control characters removed"))
    return issues


def _cleaned(value: Any) -> Any:
    if isinstance(value, str):
        return _CONTROL.sub("", value)
    if isinstance(value, dict):
        return {_cleaned(k): _cleaned(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_cleaned(v) for v in value]
    return value


def _too_long(records: SheetRecords, name: str, limit: int, found: dict[int, RowIssue]) -> dict[int, RowIssue]:
    values = [record.get(name) for _n, record in records.records]
    if max((len(v) for v in values if isinstance(v, str)), default=0) <= limit:
        return {}
    where = f"{records.table.name}: {name}"
    return {position: RowIssue(number, where, str(value)[:80], f"longer than the {limit:,} characters this column "
                                                              "holds: shorten it in the file and import it again")
            for position, ((number, _record), value) in enumerate(zip(records.records, values, strict=True))
            if isinstance(value, str) and len(value) > limit and position not in found}


__all__ = ["check_text"]
