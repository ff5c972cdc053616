"""The pipeline as a spreadsheet: one row per prospect with its stage and dates, and every stage move."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from organizer.domain.codes import ProspectStage
from organizer.files.output import check_target
from organizer.files.writing import CellValue, SheetSpec, write_workbook
from organizer.services.prospects import ProspectService, person_name
from organizer.storage.database import Database
from organizer.storage.models import Person, Prospect, ProspectStageChange

EXPORT_SUFFIXES = (".xlsx",)
PIPELINE_HEADERS = ("Name", "Office", "District", "Jurisdiction", "Stage", "In stage since", "Next step",
                    "Next step due", "Filing deadline", "Election", "Organizer", "Referral source",
                    "Eligibility notes")
TIMELINE_HEADERS = ("Name", "Office", "Day", "From", "To", "By", "Note")


@dataclass(frozen=True, slots=True)
class PipelineExport:
    """What was written."""

    path: Path
    prospects: int
    moves: int

    def to_json(self) -> dict[str, object]:
        """As the command line prints it."""
        return {"path": str(self.path), "prospects": self.prospects, "moves": self.moves}


def _label(stage: str) -> str:
    try:
        return ProspectStage(stage).label
    except ValueError:
        return stage


def export_pipeline(db: Database, prospects: ProspectService, path: Path, *, force: bool = False,
                    protect: Iterable[Path] = ()) -> PipelineExport:
    """Write the pipeline to an .xlsx: a Pipeline sheet and a Timeline sheet; whole or not at all."""
    protect = [*protect, *([db.path] if db.path else [])]
    check_target(path, EXPORT_SUFFIXES, force=force, protect=protect)
    rows = prospects.rows()
    pipeline: list[list[CellValue]] = [
        [r.name, r.office, r.district, r.jurisdiction, _label(r.stage), r.stage_since, r.next_step, r.next_step_due,
         r.filing_deadline, r.election_date, r.organizer, r.referral_source, r.eligibility_notes] for r in rows]
    stmt = (select(ProspectStageChange, Prospect, Person)
            .join(Prospect, Prospect.id == ProspectStageChange.prospect_id)
            .outerjoin(Person, Person.id == Prospect.person_id)
            .order_by(ProspectStageChange.changed_on, ProspectStageChange.id))
    with db.read() as session:
        timeline: list[list[CellValue]] = [
            [person_name(who) if who is not None else p.person_name, p.office, c.changed_on,
             _label(c.from_stage) if c.from_stage else "", _label(c.to_stage), c.changed_by, c.note]
            for c, p, who in session.execute(stmt)]
    write_workbook(path, [SheetSpec("Pipeline", PIPELINE_HEADERS, pipeline),
                          SheetSpec("Timeline", TIMELINE_HEADERS, timeline)], force=force, protect=protect)
    return PipelineExport(path, len(pipeline), len(timeline))
