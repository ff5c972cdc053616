"""Event commands: create (once or repeating), list, show, edit, delete, shifts, RSVPs, check-in, roster,
turnout, volunteer growth, calendars, the host's packet, the paper sign-in sheet and attendance imports."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from organizer.cli.arguments import record_id
from organizer.cli.events_args import add_event_fields, add_import_options, event_input, import_options
from organizer.cli.output import print_json, print_lines, print_table, print_warning, shown
from organizer.cli.report_lines import print_notices, print_row_issues
from organizer.domain.text import counted
from organizer.errors import UserError
from organizer.services.container import Services, open_chapter
from organizer.services.events import WHEN_CHOICES, EventQuery, GrowthQuery, WalkIn
from organizer.services.imports import OutputRequest

Handler = Callable[[Services, argparse.Namespace], int]


def add_commands(sub: argparse._SubParsersAction[Any]) -> None:
    """Register `event …`."""
    ev = sub.add_parser("event", help="events and meetings: plan, check in, rosters, turnout, files")
    esub = ev.add_subparsers(dest="event_command", metavar="COMMAND", required=True)
    _planning(esub)
    _people(esub)
    _files(esub)


def _cmd(esub: argparse._SubParsersAction[Any], name: str, help_text: str, handler: Handler,
         *, event: bool = True, json: bool = True) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = esub.add_parser(name, help=help_text)
    if event:
        p.add_argument("event", type=record_id, metavar="EVENT_ID", help="the event's id (see 'event list')")
    if json:
        p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=lambda args, db: _with_services(db, args, handler))
    return p


def _with_services(db_path: Path, args: argparse.Namespace, handler: Handler) -> int:
    services = open_chapter(db_path)
    try:
        return handler(services, args)
    finally:
        services.close()


def _planning(esub: argparse._SubParsersAction[Any]) -> None:
    p = _cmd(esub, "create", "create an event, or a repeating meeting's series", cmd_create, event=False)
    add_event_fields(p, creating=True)
    p = _cmd(esub, "edit", "change an event (only the fields given)", cmd_edit)
    add_event_fields(p, creating=False)
    p = _cmd(esub, "list", "list events by start", cmd_list, event=False)
    p.add_argument("--when", choices=WHEN_CHOICES, default="all", help="upcoming, past or all events (default: all)")
    p.add_argument("--search", default="", help="only events whose title or place holds every word")
    p.add_argument("--type", default="", help="only events of this type (meeting, canvass, …)")
    _cmd(esub, "show", "show one event", cmd_show)
    p = _cmd(esub, "delete", "delete an event with its shifts and attendance", cmd_delete, json=False)
    p.add_argument("--yes", action="store_true", help="do not ask first")
    p = _cmd(esub, "shift-add", "add a shift or role slot to an event", cmd_shift_add)
    p.add_argument("--name", required=True, help='the shift or role: "Morning", "Driver"')
    p.add_argument("--start", default="", help="when it starts, on the event's clock (YYYY-MM-DD HH:MM)")
    p.add_argument("--end", default="", help="when it ends (YYYY-MM-DD HH:MM)")
    p.add_argument("--capacity", type=int, help="how many people it needs")
    _cmd(esub, "shifts", "list an event's shifts", cmd_shifts)
    p = _cmd(esub, "link", "link a walk list to an event", cmd_link, json=False)
    p.add_argument("--walk-list", type=record_id, required=True, metavar="ID", help="the walk list's id")


def _people(esub: argparse._SubParsersAction[Any]) -> None:
    p = _cmd(esub, "rsvp", "invite or register someone (or record a decline)", cmd_rsvp, json=False)
    p.add_argument("--person", required=True, metavar="UUID", help="the person's uuid")
    p.add_argument("--status", default="registered",
                   help="invited, registered, confirmed, declined or cancelled (default: registered)")
    p.add_argument("--shift", type=record_id, metavar="SHIFT_ID", help="the shift they signed up for")
    p.add_argument("--role", default="", help='their role ("Driver", "Shift lead")')
    p = _cmd(esub, "checkin", "check someone in at the door (a walk-in is added once)", cmd_checkin)
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--person", metavar="UUID", help="a person already in the chapter")
    who.add_argument("--given", help="a walk-in's given (first) name")
    p.add_argument("--family", default="", help="a walk-in's family (last) name")
    p.add_argument("--email", default="", help="a walk-in's email (finds them if the chapter knows it)")
    p.add_argument("--phone", default="", help="a walk-in's phone (finds them if the chapter knows it)")
    p.add_argument("--zip", default="", help="a walk-in's ZIP or postal code")
    p.add_argument("--volunteer", action="store_true", help="the walk-in wants to volunteer")
    p.add_argument("--interest", action="append", default=[], help="an interest, kept as a tag (repeatable)")
    p.add_argument("--shift", type=record_id, metavar="SHIFT_ID", help="the shift they are checking in for")
    p.add_argument("--new", action="store_true",
                   help="add a new person even though their email or phone is someone's of another name")
    _cmd(esub, "roster", "everyone invited, registered or present", cmd_roster)
    _cmd(esub, "turnout", "RSVPs against attendance, walk-ins and first-timers", cmd_turnout)
    p = _cmd(esub, "growth", "volunteer growth: people by what their attendance shows", cmd_growth, event=False)
    p.add_argument("--min-attended", type=int, default=1, metavar="N", help="present at N events or more")
    p.add_argument("--never-shift", action="store_true", help="who never took a shift")
    p.add_argument("--level", default="",
                   help="only this rung (signed_up, attended, took_shift, led_shift, leads_team)")


def _files(esub: argparse._SubParsersAction[Any]) -> None:
    p = _cmd(esub, "export-ics", "write events as an .ics calendar (one event, or all upcoming public ones)", cmd_ics,
             event=False, json=False)
    p.add_argument("out", type=Path, metavar="OUT.ics", help="the calendar file to write")
    p.add_argument("--event", type=record_id, metavar="EVENT_ID", help="only this event")
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p = _cmd(esub, "host-packet", "write a host's packet: this event's RSVPs and lines for walk-ins (.xlsx)",
             cmd_packet, json=False)
    p.add_argument("out", type=Path, metavar="OUT.xlsx", help="the workbook to write")
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p = _cmd(esub, "signin-sheet", "write the paper sign-in sheet: expected names and blank lines (.pdf)",
             cmd_signin, json=False)
    p.add_argument("out", type=Path, metavar="OUT.pdf", help="the PDF to write")
    p.add_argument("--blank", type=int, default=25, metavar="N", help="blank lines for walk-ins (default 25)")
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p = _cmd(esub, "import-attendance", "import an RSVP or attendance sheet, a sign-in sheet or a host's packet",
             cmd_import)
    p.add_argument("file", type=Path, help="the sheet (.xlsx, .xls, .ods, .csv, .tsv, .txt)")
    add_import_options(p)


def cmd_create(services: Services, args: argparse.Namespace) -> int:
    """Create an event (or a series); print its id."""
    rows = services.events.create(event_input(services, args, None))
    if args.json:
        print_json({"id": rows[0].id, "ids": [r.id for r in rows], "uuid": rows[0].uuid,
                    "events": [r.to_json() for r in rows]})
    else:
        for row in rows:
            print(f"Created event {row.id}: {shown(row.title)} on {row.local_start():%Y-%m-%d %H:%M} "
                  f"({shown(row.time_zone)})")
    return 0


def cmd_edit(services: Services, args: argparse.Namespace) -> int:
    """Change the fields given."""
    row = services.events.update(args.event, event_input(services, args, services.events.get(args.event)))
    if args.json:
        print_json(row.to_json())
    else:
        print(f"Changed event {row.id}: {shown(row.title)}")
    return 0


def cmd_list(services: Services, args: argparse.Namespace) -> int:
    """Events in start order."""
    query = EventQuery(text=args.search, when=args.when, event_type=args.type)
    rows = services.events.rows(services.events.search_ids(query))
    if args.json:
        print_json([r.to_json() for r in rows])
        return 0
    print_table(("Id", "Start", "Type", "Status", "Title", "Place"),
                [(r.id, f"{r.local_start():%Y-%m-%d %H:%M}", r.event_type, r.status, r.title, r.place) for r in rows])
    return 0


def cmd_show(services: Services, args: argparse.Namespace) -> int:
    """One event."""
    row = services.events.get(args.event)
    if args.json:
        print_json(row.to_json())
    else:
        print_lines([f"{k}: {v}" for k, v in row.to_json().items() if v not in (None, "")])
    return 0


def cmd_delete(services: Services, args: argparse.Namespace) -> int:
    """Delete an event (asks at a terminal unless --yes)."""
    row = services.events.get(args.event)
    if not args.yes:
        raise UserError(f"Deleting event {row.id} ({row.title}) removes its shifts and attendance: "
                        "add --yes to delete it.")
    services.events.delete([row.id])
    print(f"Deleted event {row.id}")
    return 0


def cmd_shift_add(services: Services, args: argparse.Namespace) -> int:
    """Add a shift."""
    shift = services.events.add_shift(args.event, args.name, args.start, args.end, args.capacity)
    if args.json:
        print_json(shift.to_json())
    else:
        print(f"Added shift {shift.id}: {shown(shift.name)}")
    return 0


def cmd_shifts(services: Services, args: argparse.Namespace) -> int:
    """An event's shifts."""
    shifts = services.events.shifts(args.event)
    if args.json:
        print_json([s.to_json() for s in shifts])
    else:
        print_table(("Id", "Name", "Taken"), [(s.id, s.name, f"{s.taken}/{s.capacity or '-'}") for s in shifts])
    return 0


def cmd_link(services: Services, args: argparse.Namespace) -> int:
    """Link a walk list to the event."""
    services.events.link_walk_list(args.event, args.walk_list)
    print(f"Walk list {args.walk_list} is now for event {args.event}")
    return 0


def cmd_rsvp(services: Services, args: argparse.Namespace) -> int:
    """Record an RSVP."""
    person = services.attendance.person_id(args.person)
    services.attendance.set_rsvp(args.event, person, args.status, args.shift, args.role)
    print(f"Recorded {shown(args.status)} for event {args.event}")
    return 0


def cmd_checkin(services: Services, args: argparse.Namespace) -> int:
    """Check someone in: a known person by uuid, or a walk-in by name and email or phone."""
    if args.person:
        result = services.attendance.check_in(args.event, services.attendance.person_id(args.person), args.shift)
    else:
        walk_in = WalkIn(args.given, args.family, args.email, args.phone, args.zip, args.volunteer, args.interest)
        result = services.attendance.walk_in(args.event, walk_in, new=args.new)
    if args.json:
        print_json(result.to_json())
    else:
        print(shown(result.greeting) + (" (added to the chapter)" if result.created else ""))
    if result.over_capacity:
        print_warning("the event is at its capacity: checked in all the same")
    return 0


def cmd_roster(services: Services, args: argparse.Namespace) -> int:
    """Everyone on the roster."""
    rows = services.attendance.roster(args.event)
    if args.json:
        print_json([r.to_json() for r in rows])
        return 0
    print_table(("Name", "RSVP", "Present", "Walk-in", "Shift"),
                [(r.name, r.status, "present" if r.attended else "", "walk-in" if r.walk_in else "", r.shift_name)
                 for r in rows])
    return 0


def cmd_turnout(services: Services, args: argparse.Namespace) -> int:
    """Turnout counts."""
    counts = services.attendance.turnout(args.event).to_json()
    if args.json:
        print_json(counts)
    else:
        print_lines([f"{k.replace('_', ' ')}: {v if v is not None else '-'}" for k, v in counts.items()])
    return 0


def cmd_growth(services: Services, args: argparse.Namespace) -> int:
    """People by what their attendance shows."""
    query = GrowthQuery(max(args.min_attended, 0), 0 if args.never_shift else None, args.level)
    rows = services.growth.rows(query)
    if args.json:
        print_json([r.to_json() for r in rows])
    else:
        print_table(("Name", "Events", "Shifts", "Level"), [(r.name, r.attended, r.shifts, r.level) for r in rows])
    return 0


def cmd_ics(services: Services, args: argparse.Namespace) -> int:
    """Write a calendar."""
    count = services.event_files.write_ics(args.out, args.event, force=args.force)
    print(f"Wrote {counted(count, 'event')} to {shown(args.out)}")
    return 0


def cmd_packet(services: Services, args: argparse.Namespace) -> int:
    """Write the host's packet."""
    count = services.event_files.write_host_packet(args.event, args.out, force=args.force)
    print(f"Wrote the host packet for event {args.event} ({count:,} RSVPs) to {shown(args.out)}")
    return 0


def cmd_signin(services: Services, args: argparse.Namespace) -> int:
    """Write the paper sign-in sheet."""
    pages = services.event_files.write_signin_sheet(args.event, args.out, blank_lines=args.blank, force=args.force)
    print(f"Wrote the sign-in sheet for event {args.event} ({pages} pages) to {shown(args.out)}")
    return 0


def cmd_import(services: Services, args: argparse.Namespace) -> int:
    """Import an attendance sheet into the event."""
    if not args.file.is_file():
        raise UserError(f"There is no file at {args.file}.")
    errors_to = OutputRequest(args.errors, args.force) if args.errors is not None else None
    report = services.event_files.import_attendance(args.event, args.file, import_options(args), errors_to=errors_to)
    counts = {"created": report.count("attendances_created"), "updated": report.count("attendances_updated")}
    if args.json:
        print_json({**report.to_json(), "attendances": counts})
        return 0
    what = "Dry run of" if report.batch is None else f"Import {report.batch}:"
    print(f"{what} {shown(report.file_name)}: {counted(report.rows, 'row')} — people {report.created:,} created, "
          f"{report.updated:,} updated, {report.unchanged:,} unchanged, {report.rejected:,} rejected; "
          f"attendances {counts['created']:,} recorded, {counts['updated']:,} updated")
    print_notices(report)
    print_row_issues(report)
    return 0
