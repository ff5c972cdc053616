"""What an open chapter file is, as the window's title and banners say: the chapter, a backup of one, or demo data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from organizer.storage.backup_files import BEFORE_IMPORT, BEFORE_RESTORE, BEFORE_UNDO, BEFORE_UPGRADE, backup_named

WHY = {BEFORE_IMPORT: "before an import", BEFORE_UPGRADE: "before an upgrade", BEFORE_RESTORE: "before a restore",
       BEFORE_UNDO: "before an undo"}


@dataclass(frozen=True, slots=True)
class BackupOf:
    """An open file that is one of the app's backups: when and why it was taken, and of which database."""

    taken: datetime  # UTC
    reason: str  # "before-import", …
    database: Path | None  # the chapter it was taken of, when that is still beside its backups folder

    @property
    def why(self) -> str:
        """The reason in words: "before an import"."""
        return WHY.get(self.reason, f"({self.reason})")


def backup_of(path: Path | None) -> BackupOf | None:
    """The backup ``path`` is (known by its folder and name), or None for a chapter's own file."""
    if path is None:
        return None
    found = backup_named(path)
    if found is None:
        return None
    backup, original = found
    return BackupOf(backup.created, backup.reason, original)
