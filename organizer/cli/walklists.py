"""Commands on walk lists: build, print again, show progress, assign canvassers, key results back in."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from organizer.cli.arguments import record_id
from organizer.cli.output import print_json, shown
from organizer.services.container import open_chapter


def _count(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 1:
        raise argparse.ArgumentTypeError(f"takes a whole number from 1 up (got {value!r})")
    return number


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"takes a date as YYYY-MM-DD (got {value!r})") from None


def add_commands(sub: argparse._SubParsersAction[Any]) -> None:
    """Register `walklist build|export|list|show|assign|results`."""
    walk = sub.add_parser("walklist",
                          help="cut turf from the voter roll or People, print walk lists, key results in")
    wsub = walk.add_subparsers(dest="walklist_command", metavar="COMMAND", required=True)

    p = wsub.add_parser("build",
                        help="choose doors, cut them into turfs, save the list and write it as xlsx (and PDF)")
    p.add_argument("--from", dest="source", choices=["voters", "people"], default="voters",
                   help="draw targets from the voter roll or from People with addresses (default: voters)")
    p.add_argument("--precinct", action="append", default=[], metavar="P", help="only this precinct (repeatable)")
    p.add_argument("--zip", action="append", default=[], metavar="Z", help="only this ZIP code (repeatable)")
    p.add_argument("--street", action="append", default=[], metavar="S",
                   help="only this street, spelled any way (\"North Main Street\"; repeatable)")
    p.add_argument("--party", action="append", default=[], metavar="CODE",
                   help="only voters of this party (repeatable)")
    p.add_argument("--tag", action="append", default=[], metavar="TAG",
                   help="only people with this tag (repeatable)")
    p.add_argument("--not-contacted-days", type=_count, metavar="N",
                   help="leave out anyone contacted in the last N days")
    p.add_argument("--voted-at-least", type=int, default=0, metavar="N",
                   help="only voters who voted in at least N of the last M general elections (with --of-last)")
    p.add_argument("--of-last", type=int, default=0, metavar="M", help="the M most recent general elections")
    p.add_argument("--voted-last-municipal", action="store_true",
                   help="only voters who voted in the last municipal election")
    p.add_argument("--registered-since", type=_day, metavar="YYYY-MM-DD",
                   help="only voters registered on or after this day")
    p.add_argument("--turf-size", type=_count, metavar="N",
                   help="about N doors per turf (default: one turf per precinct)")
    p.add_argument("--name", default="", help="the list's name, printed on every sheet")
    p.add_argument("--script", default="", help="the script printed at the top of each sheet")
    p.add_argument("--question", action="append", default=[], metavar="TEXT",
                   help="a survey question printed with its answer column (repeatable, up to 5)")
    p.add_argument("--out", type=Path, required=True, metavar="OUT.xlsx",
                   help="the workbook to write (one sheet per turf)")
    p.add_argument("--pdf", type=Path, metavar="OUT.pdf", help="also write the same list as a PDF")
    p.add_argument("--force", action="store_true", help="replace existing output files")
    p.add_argument("--preview", action="store_true", help="only say what would be built: nothing saved or written")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=cmd_build)

    p = wsub.add_parser("export", help="print a saved list again (a reprint marks doors already knocked)")
    p.add_argument("list", type=record_id, metavar="LIST", help="the walk list's number")
    p.add_argument("--turf", action="append", type=record_id, default=[], metavar="TURF_ID",
                   help="only this turf (repeatable; see 'walklist show')")
    p.add_argument("--out", type=Path, metavar="OUT.xlsx", help="the workbook to write")
    p.add_argument("--pdf", type=Path, metavar="OUT.pdf", help="the PDF to write")
    p.add_argument("--reprint", action="store_true",
                   help="mark doors already knocked and leave out those who asked not to be walked, moved or died")
    p.add_argument("--force", action="store_true", help="replace existing output files")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=cmd_export)

    p = wsub.add_parser("list", help="every walk list with its doors and how many were knocked")
    p.add_argument("--json", action="store_true", help="print one JSON array")
    p.set_defaults(handler=cmd_list)

    p = wsub.add_parser("show", help="a list's turfs with progress: doors knocked, contacts, refusals")
    p.add_argument("list", type=record_id, metavar="LIST", help="the walk list's number")
    p.add_argument("--json", action="store_true", help="print one JSON array of turfs")
    p.set_defaults(handler=cmd_show)

    p = wsub.add_parser("assign", help="give a turf to a canvasser (a person)")
    p.add_argument("turf", type=record_id, metavar="TURF_ID", help="the turf's id (see 'walklist show')")
    p.add_argument("canvasser", nargs="?", default="", metavar="PERSON_UUID",
                   help="the canvasser's uuid (left out: the turf has no canvasser)")
    p.set_defaults(handler=cmd_assign)

    p = wsub.add_parser("results", help="key a filled-in walk-list workbook back in as contact attempts")
    p.add_argument("file", type=Path, metavar="FILE.xlsx", help="the walk list's workbook with results filled in")
    p.add_argument("--dry-run", action="store_true", help="check and report, change nothing")
    p.add_argument("--json", action="store_true", help="print the import report as one JSON object")
    p.set_defaults(handler=cmd_results)


def cmd_build(args: argparse.Namespace, db_path: Path) -> int:
    """Build (or preview) a walk list and print what it holds."""
    from organizer.domain.vote_history import VoteRule
    from organizer.errors import UserError
    from organizer.services.walklists import Outputs, WalkFilters

    if (args.voted_at_least or args.of_last) and not args.of_last:
        raise UserError("--voted-at-least N needs --of-last M (the M most recent general elections).")
    if len(args.question) > 5:
        raise UserError("A walk list prints up to 5 survey questions.")
    rule = VoteRule(args.voted_at_least, args.of_last, args.voted_last_municipal, args.registered_since)
    filters = WalkFilters(args.source, tuple(args.precinct), tuple(args.zip), tuple(args.street), tuple(args.party),
                          tuple(args.tag), args.not_contacted_days, rule)
    services = open_chapter(db_path)
    try:
        if args.preview:
            preview = services.walklists.preview(filters, args.turf_size)
            data = {"list": None, "turfs": len(preview.turfs), "doors": preview.doors, "people": preview.people,
                    "skipped": preview.skipped}
        else:
            result = services.walklists.build(filters, args.turf_size, args.name,
                                              Outputs(args.out, args.pdf, args.force), script=args.script,
                                              questions=args.question)
            data = result.to_json()
    finally:
        services.close()
    if args.json:
        print_json(data)
        return 0
    _print_summary(data)
    return 0


def _print_summary(data: dict[str, Any]) -> None:
    from organizer.services.walklists import REASON_LABELS

    what = f"Walk list {data['list']}" if data["list"] else "Would build a walk list"
    print(f"{what}: {data['turfs']:,} turfs, {data['doors']:,} doors, {data['people']:,} people")
    left = {k: v for k, v in data["skipped"].items() if v}
    if left:
        print("Left off: " + ", ".join(f"{n:,} {REASON_LABELS.get(k, k)}" for k, n in left.items()))


def cmd_export(args: argparse.Namespace, db_path: Path) -> int:
    """Write a saved list again."""
    from organizer.errors import UserError
    from organizer.services.walklists import Outputs

    if args.out is None and args.pdf is None:
        raise UserError("Say where to write the list: --out OUT.xlsx, --pdf OUT.pdf, or both.")
    services = open_chapter(db_path)
    try:
        doors = services.walklists.export(args.list, Outputs(args.out, args.pdf, args.force), args.turf,
                                          reprint=args.reprint)
    finally:
        services.close()
    if args.json:
        print_json({"list": args.list, "doors": doors, "xlsx": str(args.out) if args.out else None,
                    "pdf": str(args.pdf) if args.pdf else None})
    else:
        print(f"Walk list {args.list}: {doors:,} doors written")
    return 0


def cmd_list(args: argparse.Namespace, db_path: Path) -> int:
    """Print every walk list."""
    services = open_chapter(db_path)
    try:
        rows = services.walklists.lists()
    finally:
        services.close()
    if args.json:
        print_json([r.to_json() for r in rows])
        return 0
    print("List\tMade\tName\tFrom\tTurfs\tDoors\tPeople\tKnocked")
    for r in rows:
        print(f"{r.id}\t{r.created_at.astimezone():%Y-%m-%d %H:%M}\t{shown(r.name)}\t{r.source}\t{r.turfs:,}\t"
              f"{r.doors:,}\t{r.people:,}\t{r.knocked:,}")
    return 0


def cmd_show(args: argparse.Namespace, db_path: Path) -> int:
    """Print a list's turfs with progress."""
    services = open_chapter(db_path)
    try:
        turfs = services.walklists.turfs(args.list)
    finally:
        services.close()
    if args.json:
        print_json([t.to_json() for t in turfs])
        return 0
    print("Turf id\tNo.\tTurf\tDoors\tKnocked\tPeople\tContacts\tRefusals\tCanvasser")
    for t in turfs:
        print(f"{t.id}\t{t.number}\t{shown(t.name)}\t{t.doors:,}\t{t.knocked:,}\t{t.people:,}\t{t.contacts:,}\t"
              f"{t.refusals:,}\t{shown(t.canvasser)}")
    return 0


def cmd_assign(args: argparse.Namespace, db_path: Path) -> int:
    """Give a turf to a canvasser."""
    services = open_chapter(db_path)
    try:
        services.walklists.assign(args.turf, args.canvasser or None)
    finally:
        services.close()
    print(f"Turf {args.turf}: " + ("canvasser set" if args.canvasser else "no canvasser"))
    return 0


def cmd_results(args: argparse.Namespace, db_path: Path) -> int:
    """Key a filled-in workbook back in; the import report, as `import` prints it."""
    from organizer.services.walklists.results import import_results

    services = open_chapter(db_path)
    try:
        report = import_results(services, args.file, dry_run=args.dry_run)
    finally:
        services.close()
    if args.json:
        print_json(report.to_json())
        return 0
    print(f"{report.rows:,} lines: {report.created:,} results recorded, {report.updated:,} changed, "
          f"{report.unchanged:,} as before, {report.rejected:,} not matched")
    for issue in report.errors[:20]:
        print(f"  row {issue.row}: {shown(issue.reason)}")
    if report.batch is not None:
        print(f"Undo with: organizer import undo {report.batch}")
    return 0
