"""Logging to a rotating file in the per-user log folder, readable by the user only; never personal data."""

from __future__ import annotations

import contextlib
import io
import logging
import logging.handlers
import os
from pathlib import Path

from organizer.log_privacy import PrivateFormatter
from organizer.paths import PRIVATE_FILE, log_dir, make_private, private_folder

LOG_NAME = "organizer.log"
BACKUP_COUNT = 3
_installed = False


def log_file() -> Path:
    """Where the log is written."""
    return log_dir() / LOG_NAME


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose every file (the first, and each one made at rollover) is the user's alone."""

    def _open(self) -> io.TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE)
        try:
            make_private(Path(self.baseFilename))
        except OSError:
            os.close(fd)
            raise
        return open(fd, "a", encoding=self.encoding, errors=self.errors)  # the handler closes it


def _tighten_old_logs() -> None:
    """Logs written by earlier versions were readable by everyone."""
    base = log_file()
    for path in (base, *(Path(f"{base}.{n}") for n in range(1, BACKUP_COUNT + 1))):
        with contextlib.suppress(OSError):
            if path.exists():
                make_private(path)


def setup_logging(level: int = logging.INFO) -> None:
    """Send log records to the log file; stay silent if the folder cannot be written."""
    global _installed
    if _installed:
        return
    handler: logging.Handler
    try:
        private_folder(log_dir())
        _tighten_old_logs()
        handler = PrivateRotatingFileHandler(
            log_file(), maxBytes=1_000_000, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(PrivateFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    _installed = True
