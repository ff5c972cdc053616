"""The `dashboard` command: the chapter's figures, as on the app's home screen."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from organizer.cli.output import print_json, shown
from organizer.services.container import open_chapter
from organizer.services.dashboard import Panel


def add_commands(sub: argparse._SubParsersAction[Any]) -> None:
    """Register `dashboard`."""
    p = sub.add_parser("dashboard",
                       help="the chapter's figures: people, events, petitions, pipeline, what needs attention")
    p.add_argument("--json", action="store_true", help="print one JSON object, one key per panel")
    p.add_argument("--pdf", type=Path, default=None, metavar="FILE.pdf",
                   help="also write a one-page summary for a meeting agenda to this .pdf")
    p.add_argument("--force", action="store_true", help="with --pdf: replace the file if it exists (never a database)")
    p.set_defaults(handler=cmd_dashboard)


def cmd_dashboard(args: argparse.Namespace, db_path: Path) -> int:
    """Print every panel's figures."""
    from organizer.files.output import check_output
    from organizer.services.dashboard_pdf import PDF_SUFFIXES, write_summary

    if args.pdf is not None:
        check_output(args.pdf, PDF_SUFFIXES, force=args.force, protect=[db_path])  # before any work
    services = open_chapter(db_path)
    try:
        board = services.dashboard.build()
        chapter = services.settings.chapter_name()
    finally:
        services.close()
    if args.pdf is not None:
        write_summary(board, chapter, args.pdf, force=args.force, protect=[db_path])
        if not args.json:
            print(f"Wrote the chapter summary to {shown(args.pdf)}")
            return 0
    if args.json:
        print_json(board.to_json())
        return 0
    for panel in board.panels:
        for line in panel_lines(panel):
            print(shown(line))
    return 0


def panel_lines(panel: Panel) -> list[str]:
    """A panel as short text lines."""
    if panel.unavailable:
        return [f"{panel.title}: could not be read (see the log)", ""]
    if panel.empty:
        return [f"{panel.title}: nothing yet", ""]
    lines = [f"{panel.title}:"]
    for key, value in panel.figures.items():
        if isinstance(value, int | float | str):
            lines.append(f"  {key.replace('_', ' ')}: {value}")
        elif isinstance(value, dict):
            shown_items = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in value.items() if v)
            lines.append(f"  {key.replace('_', ' ')}: {shown_items or 'none'}")
        elif isinstance(value, list) and value and isinstance(value[0], dict) and ("title" in value[0]
                                                                                   or "text" in value[0]):
            lines += [f"  - {item.get('text') or item.get('title')}" for item in value]
        elif isinstance(value, list) and value and isinstance(value[0], str):
            lines.append(f"  {key.replace('_', ' ')}: {'; '.join(value)}")
    return [*lines, ""]
