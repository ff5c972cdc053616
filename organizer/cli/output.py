"""Printing results: JSON for scripts, short plain text for people; nothing a terminal would act on."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from organizer.domain.safe_text import for_terminal
from organizer.errors import one_line

# What json.dumps leaves raw (it escapes only C0 controls) but a terminal may act on: DEL, the C1
# controls and the bidirectional controls. Escaped as \uXXXX, the JSON stays valid and means the same.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def shown(value: object) -> str:
    """A value as printed in text output: escape sequences, other controls and bidi overrides escaped."""
    return for_terminal(str(value))


def json_text(value: Any) -> str:
    """One JSON value as text that is safe to print on a terminal."""
    text = json.dumps(value, ensure_ascii=False, indent=None, default=str)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def print_json(value: Any) -> None:
    """One JSON value on stdout."""
    sys.stdout.write(json_text(value))
    sys.stdout.write("\n")


def print_error(message: str) -> None:
    """The one `error:` line on stderr (the message folded onto one line, controls escaped)."""
    sys.stderr.write(f"error: {for_terminal(one_line(message))}\n")


def print_warning(message: str) -> None:
    """A `warning:` line on stderr: something failed, but the command did what its exit code says."""
    sys.stderr.write(f"warning: {for_terminal(one_line(message))}\n")


def print_lines(lines: list[str]) -> None:
    """Plain lines on stdout (each escaped whole: tabs and newlines in a line are shown, not acted on)."""
    for line in lines:
        print(shown(line))


def print_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Tab-separated lines under a header row, each cell escaped on its own (a tab inside a value is shown,
    the tabs between values are real), so scripts and spreadsheets can split them."""
    print("\t".join(header))
    for row in rows:
        print("\t".join(shown("" if value is None else value) for value in row))


def print_counts(counts: dict[str, Any]) -> None:
    """Aligned "name  value" lines."""
    width = max((len(k) for k in counts), default=0)
    for key, value in counts.items():
        print(f"{shown(key.replace('_', ' ')):<{width}}  {shown(value)}")
