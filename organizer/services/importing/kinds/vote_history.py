"""The vote-history kind: a separate history file (North Carolina's ncvhis) loaded beside the roll.

One row per voter per election, keyed by the statewide id (``ncid``) and the county's number
(``voter_reg_num``), so it matches a roll keyed by either, and may be loaded before the roll.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any

from organizer.services.changes import VOTERS
from organizer.services.importing.fields import CUSTOM, IGNORE, Field
from organizer.services.importing.kind import KindSpec, NumberedRows, RunContext

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from organizer.progress import CancelToken, Progress
    from organizer.services.importing.layout import Layout
    from organizer.services.importing.report import ImportReport, RowIssue
    from organizer.storage.models import ImportBatch

CHUNK = 5000
NO_ELECTION = "no election date and kind in this row (e.g. 11/08/2022 GENERAL)"
NO_VOTER = "no voter id in this row"

FIELDS: tuple[Field, ...] = (
    Field("voter_id", "Voter id (statewide, e.g. ncid)"),
    Field("county_voter_id", "County voter number"),
    Field("election", "Election (date and kind)"),
    Field("election_date", "Election date"),
    Field("voted_party", "Party voted"),
    Field("voting_method", "How they voted"),
    Field(CUSTOM, "Keep as an extra field", multi=True),
    Field(IGNORE, "Leave out", multi=True),
)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "voter_id": ("ncid", "voterid", "statevoterid", "sosvoterid", "sboeid"),
    "county_voter_id": ("voterregnum", "countyvoterid", "registrationnumber"),
    "election": ("electiondesc", "election", "electionname", "electiontype"),
    "election_date": ("electionlbl", "electiondate", "date"),
    "voted_party": ("votedpartycd", "votedparty", "party", "partyvoted"),
    "voting_method": ("votingmethod", "method", "votemethod"),
}


def prepare(layout: Layout, region: str, rows: NumberedRows, warn: Callable[[RowIssue], object]) -> Iterator[Any]:
    """The data rows under the header."""
    from organizer.services.importing.prepare import data_rows

    return data_rows(rows, layout, warn)


def run(context: RunContext, rows: Iterator[Any], report: ImportReport, total: int, progress: Progress,
        cancel: CancelToken) -> None:
    """Insert new (voter, election) rows; a row already there with another mark is updated."""
    from organizer.services.importing.vote_history_writer import write_chunk

    columns = {c.field: c.index for c in context.layout.columns}
    while chunk := list(islice(rows, CHUNK)):
        cancel.raise_if_cancelled()
        write_chunk(context.session, context.batch_id, columns, chunk, report)
        progress(report.rows, max(total, report.rows), f"{report.rows:,} history rows read")


def undo(session: Session, batch: ImportBatch) -> dict[str, int]:
    """Remove the rows the batch added and put back the marks it changed."""
    from organizer.services.importing.vote_history_writer import undo_history

    return undo_history(session, batch)


KIND = KindSpec(
    touches=frozenset({VOTERS}),
    name="vote-history",
    label="Vote history",
    description="a separate history file, such as North Carolina's ncvhis",
    command_help="load a vote-history file (one row per voter per election, e.g. North Carolina's ncvhis)",
    nouns=("vote", "votes"),
    fields=FIELDS,
    synonyms=SYNONYMS,
    identifying=frozenset({"voter_id", "county_voter_id"}),
    identity="the voter id",
    prepare=prepare,
    run=run,
    undo=undo,
)
