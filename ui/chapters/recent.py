"""Recently opened chapters, remembered in QSettings, and the File → Open recent menu built from them.

A chapter is a file (its path) or a database on a server (its location, postgresql://user@host:port/db,
which holds no password: that stays in the keyring, when kept at all).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import qtawesome as qta
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMenu

from organizer.errors import UserError
from organizer.services.server_login import ServerLogin, is_server_location, login_of

RECENT_KEY = "chapters/recent"
RECENT_LIMIT = 8
ORGANIZATION, APPLICATION = "ChapterOrganizer", "Chapter Organizer"
Recent = Path | ServerLogin


def _settings() -> QSettings:
    return QSettings(ORGANIZATION, APPLICATION)


def _stored() -> list[str]:
    value = _settings().value(RECENT_KEY, [])
    items: list[object] = [value] if isinstance(value, str) else list(value) if isinstance(value, list | tuple) else []
    return [str(item) for item in items if str(item)]


def _entry(text: str) -> Recent | None:
    if not is_server_location(text):
        return Path(text)
    try:
        return login_of(text)
    except UserError:
        return None  # written by hand, or by a later version: left out


def _text(entry: Recent) -> str:
    return entry.location if isinstance(entry, ServerLogin) else str(entry)


def recent_entries() -> list[Recent]:
    """The chapters opened lately, newest first: files (one may have gone missing since) and server databases."""
    return [entry for entry in map(_entry, _stored()) if entry is not None]


def recent_chapters() -> list[Path]:
    """The chapter files opened lately, newest first."""
    return [entry for entry in recent_entries() if isinstance(entry, Path)]


def remember_chapter(chapter: Recent) -> None:
    """Put a chapter (a file, or a server database without its password) at the top of the recent list."""
    entry: Recent = chapter.resolve() if isinstance(chapter, Path) else chapter.with_password(None)
    items = [entry, *[e for e in recent_entries() if e != entry]][:RECENT_LIMIT]
    _settings().setValue(RECENT_KEY, [_text(e) for e in items])


def forget_chapters() -> None:
    """Empty the recent list."""
    _settings().remove(RECENT_KEY)


def current_chapter(path: Path | None, server_location: str | None) -> Recent | None:
    """The open chapter as the recent list names it: its file, or its server database."""
    if server_location:
        return _entry(server_location)
    return path


def fill_recent_menu(menu: QMenu, current: Recent | None, open_chapter: Callable[[Path], None],
                     connect: Callable[[ServerLogin], None] | None = None) -> None:
    """List the recent chapters (not the open one): a file no longer there is shown, disabled; a server
    database as "database on host", with a server icon (`connect` opens it)."""
    menu.clear()
    here = current.resolve() if isinstance(current, Path) else current
    shown = [e for e in recent_entries() if e != here and (connect is not None or isinstance(e, Path))]
    for number, entry in enumerate(shown, start=1):
        prefix = f"&{number}  " if number < 10 else ""
        if isinstance(entry, ServerLogin):
            _add_server(menu, prefix, entry, connect)
            continue
        missing = not entry.is_file()
        action = menu.addAction(f"{prefix}{entry.name}   ({entry.parent})" + ("  — not found" if missing else ""))
        action.setToolTip(str(entry))
        action.setStatusTip(f"Open {entry}" if not missing else f"{entry} is no longer there")
        action.setEnabled(not missing)
        action.triggered.connect(lambda _checked=False, p=entry: open_chapter(p))
    if not shown:
        menu.addAction("No other chapters opened yet").setEnabled(False)
        return
    menu.addSeparator()
    menu.addAction("&Clear this list").triggered.connect(lambda _checked=False: forget_chapters())


def _add_server(menu: QMenu, prefix: str, login: ServerLogin,
                connect: Callable[[ServerLogin], None] | None) -> None:
    action = menu.addAction(qta.icon("fa5s.server"), f"{prefix}{login.title}   (server, as {login.user})")
    action.setToolTip(login.location)
    action.setStatusTip(f"Connect to {login.location}")
    if connect is not None:
        action.triggered.connect(lambda _checked=False, entry=login: connect(entry))
