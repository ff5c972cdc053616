"""Commands on people: list, show, add, edit, delete, tag and untag (export: see cmd_export)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from organizer.cli.arguments import chosen
from organizer.cli.output import print_json, shown
from organizer.cli.people_record import record_lines
from organizer.domain.text import fold
from organizer.errors import UserError
from organizer.files.output import check_output
from organizer.services.container import open_chapter
from organizer.services.people_columns import FIELD_KEYS
from organizer.services.person_input import PersonInput

UUID_HELP = "the person's uuid (from `people list`); a merged person's old uuid finds who they were merged into"
SEARCH_HELP = "only people whose name, email, phone, ZIP or custom-field values match"


class NotConfirmed(UserError):
    """A delete that was not confirmed."""


def add_commands(sub: argparse._SubParsersAction[Any]) -> None:
    """Register the `people` commands."""
    people = sub.add_parser("people", help="list, show, add, edit, delete and tag people")
    psub = people.add_subparsers(dest="people_command", metavar="COMMAND", required=True)

    p = psub.add_parser("list", help="list everyone (or those matching --search and --tag)")
    p.add_argument("--json", action="store_true", help="print one JSON array")
    p.add_argument("--search", default="", help=SEARCH_HELP)
    p.add_argument("--tag", default="", help="only people with this tag (whatever its case, accents or spacing)")
    p.set_defaults(handler=cmd_list)

    p = psub.add_parser("show", help="show a person's whole record")
    p.add_argument("uuid", help=UUID_HELP)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=cmd_show)

    p = psub.add_parser("export", help="export people to .xlsx or .csv: every field, read back whole by the import")
    p.add_argument("file", type=Path, help="the file to write, ending in .xlsx or .csv")
    p.add_argument("--search", type=chosen, default=None, help="only people whose name, email or phone match")
    p.add_argument("--tag", type=chosen, default=None, help="only people with this tag")
    p.add_argument("--uuid", type=chosen, action="append", default=[], metavar="UUID",
                   help="only this person (repeatable: the rows selected in the app)")
    p.add_argument("--fields", type=chosen, default=None, metavar="A,B,C",
                   help="only these fields, comma-separated (default: all): " + ", ".join(FIELD_KEYS))
    p.add_argument("--force", action="store_true", help="replace the file if it exists (never a database)")
    p.add_argument("--json", action="store_true", help="print what was written as one JSON object")
    p.set_defaults(handler=cmd_export)

    p = psub.add_parser("add", help="add one person and print their uuid")
    _person_options(p, editing=False)
    p.set_defaults(handler=cmd_add)

    p = psub.add_parser("edit", help="change a person: only the fields given are replaced")
    p.add_argument("uuid", help=UUID_HELP)
    _person_options(p, editing=True)
    p.set_defaults(handler=cmd_edit)

    p = psub.add_parser("delete", help="delete a person and what hangs off them (a tombstone is kept)")
    p.add_argument("uuid", help=UUID_HELP)
    p.add_argument("--yes", action="store_true", help="delete without asking (needed when not at a terminal)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=cmd_delete)

    for name, verb, handler in (("tag", "put a tag on", cmd_tag), ("untag", "take a tag off", cmd_untag)):
        p = psub.add_parser(name, help=f"{verb} a person")
        p.add_argument("uuid", help=UUID_HELP)
        p.add_argument("tag", help="the tag's name; an existing tag is found whatever its case, accents or spacing")
        p.add_argument("--json", action="store_true", help="print one JSON object")
        p.set_defaults(handler=handler)


def _person_options(p: argparse.ArgumentParser, *, editing: bool) -> None:
    """The options of `people add`; for `people edit`, each given list replaces the person's whole list."""
    again = "repeatable; replaces all of theirs" if editing else "repeatable"
    default: Any = None if editing else ""
    listed: Any = None if editing else []
    p.add_argument("--given", default=default, help="given (first) name")
    p.add_argument("--family", default=default, help="family (last) name")
    p.add_argument("--email", action="append", default=listed, help=f"email address ({again})")
    p.add_argument("--phone", action="append", default=listed, help=f"phone number ({again})")
    p.add_argument("--zip", dest="postal_code", default=default, help="postal code")
    p.add_argument("--tag", action="append", default=listed,
                   help=f"tag ({again}); an existing tag is found whatever its case, accents or spacing")
    p.add_argument("--notes", default=default, help="notes about the person")
    p.add_argument("--json", action="store_true", help="print the person as one JSON object")


def cmd_list(args: argparse.Namespace, db_path: Path) -> int:
    """Print people as JSON or one line each, under a header line."""
    from organizer.services.people import PeopleQuery

    services = open_chapter(db_path)
    try:
        ids = services.people.search_ids(PeopleQuery(text=args.search, tag=args.tag))
        if args.json:
            rows: list[dict[str, object]] = []
            for start in range(0, len(ids), 1000):
                rows.extend(r.to_json() for r in services.people.rows(ids[start : start + 1000]))
            print_json(rows)
            return 0
        print("Name\tEmail or phone\tUUID")
        for start in range(0, len(ids), 1000):
            for row in services.people.rows(ids[start : start + 1000]):
                contact = ", ".join(row.emails[:1] + row.phones_display[:1])
                print(f"{shown(row.display_name)}\t{shown(contact)}\t{row.uuid}")
    finally:
        services.close()
    return 0


def cmd_show(args: argparse.Namespace, db_path: Path) -> int:
    """Print a person's whole record."""
    services = open_chapter(db_path)
    try:
        record = services.records.record_for_uuid(args.uuid)
    finally:
        services.close()
    if args.json:
        print_json(record.to_json())
    else:
        for line in record_lines(record):
            print(shown(line))
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


def cmd_edit(args: argparse.Namespace, db_path: Path) -> int:
    """Replace the fields given; prints the uuid (or the row with --json)."""
    from organizer.services.person_record import PersonEdit

    edit = PersonEdit(given_name=args.given, family_name=args.family, emails=args.email, phones=args.phone,
                      postal_code=args.postal_code, notes=args.notes, tags=args.tag)
    services = open_chapter(db_path)
    try:
        row = services.records.edit(services.records.person_id(args.uuid), edit)
    finally:
        services.close()
    if args.json:
        print_json(row.to_json())
    else:
        print(f"Saved {shown(row.display_name)}\t{row.uuid}")
    return 0


def cmd_delete(args: argparse.Namespace, db_path: Path) -> int:
    """Delete a person after asking (or with --yes); refuses to guess when nobody can be asked."""
    services = open_chapter(db_path)
    try:
        person_id = services.records.person_id(args.uuid)
        row = services.people.get(person_id)
        prospects = [r.office_text for r in services.prospects.for_people([person_id])]
        if not args.yes:
            _confirm_delete(row.display_name, prospects)
        services.people.delete([person_id])
    finally:
        services.close()
    if args.json:
        print_json({"deleted": row.uuid, "name": row.display_name})
    else:
        print(f"Deleted {shown(row.display_name)}\t{row.uuid}")
    return 0


def _confirm_delete(name: str, prospects: list[str]) -> None:
    kept = (f" (They are a prospect for {', '.join(prospects)}: that record and its timeline are kept under their "
            "name.)") if prospects else ""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise NotConfirmed(f"people delete asks before deleting: add --yes to delete without asking.{kept}")
    answer = input(f"Delete {shown(name)} and their emails, phones, tags and volunteer profile?{shown(kept)} [y/N] ")
    if answer.strip().casefold() not in {"y", "yes"}:
        raise NotConfirmed("Not deleted.")


def cmd_tag(args: argparse.Namespace, db_path: Path) -> int:
    """Put a tag on a person (the tag is created if new)."""
    return _tagging(args, db_path, adding=True)


def cmd_untag(args: argparse.Namespace, db_path: Path) -> int:
    """Take a tag off a person."""
    return _tagging(args, db_path, adding=False)


def _tagging(args: argparse.Namespace, db_path: Path, *, adding: bool) -> int:
    services = open_chapter(db_path)
    try:
        person_id = services.records.person_id(args.uuid)
        if adding:
            changed = services.tags.tag_people(args.tag, [person_id]) > 0
        else:
            changed = services.tags.untag_people(args.tag, [person_id]) > 0
        row, known = services.people.get(person_id), services.tags.names()
    finally:
        services.close()
    tag = _tag_name([*row.tags, *known], args.tag)
    if args.json:
        print_json({"uuid": row.uuid, "tag": tag, "changed": changed, "tags": list(row.tags)})
    elif adding:
        print(f"{'Tagged' if changed else 'Already tagged'} {shown(row.display_name)}: {shown(tag)}")
    else:
        print(f"{'Untagged' if changed else 'Was not tagged'} {shown(row.display_name)}: {shown(tag)}")
    return 0


def _tag_name(tags: list[str], typed: str) -> str:
    """The tag's name as stored (tags are found by folded name: "door knocker" is "Door knocker")."""
    wanted = fold(" ".join(typed.split()))
    return next((t for t in tags if fold(t) == wanted), " ".join(typed.split()))


def cmd_export(args: argparse.Namespace, db_path: Path) -> int:
    """Export people to a spreadsheet (.xlsx or .csv); an existing file is replaced only with --force."""
    from organizer.services.people import PeopleQuery
    from organizer.services.people_export import EXPORT_SUFFIXES, ExportRequest, parse_fields

    fields = parse_fields(args.fields) if args.fields else ()
    check_output(args.file, EXPORT_SUFFIXES, force=args.force, protect=[db_path])  # before any work
    request = ExportRequest(args.file, PeopleQuery(text=args.search or "", tag=args.tag or ""), uuids=tuple(args.uuid),
                            fields=fields, force=args.force)
    services = open_chapter(db_path)
    try:
        result = services.exports.people(request, protect=[db_path])
    finally:
        services.close()
    if args.json:
        print_json(result.to_json())
    else:
        print(f"Exported {result.people:,} people to {shown(args.file)}")
    return 0
