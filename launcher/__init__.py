"""The `organizer` console command: the one place that knows both the command line and the app."""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; with no command, start the desktop app (Qt is loaded only then)."""
    try:
        return _main(argv)
    except KeyboardInterrupt:  # Ctrl-C while the app is still loading (a command catches its own)
        print("error: interrupted: nothing was changed.", file=sys.stderr)
        return 2


def _main(argv: Sequence[str] | None) -> int:
    # A frozen build starts the workbook reader's child process through this entry point:
    # freeze_support() runs that child's work and exits before any argument is parsed.
    multiprocessing.freeze_support()
    # The command line is imported here, not at the top: a child process the app spawns (the file reader)
    # runs this module again as its main module, and must not pay for importing the whole app.
    from organizer.cli import build_parser, run
    from organizer.files.scratch import sweep as sweep_scratch
    from organizer.logs import setup_logging

    setup_logging()
    sweep_scratch()  # what killed exports left in the app's private scratch folder
    args = build_parser().parse_args(argv)
    if args.command is not None:
        return run(args)
    from ui.app import run_app

    code: int = run_app(args.db)
    return code


if __name__ == "__main__":
    sys.exit(main())
