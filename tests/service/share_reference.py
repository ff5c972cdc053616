"""The share export's rows as they were first written, kept to check the faster export gives the same cells.

A plain, slow restatement: every record read in id order, references looked up in the uuids of what was
already written, each cell converted by its column's type.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import JSON, DateTime, Select, select
from sqlalchemy.orm import Session

from organizer.errors import UserError
from organizer.progress import NEVER, NO_PROGRESS, CancelToken, Progress
from organizer.services.sharing.cells import to_second, type_of
from organizer.services.sharing.export import CONTACT_COLUMNS, DO_NOT_CONTACT, NOTE_WORDS, PERSON_OWNED
from organizer.services.sharing.options import ALIASES, DELETIONS, ShareChoice
from organizer.services.sharing.schema import CONTACT_DETAILS, VOTERS, SharedTable, tables_for
from organizer.storage.models import ListMember, Person, PersonAlias, PersonList, Tag, Tagging, Tombstone, Voter
from organizer.storage.models.people import fold_tag_name

STREAM = 5000


def converter(column: Any) -> Any:
    """How a stored value became a cell (None: as it is)."""
    kind = type_of(column)
    if isinstance(kind, JSON):
        return lambda v: None if v is None else json.dumps(v, ensure_ascii=False, separators=(",", ":"))
    if isinstance(kind, DateTime):
        return lambda v: None if v is None else (v.replace(microsecond=0) if v.tzinfo is None else to_second(v))
    return None


class ReferenceSheets:
    """The rows of each sheet as the export wrote them before it streamed references from SQL (kept as the
    reference the export's output is compared with, cell for cell)."""

    def __init__(self, session: Session, choice: ShareChoice, progress: Progress = NO_PROGRESS,
                 cancel: CancelToken = NEVER) -> None:
        self.session = session
        self.choice = choice
        self.tables = [t for t in tables_for(choice.sections)
                       if not (choice.no_contact_details and t.name in CONTACT_DETAILS)]
        self.shared: dict[str, dict[int, str]] = {}  # table -> id -> uuid of what was written
        self.counts: dict[str, int] = {}
        self.people = self._chosen_people()
        self.progress = progress
        self.cancel = cancel
        self._voter_ids: dict[int, str] | None = None

    def _chosen_people(self) -> set[int] | None:
        """The ids of the people to share, or None for everyone."""
        if not self.choice.narrows_people:
            return None
        wanted: set[int] | None = None
        if self.choice.tags or self.choice.lists:
            wanted = self._tagged() | self._listed()
        if self.choice.no_do_not_contact:
            flagged = select(Person.id).where(*[~getattr(Person, f) for f in DO_NOT_CONTACT])
            allowed = set(self.session.scalars(flagged))
            wanted = allowed if wanted is None else wanted & allowed
        return wanted or set()

    def _tagged(self) -> set[int]:
        out: set[int] = set()
        for name in self.choice.tags:
            tag_id = self.session.scalar(select(Tag.id).where(Tag.folded_name == fold_tag_name(name)))
            if tag_id is None:
                raise UserError(f"There is no tag {name!r} in this chapter: check its name ('people list --tag').")
            out.update(self.session.scalars(select(Tagging.person_id).where(Tagging.tag_id == tag_id)))
        return out

    def _listed(self) -> set[int]:
        out: set[int] = set()
        for name in self.choice.lists:
            list_id = self.session.scalar(select(PersonList.id).where(PersonList.name == name))
            if list_id is None:
                raise UserError(f"There is no list {name!r} in this chapter: check its name.")
            out.update(self.session.scalars(select(ListMember.person_id).where(ListMember.list_id == list_id)))
        return out

    def headers(self, table: SharedTable) -> list[str]:
        """The sheet's header row."""
        return table.headers

    def rows(self, table: SharedTable) -> Iterator[list[Any]]:
        """The sheet's rows, streamed; records whose required references were not shared are left out."""
        count = 0
        ids: dict[int, str] = {}
        self.shared[table.name] = ids
        plan = self._plan(table)
        t = table.table
        names = [c.name for c in table.columns]
        stmt: Select[Any] = select(*([] if table.is_link else [t.c.id]), *[t.c[n] for n in names])
        stmt = stmt.order_by(t.c.id) if not table.is_link else stmt.order_by(*[t.c[n] for n in names])
        for row in self.session.execute(stmt.execution_options(yield_per=STREAM)):
            values = list(row)
            rid = None if table.is_link else values.pop(0)
            if table.name == "people" and self.people is not None and rid not in self.people:
                continue
            cells = self._cells(table, values, plan)
            if cells is None:
                continue
            if rid is not None:
                ids[rid] = cells[0]
            count += 1
            if count % STREAM == 0:
                self.cancel.raise_if_cancelled()
                self.progress(count, 0, f"{count:,} {table.name.replace('_', ' ')} written")
            yield cells
        self.counts[table.name] = count

    def _cells(self, table: SharedTable, values: list[Any], plan: list[tuple[int, Any]]) -> list[Any] | None:
        """The row's cells: values converted where their column needs it (see `_plan`)."""
        for index, how in plan:
            value = values[index]
            if how is None:
                values[index] = None
            elif isinstance(how, tuple):
                if value is not None:
                    value = values[index] = self._reference(table, how[0], value)
                if value is None and how[1]:
                    return None
            elif value is not None:
                values[index] = how(value)
        return values

    def _plan(self, table: SharedTable) -> list[tuple[int, Any]]:
        """For each column that is not written as it is stored: None (left empty), (table referred to,
        required) or a converter."""
        blank = self._blanked(table)
        plan: list[tuple[int, Any]] = []
        for index, column in enumerate(table.columns):
            if column.refers_to:
                # Only some people go: a record about a person goes with a chosen one, never about nobody.
                about_someone = column.name == "person_id" and self.people is not None
                plan.append((index, (column.refers_to, column.required or about_someone)))
            elif column.name in blank:
                plan.append((index, None))
            elif (convert := converter(column.column)) is not None:
                plan.append((index, convert))
        return plan

    def _reference(self, table: SharedTable, target: str, value: int) -> str | None:
        if target == VOTERS:
            return self._voter_id(value)
        if target == "people" and table.name == "people":
            return None
        # A record of a table not chosen (or a person left out) is not shared, nor is its uuid.
        return self.shared.get(target, {}).get(value)

    def _voter_id(self, row_id: int) -> str | None:
        if self._voter_ids is None:
            self._voter_ids = {}
        if row_id not in self._voter_ids:
            self._voter_ids[row_id] = self.session.scalar(select(Voter.voter_id).where(Voter.id == row_id)) or ""
        return self._voter_ids[row_id] or None

    def _blanked(self, table: SharedTable) -> set[str]:
        out: set[str] = set()
        for column in table.columns:
            if self.choice.no_notes and column.name.endswith(NOTE_WORDS):
                out.add(column.name)
            if self.choice.no_contact_details and (table.name, column.name) in CONTACT_COLUMNS:
                out.add(column.name)
        if self.choice.no_custom_fields and table.name == "people":
            out.add("custom_fields")
        return out

    def aliases(self) -> Iterator[list[Any]]:
        """Merged people's old uuids, for the people shared."""
        people = self.shared.get("people", {})
        count = 0
        for uuid, pid in self.session.execute(select(PersonAlias.uuid, PersonAlias.person_id)
                                              .order_by(PersonAlias.uuid)):
            if pid in people:
                count += 1
                yield [uuid, people[pid]]
        self.counts[ALIASES] = count

    def deletions(self) -> Iterator[list[Any]]:
        """Tombstones of the chosen kinds (not those of people's records when only some people go)."""
        kinds = {t.kind for t in self.tables if t.kind}
        if self.people is not None:
            kinds -= PERSON_OWNED
        count = 0
        if kinds:
            stmt = (select(Tombstone.uuid, Tombstone.kind, Tombstone.deleted_at)
                    .where(Tombstone.kind.in_(sorted(kinds))).order_by(Tombstone.id))
            for uuid, kind, when in self.session.execute(stmt.execution_options(yield_per=STREAM)):
                count += 1
                yield [uuid, kind, to_second(when)]
        self.counts[DELETIONS] = count
