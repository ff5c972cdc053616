"""Backup commands: list a database's backups, restore one."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from organizer.cli.output import print_json, shown
from organizer.services.backups import list_backups, restore_backup


def add_commands(sub: argparse._SubParsersAction[Any]) -> None:
    """Register `backup list|restore`."""
    group = sub.add_parser("backup", help="list the database's backups, or restore one")
    bsub = group.add_subparsers(dest="backup_command", metavar="COMMAND", required=True)
    p = bsub.add_parser("list", help="list the backups of the database, newest first")
    p.add_argument("--json", action="store_true", help="print one JSON list")
    p.set_defaults(handler=cmd_list)
    p = bsub.add_parser("restore", help="restore a backup (the current database is kept as a backup first)")
    p.add_argument("file", type=Path, metavar="FILE", help="the backup to restore (see 'organizer backup list')")
    p.add_argument("--other-chapter", action="store_true",
                   help="restore it even though it is a backup of another chapter (this chapter is kept as a backup)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=cmd_restore)


def cmd_list(args: argparse.Namespace, db_path: Path) -> int:
    """List the backups; works on a damaged database too (it is not opened)."""
    rows = list_backups(db_path)
    if args.json:
        print_json([row.to_json() for row in rows])
        return 0
    if not rows:
        print(f"No backups of {shown(db_path)} yet: one is taken before every import.")
        return 0
    for row in rows:
        state = "ok" if row.ok else "DAMAGED"
        print(f"{row.created.astimezone():%Y-%m-%d %H:%M:%S}\t{row.reason}\t{row.size / 1_000_000:.1f} MB\t"
              f"{state}\t{shown(row.path)}")
    return 0


def cmd_restore(args: argparse.Namespace, db_path: Path) -> int:
    """Restore a checked backup into the database, keeping the database as it was."""
    done = restore_backup(db_path, args.file, other_chapter=args.other_chapter)
    if args.json:
        print_json(done.to_json())
        return 0
    print(f"Restored {shown(done.database)} from {shown(done.restored_from)}.")
    if done.kept is not None:
        print(f"The database as it was is kept at {shown(done.kept)}")
    return 0
