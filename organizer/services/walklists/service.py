"""Walk lists: preview and build from the roll or People, print and reprint, assign canvassers, see progress."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from organizer.errors import NotFound, UserError
from organizer.files.output import TempFile, check_target
from organizer.files.walk_list_sheet import WalkSheets
from organizer.progress import NEVER, NO_PROGRESS, CancelToken, Progress
from organizer.services.changes import WALKLISTS, Change, ChangeHub
from organizer.services.walklists.choosing import choose
from organizer.services.walklists.planning import BuildResult, Plan, TurfPreview, make_plan, preview_rows, save_plan
from organizer.services.walklists.printing import load_sheets, plan_sheets
from organizer.services.walklists.progress_rows import TurfProgress, WalkListRow, list_rows, turf_progress
from organizer.services.walklists.targets import WalkFilters
from organizer.storage.database import Database
from organizer.storage.gc_tuning import collector_paused
from organizer.storage.models import Person, Turf, WalkList


@dataclass(frozen=True, slots=True)
class Preview:
    """What a build would make: its turfs, doors, people, and what it would leave off."""

    turfs: tuple[TurfPreview, ...]
    doors: int
    people: int
    skipped: dict[str, int]


@dataclass(frozen=True, slots=True)
class Outputs:
    """Where to write a list: the workbook, the PDF, or both; replacing existing files only with force."""

    xlsx: Path | None = None
    pdf: Path | None = None
    force: bool = False


class WalkListService:
    """Use cases of the Walk lists section and the `walklist` commands."""

    def __init__(self, db: Database, changes: ChangeHub) -> None:
        self._db = db
        self._changes = changes

    def preview(self, filters: WalkFilters, turf_size: int | None) -> Preview:
        """The turfs a build would make, without saving anything."""
        _check_size(turf_size)
        with self._db.read() as session:
            chosen = choose(session, filters)
        plan = make_plan(chosen.targets, chosen.skipped, turf_size)
        return Preview(tuple(preview_rows(plan)), plan.doors, plan.people, plan.skipped)

    def build(self, filters: WalkFilters, turf_size: int | None, name: str, outputs: Outputs = Outputs(), *,
              script: str = "", questions: Sequence[str] = (), progress: Progress = NO_PROGRESS,
              cancel: CancelToken = NEVER) -> BuildResult:
        """Cut and save a walk list, and write its workbook and PDF; all or nothing."""
        _check_size(turf_size)
        self._check_outputs(outputs)
        filters.check()
        name = " ".join(name.split()) or f"Walk list {datetime.now():%Y-%m-%d}"
        staged: list[TempFile] = []
        try:
            with collector_paused(), self._db.write() as session:  # hundreds of thousands of objects, no cycles
                progress(0, 3, "Choosing doors")
                chosen = choose(session, filters)
                cancel.raise_if_cancelled()
                plan = make_plan(chosen.targets, chosen.skipped, turf_size)
                _refuse_empty(plan)
                progress(1, 3, f"Saving {plan.doors:,} doors in {len(plan.turfs):,} turfs")
                list_id = save_plan(session, plan, name, filters, script, [q for q in questions if q.strip()])
                cancel.raise_if_cancelled()
                progress(2, 3, "Writing the walk list")
                staged = self._staged(plan_sheets(session, list_id, plan), outputs)
        except BaseException:
            _discard(staged)
            raise
        _publish(staged, outputs.force)  # only once the list is saved: never files of a list that is not
        self._changes.publish(Change.of(WALKLISTS))
        progress(3, 3, "Done")
        return BuildResult(list_id, name, len(plan.turfs), plan.doors, plan.people, plan.skipped)

    def export(self, list_id: int, outputs: Outputs, turf_ids: Collection[int] = (), *, reprint: bool = False) -> int:
        """Print a saved list (or some turfs) again; a reprint marks doors knocked. Returns doors written."""
        self._check_outputs(outputs)
        with collector_paused(), self._db.read() as session:
            sheets = load_sheets(session, list_id, turf_ids, reprint=reprint)
            _publish(self._staged(sheets, outputs), outputs.force)
        return sum(len(t.doors) for t in sheets.turfs)

    def _staged(self, sheets: WalkSheets, outputs: Outputs) -> list[TempFile]:
        """The workbook and the PDF written whole to temporary files: both, or neither (all or nothing: an
        existing file is replaced only once both are written)."""
        from organizer.files.walk_list_xlsx import stage_walk_list_xlsx

        protect, staged = self._protected(), []
        try:
            if outputs.xlsx is not None:
                staged.append(stage_walk_list_xlsx(outputs.xlsx, sheets, force=outputs.force, protect=protect))
            if outputs.pdf is not None:
                from organizer.files.walk_list_pdf import stage_walk_list_pdf  # fpdf2 loads in a second: for a PDF

                staged.append(stage_walk_list_pdf(outputs.pdf, sheets, force=outputs.force, protect=protect))
        except BaseException:
            _discard(staged)
            raise
        return staged

    def _check_outputs(self, outputs: Outputs) -> None:
        if outputs.xlsx is not None and outputs.pdf is not None and outputs.xlsx.resolve() == outputs.pdf.resolve():
            raise UserError("The workbook and the PDF need different names.")
        if outputs.xlsx is not None:
            check_target(outputs.xlsx, (".xlsx",), force=outputs.force, protect=self._protected())
        if outputs.pdf is not None:
            check_target(outputs.pdf, (".pdf",), force=outputs.force, protect=self._protected())

    def _protected(self) -> tuple[Path, ...]:
        return (self._db.path,) if self._db.path else ()

    def lists(self) -> list[WalkListRow]:
        """Every walk list, newest first, with its progress."""
        with self._db.read() as session:
            return list_rows(session)

    def turfs(self, list_id: int) -> list[TurfProgress]:
        """A list's turfs with doors knocked, contacts and refusals."""
        with self._db.read() as session:
            if session.get(WalkList, list_id) is None:
                raise NotFound(f"There is no walk list {list_id}: see 'organizer walklist list'.")
            return turf_progress(session, list_id)

    def assign(self, turf_id: int, canvasser_uuid: str | None) -> None:
        """Give a turf to a canvasser (a person, by uuid), or take it back (None)."""
        with self._db.write() as session:
            turf = session.get(Turf, turf_id)
            if turf is None:
                raise NotFound(f"There is no turf {turf_id}: see 'organizer walklist show LIST'.")
            person_id = None
            if canvasser_uuid:
                person_id = session.scalar(select(Person.id).where(Person.uuid == canvasser_uuid.strip()))
                if person_id is None:
                    raise NotFound(f"No person has the uuid {canvasser_uuid.strip()!r}: see 'organizer people list'.")
            turf.canvasser_id = person_id
        self._changes.publish(Change.of(WALKLISTS))

    def count(self) -> int:
        """How many walk lists there are."""
        with self._db.read() as session:
            return session.scalar(select(func.count()).select_from(WalkList)) or 0


def _check_size(turf_size: int | None) -> None:
    if turf_size is not None and not 1 <= turf_size <= 100_000:
        raise UserError("--turf-size takes a number of doors from 1 up.")


def _refuse_empty(plan: Plan) -> None:
    if not plan.doors:
        skipped = sum(plan.skipped.values())
        raise UserError("No door to walk matches these choices" + (
            f" ({skipped:,} matching doors are skipped: do not walk, moved, no house number...)" if skipped
            else "") + ": nothing was saved or written. Check the precincts and filters.")


def _publish(staged: list[TempFile], force: bool) -> None:
    """Put the staged files in place (the temporary files of any not placed are removed)."""
    try:
        for temp in staged:
            temp.publish(force)
    finally:
        _discard(staged)


def _discard(staged: list[TempFile]) -> None:
    for temp in staged:
        temp.discard()

