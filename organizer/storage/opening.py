"""Open or create a chapter database, refusing anything that is not one of ours."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.exc import DBAPIError

from organizer.storage.backup_files import newest_sound_backup
from organizer.storage.database import Database
from organizer.storage.integrity import ensure_sound
from organizer.storage.location import DamagedDatabase, DatabaseLocation, location_of
from organizer.storage.migrate import upgrade
from organizer.storage.models import Setting

CHAPTER_NAME_KEY = "chapter_name"


def create_database(where: DatabaseLocation | Path, settings: dict[str, str]) -> Database:
    """Create a new chapter database (a path means a SQLite file); refuses an existing one."""
    location = location_of(where)
    location.check_creatable()
    location.create_empty()
    db = Database(location.create_engine(), location)
    try:
        upgrade(db.engine, location)
        with db.write() as session:
            for key, value in settings.items():
                session.add(Setting(key=key, value=value))
    except BaseException:
        db.close()
        location.remove()
        raise
    return db


def remove_database_files(path: Path) -> None:
    """Delete a database file and its WAL companions (only for one this process just made)."""
    location_of(path).remove()


def open_database(where: DatabaseLocation | Path) -> Database:
    """Open an existing chapter database, upgrading its schema (after a backup) when needed.

    Nothing is written before SQLite's check passes: a damaged database is refused (DamagedDatabase,
    naming the newest backup that passes the check), never shown, written to or backed up.
    """
    location = location_of(where)
    location.check_header()
    try:
        location.probe_chapter(CHAPTER_NAME_KEY)
        ensure_sound(location)
    except DamagedDatabase as problem:
        raise problem.offering(newest_sound_backup(location)) from problem
    db = Database(location.create_engine(), location)
    try:
        upgrade(db.engine, location)
    except DBAPIError as exc:
        db.close()
        db.raise_problem(exc)
        raise
    except BaseException:
        db.close()
        raise
    return db
