"""Commands on the voter roll: list and search it, and what each refresh changed."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from organizer.cli.arguments import record_id
from organizer.cli.output import print_json, shown
from organizer.errors import UserError
from organizer.services.container import open_chapter

PAGE = 1000


def _limit(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 1:
        raise argparse.ArgumentTypeError(f"--limit takes a whole number from 1 up (got {value!r})")
    return number


def add_commands(sub: argparse._SubParsersAction[Any]) -> None:
    """Register `voters list`, `voters refreshes` and `voters changes`."""
    voters = sub.add_parser("voters", help="list and search the voter roll; what each refresh changed")
    vsub = voters.add_subparsers(dest="voters_command", metavar="COMMAND", required=True)

    p = vsub.add_parser("list", help="list the voter roll in name order (filtered and searched)")
    p.add_argument("--precinct", default="", help="only voters in this precinct (as the file writes it)")
    p.add_argument("--party", default="", help="only voters of this party (as the file writes it, e.g. DEM)")
    p.add_argument("--status", default="", choices=["active", "inactive"],
                   help="only active or only inactive voters")
    p.add_argument("--search", default="", help="only voters whose name, street or voter id hold every word")
    p.add_argument("--limit", type=_limit, metavar="N", help="print at most N voters (default: every match)")
    p.add_argument("--json", action="store_true", help="print one JSON array of voters")
    p.set_defaults(handler=cmd_list)

    p = vsub.add_parser("refreshes", help="list voter-file imports and what each added, changed and marked inactive")
    p.add_argument("--json", action="store_true", help="print one JSON array")
    p.set_defaults(handler=cmd_refreshes)

    p = vsub.add_parser("changes", help="the voters one refresh added, changed or marked inactive")
    p.add_argument("batch", type=record_id, metavar="BATCH_ID", help="the import's number (see 'voters refreshes')")
    p.add_argument("--what", choices=["added", "changed", "inactive"], default="changed",
                   help="which changes to list (default: changed)")
    p.add_argument("--json", action="store_true", help="print one JSON array")
    p.set_defaults(handler=cmd_changes)


def cmd_list(args: argparse.Namespace, db_path: Path) -> int:
    """Print matching voters as a JSON array or one line each under a header line."""
    from organizer.services.voters import VoterQuery

    query = VoterQuery(text=args.search, precinct=args.precinct, party=args.party, status=args.status)
    services = open_chapter(db_path)
    try:
        ids = services.voters.search_ids(query)
        if args.limit is not None:
            ids = ids[: args.limit]
        if args.json:
            rows: list[dict[str, Any]] = []
            for start in range(0, len(ids), PAGE):
                rows.extend(r.to_json() for r in services.voters.rows(ids[start : start + PAGE]))
            print_json(rows)
            return 0
        print("Voter id\tName\tStreet\tZIP\tPrecinct\tParty\tStatus")
        for start in range(0, len(ids), PAGE):
            for r in services.voters.rows(ids[start : start + PAGE]):
                print("\t".join(shown(v) for v in (r.voter_id, r.display_name, r.address, r.postal_code,
                                                    r.precinct, r.party, r.status)))
    finally:
        services.close()
    return 0


def cmd_refreshes(args: argparse.Namespace, db_path: Path) -> int:
    """Print every voter-file import with its counts."""
    from organizer.services.voters import INACTIVE_REASON

    services = open_chapter(db_path)
    try:
        refreshes = services.voters.refreshes()
    finally:
        services.close()
    if args.json:
        print_json([r.to_json() for r in refreshes])
        return 0
    print("Import\tWhen\tFile\tAdded\tChanged\tMarked inactive")
    for r in refreshes:
        state = " (undone)" if r.undone else ""
        print(f"{r.batch_id}\t{r.imported_at.astimezone():%Y-%m-%d %H:%M}\t{shown(r.file_name)}{state}\t"
              f"{r.added:,}\t{r.changed:,}\t{r.deactivated:,}")
    if refreshes:
        print(f"Why voters are marked inactive: {INACTIVE_REASON}")
    return 0


def cmd_changes(args: argparse.Namespace, db_path: Path) -> int:
    """Print the voters one refresh added, changed or marked inactive."""
    services = open_chapter(db_path)
    try:
        if not any(r.batch_id == args.batch for r in services.voters.refreshes()):
            raise UserError(f"Import {args.batch} is not a voter-file import: see 'organizer voters refreshes'.")
        changes = services.voters.refresh_changes(args.batch, args.what)
    finally:
        services.close()
    if args.json:
        print_json([{**c.voter.to_json(), "change": c.what, "detail": c.detail} for c in changes])
        return 0
    print("Voter id\tName\tStreet\tPrecinct\tStatus\tWhat changed")
    for c in changes:
        v = c.voter
        print("\t".join(shown(x) for x in (v.voter_id, v.display_name, v.address, v.precinct, v.status,
                                            c.detail or c.what)))
    return 0
