"""Where the chapter database and logs live (platformdirs, --db and ORGANIZER_DB), and files only their user reads."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import platformdirs

APP_NAME = "ChapterOrganizer"
DB_ENV = "ORGANIZER_DB"
PRIVATE_FILE = 0o600
"""Mode of every file the app creates (databases, backups, exports, reports, logs): the user's alone."""
PRIVATE_FOLDER = 0o700
"""Mode of every folder the app makes for itself (data, backups, logs)."""


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


def private_folder(path: Path) -> Path:
    """Make (if needed) one of the app's own folders, readable by the user only whatever the umask.

    Only for folders the app owns (its data, backups and log folders): an existing one is tightened
    too, since earlier versions made them readable by everyone. Folders above it keep their modes.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    path.mkdir(mode=PRIVATE_FOLDER, exist_ok=True)
    with contextlib.suppress(PermissionError):  # one the user shares but does not own stays as it is
        make_private(path, PRIVATE_FOLDER)
    return path


def folder_for_new_file(path: Path) -> Path:
    """Make the folder a new file of the app's goes in (a chapter database, the demo chapter).

    Every folder made for it is readable by the user only whatever the umask, made one level at a
    time so none is left to the umask; the per-user data folder is tightened too. A folder of the
    user's that already exists keeps its mode.
    """
    folder = path.parent
    missing = []
    probe = folder
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for made in reversed(missing):
        private_folder(made)
    if folder == data_dir():
        private_folder(folder)
    return folder


def create_private_file(path: Path) -> int:
    """Create a new file (never an existing one) readable by the user only; returns its open descriptor.

    The mode is set again after creating, so a umask can neither widen nor narrow it.
    """
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, PRIVATE_FILE)
    try:
        make_private(path, PRIVATE_FILE)
    except BaseException:
        os.close(fd)
        raise
    return fd


def make_private(path: Path, mode: int = PRIVATE_FILE) -> None:
    """Set a file's or folder's mode; where the system has no such modes (Windows) there is nothing to do."""
    if os.name == "posix":
        os.chmod(path, mode)
