"""Where the chapter database and logs live: platformdirs, with --db and ORGANIZER_DB overrides."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "ChapterOrganizer"
DB_ENV = "ORGANIZER_DB"


def data_dir() -> Path:
    """The per-user data folder."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    """The per-user log folder."""
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def default_database_path() -> Path:
    """The database used when neither --db nor ORGANIZER_DB names one."""
    return data_dir() / "chapter.db"


def resolve_database_path(cli_value: str | None) -> Path:
    """The database path: --db first, then ORGANIZER_DB, then the per-user default."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get(DB_ENV, "").strip()
    if env:
        return Path(env).expanduser()
    return default_database_path()
