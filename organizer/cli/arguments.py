"""Argument types and checks shared by the commands: every bad argument is one `error:` line, exit 2."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from pathlib import Path, PurePath
from typing import Any

from organizer.errors import UserError
from organizer.paths import DB_ENV, resolve_database_path
from organizer.storage.server import ServerDatabase, is_server_url

ID_MAX = 2**31 - 1  # a server's id columns hold 32 bits: no record has a larger id, on any database
"""The largest id SQLite stores (a signed 64-bit integer)."""


def resolve_database(cli_value: str | None) -> Path | ServerDatabase:
    """The chapter database: --db first, then ORGANIZER_DB, then the per-user default file.

    A ``postgresql://`` URL names a server database (its password, if the URL holds one, is never
    printed); anything else is a file path.
    """
    if cli_value is not None and not cli_value.strip():
        raise UserError("--db is empty: give the chapter database's file or server URL (an empty value never "
                        "stands for the default database).")
    if cli_value is None and DB_ENV in os.environ and not os.environ[DB_ENV].strip():
        raise UserError(f"{DB_ENV} is set but empty: set it to the chapter database's file or server URL, or "
                        "unset it to use the default database.")
    given = cli_value or os.environ.get(DB_ENV, "").strip()
    if given and is_server_url(given):
        return ServerDatabase(given)
    return resolve_database_path(cli_value)


MAX_DAYS_AHEAD = 3660  # ten years: a look further ahead is a typing slip


def days_ahead(text: str) -> int:
    """A number of days to look ahead, as typed: a whole number from 0 to MAX_DAYS_AHEAD (argparse type)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days") from None
    if not 0 <= value <= MAX_DAYS_AHEAD:
        raise argparse.ArgumentTypeError(f"{text!r} days: look from 0 to {MAX_DAYS_AHEAD:,} days ahead")
    return value


def chosen(text: str) -> str:
    """What a filter option chooses, as typed: never empty, since an unset shell variable would choose everyone
    (argparse type)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("is empty, which would choose everyone: give a value, or leave the option out")
    return text


def record_id(text: str) -> int:
    """An id as typed on the command line: a whole number from 1 to ID_MAX (argparse type)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 1 <= value <= ID_MAX:
        raise argparse.ArgumentTypeError(f"there is no record with id {text!r} (ids are whole numbers from 1 to "
                                         f"{ID_MAX:,})")
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
