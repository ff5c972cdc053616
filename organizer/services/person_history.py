"""A person's history: what the chapter's records say happened to or with them, newest first.

Each section of the app that records something about people adds one source (`add_history_source`);
the person view and `people show` list what every source finds. Imports, events, petition
signatures, canvass contacts and prospect stages are here from the start.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from organizer.domain.codes import AttendanceStatus, ContactChannel, ProspectStage, SignatureStatus
from organizer.storage.models import (
    Attendance,
    ContactAttempt,
    Event,
    ImportBatch,
    ImportChange,
    Person,
    PersonMerge,
    Petition,
    PetitionSheet,
    Prospect,
    ProspectStageChange,
    Signature,
)


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One thing that happened: when, of which kind, a short title and a detail line."""

    when: datetime | None
    kind: str  # "import", "event", "signature", "contact", "prospect", "merge"...
    title: str
    detail: str = ""

    def to_json(self) -> dict[str, Any]:
        """The shape `people show --json` prints."""
        return {"when": self.when.isoformat() if self.when else None, "kind": self.kind, "title": self.title,
                "detail": self.detail}


_CHANNEL_TITLES = {ContactChannel.DOOR.value: "Door knock", ContactChannel.PHONE.value: "Phone call",
                   ContactChannel.TEXT.value: "Text message"}
HistorySource = Callable[[Session, int], list[HistoryEntry]]
_SOURCES: list[HistorySource] = []


def add_history_source(source: HistorySource) -> HistorySource:
    """Register a source of history entries (usable as a decorator); each is asked once per record."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def person_history(session: Session, person_id: int) -> list[HistoryEntry]:
    """Every source's entries for a person, newest first (entries without a time last)."""
    entries = [entry for source in _SOURCES for entry in source(session, person_id)]
    oldest = datetime.min.replace(tzinfo=UTC)
    return sorted(entries, key=lambda e: _aware(e.when) or oldest, reverse=True)


def _aware(when: datetime | None) -> datetime | None:
    """SQLite hands back naive times for what was stored in UTC."""
    return when.replace(tzinfo=UTC) if when is not None and when.tzinfo is None else when


def _on(day: date | None) -> datetime | None:
    return datetime.combine(day, time(12), UTC) if day is not None else None


def _label(code: Any, value: str) -> str:
    try:
        return str(code(value).label)
    except ValueError:
        return value.replace("_", " ")


def batches_touching(session: Session, person_id: int) -> list[tuple[int, str, int]]:
    """(batch id, "created" or "updated", row) of each import change to the person.

    The batch ids are listed first (there are few batches), so each lookup is a seek on the index
    that leads with the batch, never a scan of every row every import changed.
    """
    batches = list(session.scalars(select(ImportBatch.id)))
    if not batches:
        return []
    stmt = select(ImportChange.batch_id, ImportChange.action, ImportChange.row).where(
        ImportChange.batch_id.in_(batches), ImportChange.entity == "person", ImportChange.entity_id == person_id)
    return [(int(b), str(a), int(r)) for b, a, r in session.execute(stmt)]


@add_history_source
def _imports(session: Session, person_id: int) -> list[HistoryEntry]:
    """The imports that created or changed the person."""
    changes = batches_touching(session, person_id)
    if not changes:
        return []
    batches = {b: (when, name, undone) for b, when, name, undone in session.execute(
        select(ImportBatch.id, ImportBatch.imported_at, ImportBatch.file_name, ImportBatch.undone_at)
        .where(ImportBatch.id.in_({c[0] for c in changes})))}
    out = []
    for batch, action, row in changes:
        when, file_name, undone = batches[batch]
        verb = "Added by" if action == "created" else "Updated by"
        detail = f"import {batch}, row {row}" + (" (undone)" if undone is not None else "")
        out.append(HistoryEntry(_aware(when), "import", f"{verb} {file_name}", detail))
    return out


@add_history_source
def _events(session: Session, person_id: int) -> list[HistoryEntry]:
    stmt = (select(Event.starts_at, Event.title, Attendance.status, Attendance.attended, Attendance.walk_in,
                   Attendance.role)
            .join(Attendance, Attendance.event_id == Event.id).where(Attendance.person_id == person_id))
    out = []
    for when, title, status, attended, walk_in, role in session.execute(stmt):
        parts = ["attended" if attended else _label(AttendanceStatus, status).lower()]
        if walk_in:
            parts.append("walk-in")
        if role:
            parts.append(role)
        out.append(HistoryEntry(_aware(when), "event", title, ", ".join(parts)))
    return out


@add_history_source
def _signatures(session: Session, person_id: int) -> list[HistoryEntry]:
    stmt = (select(Signature.date_signed, Signature.created_at, Petition.title, Signature.status,
                   PetitionSheet.sheet_number, Signature.line)
            .join(Petition, Petition.id == Signature.petition_id)
            .outerjoin(PetitionSheet, PetitionSheet.id == Signature.sheet_id)
            .where(Signature.person_id == person_id))
    out = []
    for signed, created, title, status, sheet, line in session.execute(stmt):
        where = f"sheet {sheet}, line {line}" if sheet is not None and line is not None else ""
        detail = ", ".join(p for p in (_label(SignatureStatus, status).lower(), where) if p)
        out.append(HistoryEntry(_on(signed) or _aware(created), "signature", f"Signed {title}", detail))
    return out


@add_history_source
def _contacts(session: Session, person_id: int) -> list[HistoryEntry]:
    stmt = select(ContactAttempt.attempted_at, ContactAttempt.channel, ContactAttempt.result_code,
                  ContactAttempt.support_level).where(ContactAttempt.person_id == person_id)
    out = []
    for when, channel, result, support in session.execute(stmt):
        detail = ", ".join(p for p in (result.replace("_", " "), f"support {support}" if support else "") if p)
        title = _CHANNEL_TITLES.get(channel) or f"Contacted by {_label(ContactChannel, channel).lower()}"
        out.append(HistoryEntry(_aware(when), "contact", title, detail))
    return out


@add_history_source
def _prospect_stages(session: Session, person_id: int) -> list[HistoryEntry]:
    stmt = (select(ProspectStageChange.changed_on, Prospect.office, ProspectStageChange.from_stage,
                   ProspectStageChange.to_stage, ProspectStageChange.note)
            .join(Prospect, Prospect.id == ProspectStageChange.prospect_id).where(Prospect.person_id == person_id))
    out = []
    for day, office, before, after, note in session.execute(stmt):
        moved = _label(ProspectStage, after)
        title = f"Candidate pipeline: {moved}" + (f" ({office})" if office else "")
        detail = "; ".join(p for p in (f"from {_label(ProspectStage, before)}" if before else "", note) if p)
        out.append(HistoryEntry(_on(day), "prospect", title, detail))
    return out


@add_history_source
def _merges(session: Session, person_id: int) -> list[HistoryEntry]:
    """Merges this person survived, and merges of this person that were undone (they are back)."""
    uuid = session.scalar(select(Person.uuid).where(Person.id == person_id))
    if uuid is None:
        return []
    stmt = select(PersonMerge.id, PersonMerge.merged_at, PersonMerge.survivor_uuid, PersonMerge.merged_uuid,
                  PersonMerge.undone_at).where((PersonMerge.survivor_uuid == uuid) | (PersonMerge.merged_uuid == uuid))
    out = []
    for merge_id, when, survivor, merged, undone in session.execute(stmt):
        title = "Merged with a second record" if survivor == uuid else "Merged into another record"
        other = merged if survivor == uuid else survivor
        detail = f"merge {merge_id}, the other record {other}" + (" (undone)" if undone is not None else "")
        out.append(HistoryEntry(_aware(when), "merge", title, detail))
    return out


__all__ = ["HistoryEntry", "HistorySource", "add_history_source", "batches_touching", "person_history"]
