"""The `organizer` command line: argument parsing over the services, nothing more."""

from organizer.cli.main import build_parser, main, run

__all__ = ["build_parser", "main", "run"]
