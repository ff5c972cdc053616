"""Writing a share workbook: every chosen record with its uuid and times, references as uuids."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, func, null, select, type_coerce
from sqlalchemy.orm import Session

from organizer import __version__
from organizer.errors import UserError
from organizer.progress import NEVER, NO_PROGRESS, CancelToken, Progress
from organizer.services.sharing.cells import cell_type, to_second
from organizer.services.sharing.options import (
    ABOUT,
    ALIAS_HEADERS,
    ALIASES,
    DELETION_HEADERS,
    DELETIONS,
    FORMAT_NAME,
    FORMAT_VERSION,
    ShareChoice,
)
from organizer.services.sharing.schema import (
    CONTACT_DETAILS,
    UNMATCHED_VOTER_ID,
    VOTERS,
    SharedTable,
    shared_table,
    tables_for,
)
from organizer.storage.models import ListMember, Person, PersonAlias, PersonList, Tag, Tagging, Tombstone, Voter
from organizer.storage.models.people import fold_tag_name

STREAM = 5000
# Written on a signature by hand: contact details too (what a line keeps as typed holds its email and phone).
CONTACT_COLUMNS = frozenset({("signatures", "address_as_written"), ("signatures", "postal_code"),
                             ("signatures", "as_typed")})
NOTE_WORDS = ("notes", "note", "comment", "review_note")
DO_NOT_CONTACT = ("do_not_walk", "do_not_call", "do_not_text", "do_not_email", "deceased")
OWNER = "person_id"  # the column naming the person a record is about (not a canvasser, circulator or recruiter)
PERSON_OWNED = frozenset({"email_address", "phone_number", "postal_address", "volunteer", "prospect",
                          "prospect_stage_change", "attendance", "contact_attempt", "person"})


class ShareSheets:
    """The rows of each sheet of one share workbook, read from an open session as they are written."""

    def __init__(self, session: Session, choice: ShareChoice, progress: Progress = NO_PROGRESS,
                 cancel: CancelToken = NEVER) -> None:
        self.session = session
        self.choice = choice
        self.tables = [t for t in tables_for(choice.sections)
                       if not (choice.no_contact_details and t.name in CONTACT_DETAILS)]
        self.written: set[str] = set()  # the sheets written so far
        self.left_out: dict[str, set[int]] = {}  # table -> ids of its records not written (references unshared)
        self.counts: dict[str, int] = {}
        self.people = self._chosen_people()
        self.progress = progress
        self.cancel = cancel

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

    def rows(self, table: SharedTable) -> Iterator[Sequence[Any]]:
        """The sheet's rows, streamed; records whose required references were not shared are left out.

        One select per sheet: each reference is the uuid of the record referred to (an outer join), each
        cell arrives converted (see `cell_type`); only the records left out so far are held in memory."""
        plan = _SheetPlan(self, table)
        left_out: set[int] = set()
        self.left_out[table.name] = left_out
        count = 0
        if plan.stmt is not None:
            chosen = self.people if table.name == "people" else None
            for row in self.session.connection().execute(plan.stmt.execution_options(yield_per=STREAM)):
                if chosen is not None and row[0] not in chosen:
                    continue
                cells = plan.cells(row)
                if cells is None:
                    left_out.add(row[0])
                    continue
                count += 1
                if count % STREAM == 0:
                    self.cancel.raise_if_cancelled()
                    self.progress(count, 0, f"{count:,} {table.name.replace('_', ' ')} written")
                yield cells
        if plan.stmt is not None:
            self.written.add(table.name)
        self.counts[table.name] = count

    def referable(self, target: str, table: SharedTable) -> bool:
        """Whether a reference to a record of ``target`` can be written (its sheet was written before)."""
        return target in self.written and not (target == "people" and table.name == "people")

    def not_shared(self, target: str) -> tuple[set[int] | None, set[int] | None]:
        """The ids of ``target``'s records left out, and (people) the ids of those chosen; None when not needed."""
        left_out = self.left_out.get(target) or None
        return left_out, self.people if target == "people" else None

    def blanked(self, table: SharedTable) -> set[str]:
        """The columns left empty by the privacy choices."""
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
        count = 0
        if "people" in self.written:
            left_out, chosen = self.not_shared("people")
            stmt = (select(PersonAlias.uuid, PersonAlias.person_id, Person.uuid)
                    .join(Person, Person.id == PersonAlias.person_id).order_by(PersonAlias.uuid))
            for uuid, pid, person in self.session.connection().execute(stmt.execution_options(yield_per=STREAM)):
                if (left_out is None or pid not in left_out) and (chosen is None or pid in chosen):
                    count += 1
                    yield [uuid, person]
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


class _SheetPlan:
    """One sheet's select and the checks its rows need: each row is the record's id, its cells, then the
    stored references that must be checked against the records left out (or the people not chosen)."""

    def __init__(self, sheets: ShareSheets, table: SharedTable) -> None:
        self.width = len(table.columns)
        self.required: list[int] = []  # cells that must hold a reference, or the record is left out
        self.checks: list[tuple[int, int, bool, set[int] | None, set[int] | None]] = []
        self.stmt: Select[Any] | None = None
        t = table.table
        blank = sheets.blanked(table)
        joined: Any = t
        cells: list[Any] = []
        keys: list[Any] = []
        for index, column in enumerate(table.columns):
            stored, name = t.c[column.name], f"c{index}"
            if not column.refers_to:
                kind = None if column.name in blank else cell_type(column.column)
                cell = null() if column.name in blank else stored if kind is None else type_coerce(stored, kind)
                cells.append(cell.label(name))
                continue
            # When only some people go, a record about a person (its person_id) goes only with a person chosen:
            # one about nobody in People (a signer, a voter knocked on) or someone else stays home too.
            required = column.required or (column.name == OWNER and sheets.people is not None)
            if column.refers_to != VOTERS and not sheets.referable(column.refers_to, table):
                if required:
                    return  # no record of this sheet can be written
                cells.append(null().label(name))
                continue
            target = (Voter.__table__ if column.refers_to == VOTERS else shared_table(column.refers_to).table)
            other = target.alias(f"r{index}")
            joined = joined.outerjoin(other, other.c.id == stored)
            cells.append((_voter_cell(t, other) if column.refers_to == VOTERS else other.c.uuid).label(name))
            if required:
                self.required.append(index)
            left_out, chosen = (None, None) if column.refers_to == VOTERS else sheets.not_shared(column.refers_to)
            if left_out is not None or chosen is not None:
                self.checks.append((index, 1 + self.width + len(keys), required, left_out, chosen))
                keys.append(stored.label(f"k{index}"))
        order = [t.c[c.name] for c in table.columns] if table.is_link else [t.c.id]
        first = null() if table.is_link else t.c.id
        self.stmt = select(first.label("row_id"), *cells, *keys).select_from(joined).order_by(*order)

    def cells(self, row: Sequence[Any]) -> Sequence[Any] | None:
        """The row's cells; None when a required reference is to a record not shared."""
        cells = row[1 : self.width + 1]
        for index in self.required:
            if cells[index] is None:
                return None
        if not self.checks:
            return cells
        out = list(cells)
        for index, key, required, left_out, chosen in self.checks:
            stored = row[key]
            if stored is not None and ((left_out is not None and stored in left_out)
                                       or (chosen is not None and stored not in chosen)):
                if required:
                    return None
                out[index] = None
        return out


def about_rows(chapter_name: str, chapter_uuid: str, choice: ShareChoice, sheets: list[str]) -> list[list[Any]]:
    """The About sheet: the format, the source chapter, when, and what was included."""
    return [["format", FORMAT_NAME], ["version", FORMAT_VERSION], ["chapter", chapter_name],
            ["chapter_uuid", chapter_uuid], ["exported_at", datetime.now(UTC).replace(microsecond=0)],
            ["app_version", __version__], ["included", choice.described()], ["sheets", ", ".join(sheets)],
            ["documentation", "docs/share-format.md in Chapter Organizer's source"]]


def _voter_cell(table: Any, voter: Any) -> Any:
    """A voter reference's cell: the voter's id on this chapter's roll, else the id the record kept when it came
    from a share file and the roll lacked that voter."""
    cell = func.nullif(voter.c.voter_id, "")
    if UNMATCHED_VOTER_ID in table.c:
        cell = func.coalesce(cell, func.nullif(table.c[UNMATCHED_VOTER_ID], ""))
    return cell


ABOUT_HEADERS = ("key", "value")
__all__ = ["ABOUT", "ABOUT_HEADERS", "ALIASES", "ALIAS_HEADERS", "DELETIONS", "DELETION_HEADERS", "ShareSheets",
           "about_rows"]
