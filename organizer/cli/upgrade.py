"""`organizer --db URL upgrade`: bring a chapter database's schema up to this version (an administrator's act
on a shared server database, which the app and the other commands refuse to upgrade themselves)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from organizer.cli.output import print_json, shown
from organizer.storage.location import DatabaseLocation, location_of
from organizer.storage.migrate import current_revision, head_revision
from organizer.storage.opening import open_database


def add_commands(sub: argparse._SubParsersAction[Any]) -> None:
    """Register `upgrade`."""
    p = sub.add_parser("upgrade", help="upgrade the database's schema to this version (in one transaction)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=cmd_upgrade)


def cmd_upgrade(args: argparse.Namespace, db_path: Path | DatabaseLocation) -> int:
    """Upgrade (a file is backed up first; a server database is upgraded whole or not at all)."""
    location = location_of(db_path)
    before = _revision_before(location)
    db = open_database(location, upgrade_server=True)
    try:
        after = current_revision(db.engine)
    finally:
        db.close()
    if args.json:
        print_json({"database": location.label, "from": before, "to": after, "upgraded": before != after})
        return 0
    if before == after:
        print(f"{shown(location.label)} is already at the newest schema ({after}).")
    else:
        print(f"Upgraded {shown(location.label)} from schema {before} to {head_revision()}.")
    return 0


def _revision_before(location: DatabaseLocation) -> str | None:
    location.check_header()
    probe = getattr(location, "probe_revision", None)
    return str(probe()) if probe is not None else None
