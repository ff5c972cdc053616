"""Parsing, dispatch and the error contract: exit 0 on success, 2 with one `error:` line otherwise."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from organizer import __version__
from organizer.cli import (
    backup,
    chapter,
    dashboard,
    events,
    imports,
    people,
    petitions,
    prospects,
    review,
    share,
    upgrade,
    voters,
    walklists,
)
from organizer.cli.arguments import not_text, resolve_database
from organizer.cli.output import print_error
from organizer.errors import explain
from organizer.files.scratch import sweep as sweep_scratch
from organizer.logs import setup_logging
from organizer.storage.database import committed_writes

log = logging.getLogger(__name__)
EXIT_OK, EXIT_BUG, EXIT_BAD_INPUT = 0, 1, 2
DB_HELP = ("the chapter database: a file, or a server's postgresql://USER@HOST:PORT/DATABASE "
           "(default: ORGANIZER_DB or per-user)")


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors follow the `error:` one-line contract."""

    def error(self, message: str) -> NoReturn:
        print_error(f"{message} (see '{self.prog} --help')")  # the message may quote what was typed
        raise SystemExit(EXIT_BAD_INPUT)


def build_parser() -> argparse.ArgumentParser:
    """The whole command tree."""
    parser = Parser(
        prog="organizer",
        description="Chapter Organizer: people, volunteers, petitions, events and walk lists "
        "for local chapters. With no command, starts the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"organizer {__version__}")
    parser.add_argument("--db", metavar="PATH|URL", help=DB_HELP)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    chapter.add_commands(sub)
    people.add_commands(sub)
    imports.add_commands(sub)
    backup.add_commands(sub)
    review.add_commands(sub)
    voters.add_commands(sub)
    events.add_commands(sub)
    walklists.add_commands(sub)
    upgrade.add_commands(sub)
    petitions.add_commands(sub)
    share.add_commands(sub)  # after imports: it adds `import share`
    prospects.add_commands(sub)
    dashboard.add_commands(sub)
    _db_after_commands(sub)
    return parser


def _db_after_commands(sub: argparse._SubParsersAction[Any]) -> None:
    """Let every command take --db after its name too (`organizer stats --db chapter.db`)."""
    for command in set(sub.choices.values()):
        # SUPPRESS: a command's --db is set only when given, so it never hides one given before it.
        command.add_argument("--db", metavar="PATH|URL", default=argparse.SUPPRESS, help=DB_HELP)
        for action in command._actions:
            if isinstance(action, argparse._SubParsersAction):
                _db_after_commands(action)


def run(args: argparse.Namespace) -> int:
    """Run a parsed command: a user error is one `error:` line and exit 2, a bug is logged and exit 1."""
    bad = not_text(args)
    if bad is not None:
        print_error(f"The value of {bad.replace('_', '-')} is not text (its bytes are not UTF-8): "
                    "type it again, or rename the file to a UTF-8 name.")
        return EXIT_BAD_INPUT
    writes_before = committed_writes()
    try:
        db_path = resolve_database(args.db)  # a file's Path, or a server database (its URL)
        code: int = args.handler(args, db_path)
        return code
    except BrokenPipeError:
        # The reader went away (`organizer people list --json | head`): stop quietly, as other tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BUG
    except KeyboardInterrupt:
        print_error("interrupted: nothing was changed." if committed_writes() == writes_before else
                    "interrupted after saving to the chapter database: what was saved is kept, but a file "
                    "the command was writing may be missing.")
        return EXIT_BAD_INPUT
    except Exception as exc:
        explained = explain(exc)
        if not explained.user_error:
            log.exception("Unexpected error in command %s", args.command)
        print_error(explained.message)
        return EXIT_BAD_INPUT if explained.user_error else EXIT_BUG


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for commands (the desktop app starts from launcher)."""
    setup_logging()
    sweep_scratch()  # what killed exports left in the app's private scratch folder
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_OK
    return run(args)
