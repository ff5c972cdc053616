"""Share workbooks from other chapters as an import kind: imported by their own command and dialog (a whole
workbook, not one sheet), listed and undone like any other import."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from organizer.errors import UserError
from organizer.services.changes import EVERY_KIND
from organizer.services.import_rows import RowIssue
from organizer.services.importing.kind import KindSpec, NumberedRows, RunContext

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from organizer.progress import CancelToken, Progress
    from organizer.services.importing.layout import Layout
    from organizer.services.importing.report import ImportReport
    from organizer.storage.models import ImportBatch


class ImportedOnItsOwn(UserError):
    """A share workbook goes through `import share` (or the app's Import share file… dialog)."""


def prepare(layout: Layout, region: str, rows: NumberedRows, warn: Callable[[RowIssue], object]) -> Iterator[Any]:
    """Not read a sheet at a time: see organizer.services.sharing."""
    raise ImportedOnItsOwn("A share workbook is imported with 'organizer import share FILE' or File → "
                           "Import a share file… in the app.")


def run(context: RunContext, chunks: Iterator[Any], report: ImportReport, total: int, progress: Progress,
        cancel: CancelToken) -> None:
    """Not read a sheet at a time: see organizer.services.sharing."""
    raise ImportedOnItsOwn("A share workbook is imported with 'organizer import share FILE'.")


def undo(session: Session, batch: ImportBatch) -> dict[str, int]:
    """Remove what the workbook created and put back what it changed, newest change first."""
    from sqlalchemy import and_, delete, select, update

    from organizer.services.importing.undo import (
        CREATED_RUN,
        changes_newest_first,
        first_later_touching,
        later_batches,
        run_through,
    )
    from organizer.services.sharing.derived import refresh_people_keys
    from organizer.storage.models import Base, MergeConflict, OfferedDeletion, PersonAlias, PossibleDuplicate

    blocking = first_later_touching(session, batch, later_batches(session, batch))
    if blocking is not None:
        raise UserError(f"Import {blocking} (made later) changed records this import brought: undo it first.")
    removed = restored = 0
    people: set[int] = set()
    tables = Base.metadata.tables
    for entity, entity_id, action, before in changes_newest_first(session, batch.id):
        table = tables[entity]
        if action == CREATED_RUN:  # a run of rows with consecutive ids, all created by this import
            through = run_through(entity_id, before)
            people.update(_people_of_run(session, table, entity_id, through))
            session.execute(delete(table).where(table.c.id.between(entity_id, through)))
            removed += (through - entity_id + 1) if entity == "people" else 0
            continue
        people.add(_person_of(session, table, entity, entity_id, before))
        if entity == "person_aliases":
            session.execute(delete(PersonAlias).where(PersonAlias.uuid == before["uuid"]))
        elif action == "created" and "id" not in table.c:
            session.execute(delete(table).where(and_(*[table.c[k] == v for k, v in before.items()])))
        elif action == "created":
            session.execute(delete(table).where(table.c.id == entity_id))
            removed += entity == "people"
        else:
            values = {k: _restored(table.c[k], v) for k, v in before.items()}
            session.execute(update(table).where(table.c.id == entity_id).values(**values))
            restored += entity == "people"
    for model in (MergeConflict, OfferedDeletion, PossibleDuplicate):
        session.execute(delete(model).where(model.batch_id == batch.id))
    survivors = set(session.scalars(select(Base.metadata.tables["people"].c.id).where(
        Base.metadata.tables["people"].c.id.in_(sorted(people - {0})))))
    refresh_people_keys(session.connection(), survivors)
    return {"removed": removed, "restored": restored}


def _people_of_run(session: Session, table: Any, first: int, through: int) -> set[int]:
    """The people a run of created rows concerns, read before the rows are deleted."""
    from sqlalchemy import select

    if table.name == "people":
        return set(range(first, through + 1))
    if "person_id" not in table.c:
        return set()
    return {int(p) for p in session.scalars(select(table.c.person_id).where(table.c.id.between(first, through))
                                            .distinct()) if p is not None}


def _person_of(session: Session, table: Any, entity: str, entity_id: int, before: dict[str, Any]) -> int:
    """The person a change concerns (0: none), read before the change is reversed."""
    from sqlalchemy import select

    if entity in ("people", "person_aliases"):
        return entity_id
    if "person_id" in before:
        return int(before["person_id"] or 0)
    if "person_id" in table.c and "id" in table.c:
        return int(session.scalar(select(table.c.person_id).where(table.c.id == entity_id)) or 0)
    return 0


def _restored(column: Any, value: Any) -> Any:
    """A value an import change kept, as the column stores it."""
    from sqlalchemy import Date, DateTime
    from sqlalchemy.types import TypeDecorator

    if value is None:
        return None
    kind = column.type.impl if isinstance(column.type, TypeDecorator) else column.type  # a time with its zone
    if isinstance(kind, DateTime) and isinstance(value, str):
        return datetime.fromisoformat(value)
    if isinstance(kind, Date) and isinstance(value, str):
        return date.fromisoformat(value)
    return value


KIND = KindSpec(
    touches=EVERY_KIND,
    name="share",
    label="Share workbook",
    description="another chapter's share workbook",
    command_help="import another chapter's share workbook (.xlsx): records matched by uuid, then by the "
                 "people matching rules; conflicts and deletions go to review",
    nouns=("person", "people"),
    fields=(),
    synonyms={},
    identifying=frozenset({"uuid"}),
    identity="a uuid",
    prepare=prepare,
    run=run,
    undo=undo,
)
