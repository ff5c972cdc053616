"""Recently opened chapters, remembered in QSettings, and the File → Open recent menu built from them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMenu

RECENT_KEY = "chapters/recent"
RECENT_LIMIT = 8
ORGANIZATION, APPLICATION = "ChapterOrganizer", "Chapter Organizer"


def _settings() -> QSettings:
    return QSettings(ORGANIZATION, APPLICATION)


def recent_chapters() -> list[Path]:
    """The chapters opened lately, newest first (a file may have gone missing since)."""
    value = _settings().value(RECENT_KEY, [])
    items: list[object] = [value] if isinstance(value, str) else list(value) if isinstance(value, list | tuple) else []
    return [Path(str(item)) for item in items if str(item)]


def remember_chapter(path: Path) -> None:
    """Put a chapter at the top of the recent list."""
    path = path.resolve()
    items = [path, *[p for p in recent_chapters() if p != path]][:RECENT_LIMIT]
    _settings().setValue(RECENT_KEY, [str(p) for p in items])


def forget_chapters() -> None:
    """Empty the recent list."""
    _settings().remove(RECENT_KEY)


def fill_recent_menu(menu: QMenu, current: Path | None, open_chapter: Callable[[Path], None]) -> None:
    """List the recent chapters (not the open one); a file no longer there is shown, disabled."""
    menu.clear()
    here = current.resolve() if current is not None else None
    shown = [p for p in recent_chapters() if p != here]
    for number, path in enumerate(shown, start=1):
        missing = not path.is_file()
        text = f"&{number}  {path.name}   ({path.parent})" if number < 10 else f"{path.name}   ({path.parent})"
        action = menu.addAction(text + ("  — not found" if missing else ""))
        action.setToolTip(str(path))
        action.setStatusTip(f"Open {path}" if not missing else f"{path} is no longer there")
        action.setEnabled(not missing)
        action.triggered.connect(lambda _checked=False, p=path: open_chapter(p))
    if not shown:
        menu.addAction("No other chapters opened yet").setEnabled(False)
        return
    menu.addSeparator()
    menu.addAction("&Clear this list").triggered.connect(lambda _checked=False: forget_chapters())
