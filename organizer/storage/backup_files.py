"""Backup files of a chapter database: named for that one database, checked after writing, pruned per database.

A backup is ``backups/<stem>-<hash>-<UTC time>-<reason>.db`` beside the database, where the hash is
of the database's absolute path: two databases with the same name in one folder (``chapter.db``,
``chapter.sqlite``) never list or prune each other's backups.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from organizer.errors import DatabaseProblem
from organizer.paths import private_folder
from organizer.storage.integrity import forget, is_sound
from organizer.storage.location import DamagedDatabase, DatabaseLocation, SqliteFile

log = logging.getLogger(__name__)
BEFORE_IMPORT = "before-import"
BEFORE_UPGRADE = "before-upgrade"
BEFORE_RESTORE = "before-restore"
BEFORE_UNDO = "before-undo"
KEEP = {BEFORE_IMPORT: 10, BEFORE_UNDO: 10}
"""Reasons whose backups are pruned, and how many of the newest are kept (the others are kept all)."""
SUFFIX = ".db"
_STAMP = "%Y%m%d-%H%M%S-%f"
_NAME = re.compile(r"^(?P<tag>.+-[0-9a-f]{8})-(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<reason>[a-z0-9-]+)\.db$")
# Names written by earlier versions: <stem>-before-import-<time><suffix>, <stem>-<revision>-<time><suffix>.
_OLD_NAME = r"^{stem}-(?P<reason>before-import|\d{{4}})-(?P<stamp>\d{{8}}-\d{{6}}-\d{{6}})\.[^.]+$"


@dataclass(frozen=True, slots=True)
class BackupFile:
    """One backup of a database."""

    path: Path
    created: datetime
    reason: str


def database_tag(database: Path) -> str:
    """``<stem>-<hash of the absolute path>``: what every backup of this one database starts with."""
    full = os.path.normcase(os.path.realpath(database))
    digest = hashlib.sha256(full.encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return f"{database.stem}-{digest}"


def backups_of(location: DatabaseLocation) -> list[BackupFile]:
    """This database's backups, newest first (those of earlier versions' naming too)."""
    database, folder = location.path, location.backups_folder
    if database is None or folder is None or not folder.is_dir():
        return []
    tag = database_tag(database)
    old = re.compile(_OLD_NAME.format(stem=re.escape(database.stem)))
    found = []
    for entry in folder.iterdir():
        named = _NAME.match(entry.name)
        if named is not None and named["tag"] == tag:
            found.append(BackupFile(entry, _when(named["stamp"]), named["reason"]))
            continue
        named = None if named is not None else old.match(entry.name)
        if named is not None:
            reason = BEFORE_IMPORT if named["reason"] == BEFORE_IMPORT else BEFORE_UPGRADE
            found.append(BackupFile(entry, _when(named["stamp"]), reason))
    return sorted((b for b in found if b.path.is_file()), key=lambda b: b.created, reverse=True)


def backup_named(path: Path) -> tuple[BackupFile, Path | None] | None:
    """If ``path`` is named as a backup is, the backup and the database it was taken of (when that is
    still beside its ``backups`` folder); None for any other file."""
    named = _NAME.match(path.name)
    if named is not None:
        tag, reason = named["tag"], named["reason"]
    else:
        named = re.match(_OLD_NAME.format(stem=r".+?"), path.name)
        if named is None or path.parent.name != "backups":  # earlier names say less: trust them only there
            return None
        tag, reason = "", BEFORE_IMPORT if named["reason"] == BEFORE_IMPORT else BEFORE_UPGRADE
    backup = BackupFile(path, _when(named["stamp"]), reason)
    home = path.parent.parent if path.parent.name == "backups" else None
    stem = tag.rsplit("-", 1)[0] if tag else path.name.split(f"-{named['reason']}-")[0]
    candidates = sorted(home.glob(f"{glob_escape(stem)}.*")) if home is not None and home.is_dir() else []
    original = next((c for c in candidates if c.is_file() and not c.name.endswith(("-wal", "-shm", "-journal"))
                     and (not tag or database_tag(c) == tag)), None)
    return backup, original


def glob_escape(text: str) -> str:
    """``text`` with the characters glob reads as patterns made literal."""
    return re.sub(r"([*?\[])", r"[\1]", text)


def newest_sound_backup(location: DatabaseLocation) -> Path | None:
    """The newest backup of this database that passes SQLite's check, if any."""
    for backup in backups_of(location):
        if is_sound(SqliteFile(backup.path)):
            return backup.path
    return None


def take_backup(location: DatabaseLocation, reason: str) -> Path | None:
    """Back the database up and check the copy; a copy that fails its check is removed (DatabaseProblem).

    Call it holding the write lock, so the backup holds exactly what was there before the write.
    None for a database that is not backed up to files.
    """
    target = _new_path(location, reason)
    if target is None:
        return None
    try:
        location.backup_to(target)
        sound = is_sound(SqliteFile(target))
    except OSError as exc:
        discard(target)
        raise _cannot_write(location, target, exc) from exc
    except BaseException:
        discard(target)
        raise
    if not sound:
        discard(target)
        raise DatabaseProblem(
            f"The backup of {location.label} taken before this change failed its check, so nothing was "
            "changed: check the disk (free space, errors) and try again."
        )
    return target


def keep_copy(location: DatabaseLocation, reason: str) -> Path | None:
    """A copy of the database as it is now, even a damaged one (which stays listed as not sound)."""
    target = _new_path(location, reason)
    if target is None or not isinstance(location, SqliteFile):
        return None
    try:
        try:
            location.backup_to(target)
        except DamagedDatabase:  # SQLite cannot read it whole: keep its bytes as they are
            discard(target)
            location.copy_bytes_to(target)
    except OSError as exc:
        discard(target)
        raise _cannot_write(location, target, exc) from exc
    except BaseException:
        discard(target)
        raise
    return target


def prune(location: DatabaseLocation, reason: str) -> None:
    """Remove all but the newest backups of this database taken for ``reason`` (if it is one that is pruned)."""
    keep = KEEP.get(reason)
    database = location.path
    if keep is None or database is None:
        return
    tag = database_tag(database)
    mine = [b for b in backups_of(location) if b.reason == reason and b.path.name.startswith(tag)]
    for old in mine[keep:]:
        discard(old.path)  # never raises: the write it follows has committed


def discard(backup: Path | None) -> None:
    """Remove a backup (and any -wal kept with it); best effort, so it never hides why it was removed."""
    if backup is None:
        return
    try:
        for path in (backup, Path(f"{backup}-wal")):
            path.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("Could not remove a backup that is not to be kept (%s)", exc.strerror)
    forget(backup)


def _cannot_write(location: DatabaseLocation, target: Path, exc: OSError) -> DatabaseProblem:
    return DatabaseProblem(
        f"The backup of {location.label} could not be written to {target.parent} "
        f"({exc.strerror or 'the computer refused'}), so nothing was changed: free some disk space, "
        "or make that folder writable, and try again."
    )


def _new_path(location: DatabaseLocation, reason: str) -> Path | None:
    database, folder = location.path, location.backups_folder
    if database is None or folder is None:
        return None
    try:
        private_folder(folder)
    except OSError as exc:
        raise _cannot_write(location, folder / "x", exc) from exc
    now = datetime.now(UTC)
    while True:
        target = folder / f"{database_tag(database)}-{now.strftime(_STAMP)}-{reason}{SUFFIX}"
        if not target.exists():
            return target
        now += timedelta(microseconds=1)


def _when(stamp: str) -> datetime:
    return datetime.strptime(stamp, _STAMP).replace(tzinfo=UTC)
