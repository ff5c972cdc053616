"""Open or create a chapter database, refusing anything that is not one of ours."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.exc import DBAPIError

from organizer.errors import DatabaseProblem
from organizer.storage.backup_files import newest_sound_backup
from organizer.storage.database import Database
from organizer.storage.integrity import ensure_sound
from organizer.storage.location import DamagedDatabase, DatabaseLocation, location_of
from organizer.storage.migrate import current_revision, head_revision, known_revisions, upgrade
from organizer.storage.models import Setting

CHAPTER_NAME_KEY = "chapter_name"


def create_database(where: DatabaseLocation | Path | str, settings: dict[str, str]) -> Database:
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


def remove_database_files(path: Path | DatabaseLocation) -> None:
    """Delete a database file and its WAL companions (only for one this process just made)."""
    location_of(path).remove()


def open_database(where: DatabaseLocation | Path | str, *, upgrade_server: bool = False) -> Database:
    """Open an existing chapter database, upgrading its schema (after a backup) when needed.

    Nothing is written before SQLite's check passes: a damaged database is refused (DamagedDatabase,
    naming the newest backup that passes the check), never shown, written to or backed up. A server
    database shared by many is upgraded only when asked (``organizer --db URL upgrade``): at an older
    schema it is refused, saying so; one from a newer version is refused as a file is.
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
        if location.is_server and not upgrade_server:
            _refuse_older_schema(db, location)
        upgrade(db.engine, location)
    except DBAPIError as exc:
        db.close()
        db.raise_problem(exc)
        raise
    except BaseException:
        db.close()
        raise
    return db


def _refuse_older_schema(db: Database, location: DatabaseLocation) -> None:
    current = current_revision(db.engine)
    if current is None or current == head_revision() or current not in known_revisions():
        return  # not ours, up to date, or newer: upgrade() says which
    raise DatabaseProblem(
        f"{location.label} has an older schema than this version of Chapter Organizer: an administrator "
        f"upgrades a shared server database with 'organizer --db \"{location.label}\" upgrade'.")
