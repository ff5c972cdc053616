"""Commands on people: list and add."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from organizer.cli.output import print_json, shown
from organizer.files.output import check_target
from organizer.services.container import open_chapter
from organizer.services.person_input import PersonInput


def add_commands(sub: argparse._SubParsersAction[Any]) -> None:
    """Register `people list` and `people add`."""
    people = sub.add_parser("people", help="list and add people")
    psub = people.add_subparsers(dest="people_command", metavar="COMMAND", required=True)

    p = psub.add_parser("list", help="list everyone")
    p.add_argument("--json", action="store_true", help="print one JSON array")
    p.add_argument("--search", default="", help="only people whose name, email or phone match")
    p.set_defaults(handler=cmd_list)

    p = psub.add_parser("export", help="export people to .xlsx or .csv (the import reads it back)")
    p.add_argument("file", type=Path)
    p.add_argument("--search", default="", help="only people whose name, email or phone match")
    p.add_argument("--tag", default="", help="only people with this tag")
    p.add_argument("--force", action="store_true", help="replace the file if it exists (never a database)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_export)

    p = psub.add_parser("add", help="add one person and print their uuid")
    p.add_argument("--given", default="", help="given (first) name")
    p.add_argument("--family", default="", help="family (last) name")
    p.add_argument("--email", action="append", default=[], help="email address (repeatable)")
    p.add_argument("--phone", action="append", default=[], help="phone number (repeatable)")
    p.add_argument("--zip", dest="postal_code", default="", help="postal code")
    p.add_argument("--tag", action="append", default=[],
                   help="tag (repeatable); an existing tag is found whatever its case, accents or spacing")
    p.add_argument("--notes", default="")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_add)


def cmd_list(args: argparse.Namespace, db_path: Path) -> int:
    """Print people as JSON or one line each."""
    from organizer.services.people import PeopleQuery

    services = open_chapter(db_path)
    try:
        ids = services.people.search_ids(PeopleQuery(text=args.search))
        if args.json:
            rows: list[dict[str, object]] = []
            for start in range(0, len(ids), 1000):
                rows.extend(r.to_json() for r in services.people.rows(ids[start : start + 1000]))
            print_json(rows)
            return 0
        for start in range(0, len(ids), 1000):
            for row in services.people.rows(ids[start : start + 1000]):
                contact = ", ".join(row.emails[:1] + row.phones_display[:1])
                print(f"{shown(row.display_name)}\t{shown(contact)}\t{row.uuid}")
    finally:
        services.close()
    return 0


def cmd_add(args: argparse.Namespace, db_path: Path) -> int:
    """Add one person; prints the uuid (or the row with --json)."""
    data = PersonInput(
        given_name=args.given,
        family_name=args.family,
        emails=list(args.email),
        phones=list(args.phone),
        postal_code=args.postal_code,
        tags=list(args.tag),
        notes=args.notes,
        source="command line",
    )
    services = open_chapter(db_path)
    try:
        row = services.people.add(data)
    finally:
        services.close()
    if args.json:
        print_json(row.to_json())
    else:
        print(row.uuid)
    return 0


def cmd_export(args: argparse.Namespace, db_path: Path) -> int:
    """Export people to a spreadsheet (.xlsx or .csv); an existing file is replaced only with --force."""
    from organizer.services.people import PeopleQuery
    from organizer.services.people_export import EXPORT_SUFFIXES, export_people

    check_target(args.file, EXPORT_SUFFIXES, force=args.force, protect=[db_path])
    services = open_chapter(db_path)
    try:
        count = export_people(services.people, args.file, PeopleQuery(text=args.search, tag=args.tag),
                              force=args.force, protect=[db_path])
    finally:
        services.close()
    if args.json:
        print_json({"file": str(args.file), "people": count})
    else:
        print(f"Exported {count:,} people to {shown(args.file)}")
    return 0
