"""Where the app remembers window geometry and list layouts (QSettings; chapter data lives in the database)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

ORGANIZATION, APPLICATION = "ChapterOrganizer", "Chapter Organizer"


def app_settings() -> QSettings:
    """The app's per-user settings: window size and position, last section, column widths and sort order."""
    return QSettings(ORGANIZATION, APPLICATION)
