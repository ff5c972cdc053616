"""The last sheets of a share workbook: merged people's old uuids, and deletions offered for review."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from organizer.domain.codes import DuplicateStatus
from organizer.domain.suppression import DeletionOutcome
from organizer.services.sharing.cells import BadCell, from_cell
from organizer.services.sharing.options import ALIASES, DELETIONS
from organizer.services.sharing.reading import UUID
from organizer.services.sharing.schema import shared_table, table_of_kind
from organizer.storage.identity import person_id_for_uuid
from organizer.storage.models import OfferedDeletion, PersonAlias, PossibleDuplicate, Tombstone

if TYPE_CHECKING:
    from organizer.services.sharing.importer import ShareImport


def stored_id(session: Session, table: str, uuid: str) -> int | None:
    """The id of the stored record with this uuid (people: or whose merge left it as an alias)."""
    if table == "people":
        return person_id_for_uuid(session, uuid)
    t = shared_table(table).table
    found = session.scalar(select(t.c.id).where(t.c.uuid == uuid))
    return int(found) if found is not None else None


def _rows(sheets: dict[str, list[list[str]]], name: str, headers: tuple[str, ...]) -> list[tuple[int, list[str]]]:
    rows = sheets.get(name) or []
    if not rows:
        return []
    header = [h.strip() for h in rows[0]]
    if any(h not in header for h in headers):
        return []
    where = [header.index(h) for h in headers]
    return [(n, [r[i].strip() if i < len(r) else "" for i in where]) for n, r in enumerate(rows[1:], start=2)
            if any(c.strip() for c in r)]


def import_aliases(run: ShareImport, sheets: dict[str, list[list[str]]]) -> dict[str, dict[str, int]]:
    """Keep each shared person's old uuids as aliases here, so records naming them still land."""
    counts = {"rows": 0, "created": 0, "unchanged": 0, "rejected": 0}
    session = run.session
    for number, (alias, person_uuid) in _rows(sheets, ALIASES, ("uuid", "person_uuid")):
        counts["rows"] += 1
        alias, person_uuid = alias.lower(), person_uuid.lower()
        pid = run.local_id("people", person_uuid) if UUID.match(person_uuid) and UUID.match(alias) else None
        if pid is None:
            counts["rejected"] += 1
            continue
        other = run.local_id("people", alias)  # as person_id_for_uuid finds it, from the maps the import keeps
        if other == pid:
            counts["unchanged"] += 1
            continue
        if other is not None:  # merged there, two people here: offered as possible duplicates
            _offer_duplicate(run, pid, other)
            counts["unchanged"] += 1
            continue
        session.add(PersonAlias(uuid=alias, person_id=pid))
        run.alias_added(alias, pid)
        run.changes.append({"batch_id": run.batch_id, "row": number, "entity": "person_aliases",
                            "entity_id": pid, "action": "created", "before": {"uuid": alias}})
        counts["created"] += 1
    session.flush()
    return {ALIASES: counts}


def _uuid_of_person(session: Session, person_id: int) -> str:
    from organizer.storage.models import Person

    return session.scalar(select(Person.uuid).where(Person.id == person_id)) or ""


def _offer_duplicate(run: ShareImport, pid: int, other: int) -> None:
    known = run.session.scalar(select(PossibleDuplicate.id).where(
        ((PossibleDuplicate.person_id == pid) & (PossibleDuplicate.other_person_id == other))
        | ((PossibleDuplicate.person_id == other) & (PossibleDuplicate.other_person_id == pid))))
    if known is None:
        run.session.add(PossibleDuplicate(person_id=pid, other_person_id=other, batch_id=run.batch_id, score=1.0,
                                          reason=f"merged into one person in {run.about.chapter or 'another chapter'}",
                                          status=DuplicateStatus.OPEN.value))
        run.report.possible_duplicates += 1


def import_deletions(run: ShareImport, sheets: dict[str, list[list[str]]]) -> dict[str, dict[str, int]]:
    """Offer for review each record here that the other chapter deleted; nothing is deleted now."""
    counts = {"rows": 0, "offered": 0, "unchanged": 0, "rejected": 0}
    session = run.session
    offered = {u for (u,) in session.execute(select(OfferedDeletion.uuid).where(
        OfferedDeletion.status != DeletionOutcome.DELETED.value))}
    deleted_at = Tombstone.__table__.c.deleted_at
    rows = _rows(sheets, DELETIONS, ("uuid", "kind", "deleted_at"))
    people = {u.lower() for _n, (u, kind, _w) in rows if kind == "person"}
    for _number, (uuid, kind, when) in rows:
        counts["rows"] += 1
        table = table_of_kind(kind)
        uuid = uuid.lower()
        try:
            moment: Any = from_cell(deleted_at, when)
        except BadCell:
            moment = None
        if table is None or not UUID.match(uuid) or moment is None:
            counts["rejected"] += 1
            continue
        t = table.table
        here = session.scalar(select(t.c.id).where(t.c.uuid == uuid))
        if here is not None and "person_id" in t.c and kind != "person":
            owner = session.scalar(select(t.c.person_id).where(t.c.id == here))
            if owner is not None and _uuid_of_person(session, owner) in people:
                here = None  # goes with its person's offer
        if here is None or uuid in offered:
            counts["unchanged"] += 1
            continue
        offered.add(uuid)
        session.add(OfferedDeletion(uuid=uuid, kind=kind, deleted_at=moment, origin_chapter_name=run.about.chapter,
                                    batch_id=run.batch_id))
        counts["offered"] += 1
    session.flush()
    return {DELETIONS: counts}
