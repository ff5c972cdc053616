"""Logging to a rotating file in the per-user log folder; never personal data."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from organizer.paths import log_dir

LOG_NAME = "organizer.log"
_installed = False


def log_file() -> Path:
    """Where the log is written."""
    return log_dir() / LOG_NAME


def setup_logging(level: int = logging.INFO) -> None:
    """Send log records to the log file; stay silent if the folder cannot be written."""
    global _installed
    if _installed:
        return
    handler: logging.Handler
    try:
        log_dir().mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            log_file(), maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    _installed = True
