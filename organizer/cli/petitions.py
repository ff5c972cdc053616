"""Petition commands: create and list petitions, sheets, lines, import, check, review, sample and export."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from organizer.cli.arguments import record_id
from organizer.cli.output import print_json, shown
from organizer.cli.petition_lines import (
    _jsonable,
    _run,
    cmd_candidates,
    cmd_check,
    cmd_decide,
    cmd_export,
    cmd_import,
    cmd_lookup,
    cmd_sample,
    cmd_sign,
    cmd_signatures,
)
from organizer.services.container import Services


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2027-03-09") from None


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number from 0 up")
    return value


def _rate(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a fraction above 0 and at most 1 (0.03 is 3%)")
    return value


def add_commands(sub: argparse._SubParsersAction[Any]) -> None:
    """Register `petition …`."""
    pet = sub.add_parser("petition", help="petitions: sheets, signatures, checking against the voter roll")
    psub = pet.add_subparsers(dest="petition_command", metavar="COMMAND", required=True)
    _create(psub)
    _sheets(psub)
    _lines(psub)
    _checking(psub)


def _create(psub: argparse._SubParsersAction[Any]) -> None:
    p = psub.add_parser("create", help="create a petition")
    p.add_argument("--title", required=True, help="the petition's title")
    p.add_argument("--kind", required=True, choices=["issue", "ballot_access"], help="issue or ballot_access")
    p.add_argument("--required", type=_count, default=0, metavar="N", help="valid signatures required")
    p.add_argument("--max", type=_count, metavar="N", help="the most signatures the law allows, if capped")
    p.add_argument("--deadline", type=_day, metavar="YYYY-MM-DD", help="the filing deadline")
    p.add_argument("--opens", type=_day, metavar="YYYY-MM-DD", help="the first day signatures count")
    p.add_argument("--district", default="", help="the county or district signers must be registered in")
    p.add_argument("--party", default="", help="the party signers must be registered in (partisan primaries)")
    p.add_argument("--buffer", type=float, default=1.4, help="gather this many times the requirement (default 1.4)")
    p.add_argument("--notary-required", action="store_true", help="circulator statements must be notarized")
    p.add_argument("--text", default="", help="the petition's text")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=cmd_create)
    p = psub.add_parser("list", help="list petitions with their progress")
    p.add_argument("--json", action="store_true", help="print one JSON array")
    p.set_defaults(handler=cmd_list)
    p = psub.add_parser("show", help="a petition's progress: raw, checked, projected valid, gaps, days left")
    p.add_argument("petition", type=record_id, metavar="PETITION_ID", help="the petition's number")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=cmd_show)


def _sheets(psub: argparse._SubParsersAction[Any]) -> None:
    p = psub.add_parser("sheet", help="add a sheet or change one (by its number)")
    p.add_argument("petition", type=record_id, metavar="PETITION_ID", help="the petition's number")
    p.add_argument("number", type=record_id, metavar="SHEET", help="the sheet's number")
    p.add_argument("--circulator", metavar="PERSON_UUID", help="the person who circulated it")
    p.add_argument("--status", choices=["collected", "checked", "certified", "filed"], help="where the sheet is")
    p.add_argument("--statement-complete", action=argparse.BooleanOptionalAction, default=None,
                   help="the circulator's statement is complete (or not)")
    p.add_argument("--notarized", action=argparse.BooleanOptionalAction, default=None,
                   help="the circulator's statement is notarized (or not)")
    p.add_argument("--started", type=_day, metavar="YYYY-MM-DD", help="when circulating began")
    p.add_argument("--finished", type=_day, metavar="YYYY-MM-DD", help="when circulating ended")
    p.add_argument("--filed", type=_day, metavar="YYYY-MM-DD", help="when the sheet was filed")
    p.add_argument("--district", help="the county or district the sheet's header names")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=cmd_sheet)
    p = psub.add_parser("sheets", help="list a petition's sheets, circulators and what puts them at risk")
    p.add_argument("petition", type=record_id, metavar="PETITION_ID", help="the petition's number")
    p.add_argument("--json", action="store_true", help="print one JSON array")
    p.set_defaults(handler=cmd_sheets)


def _lines(psub: argparse._SubParsersAction[Any]) -> None:
    p = psub.add_parser("sign", help="enter one signature (a line keyed from paper or at the table)")
    p.add_argument("petition", type=record_id, metavar="PETITION_ID", help="the petition's number")
    p.add_argument("--given", default="", help="the signer's given (first) name")
    p.add_argument("--family", default="", help="the signer's family (last) name")
    p.add_argument("--address", default="", help="the residence address as written")
    p.add_argument("--zip", default="", help="the ZIP code as written")
    p.add_argument("--sheet", type=record_id, help="the sheet's number")
    p.add_argument("--line", type=record_id, help="the line's number on the sheet")
    p.add_argument("--date", type=_day, metavar="YYYY-MM-DD", help="the date signed")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=cmd_sign)
    p = psub.add_parser("import-signatures", help="import signatures from a spreadsheet into a petition")
    p.add_argument("petition", type=record_id, metavar="PETITION_ID", help="the petition's number")
    p.add_argument("file", type=Path, help="the spreadsheet (.xlsx, .csv, …)")
    p.add_argument("--map", action="append", default=[], metavar="HEADER=field",
                   help="map a column to a field, e.g. --map \"Apellido=family_name\" (repeatable)")
    p.add_argument("--sheet-name", dest="sheet", help="the workbook sheet to read (default: the first with data)")
    p.add_argument("--header-row", type=int, help="the row holding the headers (default: found)")
    p.add_argument("--dry-run", action="store_true", help="report what would happen; change nothing")
    p.add_argument("--errors", type=Path, metavar="OUT.xlsx", help="save the rejected rows here (.xlsx or .csv)")
    p.add_argument("--force", action="store_true", help="replace an existing --errors file")
    p.add_argument("--json", action="store_true", help="print the import report as one JSON object")
    p.set_defaults(handler=cmd_import)
    p = psub.add_parser("signatures", help="list a petition's signatures with their statuses")
    p.add_argument("petition", type=record_id, metavar="PETITION_ID", help="the petition's number")
    p.add_argument("--status", help="only signatures with this status (e.g. needs_review)")
    p.add_argument("--json", action="store_true", help="print one JSON array")
    p.set_defaults(handler=cmd_signatures)


def _checking(psub: argparse._SubParsersAction[Any]) -> None:
    p = psub.add_parser("check", help="check every signature against the voter roll")
    p.add_argument("petition", type=record_id, metavar="PETITION_ID", help="the petition's number")
    p.add_argument("--json", action="store_true", help="print one JSON object of counts")
    p.set_defaults(handler=cmd_check)
    p = psub.add_parser("candidates", help="the voters who may be a signature's signer, side by side")
    p.add_argument("signature", type=record_id, metavar="SIGNATURE_ID", help="the signature's number")
    p.add_argument("--json", action="store_true", help="print one JSON array")
    p.set_defaults(handler=cmd_candidates)
    p = psub.add_parser("decide", help="decide a signature in review: this voter, or none (kept by re-checks)")
    p.add_argument("signature", type=record_id, metavar="SIGNATURE_ID", help="the signature's number")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--voter", metavar="VOTER_ID", help="the voter's id as written in the voter file")
    who.add_argument("--none", action="store_true", help="no voter on the roll is this signer")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=cmd_decide)
    p = psub.add_parser("lookup", help="look a signer up in the voter roll by name and street (at the table)")
    p.add_argument("--given", default="", help="the given name typed so far")
    p.add_argument("--family", required=True, help="the family name typed so far")
    p.add_argument("--address", default="", help="the street typed so far")
    p.add_argument("--zip", default="", help="the ZIP code")
    p.add_argument("--json", action="store_true", help="print one JSON array")
    p.set_defaults(handler=cmd_lookup)
    p = psub.add_parser("sample", help="simulate the clerk's random sample on the checked signatures")
    p.add_argument("petition", type=record_id, metavar="PETITION_ID", help="the petition's number")
    p.add_argument("--rate", type=_rate, default=0.03, help="the share sampled (default 0.03)")
    p.add_argument("--minimum", type=_count, default=500, help="the least number sampled (default 500)")
    p.add_argument("--seed", type=int, help="a seed, for the same draw again")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=cmd_sample)
    p = psub.add_parser("export", help="write the signature list with statuses, or the per-circulator summary")
    p.add_argument("petition", type=record_id, metavar="PETITION_ID", help="the petition's number")
    p.add_argument("out", type=Path, metavar="FILE", help="an .xlsx or .csv file to write")
    p.add_argument("--what", choices=["signatures", "circulators"], default="signatures", help="what to write")
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p.set_defaults(handler=cmd_export)


def cmd_create(args: argparse.Namespace, db_path: Path) -> int:
    """Create a petition and print its number."""
    from organizer.services.petitions import PetitionInput

    data = PetitionInput(args.title, args.kind, args.text, "", args.district, args.party, args.required, args.max,
                         args.deadline, args.buffer, args.opens, args.notary_required)
    row = _run(db_path, lambda s: s.petitions.create(data))
    if args.json:
        print_json({"id": row.id, "uuid": row.uuid, "title": row.title, "kind": row.kind})
    else:
        print(f"Petition {row.id}: {shown(row.title)}")
    return 0


def cmd_list(args: argparse.Namespace, db_path: Path) -> int:
    """List petitions."""
    rows = _run(db_path, lambda s: s.petitions.list())
    if args.json:
        print_json([_jsonable(asdict(r)) for r in rows])
        return 0
    print("Petition\tTitle\tKind\tRaw\tValid\tRequired\tDeadline")
    for r in rows:
        print(f"{r.id}\t{shown(r.title)}\t{r.kind}\t{r.raw:,}\t{r.valid:,}\t{r.required:,}\t{r.deadline or ''}")
    return 0


def cmd_show(args: argparse.Namespace, db_path: Path) -> int:
    """Print a petition's progress."""
    def work(s: Services) -> tuple[Any, Any]:
        return s.petitions.get(args.petition), s.petitions.progress(args.petition)

    row, prog = _run(db_path, work)
    data = {"id": row.id, "title": row.title, **_jsonable(asdict(prog.figures)), "at_risk": prog.at_risk,
            "needs_review": prog.needs_review, "sheets_by_status": prog.sheets_by_status}
    if args.json:
        print_json(data)
        return 0
    f = prog.figures
    print(f"{shown(row.title)}: {f.raw:,} signatures, {f.checked:,} checked, {f.valid:,} valid; "
          f"projected valid {f.projected_valid:,} of {f.required:,} required (gap {f.gap_to_required:,})")
    print(f"Buffer goal {f.buffer_goal:,} raw (gap {f.gap_to_buffer:,}); "
          + (f"{f.days_left} days to the deadline" if f.days_left is not None else "no deadline set"))
    if prog.at_risk:
        print(f"{prog.at_risk:,} valid signatures are at risk: their sheets' circulator statements are not in order")
    return 0


def cmd_sheet(args: argparse.Namespace, db_path: Path) -> int:
    """Add or change a sheet by its number."""
    from dataclasses import replace

    from organizer.services.petitions import SheetInput

    def work(s: Services) -> Any:
        current = next((r for r in s.petitions.sheets(args.petition) if r.number == args.number), None)
        base = SheetInput(args.number) if current is None else SheetInput(
            current.number, current.circulator_id, current.started_on, current.finished_on, current.filed_on,
            current.statement_complete, current.notarized, current.status, current.district, current.notes)
        changes: dict[str, Any] = {k: v for k, v in (
            ("status", args.status), ("statement_complete", args.statement_complete), ("notarized", args.notarized),
            ("started_on", args.started), ("finished_on", args.finished), ("filed_on", args.filed),
            ("district", args.district)) if v is not None}
        if args.circulator:
            changes["circulator_id"] = s.petitions.person_for_uuid(args.circulator)
        return s.petitions.save_sheet(args.petition, replace(base, **changes),
                                      current.id if current is not None else None)

    row = _run(db_path, work)
    if args.json:
        print_json(_jsonable(asdict(row)))
    else:
        print(f"Sheet {row.number}: {row.status}, {row.lines:,} lines"
              + (f" — at risk: {', '.join(row.problems)}" if row.problems else ""))
    return 0


def cmd_sheets(args: argparse.Namespace, db_path: Path) -> int:
    """List a petition's sheets."""
    rows = _run(db_path, lambda s: s.petitions.sheets(args.petition))
    if args.json:
        print_json([_jsonable(asdict(r)) for r in rows])
        return 0
    print("Sheet\tCirculator\tStatus\tLines\tValid\tAt risk")
    for r in rows:
        print(f"{r.number}\t{shown(r.circulator)}\t{r.status}\t{r.lines:,}\t{r.valid:,}\t{', '.join(r.problems)}")
    return 0
