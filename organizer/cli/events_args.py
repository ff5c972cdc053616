"""The options event commands share: an event's fields (create and edit) and an attendance import's."""

from __future__ import annotations

import argparse
from pathlib import Path

from organizer.cli.arguments import record_id
from organizer.cli.imports import password_from_env
from organizer.domain.event_times import in_zone
from organizer.errors import UserError
from organizer.services.container import Services
from organizer.services.events import EventInput, EventRow
from organizer.services.importing.layout import parse_map_options
from organizer.services.imports import ImportOptions, SourceOptions

FIELDS = ("title", "type", "start", "end", "tz", "location", "address", "link", "capacity", "contact", "status",
          "description", "petition", "visibility")


def add_event_fields(p: argparse.ArgumentParser, *, creating: bool) -> None:
    """The fields of an event as options (required ones only when creating)."""
    p.add_argument("--title", required=creating, help="what the event is called")
    p.add_argument("--type", required=creating,
                   help="meeting, training, canvass, phone_bank, text_bank, rally, house_party, "
                        "voter_registration, fundraiser or other")
    p.add_argument("--start", required=creating, help='when it starts, on its own clock: "YYYY-MM-DD HH:MM"')
    p.add_argument("--end", help='when it ends: "YYYY-MM-DD HH:MM" (after the start)')
    p.add_argument("--tz", help="its time zone, e.g. America/Chicago (default: this computer's)")
    p.add_argument("--location", help="the place's name (\"Grace Church basement\")")
    p.add_argument("--address", help="the place's address")
    p.add_argument("--link", help="a meeting link for a virtual event (https://…)")
    p.add_argument("--capacity", type=int, help="how many people fit (a warning at the door, never a refusal)")
    p.add_argument("--contact", metavar="UUID", help="the person to contact about it")
    p.add_argument("--status", help="confirmed, tentative or cancelled (default: confirmed)")
    p.add_argument("--visibility", help="public or private (default: public)")
    p.add_argument("--description", help="what it is about")
    p.add_argument("--petition", type=record_id, metavar="PETITION_ID", help="the petition it collects for")
    if creating:
        p.add_argument("--repeat", default="",
                       help='make a repeating meeting: "monthly on the second Tuesday", "weekly", "every 2 weeks" '
                            "or an iCalendar RRULE")
        p.add_argument("--count", type=int, default=None, metavar="N",
                       help="how many meetings of a repeating series to make (default 12)")


def event_input(services: Services, args: argparse.Namespace, existing: EventRow | None) -> EventInput:
    """The typed event: the options given over the event's current values (none when creating)."""
    data = _from_existing(existing) if existing is not None else EventInput()
    given = {name: getattr(args, name, None) for name in FIELDS}
    simple = {"title": "title", "type": "event_type", "start": "start", "end": "end", "tz": "time_zone",
              "location": "location_name", "address": "address", "link": "virtual_link", "capacity": "capacity",
              "status": "status", "description": "description", "petition": "petition_id",
              "visibility": "visibility"}
    for option, attribute in simple.items():
        if given[option] is not None:
            setattr(data, attribute, given[option])
    if given["contact"] is not None:
        data.contact_id = services.attendance.person_id(given["contact"]) if given["contact"].strip() else None
    repeat = getattr(args, "repeat", "")
    if repeat:
        data.repeat = repeat
        data.occurrences = args.count if args.count is not None else 12
    elif getattr(args, "count", None) not in (None, 1):
        raise UserError("--count makes the meetings of a repeating series: give --repeat too.")
    return data


def _from_existing(row: EventRow) -> EventInput:
    start = in_zone(row.starts_at, row.time_zone)
    end = in_zone(row.ends_at, row.time_zone) if row.ends_at is not None else None
    return EventInput(row.title, row.event_type, f"{start:%Y-%m-%d %H:%M}", f"{end:%Y-%m-%d %H:%M}" if end else "",
                      row.time_zone, row.location_name, row.address, row.virtual_link, row.capacity, row.contact_id,
                      row.status, row.visibility, row.description, petition_id=row.petition_id)


def add_import_options(p: argparse.ArgumentParser) -> None:
    """The options of an import, as `import people` has them."""
    p.add_argument("--sheet", help="the sheet to read (default: the first with data)")
    p.add_argument("--map", action="append", default=[], metavar="HEADER=field",
                   help="map a column to a field, e.g. --map \"Here?=attended\" (repeatable)")
    p.add_argument("--header-row", type=int, help="the row holding the headers (default: found)")
    p.add_argument("--encoding", help="text encoding of a CSV (default: detected)")
    p.add_argument("--delimiter", help="delimiter of a CSV: , ; tab or | (default: detected)")
    p.add_argument("--password-env", metavar="VAR",
                   help="read a password-protected workbook's password from environment variable VAR")
    p.add_argument("--dry-run", action="store_true", help="report what would happen; change nothing")
    p.add_argument("--errors", type=Path, metavar="OUT.xlsx", help="save the rejected rows here (.xlsx or .csv)")
    p.add_argument("--force", action="store_true", help="replace an existing --errors file")


def import_options(args: argparse.Namespace) -> ImportOptions:
    """The import's options from the command line."""
    delimiter = args.delimiter
    if delimiter is not None:
        delimiter = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}.get(delimiter, delimiter)
        if delimiter not in {",", ";", "\t", "|"}:
            raise UserError("--delimiter must be one of: , ; tab |")
    source = SourceOptions(sheet=args.sheet, encoding=args.encoding, delimiter=delimiter,
                           password=password_from_env(args.password_env))
    return ImportOptions(source=source, header_row=args.header_row, overrides=parse_map_options(args.map),
                         dry_run=args.dry_run)
