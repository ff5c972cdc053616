"""Commands on a whole chapter database: init, demo, stats."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from organizer.cli.output import print_counts, print_json, shown
from organizer.paths import default_database_path, private_folder
from organizer.services.container import create_chapter, create_demo_chapter, open_chapter

DEMO_SEED = 7


def add_commands(sub: argparse._SubParsersAction[Any]) -> None:
    """Register init, demo and stats."""
    p = sub.add_parser("init", help="create a new chapter database")
    p.add_argument("--chapter", required=True, help="the chapter's name")
    p.add_argument("--region", default="US", help="default phone region, e.g. US, CA, GB (default US)")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("demo", help="fill a database with realistic demo data (creates it if missing)")
    p.add_argument("--seed", type=int, default=DEMO_SEED)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("stats", help="count everything in the database")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_stats)


def cmd_init(args: argparse.Namespace, db_path: Path) -> int:
    """Create a chapter database; refuses an existing file."""
    if db_path == default_database_path():
        private_folder(db_path.parent)  # the per-user data folder is made on first use
    services = create_chapter(db_path, args.chapter, args.region)
    services.close()
    print(f"Created the chapter database for {shown(args.chapter.strip())} at {shown(db_path)}")
    return 0


def cmd_demo(args: argparse.Namespace, db_path: Path) -> int:
    """Fill a new or empty chapter with demo data (a chapter with people is refused); prints the counts."""
    from organizer.services.demo import fill_demo

    if db_path.exists():
        services = open_chapter(db_path)
        try:
            fill_demo(services.db, seed=args.seed)
        except BaseException:
            services.close()
            raise
    else:
        services = create_demo_chapter(db_path, seed=args.seed)
    try:
        counts = services.stats.counts()
    finally:
        services.close()
    if args.json:
        print_json(counts)
    else:
        print_counts(counts)
    return 0


def cmd_stats(args: argparse.Namespace, db_path: Path) -> int:
    """Print counts of every kind of record."""
    services = open_chapter(db_path)
    try:
        counts = services.stats.counts()
    finally:
        services.close()
    if args.json:
        print_json(counts)
    else:
        print_counts(counts)
    return 0
