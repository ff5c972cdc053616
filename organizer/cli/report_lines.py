"""The lines every import command prints under its summary: notices, then rejected rows and warnings."""

from __future__ import annotations

from organizer.cli.output import shown
from organizer.services.imports import ImportResult

SHOWN_ISSUES = 20
NOT_AS_TYPED = ("control characters", "an earlier row")  # warnings of a value changed, or of a whole row


def print_notices(report: ImportResult) -> None:
    """What the import says of the whole file (imported before, ids made up, ...)."""
    for notice in report.notices:
        print(f"  warning: {shown(notice)}")


def print_row_issues(report: ImportResult, *, kept_as_typed: bool = False) -> None:
    """The report's first rejected rows and warnings, and how many more there are.

    ``kept_as_typed``: a warned value was kept as the file had it (a people import), so the line says so.
    """
    for issue in report.errors[:SHOWN_ISSUES]:
        where = f" ({shown(issue.column)})" if issue.column else ""
        print(f"  row {issue.row}{where}: rejected — {shown(issue.reason)}")
    for issue in report.warnings[:SHOWN_ISSUES]:
        kept = " kept as typed" if kept_as_typed and not issue.reason.startswith(NOT_AS_TYPED) else ""
        where = shown(issue.column or "row")
        print(f"  row {issue.row}, {where}: {shown(repr(issue.value))}{kept} — {shown(issue.reason)}")
    hidden = max(0, len(report.errors) - SHOWN_ISSUES) + max(0, len(report.warnings) - SHOWN_ISSUES)
    if hidden:
        print(f"  … and {hidden:,} more (use --json or --errors OUT.xlsx to see them all)")
