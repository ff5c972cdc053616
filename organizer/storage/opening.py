"""Open or create a chapter database, refusing anything that is not one of ours."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.exc import DBAPIError

from organizer.storage.database import Database
from organizer.storage.location import DatabaseLocation, location_of
from organizer.storage.migrate import upgrade
from organizer.storage.models import Setting

CHAPTER_NAME_KEY = "chapter_name"


def create_database(where: DatabaseLocation | Path, settings: dict[str, str]) -> Database:
    """Create a new chapter database (a path means a SQLite file); refuses an existing one."""
    location = location_of(where)
    location.check_creatable()
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
    """Open an existing chapter database, upgrading its schema (after a backup) when needed."""
    location = location_of(where)
    location.check_header()
    location.probe_chapter(CHAPTER_NAME_KEY)
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
