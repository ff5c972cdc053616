"""Open or create a chapter database file, refusing anything that is not one of ours."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy.exc import DatabaseError, OperationalError

from organizer.errors import DatabaseProblem
from organizer.storage.database import BUSY_MESSAGE, Database, translate_operational_error
from organizer.storage.engine import BUSY_TIMEOUT_MS, create_engine, sqlite_url
from organizer.storage.migrate import upgrade
from organizer.storage.models import Setting

SQLITE_MAGIC = b"SQLite format 3\x00"
CHAPTER_NAME_KEY = "chapter_name"


def create_database(path: Path, settings: dict[str, str]) -> Database:
    """Create a new chapter database at `path`; refuses to touch an existing file."""
    path = path.expanduser()
    if path.exists():
        raise DatabaseProblem(f"{path} already exists: choose another file name, or open it instead.")
    _check_folder(path.parent)
    db = Database(create_engine(sqlite_url(path)), path)
    try:
        upgrade(db.engine, path)
        with db.write() as session:
            for key, value in settings.items():
                session.add(Setting(key=key, value=value))
    except BaseException:
        db.close()
        remove_database_files(path)
        raise
    return db


def remove_database_files(path: Path) -> None:
    """Delete a database file and its WAL companions (only for one this process just made)."""
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)


def open_database(path: Path) -> Database:
    """Open an existing chapter database, upgrading its schema (after a backup) when needed."""
    path = path.expanduser()
    _check_existing_file(path)
    _check_is_chapter(path)
    db = Database(create_engine(sqlite_url(path)), path)
    try:
        upgrade(db.engine, path)
    except OperationalError as exc:
        db.close()
        raise translate_operational_error(exc) from exc
    except DatabaseError as exc:
        db.close()
        raise _not_ours(path) from exc
    except BaseException:
        db.close()
        raise
    return db


def _check_folder(folder: Path) -> None:
    if not folder.is_dir():
        raise DatabaseProblem(f"The folder {folder} does not exist: create it first or choose another place.")
    if not os.access(folder, os.W_OK):
        raise DatabaseProblem(f"The folder {folder} is read-only: choose a folder you can write to.")


def _check_existing_file(path: Path) -> None:
    if path.is_dir():
        raise DatabaseProblem(f"{path} is a folder, not a chapter database file.")
    if not path.exists():
        raise DatabaseProblem(
            f"There is no chapter database at {path}: create one with "
            f"'organizer --db \"{path}\" init --chapter NAME'."
        )
    try:
        with path.open("rb") as fh:
            magic = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise DatabaseProblem(f"{path} cannot be read ({exc.strerror}).") from exc
    if magic != SQLITE_MAGIC:
        raise _not_ours(path)
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise DatabaseProblem(
            f"{path} is read-only (or its folder is): copy it to a folder you can write to and open the copy."
        )


def _check_is_chapter(path: Path) -> None:
    """Look inside read-only first: a foreign file must not be touched (not even switched to WAL)."""
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise DatabaseProblem(f"{path} cannot be opened ({exc}).") from exc
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "settings" not in tables or "alembic_version" not in tables:
            raise _not_ours(path)
        row = con.execute("SELECT value FROM settings WHERE key = ?", (CHAPTER_NAME_KEY,)).fetchone()
        if row is None:
            raise _not_ours(path)
    except sqlite3.DatabaseError as exc:
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            raise DatabaseProblem(BUSY_MESSAGE) from exc
        raise _not_ours(path) from exc
    finally:
        con.close()


def _not_ours(path: Path | None) -> DatabaseProblem:
    return DatabaseProblem(f"{path} is not a Chapter Organizer database (or it is damaged).")
