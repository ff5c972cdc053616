"""Writing and undoing vote-history rows (see kinds/vote_history.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, insert, select, tuple_, update
from sqlalchemy.orm import Session

from organizer.domain.vote_history import election_from_text
from organizer.services.importing.prepare import DataRow
from organizer.services.importing.report import ImportReport, RowIssue
from organizer.services.importing.undo import changes_newest_first
from organizer.storage.models import ImportBatch, ImportChange, VoteRecord

NO_ELECTION = "no election date and kind in this row (e.g. 11/08/2022 GENERAL)"
NO_VOTER = "no voter id in this row"


def _cell(row: DataRow, columns: dict[str, int], key: str) -> str:
    index = columns.get(key, -1)
    return row.cells[index].strip() if 0 <= index < len(row.cells) else ""


def write_chunk(session: Session, batch_id: int, columns: dict[str, int], chunk: list[DataRow],
                report: ImportReport) -> None:
    """One chunk of rows: new ones inserted, changed marks updated (recorded for undo)."""
    wanted: dict[tuple[str, Any, str], dict[str, Any]] = {}
    for row in chunk:
        report.rows += 1
        voter = _cell(row, columns, "voter_id") or _cell(row, columns, "county_voter_id")
        text = f"{_cell(row, columns, 'election_date')} {_cell(row, columns, 'election')}".strip()
        election = election_from_text(text) if text else None
        if not voter or election is None:
            report.reject(RowIssue(row.number, "", voter or text, NO_VOTER if not voter else NO_ELECTION),
                          tuple(row.cells))
            continue
        key = (voter, election.held_on, election.kind)
        if key in wanted:
            report.unchanged += 1  # the same vote twice in the file
            continue
        wanted[key] = {"voter_key": voter, "county_key": _cell(row, columns, "county_voter_id"),
                       "held_on": election.held_on, "kind": election.kind,
                       "mark": _cell(row, columns, "voted_party")[:20] or "X",
                       "method": _cell(row, columns, "voting_method")[:50], "import_batch_id": batch_id}
    if not wanted:
        return
    existing = {(r.voter_key, r.held_on, r.kind): r for r in session.execute(
        select(VoteRecord.id, VoteRecord.voter_key, VoteRecord.held_on, VoteRecord.kind, VoteRecord.mark,
               VoteRecord.method).where(tuple_(VoteRecord.voter_key, VoteRecord.held_on, VoteRecord.kind)
                                        .in_(list(wanted))))}
    inserts = []
    for key, values in wanted.items():
        old = existing.get(key)
        if old is None:
            inserts.append(values)
            report.created += 1
        elif (old.mark, old.method) == (values["mark"], values["method"]):
            report.unchanged += 1
        else:
            session.execute(update(VoteRecord).where(VoteRecord.id == old.id)
                            .values(mark=values["mark"], method=values["method"]))
            session.add(ImportChange(batch_id=batch_id, row=0, entity="vote", entity_id=old.id, action="updated",
                                     before={"mark": old.mark, "method": old.method}))
            report.updated += 1
    if inserts:
        session.execute(insert(VoteRecord), inserts)


def undo_history(session: Session, batch: ImportBatch) -> dict[str, int]:
    """Marks put back, rows added removed."""
    restored = 0
    for entity, eid, _action, before in changes_newest_first(session, batch.id):
        if entity == "vote":
            session.execute(update(VoteRecord).where(VoteRecord.id == eid).values(**before))
            restored += 1
    ids = list(session.scalars(select(VoteRecord.id).where(VoteRecord.import_batch_id == batch.id)))
    session.execute(delete(VoteRecord).where(VoteRecord.import_batch_id == batch.id))
    return {"removed": len(ids), "restored": restored}
