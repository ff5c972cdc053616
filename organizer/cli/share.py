"""Sharing commands: `export share|people|suppressions`, `import share`, and `share deletions|delete|keep`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from organizer.cli.arguments import chosen, record_id
from organizer.cli.imports import password_from_env
from organizer.cli.output import print_json, shown
from organizer.cli.report_lines import print_notices, print_row_issues
from organizer.services.container import open_chapter
from organizer.services.sharing.options import ShareChoice, ShareRequest
from organizer.services.sharing.schema import SECTIONS

FORCE = "replace the file if it exists (never a database)"
JSON = "print one JSON object"


def add_commands(sub: argparse._SubParsersAction[Any]) -> None:
    """Register `export`, `share`, and `import share` (under the `import` command registered before)."""
    exp = sub.add_parser("export", help="export a share workbook, people for national tools, or suppressions")
    esub = exp.add_subparsers(dest="export_command", metavar="WHAT", required=True)
    _share_export(esub)
    _people_export(esub)
    p = esub.add_parser("suppressions", help="write every email and phone not to contact (.csv): channel and "
                                             "reason, nothing else")
    p.add_argument("file", type=Path, help="the .csv file to write")
    p.add_argument("--force", action="store_true", help=FORCE)
    p.add_argument("--json", action="store_true", help=JSON)
    p.set_defaults(handler=cmd_export_suppressions)
    _import_share(sub)
    share = sub.add_parser("share", help="deletions other chapters' share files offered")
    ssub = share.add_subparsers(dest="share_command", metavar="COMMAND", required=True)
    p = ssub.add_parser("deletions", help="list the deletions waiting for a decision")
    p.add_argument("--json", action="store_true", help="print one JSON array")
    p.set_defaults(handler=cmd_deletions)
    for name, verb in (("delete", "delete the record here (a tombstone is kept)"), ("keep", "keep the record")):
        p = ssub.add_parser(name, help=verb)
        p.add_argument("offer", type=record_id, metavar="ID", help="the offer's number (see 'share deletions')")
        p.set_defaults(handler=cmd_resolve, delete=name == "delete")


def _share_export(esub: argparse._SubParsersAction[Any]) -> None:
    p = esub.add_parser("share", help="a share workbook for another chapter (.xlsx): every chosen record with "
                                      "its uuid, times, merged uuids and deletions")
    p.add_argument("file", type=Path, help="the .xlsx file to write")
    p.add_argument("--section", action="append", default=[], choices=list(SECTIONS),
                   help="only this section (repeatable; default: all)")
    p.add_argument("--tag", type=chosen, action="append", default=[], help="only people with this tag (repeatable)")
    p.add_argument("--list", type=chosen, action="append", default=[], dest="lists", metavar="LIST",
                   help="only people on this list (repeatable)")
    p.add_argument("--no-contact-details", action="store_true", help="leave out emails, phones and addresses")
    p.add_argument("--no-notes", action="store_true", help="leave notes and comments empty")
    p.add_argument("--no-custom-fields", action="store_true", help="leave custom fields out")
    p.add_argument("--no-do-not-contact", action="store_true",
                   help="leave out people flagged do-not-contact, deceased included (for outreach)")
    p.add_argument("--summary-only", action="store_true",
                   help="counts by section, petition progress and event turnout only: no personal data")
    p.add_argument("--password-env", metavar="VAR",
                   help="encrypt the workbook with the password in environment variable VAR")
    p.add_argument("--force", action="store_true", help=FORCE)
    p.add_argument("--json", action="store_true", help=JSON)
    p.set_defaults(handler=cmd_export_share)


def _people_export(esub: argparse._SubParsersAction[Any]) -> None:
    p = esub.add_parser("people", help="people for national tools (.csv or .xlsx); the same as 'people export' "
                                       "in the plain format")
    p.add_argument("file", type=Path, help="the file to write, ending in .csv or .xlsx")
    p.add_argument("--format", choices=("plain", "actionnetwork", "nationbuilder"), default="plain",
                   help="plain: every field; actionnetwork / nationbuilder: their upload columns, phones as digits, "
                        "people not to be contacted left out")
    p.add_argument("--tag", type=chosen, default=None, help="only people with this tag")
    p.add_argument("--force", action="store_true", help=FORCE)
    p.add_argument("--json", action="store_true", help=JSON)
    p.set_defaults(handler=cmd_export_people)


def _import_share(sub: argparse._SubParsersAction[Any]) -> None:
    imp = sub.choices["import"]
    isub = next(a for a in imp._actions if isinstance(a, argparse._SubParsersAction))
    p = isub.add_parser("share", help="import another chapter's share workbook: matched by uuid, then by the "
                                      "people rules; conflicts and deletions go to review; undo with 'import undo'")
    p.add_argument("file", type=Path, help="the share workbook (.xlsx)")
    p.add_argument("--password-env", metavar="VAR",
                   help="read a password-protected workbook's password from environment variable VAR")
    p.add_argument("--dry-run", action="store_true", help="report what would happen; change nothing")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=cmd_import_share)


def cmd_export_share(args: argparse.Namespace, db_path: Path) -> int:
    """Write a share workbook."""
    choice = ShareChoice(tuple(args.section), tuple(args.tag), tuple(args.lists), args.no_contact_details,
                         args.no_notes, args.no_custom_fields, args.no_do_not_contact)
    request = ShareRequest(args.file, choice, password_from_env(args.password_env), args.summary_only, args.force)
    services = open_chapter(db_path)
    try:
        result = services.sharing.export(request, protect=[db_path])
    finally:
        services.close()
    if args.json:
        print_json(result.to_json())
    else:
        what = ", ".join(f"{n:,} {name.replace('_', ' ')}" for name, n in result.sheets.items() if n)
        print(f"Wrote {shown(args.file)}{' (encrypted)' if result.encrypted else ''}: {what or 'no records'}")
    return 0


def cmd_export_people(args: argparse.Namespace, db_path: Path) -> int:
    """People in the plain full export, or a national tool's format."""
    if args.format == "plain":
        from organizer.cli.people import cmd_export

        return cmd_export(argparse.Namespace(file=args.file, search="", tag=args.tag, uuid=[], fields="",
                                             force=args.force, json=args.json), db_path)
    services = open_chapter(db_path)
    try:
        count = services.sharing.export_preset(args.file, args.format, tag=args.tag or "", force=args.force,
                                               protect=[db_path])
    finally:
        services.close()
    if args.json:
        print_json({"file": str(args.file), "people": count, "format": args.format})
    else:
        print(f"Exported {count:,} people to {shown(args.file)} ({args.format})")
    return 0


def cmd_export_suppressions(args: argparse.Namespace, db_path: Path) -> int:
    """Write the suppression list."""
    services = open_chapter(db_path)
    try:
        count = services.sharing.export_suppressions(args.file, force=args.force, protect=[db_path])
    finally:
        services.close()
    if args.json:
        print_json({"file": str(args.file), "entries": count})
    else:
        print(f"Wrote {count:,} entries not to contact to {shown(args.file)}")
    return 0


def cmd_import_share(args: argparse.Namespace, db_path: Path) -> int:
    """Import a share workbook as one batch."""
    services = open_chapter(db_path)
    try:
        outcome = services.sharing.import_share(args.file, password=password_from_env(args.password_env),
                                                dry_run=args.dry_run)
    finally:
        services.close()
    if args.json:
        print_json(outcome.to_json())
        return 0
    r = outcome.result
    what = "Dry run of" if r.batch is None else f"Import {r.batch}:"
    print(f"{what} {shown(r.file_name)} from {shown(outcome.source or 'another chapter')}: {r.rows:,} records — "
          f"{r.created:,} created, {r.updated:,} updated, {r.unchanged:,} unchanged, {r.rejected:,} rejected")
    for name, counts in outcome.sections.items():
        if counts.get("rows"):
            print(f"  {name.replace('_', ' ')}: " + ", ".join(f"{v:,} {k}" for k, v in counts.items() if k != "rows"))
    if outcome.missing:
        print(f"  sheets missing from the file: {', '.join(outcome.missing)}")
    if r.conflicts or r.possible_duplicates:
        print(f"{r.conflicts:,} differing values kept for review; {r.possible_duplicates:,} possible duplicates")
    print_notices(r)
    print_row_issues(r)
    return 0


def cmd_deletions(args: argparse.Namespace, db_path: Path) -> int:
    """List the open offered deletions."""
    services = open_chapter(db_path)
    try:
        offers = services.sharing.offered_deletions()
    finally:
        services.close()
    if args.json:
        print_json([o.to_json() for o in offers])
        return 0
    for o in offers:
        print(f"{o.id}\t{shown(o.what)}\tdeleted in {shown(o.chapter)} {o.deleted_at:%Y-%m-%d}")
    return 0


def cmd_resolve(args: argparse.Namespace, db_path: Path) -> int:
    """Delete or keep one offered record."""
    services = open_chapter(db_path)
    try:
        services.sharing.resolve_deletion(args.offer, args.delete)
    finally:
        services.close()
    print("Deleted." if args.delete else "Kept.")
    return 0
