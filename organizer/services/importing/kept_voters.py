"""Records from other chapters' share files that named a voter this chapter's roll lacked, linked to that
voter once a voter file brings them.

A share file names a signature's or contact attempt's voter by the county's voter id; when the roll lacks
the voter, the record keeps the id (``unmatched_voter_id``). Loading the roll later links the record to
its voter. The kept id stays, so undoing that load (which deletes the voters it added, and so empties the
link) leaves the record as it was; a record's own times do not change, as its shared values do not.
"""

from __future__ import annotations

from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session

from organizer.storage.models import ContactAttempt, Signature, Voter

KEPT_VOTERS_LINKED = ("{n:,} signatures and contact attempts from other chapters' share files name voters of this "
                      "file by their voter id: they are linked to those voters")


def link_kept_voter_ids(session: Session) -> int:
    """Link every signature and contact attempt whose kept voter id is now on the roll; how many were."""
    linked = 0
    for model in (Signature, ContactAttempt):
        named = Voter.voter_id == model.unmatched_voter_id
        result = session.execute(
            update(model)
            .where(model.voter_row_id.is_(None), model.unmatched_voter_id != "", exists().where(named))
            .values(voter_row_id=select(Voter.id).where(named).scalar_subquery(),
                    modified_at=model.modified_at)  # as it was: no shared value changes
            .execution_options(synchronize_session=False))
        linked += max(result.rowcount or 0, 0)  # type: ignore[attr-defined]
    return linked
