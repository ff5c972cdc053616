"""The walk-results kind: a filled-in walk-list workbook keyed back in (every turf sheet at once).

It is read by `organizer walklist results FILE` (organizer.services.walklists.results), which
records the batch; this entry lets `import list` show it and `import undo` reverse it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from organizer.errors import UserError
from organizer.services.changes import PEOPLE, REVIEW, VOTERS, WALKLISTS
from organizer.services.importing.fields import IGNORE, Field
from organizer.services.importing.kind import KindSpec, NumberedRows, RunContext

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from organizer.progress import CancelToken, Progress
    from organizer.services.importing.layout import Layout
    from organizer.services.importing.report import ImportReport, RowIssue
    from organizer.storage.models import ImportBatch

ELSEWHERE = ("Walk-list results are keyed in from the whole workbook: use Walk lists → Key in results, "
             "or 'organizer walklist results FILE.xlsx'.")


def prepare(layout: Layout, region: str, rows: NumberedRows, warn: Callable[[RowIssue], object]) -> Iterator[Any]:
    """Refused: a walk list's sheets are read together, by the walk-list service."""
    raise UserError(ELSEWHERE)


def run(context: RunContext, rows: Iterator[Any], report: ImportReport, total: int, progress: Progress,
        cancel: CancelToken) -> None:
    """Refused (see prepare)."""
    raise UserError(ELSEWHERE)


def undo(session: Session, batch: ImportBatch) -> dict[str, int]:
    """Remove the attempts and people the batch made, put back what it changed."""
    from organizer.services.walklists.people_link import undo_results

    return undo_results(session, batch)


KIND = KindSpec(
    touches=frozenset({WALKLISTS, PEOPLE, VOTERS, REVIEW}),
    name="walk-results",
    label="Walk-list results",
    description="a printed walk list's workbook with results filled in",
    command_help="refused here: key walk-list results in with 'organizer walklist results FILE.xlsx'",
    nouns=("result", "results"),
    fields=(Field("voter_id", "Voter ID"), Field(IGNORE, "Leave out", multi=True)),
    synonyms={"voter_id": ("voterid", "personid")},
    identifying=frozenset({"voter_id"}),
    identity="the Voter ID or Person ID",
    prepare=prepare,
    run=run,
    undo=undo,
)
