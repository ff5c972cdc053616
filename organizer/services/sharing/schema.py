"""Which tables a share workbook carries and how, read off the models: a column added later travels unasked.

Every model with the Shareable mixin is one sheet; every mapped column of it is one column, except
the row id (local to a database), the provenance columns (they describe the receiving copy and live
only there) and derived keys (recomputed from the fields they come from). A foreign key to another
shared table is written as that record's uuid (``person_id`` → ``person_uuid``); a foreign key to the
voter roll as the county's voter id text (``voter_row_id`` → ``voter_id``): the roll itself is not shared.
Link tables (a primary key made only of references to shared tables: taggings, list members) are sheets
of uuid pairs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

from sqlalchemy import Column, Table, UniqueConstraint

import organizer.storage.models  # noqa: F401 - registers every table
from organizer.storage.models.base import Base, HasProvenance, Shareable

# A row's own id, and the count of its edits in this chapter (for catching crossing edits): never carried.
LOCAL = frozenset({"id", "version"})
PROVENANCE = frozenset(HasProvenance.__annotations__)
# Recomputed on import from the fields they are made of (organizer.domain.person_keys, tags' folding).
DERIVED: dict[str, frozenset[str]] = {
    "people": frozenset({"name_key", "family_key", "search_text"}),
    "postal_addresses": frozenset({"street_key"}),
    "tags": frozenset({"folded_name"}),
}
# References to records a chapter keeps for itself: the office catalog (a prospect carries its office's name,
# district and dates in columns of its own, so the share stays whole without it).
CHAPTER_OWN: dict[str, frozenset[str]] = {
    "prospects": frozenset({"office_id"}),
}
VOTERS = "voters"
# The voter id a record keeps when this chapter's roll lacks its voter: written in the voter_id cell (see export).
UNMATCHED_VOTER_ID = "unmatched_voter_id"
# Unique indexes on expressions SQLAlchemy cannot list as columns: (event, person, shift or none) is unique.
EXPRESSION_KEYS: dict[str, tuple[tuple[str, ...], ...]] = {
    "attendances": (("event_id", "person_id", "shift_id"),),
}
# Natural keys beyond the tables' unique constraints: a record the receiving chapter already has
# under another uuid (the same email on the same person) is that record, not a second copy.
EXTRA_NATURAL_KEYS: dict[str, tuple[tuple[str, ...], ...]] = {
    "email_addresses": (("person_id", "address"),),
    "phone_numbers": (("person_id", "number", "extension"),),
    "postal_addresses": (("person_id", "address_lines", "postal_code"),),
    "prospects": (("person_id", "office", "election_date"),),
}


@dataclass(frozen=True, slots=True)
class SharedColumn:
    """One column of a sheet: the database column, its header, and what it refers to, if anything."""

    name: str  # the database column
    header: str  # the sheet's column
    refers_to: str = ""  # a shared table (the cell is that record's uuid) or VOTERS (the voter id text)
    column: Any = None  # the SQLAlchemy column, for its type and whether it may be empty

    @property
    def required(self) -> bool:
        """Whether a record cannot exist without it (a reference that must resolve)."""
        return not self.column.nullable


@dataclass(frozen=True, slots=True)
class SharedTable:
    """One sheet: a table and its shared columns, in the table's order (uuid first)."""

    name: str  # the table, also the sheet's name
    model: Any
    kind: str  # its RecordKind (a tombstone's kind); "" for a link table
    columns: tuple[SharedColumn, ...]
    natural_keys: tuple[tuple[str, ...], ...] = ()

    @property
    def table(self) -> Table:
        """The SQLAlchemy table."""
        return cast(Table, self.model.__table__)

    @property
    def is_link(self) -> bool:
        """A link table: no uuid, no times, only references."""
        return not self.kind

    @property
    def headers(self) -> list[str]:
        """The header row of the sheet."""
        return [c.header for c in self.columns]

    @property
    def unique_keys(self) -> tuple[tuple[str, ...], ...]:
        """The natural keys the database holds unique (two records of one file must not share one)."""
        extra = set(EXTRA_NATURAL_KEYS.get(self.name, ()))
        return tuple(k for k in self.natural_keys if k not in extra)

    def column(self, header: str) -> SharedColumn | None:
        """The column under this header."""
        return next((c for c in self.columns if c.header == header), None)


def _is_shareable(table: Table) -> bool:
    return _model_of(table) is not None


@cache
def _models() -> dict[str, Any]:
    return {m.class_.__tablename__: m.class_ for m in Base.registry.mappers}


def _model_of(table: Table) -> Any:
    model = _models().get(table.name)
    return model if model is not None and issubclass(model, Shareable) else None


def _reference(column: Column[Any]) -> str:
    targets = {fk.column.table.name for fk in column.foreign_keys}
    if not targets:
        return ""
    target = targets.pop()
    if target == VOTERS:
        return VOTERS
    if target in _shareable_names():
        return target
    if column.name in PROVENANCE:
        return ""
    raise RuntimeError(f"{column.table.name}.{column.name} refers to {target}, which is not shared: "
                       "say how a share file carries it (organizer.services.sharing.schema)")


@cache
def _shareable_names() -> frozenset[str]:
    return frozenset(t.name for t in Base.metadata.sorted_tables if _is_shareable(t))


def _header(column: Column[Any], refers_to: str) -> str:
    if refers_to == VOTERS:
        return column.name.replace("_row_id", "_id") if column.name.endswith("_row_id") else f"{column.name}_voter_id"
    if refers_to:
        base = column.name[:-3] if column.name.endswith("_id") else column.name
        return f"{base}_uuid"
    return column.name


def _columns(table: Table) -> tuple[SharedColumn, ...]:
    skipped = (LOCAL | PROVENANCE | DERIVED.get(table.name, frozenset()) | CHAPTER_OWN.get(table.name, frozenset())
               | {UNMATCHED_VOTER_ID})
    out = []
    for column in table.columns:
        if column.name in skipped:
            continue
        refers = _reference(column)
        out.append(SharedColumn(column.name, _header(column, refers), refers, column))
    out.sort(key=lambda c: c.name != "uuid")  # uuid first: the record's identity
    return tuple(out)


def _natural_keys(table: Table) -> tuple[tuple[str, ...], ...]:
    keys: list[tuple[str, ...]] = []
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint):
            keys.append(tuple(c.name for c in constraint.columns))
    keys += [(c.name,) for c in table.columns if c.unique and c.name not in ("uuid", "id")]
    keys += [tuple(c.name for c in ix.columns) for ix in table.indexes
             if ix.unique and ix.columns and len(ix.columns) == len(ix.expressions)]
    keys += EXPRESSION_KEYS.get(table.name, ())
    keys += EXTRA_NATURAL_KEYS.get(table.name, ())
    derived = DERIVED.get(table.name, frozenset())
    return tuple(dict.fromkeys(k for k in keys if k and "uuid" not in k and not derived & set(k)))


def _is_link(table: Table) -> bool:
    if _is_shareable(table) or table.name in ("person_aliases",):
        return False
    pk = list(table.primary_key.columns)
    return bool(pk) and len(pk) == len(table.columns) and all(
        any(fk.column.table.name in _shareable_names() for fk in c.foreign_keys) for c in pk)


@cache
def shared_tables() -> tuple[SharedTable, ...]:
    """Every shared table in dependency order (a record's references come before it), then link tables."""
    records, links = [], []
    for table in Base.metadata.sorted_tables:
        model = _model_of(table)
        if model is not None:
            records.append(SharedTable(table.name, model, model.record_kind, _columns(table), _natural_keys(table)))
        elif _is_link(table):
            links.append(SharedTable(table.name, _models()[table.name], "", _columns(table)))
    return (*records, *links)


def shared_table(name: str) -> SharedTable:
    """One shared table by name."""
    return next(t for t in shared_tables() if t.name == name)


def table_of_kind(kind: str) -> SharedTable | None:
    """The shared table whose records are of this RecordKind."""
    return next((t for t in shared_tables() if t.kind == kind), None)


# Sections a user chooses from, each the tables it brings (people bring what hangs off them).
SECTIONS: dict[str, tuple[str, ...]] = {
    "people": ("people", "email_addresses", "phone_numbers", "postal_addresses", "tags", "taggings"),
    "lists": ("lists", "list_members"),
    "volunteers": ("volunteers",),
    "prospects": ("prospects", "prospect_stage_changes"),
    "petitions": ("petitions", "petition_sheets", "signatures"),
    "events": ("events", "shifts", "attendances"),
    "canvassing": ("walk_lists", "turfs", "contact_attempts"),
}
CONTACT_DETAILS = frozenset({"email_addresses", "phone_numbers", "postal_addresses"})


def section_of(table: str) -> str:
    """The section a table belongs to; a table added later and not listed travels with "other"."""
    return next((name for name, tables in SECTIONS.items() if table in tables), "other")


# Sections that are about people: choosing one brings the people too.
NEEDS_PEOPLE = frozenset({"volunteers", "prospects", "lists"})


def tables_for(sections: Sequence[str]) -> tuple[SharedTable, ...]:
    """The shared tables of these sections (every section when empty), in dependency order."""
    unknown = [s for s in sections if s not in SECTIONS]
    if unknown:
        from organizer.errors import UserError

        raise UserError(f"There is no section {unknown[0]!r} to share; the sections are: {', '.join(SECTIONS)}.")
    wanted = set(sections) or {*SECTIONS, "other"}
    if wanted & NEEDS_PEOPLE:
        wanted.add("people")
    return tuple(t for t in shared_tables() if section_of(t.name) in wanted)
