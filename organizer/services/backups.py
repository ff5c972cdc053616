"""A chapter database's backups: list them and restore one, keeping the current database as a backup first.

These work on the database file without opening it as a chapter, so they serve a damaged one too.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from organizer.errors import DatabaseProblem, UserError
from organizer.services.settings import CHAPTER_UUID
from organizer.storage.backup_files import (
    BEFORE_IMPORT,
    BEFORE_RESTORE,
    BEFORE_UNDO,
    BEFORE_UPGRADE,
    backups_of,
    keep_copy,
)
from organizer.storage.integrity import is_sound
from organizer.storage.location import DamagedDatabase, DatabaseLocation, SqliteFile, location_of
from organizer.storage.migrate import known_revisions
from organizer.storage.opening import CHAPTER_NAME_KEY
from organizer.storage.server import SERVER_BACKUPS

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class BackupRow:
    """One backup: where it is, when and why it was taken, and whether SQLite's check passes."""

    path: Path
    created: datetime
    size: int
    reason: str
    ok: bool

    def to_json(self) -> dict[str, Any]:
        """The row as `backup list --json` prints it."""
        return {"path": str(self.path), "created": self.created.isoformat(), "size": self.size,
                "reason": self.reason, "ok": self.ok}


@dataclass(frozen=True, slots=True)
class Restored:
    """What a restore did: the database, the backup it now holds, and where the replaced one is kept."""

    database: Path
    restored_from: Path
    kept: Path | None

    def to_json(self) -> dict[str, Any]:
        """The result as `backup restore --json` prints it."""
        return {"database": str(self.database), "restored_from": str(self.restored_from),
                "kept": str(self.kept) if self.kept is not None else None}


def _file_only(database: Path | DatabaseLocation) -> Path:
    """The database file; a server database is refused (the server's own backups keep it)."""
    location = location_of(database)
    if location.path is None:
        raise DatabaseProblem(SERVER_BACKUPS.format(label=location.label))
    return location.path


def list_backups(database: Path | DatabaseLocation) -> list[BackupRow]:
    """The database's backups, newest first; `ok` is SQLite's check (remembered while a file is unchanged)."""
    database = _file_only(database)
    rows = []
    for backup in backups_of(SqliteFile(database)):
        try:
            size = backup.path.stat().st_size
        except OSError:
            continue  # removed while listing
        rows.append(BackupRow(backup.path, backup.created, size, backup.reason, _sound(backup.path)))
    return rows


def describe_backup(database: Path, backup: Path) -> BackupRow | None:
    """One backup of the database as `list_backups` shows it (None if it is not one of its backups)."""
    for found in backups_of(SqliteFile(database)):
        if found.path == backup:
            try:
                size = found.path.stat().st_size
            except OSError:
                return None
            return BackupRow(found.path, found.created, size, found.reason, _sound(found.path))
    return None


def restore_backup(database: Path | DatabaseLocation, backup: Path, *, other_chapter: bool = False) -> Restored:
    """Make the database hold the backup's contents, after checking the backup and keeping the database as it is.

    The backup must pass SQLite's check and be a chapter database. The current database (even a
    damaged one) is kept as a "before-restore" backup first; the -wal is handled so the restored
    contents are what opens next. A backup of another chapter is refused unless ``other_chapter``.
    """
    live, source = SqliteFile(_file_only(database)), SqliteFile(backup)
    _check_restorable(live, source)
    if not other_chapter:
        _refuse_other_chapter(live, source)
    kept = keep_copy(live, BEFORE_RESTORE) if live.exists() else None
    live.restore_from(source.path)
    if not is_sound(live):
        where = f"; the database as it was is kept at {kept}" if kept is not None else ""
        raise DatabaseProblem(f"The restored database at {live.label} fails SQLite's check{where}: "
                              "check the disk for errors and try again.")
    log.info("Restored a database from a backup")
    return Restored(live.path, source.path, kept)


def _check_restorable(live: SqliteFile, source: SqliteFile) -> None:
    path = source.path
    if not path.is_file():
        raise UserError(f"There is no backup file at {source.label}: see 'organizer backup list'.")
    if live.exists() and path.samefile(live.path):
        raise UserError(f"{source.label} is the database itself: name one of its backups "
                        "(see 'organizer backup list').")
    if not source.has_sqlite_header():
        raise source.not_ours()
    if not is_sound(source):
        raise DatabaseProblem(f"{source.label} is damaged (SQLite's check of it failed), so it was not restored: "
                              "choose another backup (see 'organizer backup list').")
    source.probe_chapter(CHAPTER_NAME_KEY)
    if source.probe_revision() not in known_revisions():
        raise DatabaseProblem(f"{source.label} was written by a newer version of Chapter Organizer, so it was "
                              "not restored: update the app first.")


def _refuse_other_chapter(live: SqliteFile, source: SqliteFile) -> None:
    """A backup of another chapter would replace this one with someone else's records: refused (a database too
    damaged to tell, or one older than chapter identities, is not asked about)."""
    try:
        mine = live.probe_chapter(CHAPTER_UUID) if live.exists() else ""
        theirs = source.probe_chapter(CHAPTER_UUID)
    except DatabaseProblem:
        return
    if mine and theirs and mine != theirs:
        name = source.probe_chapter(CHAPTER_NAME_KEY)
        raise UserError(f"{source.label} is a backup of another chapter ({name}), not of this one, so nothing was "
                        "restored: to replace this chapter with it anyway, add --other-chapter.")


def _sound(path: Path) -> bool:
    try:
        return is_sound(SqliteFile(path))
    except DatabaseProblem:  # unreadable (permissions, busy): not a backup to count on
        return False


__all__ = ["BEFORE_IMPORT", "BEFORE_RESTORE", "BEFORE_UNDO", "BEFORE_UPGRADE", "BackupRow", "DamagedDatabase",
           "Restored", "describe_backup", "list_backups", "restore_backup"]
