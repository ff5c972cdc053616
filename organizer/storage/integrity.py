"""SQLite's own check of a database before anything reads or writes it, remembered while the file is unchanged.

A quick_check reads the whole file (about a second for 100,000 people), so a clean result is
remembered in the per-user data folder by the file's size, modification and change times and inode
(and its -wal's, when that holds data). Any change to the file changes one of them, and the file
is checked again: a check is never skipped on a changed file. The record lives outside the
database because writing it inside would change the very times it is keyed by.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
from contextlib import suppress
from pathlib import Path

from organizer.paths import create_private_file, data_dir, private_folder
from organizer.storage.location import DamagedDatabase, DatabaseLocation

log = logging.getLogger(__name__)
RECORD_NAME = "clean-checks.json"
RECORD_VERSION = 1
MAX_REMEMBERED = 200


def record_file() -> Path:
    """Where clean checks are remembered."""
    return data_dir() / RECORD_NAME


def signature(path: Path) -> list[int] | None:
    """What identifies this state of the file (with its -wal, when that holds data); None if it is gone."""
    try:
        main = path.stat()
    except OSError:
        return None
    found = [main.st_size, main.st_mtime_ns, main.st_ctime_ns, main.st_ino]
    with suppress(OSError):
        wal = Path(f"{path}-wal").stat()
        if wal.st_size:  # an empty -wal holds nothing: SQLite makes and removes one on every open
            found += [wal.st_size, wal.st_mtime_ns, wal.st_ctime_ns, wal.st_ino]
    return found


def ensure_sound(location: DatabaseLocation) -> None:
    """Raise DamagedDatabase unless SQLite's quick_check passes (or passed on this very file, unchanged)."""
    if not is_sound(location):
        raise DamagedDatabase(location.label, location.backups_folder)


def is_sound(location: DatabaseLocation) -> bool:
    """Whether SQLite's quick_check passes, asked again whenever the file changed since it last did."""
    path = location.path
    before = signature(path) if path is not None else None
    if path is not None and before is not None and _remembered().get(_key(path)) == before:
        return True
    problem = location.quick_check()
    if problem is not None:
        # SQLite's own words name pages and indexes, never a stored value.
        log.warning("quick_check found a damaged database: %s", problem[:300])
        if path is not None:
            forget(path)
        return False
    if path is not None and before is not None and signature(path) == before:
        _remember(path, before)
    return True


def forget(path: Path) -> None:
    """Drop what is remembered about a file (it was removed, or failed its check)."""
    records = _remembered()
    if records.pop(_key(path), None) is not None:
        _save(records)


def _key(path: Path) -> str:
    return os.path.normcase(os.path.abspath(path))


def _remembered() -> dict[str, list[int]]:
    try:
        data = json.loads(record_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != RECORD_VERSION or not isinstance(data.get("clean"), dict):
        return {}
    return {k: v for k, v in data["clean"].items() if isinstance(v, list)}


def _remember(path: Path, found: list[int]) -> None:
    records = _remembered()
    records.pop(_key(path), None)
    records[_key(path)] = found
    while len(records) > MAX_REMEMBERED:
        records.pop(next(iter(records)))
    _save(records)


def _save(records: dict[str, list[int]]) -> None:
    """Write the record whole (temporary file, then rename), readable by the user only; best effort."""
    target = record_file()
    temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        private_folder(target.parent)
        with os.fdopen(create_private_file(temp), "w", encoding="utf-8") as out:
            json.dump({"version": RECORD_VERSION, "clean": records}, out)
        os.replace(temp, target)
    except OSError as exc:
        log.info("Could not remember a clean database check (%s); the next open checks again", exc.strerror)
        with suppress(OSError):
            temp.unlink()
