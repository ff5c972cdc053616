"""Review commands: the conflicts and possible duplicates imports kept aside, merges and their undo."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from organizer.cli.arguments import record_id
from organizer.cli.output import print_json, shown
from organizer.errors import UserError
from organizer.services.container import Services, open_chapter
from organizer.services.merge_fields import FIELD_NAMES, OTHER

JSON_HELP = "print JSON instead of text"
ACTION_HELP = {
    "keep": "keep the stored value (the import's value is set aside for good)",
    "take": "take the value the import brought in place of the stored one",
    "both": "keep both: a second email or phone, a second custom field, or a line in the notes",
}


def add_commands(sub: argparse._SubParsersAction[Any]) -> None:
    """Register `review conflicts|duplicates|merge|keep|take|both|not-same|merges|undo-merge`."""
    group = sub.add_parser("review", help="review what imports kept aside: conflicts and possible duplicates")
    rsub = group.add_subparsers(dest="review_command", metavar="COMMAND", required=True)
    p = rsub.add_parser("conflicts", help="list the values imports kept aside rather than overwrite")
    p.add_argument("--json", action="store_true", help="print one JSON array")
    p.set_defaults(handler=cmd_conflicts)
    p = rsub.add_parser("duplicates", help="list pairs of people who may be the same person")
    p.add_argument("--json", action="store_true", help="print one JSON array")
    p.set_defaults(handler=cmd_duplicates)
    for action, text in ACTION_HELP.items():
        p = rsub.add_parser(action, help=f"resolve a conflict: {text}")
        p.add_argument("conflict_id", type=record_id, metavar="ID", help="the conflict's id (see 'review conflicts')")
        p.add_argument("--json", action="store_true", help=JSON_HELP)
        p.set_defaults(handler=cmd_resolve, action=action)
    p = rsub.add_parser("not-same", help="two people proposed as duplicates are different: never propose them again")
    p.add_argument("duplicate_id", type=record_id, metavar="ID", help="the pair's id (see 'review duplicates')")
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.set_defaults(handler=cmd_not_same)
    _merge_commands(rsub)


def _merge_commands(rsub: argparse._SubParsersAction[Any]) -> None:
    p = rsub.add_parser("merge", help="merge two people: the first survives, the second's records all move to them")
    p.add_argument("keep", metavar="KEEP_UUID", help="the uuid of the person who stays")
    p.add_argument("other", metavar="OTHER_UUID", help="the uuid of the person merged into them (it becomes an alias)")
    p.add_argument("--take", action="append", default=[], metavar="FIELD", choices=FIELD_NAMES,
                   help="keep the second person's value of this field (repeatable); otherwise the first's "
                        f"where present, else the second's. Fields: {', '.join(FIELD_NAMES)}")
    p.add_argument("--yes", action="store_true", help="merge without asking (needed when not run from a terminal)")
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.set_defaults(handler=cmd_merge)
    p = rsub.add_parser("merges", help="list the merges made, newest first (their ids undo them)")
    p.add_argument("--json", action="store_true", help="print one JSON array")
    p.set_defaults(handler=cmd_merges)
    p = rsub.add_parser("undo-merge", help="undo a merge: the merged person comes back with their uuid and records")
    p.add_argument("merge_id", type=record_id, metavar="MERGE_ID", help="the merge's id (see 'review merges')")
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.set_defaults(handler=cmd_undo_merge)


@contextmanager
def _chapter(db_path: Path) -> Iterator[Services]:
    services = open_chapter(db_path)
    try:
        yield services
    finally:
        services.close()


def _table(header: str, rows: list[str]) -> None:
    print(header)
    for row in rows:
        print(row)


def cmd_conflicts(args: argparse.Namespace, db_path: Path) -> int:
    """List open conflicts."""
    with _chapter(db_path) as services:
        rows = services.review.conflicts()
    if args.json:
        print_json([r.to_json() for r in rows])
        return 0
    _table("ID\tPERSON\tFIELD\tSTORED\tINCOMING\tBATCH\tUUID", [
        "\t".join(shown(v) for v in (r.id, r.person_name, r.field, r.existing, r.incoming, r.batch_id or "",
                                     r.person_uuid)) for r in rows])
    return 0


def cmd_duplicates(args: argparse.Namespace, db_path: Path) -> int:
    """List open possible duplicates."""
    with _chapter(db_path) as services:
        rows = services.review.duplicates()
    if args.json:
        print_json([r.to_json() for r in rows])
        return 0
    _table("ID\tPERSON\tOTHER\tREASON\tSCORE\tUUID\tOTHER UUID", [
        "\t".join(shown(v) for v in (r.id, r.person_name, r.other_name, r.reason, f"{r.score:.0f}", r.person_uuid,
                                     r.other_uuid)) for r in rows])
    return 0


def cmd_resolve(args: argparse.Namespace, db_path: Path) -> int:
    """Keep, take or keep both for one conflict."""
    with _chapter(db_path) as services:
        row = services.review.resolve_conflict(args.conflict_id, args.action)
    if args.json:
        print_json({**row.to_json(), "resolved": args.action})
        return 0
    done = {"keep": "Kept the stored", "take": "Took the incoming", "both": "Kept both values of"}[args.action]
    print(f"{done} {shown(row.field_label.lower())} of {shown(row.person_name)} (conflict {row.id}).")
    return 0


def cmd_not_same(args: argparse.Namespace, db_path: Path) -> int:
    """Tell two people apart for good."""
    with _chapter(db_path) as services:
        row = services.review.not_same(args.duplicate_id)
    if args.json:
        print_json({**row.to_json(), "status": "not_same"})
        return 0
    print(f"{shown(row.person_name)} and {shown(row.other_name)} are different people: "
          "they will not be proposed again.")
    return 0


def cmd_merge(args: argparse.Namespace, db_path: Path) -> int:
    """Merge the second person into the first, after asking (or with --yes)."""
    with _chapter(db_path) as services:
        review = services.review
        keep, other = review.person_id(args.keep), review.person_id(args.other)
        preview = review.preview(keep, other)
        if not args.yes:
            _confirm(f"Merge {preview.other.name} ({preview.other.uuid}) into {preview.survivor.name} "
                     f"({preview.survivor.uuid})?", input)
        result = review.merge(keep, other, dict.fromkeys(args.take, OTHER))
    if args.json:
        print_json({"merge_id": result.merge_id, "survivor_uuid": result.survivor_uuid,
                    "merged_uuid": result.merged_uuid, "moved": result.moved, "dropped": result.dropped})
        return 0
    print(f"Merged {shown(preview.other.name)} into {shown(preview.survivor.name)} (merge {result.merge_id}): "
          f"{_count(result.moved, 'record')} moved, {_count(result.dropped, 'copy', 'copies')} dropped. "
          f"'review undo-merge {result.merge_id}' undoes it.")
    return 0


def _count(n: int, one: str, many: str = "") -> str:
    return f"{n:,} {one if n == 1 else many or one + 's'}"


def _confirm(question: str, ask: Callable[[str], str]) -> None:
    """Ask on a terminal; refuse when no one can answer."""
    if not sys.stdin.isatty():
        raise UserError("Not merging without confirmation: add --yes to merge when not running in a terminal.")
    answer = ask(f"{shown(question)} [y/N] ").strip().lower()
    if answer not in ("y", "yes"):
        raise UserError("Not merged: nothing was changed.")


def cmd_merges(args: argparse.Namespace, db_path: Path) -> int:
    """List merges, newest first."""
    with _chapter(db_path) as services:
        rows = services.review.merges()
    if args.json:
        print_json([r.to_json() for r in rows])
        return 0
    _table("ID\tMERGED AT\tKEPT\tMERGED\tSTATE\tMERGED UUID", [
        "\t".join(shown(v) for v in (r.id, f"{r.merged_at:%Y-%m-%d %H:%M}", r.survivor_name, r.merged_name,
                                     "undone" if r.undone_at else "merged", r.merged_uuid)) for r in rows])
    return 0


def cmd_undo_merge(args: argparse.Namespace, db_path: Path) -> int:
    """Undo one merge."""
    with _chapter(db_path) as services:
        result = services.review.undo_merge(args.merge_id)
    if args.json:
        print_json({"merge_id": result.merge_id, "restored_uuid": result.restored_uuid})
        return 0
    print(f"Undid merge {result.merge_id}: the merged person is back ({shown(result.restored_uuid)}).")
    return 0
