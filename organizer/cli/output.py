"""Printing results: JSON for scripts, short plain text for people."""

from __future__ import annotations

import json
import sys
from typing import Any

from organizer.errors import one_line


def print_json(value: Any) -> None:
    """One JSON value on stdout."""
    json.dump(value, sys.stdout, ensure_ascii=False, indent=None, default=str)
    sys.stdout.write("\n")


def print_error(message: str) -> None:
    """The one `error:` line on stderr (the message folded onto one line)."""
    sys.stderr.write(f"error: {one_line(message)}\n")


def print_warning(message: str) -> None:
    """A `warning:` line on stderr: something failed, but the command did what its exit code says."""
    sys.stderr.write(f"warning: {one_line(message)}\n")


def print_lines(lines: list[str]) -> None:
    """Plain lines on stdout."""
    for line in lines:
        print(line)


def print_counts(counts: dict[str, Any]) -> None:
    """Aligned "name  value" lines."""
    width = max((len(k) for k in counts), default=0)
    for key, value in counts.items():
        print(f"{key.replace('_', ' '):<{width}}  {value}")
