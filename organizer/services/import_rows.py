"""The frozen rows the import services hand out (light: no database, reader or cleaning code loaded).

The import pipeline builds these rows directly (a row issue is made once, where it is found), and
`organizer.services.imports` re-exports them: screens and the command line import them from there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# A huge broken file must not fill memory with issues: past this many, the rest are counted.
LISTED_LIMIT = 100_000

STANDARD_COUNTS = ("rows", "created", "updated", "unchanged", "rejected", "conflicts", "possible_duplicates")


def column_letter(index: int) -> str:
    """0 → "A", 27 → "AB": the column name a spreadsheet shows."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass(frozen=True, slots=True)
class Field:
    """A target of a column mapping."""

    key: str
    label: str
    multi: bool = False  # several columns may feed it (emails, phones, tags)


@dataclass(frozen=True, slots=True)
class RowIssue:
    """A problem with one cell (or a whole row): row as a spreadsheet program numbers it."""

    row: int
    column: str
    value: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        """The shape `--json` prints."""
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class RejectedRow:
    """A row that identified nothing, kept whole so it can be saved and fixed."""

    row: int
    cells: tuple[str, ...]
    reason: str


@dataclass(frozen=True, slots=True)
class ReportCount:
    """A count an import kind adds to its report, and how each place words it."""

    key: str  # its key in the report ("deactivated")
    will: str  # on the check of a dry run: "Will be marked inactive"
    did: str  # after the import: "Marked inactive"
    line: str  # the command line's sentence, with {n} for the count


@dataclass(frozen=True, slots=True)
class KindOption:
    """A yes/no option only one kind of import has; on, its key is in ImportOptions.flags."""

    key: str  # "allow_mass_inactive"
    flag: str  # the command line's "--allow-mass-inactive"
    help: str  # what the option allows, for --help and for a screen that asks


@dataclass(frozen=True, slots=True)
class KindRow:
    """A kind of import as screens offer it: what it is called and what its columns can hold."""

    name: str  # "people": the command line's `organizer import people`
    label: str  # "People": how lists of imports name it
    description: str  # what such a file holds: "members, sign-in sheets, volunteers"
    nouns: tuple[str, str]  # one record and several: ("person", "people")
    fields: tuple[Field, ...]
    identifying: frozenset[str]  # the fields that identify a record; a row needs one of them
    identity: str  # those fields in words: "a name, email or phone"
    command_help: str  # what `organizer import NAME --help` says it does
    counts: tuple[ReportCount, ...] = ()
    options: tuple[KindOption, ...] = ()
    layouts: tuple[tuple[str, str], ...] = ()  # known layouts one can pick by hand: (name, label)

    def count_of(self, n: int) -> str:
        """ "1 person", "1,204 people"."""
        return f"{n:,} {self.nouns[0] if n == 1 else self.nouns[1]}"


@dataclass(frozen=True, slots=True)
class SourceRow:
    """How a file is read: a workbook's sheet (and its sheets), or a text file's encoding and delimiter."""

    kind: str  # "xlsx", "xls", "ods" or "csv", decided by the content
    sheet: str | None
    sheets: tuple[str, ...]
    encoding: str | None
    delimiter: str | None


@dataclass(frozen=True, slots=True)
class ColumnRow:
    """One column of the sheet and the field it is mapped to."""

    index: int
    header: str
    field: str


@dataclass(frozen=True, slots=True)
class LayoutRow:
    """Where the headers are and what each column means."""

    header_row: int  # 1-based, as a spreadsheet shows it; 0 when the file has no header row
    headers: tuple[str, ...]
    columns: tuple[ColumnRow, ...]
    preset: str = ""  # the known layout it was read as ("Florida county extract …"), if any

    def mapping(self) -> dict[str, str]:
        """Header → field."""
        return {c.header: c.field for c in self.columns}


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """What the wizard shows before importing: the file, its first rows and the proposed mapping."""

    kind: KindRow
    source: SourceRow
    head: tuple[tuple[str, ...], ...]
    layout: LayoutRow

    @property
    def fields(self) -> tuple[Field, ...]:
        """What a column of this kind can hold."""
        return self.kind.fields


@dataclass(frozen=True, slots=True)
class ImportResult:
    """The outcome of an import (or of a dry run, with `batch` None)."""

    batch: int | None
    kind: str
    file_name: str
    sheet: str | None
    encoding: str | None
    header_row: int
    headers: tuple[str, ...]
    mapping: Mapping[str, str]
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    conflicts: int = 0
    possible_duplicates: int = 0
    extra: Mapping[str, int] = field(default_factory=dict)  # the counts the kind adds, by key
    errors: tuple[RowIssue, ...] = ()
    warnings: tuple[RowIssue, ...] = ()
    rejected_rows: tuple[RejectedRow, ...] = ()
    backup: str | None = None
    unlisted_warnings: int = 0
    unlisted_errors: int = 0
    target: str = ""  # the petition or event the rows went into ("" for kinds without one)
    imported_before: tuple[int, ...] = ()  # earlier imports (not undone) of the same file, kind and target
    notices: tuple[str, ...] = ()  # warnings about the whole file ("imported before"), one sentence each

    def count(self, key: str) -> int:
        """A count by its report key, the kind's own counts included ("deactivated")."""
        return int(self.extra[key]) if key in self.extra else int(getattr(self, key, 0) or 0)

    def to_json(self) -> dict[str, Any]:
        """The object `organizer import ... --json` prints."""
        out: dict[str, Any] = {
            "batch": self.batch,
            "kind": self.kind,
            "file": self.file_name,
            "sheet": self.sheet,
            "encoding": self.encoding,
            "header_row": self.header_row,
            "mapping": dict(self.mapping),
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "conflicts": self.conflicts,
            "possible_duplicates": self.possible_duplicates,
            "errors": [i.to_json() for i in self.errors] + _unlisted(self.unlisted_errors, "rejected rows"),
            "warnings": [_notice(n) for n in self.notices] + [i.to_json() for i in self.warnings]
            + _unlisted(self.unlisted_warnings, "warnings"),
            "backup": self.backup,
            "imported_before": list(self.imported_before),
        }
        if self.target:
            out["target"] = self.target
        out.update(self.extra)
        return out

    def to_stored_json(self) -> dict[str, Any]:
        """What an import batch keeps: the `--json` object, the rejected rows' cells and the headers."""
        data = self.to_json()
        data["rejected_rows"] = [{"row": r.row, "cells": list(r.cells), "reason": r.reason}
                                 for r in self.rejected_rows]
        data["headers"] = list(self.headers)
        return data

    @classmethod
    def from_stored_json(cls, data: Mapping[str, Any], *, batch: int, kind: str, file_name: str) -> ImportResult:
        """The result an import batch kept (an older one may lack some keys)."""
        listed = {"errors", "warnings", "rejected_rows", "mapping", "headers", "batch", "header_row",
                  "imported_before"}
        extra = {k: int(v) for k, v in data.items()
                 if k not in listed and k not in STANDARD_COUNTS and isinstance(v, int) and not isinstance(v, bool)}
        rejected = tuple(RejectedRow(int(r["row"]), tuple(str(c) for c in r.get("cells", [])), str(r["reason"]))
                         for r in data.get("rejected_rows", []))
        if not rejected:  # a report without the rejected cells: keep the value each error names
            rejected = tuple(RejectedRow(int(e["row"]), (str(e.get("value", "")),), str(e["reason"]))
                             for e in data.get("errors", []))
        count = {k: int(data.get(k) or 0) for k in STANDARD_COUNTS}
        return cls(
            batch=batch, kind=kind, file_name=file_name, sheet=data.get("sheet"), encoding=data.get("encoding"),
            header_row=int(data.get("header_row") or 0), headers=tuple(data.get("headers", ())),
            mapping=dict(data.get("mapping", {})), rows=count["rows"], created=count["created"],
            updated=count["updated"], unchanged=count["unchanged"], rejected=count["rejected"],
            conflicts=count["conflicts"], possible_duplicates=count["possible_duplicates"], extra=extra,
            errors=tuple(_issues(data.get("errors", []))), warnings=tuple(_issues(data.get("warnings", []))),
            rejected_rows=rejected, target=str(data.get("target") or ""),
            imported_before=tuple(int(b) for b in data.get("imported_before", ())),
        )


def _issues(items: list[dict[str, Any]]) -> list[RowIssue]:
    return [RowIssue(int(i.get("row", 0)), str(i.get("column", "")), str(i.get("value", "")), str(i.get("reason", "")))
            for i in items]


def _notice(text: str) -> dict[str, Any]:
    """A warning about the whole file, shaped as the row issues are (row 0: no one row)."""
    return {"row": 0, "column": "", "value": "", "reason": text}


def _unlisted(count: int, what: str) -> list[dict[str, Any]]:
    if not count:
        return []
    reason = f"{count:,} more {what} like these are not listed (this file has over {LISTED_LIMIT:,})"
    return [{"row": 0, "column": "", "value": "", "reason": reason}]
