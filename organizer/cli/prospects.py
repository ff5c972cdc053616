"""Commands on the candidate pipeline: prospect add, move, list, show, note, next, check, reminders, export; office."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from organizer.cli.arguments import days_ahead, record_id
from organizer.cli.output import print_json, shown
from organizer.domain.codes import ProspectStage
from organizer.errors import UserError
from organizer.files.output import check_output
from organizer.services.container import Services, open_chapter
from organizer.services.person_input import PersonInput
from organizer.services.prospects_offices import OfficeInput
from organizer.services.prospects_rows import ProspectInput, ProspectRow, parse_stage, stage_names

STAGE_HELP = f"one of: {stage_names()}"


class WhichPerson(UserError):
    """A name that several people in the chapter share."""


def day(text: str) -> date:
    """A date as typed on the command line: YYYY-MM-DD (argparse type)."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write it as YYYY-MM-DD") from None


def add_commands(sub: argparse._SubParsersAction[Any]) -> None:
    """Register `prospect` and `office`."""
    prospect = sub.add_parser("prospect", help="the candidate pipeline: add, move, list and follow up prospects")
    psub = prospect.add_subparsers(dest="prospect_command", metavar="COMMAND", required=True)
    _add_command(psub)
    p = psub.add_parser("move", help="move a prospect to another stage (kept on its timeline with who and when)")
    p.add_argument("id", type=record_id, help="the prospect's id (from `prospect list`)")
    p.add_argument("stage", help=STAGE_HELP)
    p.add_argument("--note", default="", help="why, or what happened")
    p.add_argument("--by", default=None, help="who made the move (default: the chapter's user name or your account)")
    p.add_argument("--json", action="store_true", help="print the prospect as one JSON object")
    p.set_defaults(handler=cmd_move)
    p = psub.add_parser("list", help="list prospects in pipeline order")
    p.add_argument("--stage", default="", help=f"only prospects in this stage ({STAGE_HELP})")
    p.add_argument("--office", default="", help="only prospects for this office")
    p.add_argument("--json", action="store_true", help="print one JSON array")
    p.set_defaults(handler=cmd_list)
    p = psub.add_parser("show", help="show a prospect with its checklist and timeline")
    p.add_argument("id", type=record_id, help="the prospect's id")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=cmd_show)
    p = psub.add_parser("note", help="add a note to a prospect's timeline")
    p.add_argument("id", type=record_id, help="the prospect's id")
    p.add_argument("text", help="the note")
    p.add_argument("--by", default=None, help="who writes it")
    p.set_defaults(handler=cmd_note)
    p = psub.add_parser("next", help="set a prospect's next step and its due date (an empty step clears it)")
    p.add_argument("id", type=record_id, help="the prospect's id")
    p.add_argument("step", help="what happens next")
    p.add_argument("--due", type=day, default=None, help="when it is due (YYYY-MM-DD)")
    p.set_defaults(handler=cmd_next)
    p = psub.add_parser("check", help="tick (or with --undo untick) an item of a prospect's checklist")
    p.add_argument("id", type=record_id, help="the prospect's id")
    p.add_argument("item", help="the checklist item, e.g. \"References called\"")
    p.add_argument("--undo", action="store_true", help="untick it")
    p.set_defaults(handler=cmd_check)
    p = psub.add_parser("checklist", help="show the chapter's checklist items, or replace them with --item")
    p.add_argument("--item", action="append", default=[], help="an item, in order (repeatable; replaces all)")
    p.add_argument("--json", action="store_true", help="print one JSON array")
    p.set_defaults(handler=cmd_checklist)
    p = psub.add_parser("reminders", help="next steps and filing deadlines due soon or passed")
    p.add_argument("--days", type=days_ahead, default=14, help="how many days ahead to look (default 14)")
    p.add_argument("--json", action="store_true", help="print one JSON array")
    p.set_defaults(handler=cmd_reminders)
    p = psub.add_parser("export", help="export the pipeline (stages and dates, and every move) to .xlsx")
    p.add_argument("file", type=Path, help="the file to write, ending in .xlsx")
    p.add_argument("--force", action="store_true", help="replace the file if it exists (never a database)")
    p.add_argument("--json", action="store_true", help="print what was written as one JSON object")
    p.set_defaults(handler=cmd_export)
    _office_commands(sub)


def _add_command(psub: argparse._SubParsersAction[Any]) -> None:
    p = psub.add_parser("add", help="put a person in the pipeline (an existing person, or a new one by name)")
    p.add_argument("--person", default=None, metavar="UUID", help="the person's uuid (from `people list`)")
    p.add_argument("--given", default="", help="given name: a new person, or the one person of this name")
    p.add_argument("--family", default="", help="family name")
    p.add_argument("--office", required=True, help="the office sought, e.g. \"School Board\"")
    p.add_argument("--district", default="", help="district or seat")
    p.add_argument("--jurisdiction", default="", help="city, county or board")
    p.add_argument("--election", type=day, default=None, help="election day (YYYY-MM-DD)")
    p.add_argument("--filing-deadline", type=day, default=None, help="filing deadline (YYYY-MM-DD)")
    p.add_argument("--stage", default=ProspectStage.IDENTIFIED.value, help=f"{STAGE_HELP} (default identified)")
    p.add_argument("--next-step", default="", help="what happens next")
    p.add_argument("--due", type=day, default=None, help="when the next step is due (YYYY-MM-DD)")
    p.add_argument("--referral", default="", help="referral source: a member, self-nominated, a partner group")
    p.add_argument("--by", default=None, help="who adds them (recorded on the timeline)")
    p.add_argument("--json", action="store_true", help="print the prospect as one JSON object")
    p.set_defaults(handler=cmd_add)


def _office_commands(sub: argparse._SubParsersAction[Any]) -> None:
    office = sub.add_parser("office", help="the offices and elections the chapter follows")
    osub = office.add_subparsers(dest="office_command", metavar="COMMAND", required=True)
    p = osub.add_parser("add", help="add an office: its seat, filing window and election day")
    p.add_argument("--name", required=True, help="the office, e.g. \"School Board\"")
    p.add_argument("--seat", default="", help="the seat, e.g. \"Seat 3\"")
    p.add_argument("--district", default="", help="the district")
    p.add_argument("--jurisdiction", default="", help="city, county or board")
    p.add_argument("--election", type=day, default=None, help="election day (YYYY-MM-DD)")
    p.add_argument("--filing-opens", type=day, default=None, help="when filing opens (YYYY-MM-DD)")
    p.add_argument("--filing-closes", type=day, default=None, help="when filing closes (YYYY-MM-DD)")
    p.add_argument("--seats", type=int, default=1, help="how many seats are open (default 1)")
    p.add_argument("--json", action="store_true", help="print the office as one JSON object")
    p.set_defaults(handler=cmd_office_add)
    p = osub.add_parser("list", help="list the offices, with how many prospects seek each")
    p.add_argument("--open", action="store_true", help="only open seats with no prospect yet")
    p.add_argument("--json", action="store_true", help="print one JSON array")
    p.set_defaults(handler=cmd_office_list)


def _with(db_path: Path) -> Services:
    return open_chapter(db_path)


def _person_for(services: Services, args: argparse.Namespace) -> tuple[int, bool]:
    """The person named by --person, or by --given/--family (made when nobody has that name)."""
    if args.person:
        return services.records.person_id(args.person), False
    if not (args.given.strip() or args.family.strip()):
        raise UserError("Name the person: --person UUID, or --given and --family.")
    from organizer.domain.text import name_key
    from organizer.services.people import PeopleQuery

    wanted = name_key(args.given, args.family)  # as people are matched: "carlos garcia" is Carlos García
    ids = services.people.search_ids(PeopleQuery(text=f"{args.given} {args.family}"))
    same = [r.id for r in services.people.rows(ids[:200]) if name_key(r.given_name, r.family_name) == wanted]
    if len(same) > 1:
        raise WhichPerson(f"{len(same)} people are named {args.given.strip()} {args.family.strip()}: give --person "
                          "UUID (see `people list --search`).")
    if same:
        return same[0], False
    row = services.people.add(PersonInput(given_name=args.given, family_name=args.family, source="command line"))
    return row.id, True


def cmd_add(args: argparse.Namespace, db_path: Path) -> int:
    """Add a prospect; prints its id (or the prospect with --json)."""
    stage = parse_stage(args.stage).value  # before anything is written
    data = ProspectInput(office=args.office, jurisdiction=args.jurisdiction, district=args.district,
                         election_date=args.election, filing_deadline=args.filing_deadline, stage=stage,
                         next_step=args.next_step, next_step_due=args.due, referral_source=args.referral)
    from organizer.services.prospects_rows import check_prospect

    check_prospect(data)
    services = _with(db_path)
    try:
        found = services.offices.find(args.office, args.district)
        if found is not None and not args.election and not args.filing_deadline:
            data.office_id = found.id
        person_id, created = _person_for(services, args)
        row = services.prospects.add(person_id, data, by=args.by)
    finally:
        services.close()
    if args.json:
        print_json({**row.to_json(), "person_created": created})
    else:
        print(f"{row.id}\t{shown(row.name)}\t{shown(row.office_text)}\t{ProspectStage(row.stage).label}")
    return 0


def cmd_move(args: argparse.Namespace, db_path: Path) -> int:
    """Move a prospect; an unknown stage is one error line naming the stages."""
    stage = parse_stage(args.stage).value
    services = _with(db_path)
    try:
        row = services.prospects.move(args.id, stage, args.note, by=args.by)
    finally:
        services.close()
    if args.json:
        print_json(row.to_json())
    else:
        print(f"Moved {shown(row.name)} ({shown(row.office_text)}) to {ProspectStage(row.stage).label}")
    return 0


def cmd_list(args: argparse.Namespace, db_path: Path) -> int:
    """Prospects as JSON or one line each."""
    from organizer.services.prospects_rows import ProspectFilter

    stages = (parse_stage(args.stage).value,) if args.stage else ()
    services = _with(db_path)
    try:
        rows = services.prospects.rows(ProspectFilter(office=args.office, stages=stages))
    finally:
        services.close()
    if args.json:
        print_json([r.to_json() for r in rows])
        return 0
    print("Id\tName\tOffice\tStage\tNext step due\tFiling deadline\tElection")
    for r in rows:
        print("\t".join(shown(v) for v in (r.id, r.name, r.office_text, ProspectStage(r.stage).label,
                                             _d(r.next_step_due), _d(r.filing_deadline), _d(r.election_date))))
    return 0


def _d(value: date | None) -> str:
    return value.isoformat() if value else ""


def cmd_show(args: argparse.Namespace, db_path: Path) -> int:
    """One prospect with checklist and timeline."""
    services = _with(db_path)
    try:
        row, timeline = services.prospects.get(args.id), services.prospects.timeline(args.id)
    finally:
        services.close()
    if args.json:
        print_json({**row.to_json(), "timeline": [t.to_json() for t in timeline]})
        return 0
    for line in _show_lines(row):
        print(shown(line))
    for t in timeline:
        moved = ProspectStage(t.to_stage).label if t.to_stage != t.from_stage else "note"
        print(shown(f"  {t.changed_on.isoformat()}  {moved}  {t.changed_by}  {t.note}".rstrip()))
    return 0


def _show_lines(row: ProspectRow) -> list[str]:
    lines = [f"{row.name}: {row.office_text} ({ProspectStage(row.stage).label})"]
    for label, value in (("Election", _d(row.election_date)), ("Filing deadline", _d(row.filing_deadline)),
                         ("Next step", f"{row.next_step} {_d(row.next_step_due)}".strip()),
                         ("Organizer", row.organizer), ("Referral", row.referral_source),
                         ("Eligibility", row.eligibility_notes)):
        if value:
            lines.append(f"  {label}: {value}")
    lines += [f"  [{'x' if done else ' '}] {item}" for item, done in row.checklist]
    return [*lines, "Timeline:"]


def cmd_note(args: argparse.Namespace, db_path: Path) -> int:
    """A note on the timeline."""
    services = _with(db_path)
    try:
        services.prospects.add_note(args.id, args.text, by=args.by)
    finally:
        services.close()
    print("Noted.")
    return 0


def cmd_next(args: argparse.Namespace, db_path: Path) -> int:
    """Set the next step."""
    services = _with(db_path)
    try:
        row = services.prospects.set_next_step(args.id, args.step, args.due)
    finally:
        services.close()
    print(shown(f"Next step for {row.name}: {row.next_step or '(none)'} {_d(row.next_step_due)}".rstrip()))
    return 0


def cmd_check(args: argparse.Namespace, db_path: Path) -> int:
    """Tick or untick a checklist item."""
    services = _with(db_path)
    try:
        items = services.prospects.checklist_items()
        item = next((i for i in items if i.casefold() == args.item.strip().casefold()), None)
        if item is None:
            raise UserError(f"The checklist has no item {args.item.strip()!r}: the items are {', '.join(items)}.")
        row = services.prospects.check_item(args.id, item, not args.undo)
    finally:
        services.close()
    print(shown(f"{'Unticked' if args.undo else 'Ticked'} {item} for {row.name}"))
    return 0


def cmd_checklist(args: argparse.Namespace, db_path: Path) -> int:
    """The chapter's checklist items (replaced when --item is given)."""
    services = _with(db_path)
    try:
        items = (services.prospects.set_checklist_items(args.item) if args.item
                 else services.prospects.checklist_items())
    finally:
        services.close()
    if args.json:
        print_json(items)
    else:
        for item in items:
            print(shown(item))
    return 0


def cmd_reminders(args: argparse.Namespace, db_path: Path) -> int:
    """Deadlines coming up."""
    services = _with(db_path)
    try:
        reminders = services.prospects.reminders(within=max(0, args.days))
    finally:
        services.close()
    if args.json:
        print_json([r.to_json() for r in reminders])
        return 0
    if not reminders:
        print(f"Nothing due in the next {max(0, args.days)} days.")
    for r in reminders:
        when = f"{-r.days} days overdue" if r.days < 0 else "today" if r.days == 0 else f"in {r.days} days"
        print(shown(f"{r.due.isoformat()}  {when:>16}  {r.title}  {r.detail}".rstrip()))
    return 0


def cmd_export(args: argparse.Namespace, db_path: Path) -> int:
    """Export the pipeline to .xlsx."""
    from organizer.services.prospects_export import EXPORT_SUFFIXES, export_pipeline

    check_output(args.file, EXPORT_SUFFIXES, force=args.force, protect=[db_path])
    services = _with(db_path)
    try:
        result = export_pipeline(services.db, services.prospects, args.file, force=args.force, protect=[db_path])
    finally:
        services.close()
    if args.json:
        print_json(result.to_json())
    else:
        print(f"Exported {result.prospects:,} prospects and {result.moves:,} moves to {shown(args.file)}")
    return 0


def cmd_office_add(args: argparse.Namespace, db_path: Path) -> int:
    """Add an office to the catalog."""
    data = OfficeInput(name=args.name, seat=args.seat, jurisdiction=args.jurisdiction, district=args.district,
                       election_date=args.election, filing_opens=args.filing_opens, filing_closes=args.filing_closes,
                       open_seats=args.seats)
    services = _with(db_path)
    try:
        row = services.offices.add(data)
    finally:
        services.close()
    if args.json:
        print_json(row.to_json())
    else:
        print(f"{row.id}\t{shown(row.title)}")
    return 0


def cmd_office_list(args: argparse.Namespace, db_path: Path) -> int:
    """The offices."""
    services = _with(db_path)
    try:
        rows = services.offices.uncontested() if args.open else services.offices.rows()
    finally:
        services.close()
    if args.json:
        print_json([r.to_json() for r in rows])
        return 0
    print("Id\tOffice\tElection\tFiling closes\tProspects")
    for r in rows:
        print("\t".join(shown(v) for v in (r.id, r.title, _d(r.election_date), _d(r.filing_closes), r.prospects)))
    return 0
