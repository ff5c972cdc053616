"""Argument types and checks shared by the commands: every bad argument is one `error:` line, exit 2."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import PurePath
from typing import Any

ID_MAX = 2**63 - 1
"""The largest id SQLite stores (a signed 64-bit integer)."""


def record_id(text: str) -> int:
    """An id as typed on the command line: a whole number from 1 to ID_MAX (argparse type)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 1 <= value <= ID_MAX:
        raise argparse.ArgumentTypeError(f"{text!r} is not an id (ids are whole numbers from 1 up)")
    return value


def not_text(args: argparse.Namespace) -> str | None:
    """The name of the first argument holding bytes that are not text, or None.

    Python keeps argument bytes that are not UTF-8 as lone surrogates ("\\udcff"): such a value can
    be neither stored, searched nor printed, so the command refuses it.
    """
    for name, value in vars(args).items():
        if name == "handler":
            continue
        for text in _texts(value):
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                return name
    return None


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, PurePath):
        yield str(value)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)
