"""The candidate recruitment pipeline: prospects, their stage moves with who and when, next steps and reminders."""

from __future__ import annotations

import getpass
import json
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from organizer.domain.codes import ProspectStage
from organizer.domain.text import fold
from organizer.errors import NotFound, ValidationFailed
from organizer.services.changes import PROSPECTS, Change, ChangeHub
from organizer.services.prospects_rows import (
    DEFAULT_CHECKLIST,
    AlreadyInPipeline,
    ProspectFilter,
    ProspectInput,
    ProspectRow,
    Reminder,
    TimelineEntry,
    check_prospect,
    is_active,
    parse_stage,
)
from organizer.services.settings import SettingsService
from organizer.storage.database import Database
from organizer.storage.models import Office, Person, Prospect, ProspectStageChange
from organizer.storage.models.base import utcnow

if TYPE_CHECKING:
    from organizer.services.prospects_export import PipelineExport

CHECKLIST_SETTING = "prospect_checklist"  # the chapter's checklist items, a JSON list
USER_NAME_SETTING = "user_name"  # who this copy of the app records as making changes


def person_name(p: Person) -> str:
    """ "Ana Silva"."""
    return " ".join(x for x in (p.given_name, p.family_name) if x) or "(no name)"


class ProspectService:
    """Use cases on the pipeline."""

    def __init__(self, db: Database, changes: ChangeHub, settings: SettingsService | None = None) -> None:
        self._db = db
        self._changes = changes
        self._settings = settings or SettingsService(db)

    # Reading ---------------------------------------------------------------------------------

    def rows(self, wanted: ProspectFilter | None = None) -> list[ProspectRow]:
        """Prospects in pipeline order (stage, then next step due, then name), filtered."""
        wanted = wanted or ProspectFilter()
        items = self.checklist_items()
        with self._db.read() as session:
            found = session.execute(_filtered(_query(), wanted))
            rows = [_row(p, who, org, since, items) for p, who, org, since in found]
        order = {s.value: s.order for s in ProspectStage}
        return sorted(rows, key=lambda r: (order.get(r.stage, 99), r.next_step_due or date.max, fold(r.name), r.id))

    def get(self, prospect_id: int) -> ProspectRow:
        """One prospect; raises NotFound."""
        with self._db.read() as session:
            found = session.execute(_query().where(Prospect.id == prospect_id)).first()
            if found is None:
                raise NotFound(f"There is no prospect with id {prospect_id}: see `prospect list`.")
            return _row(found[0], found[1], found[2], found[3], self.checklist_items())

    def timeline(self, prospect_id: int) -> list[TimelineEntry]:
        """A prospect's stage moves and notes, oldest first."""
        stmt = (select(ProspectStageChange).where(ProspectStageChange.prospect_id == prospect_id)
                .order_by(ProspectStageChange.changed_on, ProspectStageChange.id))
        with self._db.read() as session:
            if session.get(Prospect, prospect_id) is None:
                raise NotFound(f"There is no prospect with id {prospect_id}: see `prospect list`.")
            return [TimelineEntry(c.changed_on, _aware(c.changed_at), c.changed_by, c.from_stage, c.to_stage, c.note)
                    for c in session.scalars(stmt)]

    def for_people(self, person_ids: Sequence[int]) -> list[ProspectRow]:
        """The prospects of these people (asked before deleting them)."""
        items = self.checklist_items()
        with self._db.read() as session:
            found = session.execute(_query().where(Prospect.person_id.in_(list(person_ids))))
            return [_row(p, who, org, since, items) for p, who, org, since in found]

    def offices_in_use(self) -> list[str]:
        """The office names prospects seek, for the board's filter."""
        with self._db.read() as session:
            names = session.scalars(select(Prospect.office).distinct().order_by(Prospect.office))
            return [n for n in names if n]

    def elections(self) -> list[date]:
        """The election days prospects run in, soonest first."""
        with self._db.read() as session:
            days = session.scalars(select(Prospect.election_date).where(Prospect.election_date.is_not(None))
                                   .distinct().order_by(Prospect.election_date))
            return [d for d in days if d is not None]

    # Writing ---------------------------------------------------------------------------------

    def add(self, person_id: int, data: ProspectInput, by: str | None = None) -> ProspectRow:
        """Put a person in the pipeline; refuses a second prospect for the same person and office."""
        check_prospect(data)
        parse_stage(data.stage)
        with self._db.write() as session:
            person = session.get(Person, person_id)
            if person is None:
                raise NotFound(f"There is no person with id {person_id}.")
            prospect = Prospect(person_id=person_id, person_name=person_name(person))
            _fill(session, prospect, data)
            _refuse_duplicate(session, prospect, person)
            session.add(prospect)
            session.flush()
            _record(session, prospect, "", prospect.stage, "", self._who(by))
            new_id = prospect.id
        self._publish(person_id)
        return self.get(new_id)

    def update(self, prospect_id: int, data: ProspectInput) -> ProspectRow:
        """Change a prospect's details; a changed stage is recorded as a move."""
        check_prospect(data)
        with self._db.write() as session:
            prospect = _prospect(session, prospect_id)
            before = prospect.stage
            _fill(session, prospect, data)
            if prospect.person is not None:
                _refuse_duplicate(session, prospect, prospect.person)
            if prospect.stage != before:
                _record(session, prospect, before, prospect.stage, "", self._who(None))
            person_id = prospect.person_id
        self._publish(person_id)
        return self.get(prospect_id)

    def move(self, prospect_id: int, stage: str, note: str = "", by: str | None = None) -> ProspectRow:
        """Move a prospect to another stage (UnknownStage names the stages); the move is kept with who and when."""
        to = parse_stage(stage).value
        with self._db.write() as session:
            prospect = _prospect(session, prospect_id)
            before = prospect.stage
            if to != before or note.strip():
                prospect.stage = to
                _record(session, prospect, before, to, note.strip(), self._who(by))
            person_id = prospect.person_id
        self._publish(person_id)
        return self.get(prospect_id)

    def add_note(self, prospect_id: int, note: str, by: str | None = None) -> None:
        """A note on the timeline (the stage stays)."""
        if not note.strip():
            raise ValidationFailed({"note": "The note is empty: type what happened."})
        with self._db.write() as session:
            prospect = _prospect(session, prospect_id)
            _record(session, prospect, prospect.stage, prospect.stage, note.strip(), self._who(by))
            person_id = prospect.person_id
        self._publish(person_id)

    def set_next_step(self, prospect_id: int, step: str, due: date | None) -> ProspectRow:
        """The next step and its due date (an empty step clears both)."""
        with self._db.write() as session:
            prospect = _prospect(session, prospect_id)
            prospect.next_step = step.strip()[:300]
            prospect.next_step_due = due if step.strip() else None
            person_id = prospect.person_id
        self._publish(person_id)
        return self.get(prospect_id)

    def check_item(self, prospect_id: int, item: str, done: bool, on: date | None = None) -> ProspectRow:
        """Tick (or untick) a checklist item for a prospect."""
        with self._db.write() as session:
            prospect = _prospect(session, prospect_id)
            checklist = dict(prospect.checklist or {})
            if done:
                checklist[item] = (on or date.today()).isoformat()
            else:
                checklist.pop(item, None)
            prospect.checklist = checklist
            person_id = prospect.person_id
        self._publish(person_id)
        return self.get(prospect_id)

    def delete(self, prospect_id: int) -> None:
        """Take a prospect out of the pipeline, timeline and all (tombstones are left)."""
        with self._db.write() as session:
            prospect = _prospect(session, prospect_id)
            for change in session.scalars(select(ProspectStageChange)
                                          .where(ProspectStageChange.prospect_id == prospect_id)):
                session.delete(change)
            session.flush()  # the moves (and their tombstones) first: the database would cascade them silently
            person_id = prospect.person_id
            session.delete(prospect)
        self._publish(person_id)

    def export(self, path: Path, *, force: bool = False, protect: Iterable[Path] = ()) -> PipelineExport:
        """Write the pipeline (a Pipeline sheet, a Timeline sheet) to an .xlsx."""
        from organizer.services.prospects_export import export_pipeline

        return export_pipeline(self._db, self, path, force=force, protect=protect)

    # Checklist and reminders -----------------------------------------------------------------

    def checklist_items(self) -> list[str]:
        """The chapter's checklist items, in order."""
        raw = self._settings.get(CHECKLIST_SETTING)
        try:
            items = json.loads(raw) if raw else list(DEFAULT_CHECKLIST)
        except ValueError:
            items = list(DEFAULT_CHECKLIST)
        return [str(i) for i in items if str(i).strip()] if isinstance(items, list) else list(DEFAULT_CHECKLIST)

    def set_checklist_items(self, items: Sequence[str]) -> list[str]:
        """Replace the chapter's checklist items (what each prospect ticked stays)."""
        clean = list(dict.fromkeys(" ".join(i.split()) for i in items if i.strip()))
        if not clean:
            raise ValidationFailed({"checklist": "The checklist needs at least one item."})
        self._settings.set(CHECKLIST_SETTING, json.dumps(clean))
        self._changes.publish(Change.of(PROSPECTS))
        return clean

    def reminders(self, today: date | None = None, within: int = 14) -> list[Reminder]:
        """Deadlines within `within` days or passed: next steps, filing deadlines, offices' filing windows."""
        today = today or date.today()
        out: list[Reminder] = []
        for row in self.rows():
            if row.next_step_due is not None and is_active(row.stage) and (row.next_step_due - today).days <= within:
                out.append(Reminder("next_step", row.next_step_due, (row.next_step_due - today).days,
                                    f"{row.name}: {row.next_step or 'next step'}", row.office_text,
                                    prospect_id=row.id))
            if row.filing_soon(today, within) and row.filing_deadline is not None:
                days = (row.filing_deadline - today).days
                if days >= -30:
                    out.append(Reminder("filing_deadline", row.filing_deadline, days,
                                        f"{row.name}: filing deadline", row.office_text, prospect_id=row.id))
        with self._db.read() as session:
            for office in session.scalars(select(Office).where(Office.filing_closes.is_not(None))
                                          .where(Office.filing_closes >= today)
                                          .where(Office.filing_closes <= today + timedelta(days=within))):
                assert office.filing_closes is not None
                out.append(Reminder("office_filing", office.filing_closes, (office.filing_closes - today).days,
                                    f"Filing closes: {_office_title(office)}", office.jurisdiction,
                                    office_id=office.id))
        return sorted(out, key=lambda r: (r.due, r.kind, fold(r.title)))

    # Helpers ---------------------------------------------------------------------------------

    def _who(self, by: str | None) -> str:
        if by is not None and by.strip():
            return " ".join(by.split())[:200]
        return self._settings.get(USER_NAME_SETTING) or _account_name()

    def _publish(self, person_id: int | None) -> None:
        self._changes.publish(Change.of(PROSPECTS, ids=[person_id] if person_id is not None else []))


def _account_name() -> str:
    """The computer account's name: who made a change, when the chapter has not said."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive UTC times."""
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


def _office_title(office: Office) -> str:
    return ", ".join(p for p in (office.name, office.seat, office.district) if p)


def _query() -> Select[Any]:
    person, organizer = aliased(Person), aliased(Person)
    since = (select(func.max(ProspectStageChange.changed_on))
             .where(ProspectStageChange.prospect_id == Prospect.id, ProspectStageChange.to_stage == Prospect.stage)
             .correlate(Prospect).scalar_subquery())
    stmt = cast("Select[Any]", select(Prospect, person, organizer, since.label("since")))
    return (stmt
            .outerjoin(person, person.id == Prospect.person_id)
            .outerjoin(organizer, organizer.id == Prospect.organizer_id))


def _filtered(stmt: Select[Any],
              wanted: ProspectFilter) -> Select[Any]:
    if wanted.office:
        stmt = stmt.where(Prospect.office == wanted.office)
    if wanted.organizer_id is not None:
        stmt = stmt.where(Prospect.organizer_id == wanted.organizer_id)
    if wanted.election is not None:
        stmt = stmt.where(Prospect.election_date == wanted.election)
    if wanted.stages:
        stmt = stmt.where(Prospect.stage.in_(list(wanted.stages)))
    return stmt.order_by(Prospect.id)


def _prospect(session: Session, prospect_id: int) -> Prospect:
    prospect = session.get(Prospect, prospect_id)
    if prospect is None:
        raise NotFound(f"There is no prospect with id {prospect_id}: see `prospect list`.")
    return prospect


def _fill(session: Session, prospect: Prospect, data: ProspectInput) -> None:
    """Copy the input onto the prospect; a catalog office's name, district and dates win over those typed."""
    if data.organizer_id is not None and session.get(Person, data.organizer_id) is None:
        raise ValidationFailed({"organizer_id": "That organizer is no longer in the chapter: choose another."})
    prospect.office, prospect.jurisdiction = data.office.strip(), data.jurisdiction.strip()
    prospect.district, prospect.office_id = data.district.strip(), data.office_id
    prospect.election_date, prospect.filing_deadline = data.election_date, data.filing_deadline
    if data.office_id is not None:
        office = session.get(Office, data.office_id)
        if office is None:
            raise ValidationFailed({"office_id": "That office is no longer in the catalog: choose another."})
        prospect.office, prospect.jurisdiction = office.name, office.jurisdiction or prospect.jurisdiction
        prospect.district = ", ".join(p for p in (office.seat, office.district) if p) or prospect.district
        prospect.election_date = office.election_date or prospect.election_date
        prospect.filing_deadline = office.filing_closes or prospect.filing_deadline
    prospect.stage = data.stage
    prospect.eligibility_notes, prospect.notes = data.eligibility_notes.strip(), data.notes.strip()
    prospect.next_step, prospect.next_step_due = data.next_step.strip()[:300], data.next_step_due
    prospect.organizer_id, prospect.referral_source = data.organizer_id, data.referral_source.strip()
    if prospect.checklist is None:
        prospect.checklist = {}


def _refuse_duplicate(session: Session, prospect: Prospect, person: Person) -> None:
    """No second open prospect for the same person, office and district."""
    others = session.scalars(select(Prospect).where(Prospect.person_id == person.id)
                             .where(Prospect.id != (prospect.id or 0)))
    for other in others:
        if (is_active(other.stage) and fold(other.office) == fold(prospect.office)
                and fold(other.district) == fold(prospect.district)):
            where = ", ".join(p for p in (other.office, other.district) if p)
            raise AlreadyInPipeline(
                f"{person_name(person)} is already in the pipeline for {where} (prospect {other.id}, stage "
                f"{ProspectStage(other.stage).label}): move or edit that one instead.")


def _record(session: Session, prospect: Prospect, before: str, after: str, note: str, by: str) -> None:
    now = utcnow()
    session.add(ProspectStageChange(prospect_id=prospect.id, from_stage=before, to_stage=after,
                                    changed_on=date.today(), changed_at=now, changed_by=by, note=note))


def _row(p: Prospect, person: Person | None, organizer: Person | None, since: date | None,
         items: list[str]) -> ProspectRow:
    done = p.checklist or {}
    extra = [k for k in done if k not in items]
    return ProspectRow(
        id=p.id, uuid=p.uuid, person_id=p.person_id, person_uuid=person.uuid if person is not None else None,
        name=person_name(person) if person is not None else (p.person_name or "(deleted person)"),
        office=p.office, office_id=p.office_id, jurisdiction=p.jurisdiction, district=p.district,
        election_date=p.election_date, filing_deadline=p.filing_deadline, stage=p.stage, next_step=p.next_step,
        next_step_due=p.next_step_due, organizer=person_name(organizer) if organizer is not None else "",
        organizer_id=p.organizer_id, referral_source=p.referral_source, eligibility_notes=p.eligibility_notes,
        notes=p.notes, checklist=tuple((item, str(done.get(item, ""))) for item in [*items, *extra]),
        stage_since=since,
    )
