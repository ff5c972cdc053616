"""The suppressions kind: a list of emails and phone numbers not to contact (a sibling chapter's, or a texting
tool's or Action Network's opt-out export), applied to matching people and voters and kept for later imports."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from organizer.services.changes import PEOPLE, VOTERS
from organizer.services.import_rows import ReportCount
from organizer.services.importing.fields import CUSTOM, IGNORE, Field
from organizer.services.importing.kind import KindSpec, NumberedRows, RunContext

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from organizer.progress import CancelToken, Progress
    from organizer.services.importing.layout import Layout
    from organizer.services.importing.report import ImportReport, RowIssue
    from organizer.storage.models import ImportBatch

FIELDS: tuple[Field, ...] = (
    Field("email", "Email address"),
    Field("phone", "Phone number"),
    Field("channel", "Channel (email, call, text)"),
    Field("reason", "Reason (unsubscribed, do not call, deceased…)"),
    Field(CUSTOM, "Leave out (nothing else of a row is kept)", multi=True),
    Field(IGNORE, "Leave out", multi=True),
)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "email": ("email", "emailaddress", "e-mail", "useremail", "address"),
    "phone": ("phone", "phonenumber", "number", "mobile", "cell", "can2phone", "mobilenumber"),
    "channel": ("channel", "type", "medium"),
    "reason": ("reason", "status", "optoutreason", "can2subscriptionstatus", "note"),
}
PEOPLE_FLAGGED = ReportCount("people_flagged", "People to be marked do-not-contact", "People marked do-not-contact",
                             "{n:,} people were marked do-not-contact")
VOTERS_MATCHED = ReportCount("voters_matched", "Voters on the roll with these numbers", "Voters matched",
                             "{n:,} voters on the roll have these phone numbers (kept from any list or call)")


def prepare(layout: Layout, region: str, rows: NumberedRows, warn: Callable[[RowIssue], object]) -> Iterator[Any]:
    """The data rows under the header, as they are (checked while they are applied)."""
    from organizer.services.importing.prepare import data_rows

    return data_rows(rows, layout, warn)


def run(context: RunContext, rows: Iterator[Any], report: ImportReport, total: int, progress: Progress,
        cancel: CancelToken) -> None:
    """Keep each entry and apply it to the people (and count the voters) it matches."""
    from organizer.services.suppressions import SuppressionRun

    SuppressionRun(context.session, context.batch_id, context.layout, context.region,
                   context.file_name).run(rows, report, progress, cancel)


def undo(session: Session, batch: ImportBatch) -> dict[str, int]:
    """Take the batch's entries off file and put people's flags back."""
    from organizer.services.suppressions import undo_suppressions

    return undo_suppressions(session, batch)


KIND = KindSpec(
    touches=frozenset({PEOPLE, VOTERS}),
    name="suppressions",
    label="Suppression list",
    description="emails and phones not to contact (opt-outs, do-not-call, deceased)",
    command_help="apply a suppression list (emails and phones not to contact) to people and voters; entries "
                 "that match nobody are kept and apply to people imported later",
    nouns=("entry", "entries"),
    fields=FIELDS,
    synonyms=SYNONYMS,
    identifying=frozenset({"email", "phone"}),
    identity="an email or phone number",
    prepare=prepare,
    run=run,
    undo=undo,
    counts=(PEOPLE_FLAGGED, VOTERS_MATCHED),
)
