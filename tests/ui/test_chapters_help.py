"""The chapter menus (new, open, recent), the backup and demo banners, About, the guide and Ctrl+digits."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu
from pytestqt.qtbot import QtBot

from organizer.services.container import Services, create_chapter, open_chapter
from organizer.services.settings import DEMO_DATA
from organizer.storage.backup_files import database_tag
from ui.chapters.new_chapter import NewChapterDialog, suggested_file
from ui.chapters.recent import RECENT_KEY, recent_chapters, remember_chapter
from ui.help.about import AboutDialog
from ui.help.guide import GUIDE, GuideDialog, page_for
from ui.main_window import MainWindow


def make_window(qtbot: QtBot, services: Services) -> MainWindow:
    window = MainWindow(services)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.people.query_finished, timeout=10_000):
        pass
    return window


def menu_texts(menu: QMenu) -> list[str]:
    return [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]


def test_the_file_menu_offers_new_open_and_recent_chapters(qtbot: QtBot, services: Services) -> None:
    window = make_window(qtbot, services)
    file_menu = window.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu)
    assert menu_texts(file_menu)[:3] == ["New chapter…", "Open…", "Open recent"]
    assert window.open_action.shortcut().toString() == "Ctrl+O"


def test_recent_chapters_are_remembered_newest_first_and_a_missing_one_is_disabled(
        qtbot: QtBot, services: Services, tmp_path: Path) -> None:
    others = []
    for name in ("Riverside", "Riverside"):  # two chapters of one name, in two folders
        folder = tmp_path / f"{len(others)}"
        folder.mkdir()
        path = folder / "chapter.db"
        create_chapter(path, name, "US").close()
        others.append(path)
        remember_chapter(path)
    gone = tmp_path / "gone.db"
    remember_chapter(gone)
    window = make_window(qtbot, services)  # opening a chapter remembers it too
    assert services.path is not None
    assert recent_chapters()[:2] == [services.path.resolve(), gone.resolve()]
    window.fill_recent()
    actions = [a for a in window.recent_menu.actions() if not a.isSeparator()]
    assert [a.toolTip() for a in actions[:3]] == [str(gone.resolve()), str(others[1].resolve()),
                                                  str(others[0].resolve())]
    assert not actions[0].isEnabled() and "not found" in actions[0].text()
    assert actions[1].isEnabled() and actions[2].isEnabled()
    opened: list[Path] = []
    window.open_database_requested.connect(opened.append)
    actions[2].trigger()
    assert opened == [others[0].resolve()]
    actions[-1].trigger()  # Clear this list
    assert QSettings("ChapterOrganizer", "Chapter Organizer").value(RECENT_KEY) is None
    window.fill_recent()
    assert [a.isEnabled() for a in window.recent_menu.actions()] == [False]


def test_new_chapter_asks_name_and_file_and_never_replaces_a_file(qtbot: QtBot, services: Services,
                                                                  tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window(qtbot, services)
    window.new_chapter()
    dialog = window.findChild(NewChapterDialog)
    assert dialog is not None
    assert dialog.region.currentData() == "US"
    asked: list[str] = []
    existing = tmp_path / "taken.db"
    existing.write_bytes(b"something precious")
    answers = [str(existing), str(tmp_path / "Lakeside")]

    def save_as(_parent: Any, _title: str, suggested: str, *_args: Any, **_kwargs: Any) -> tuple[str, str]:
        asked.append(suggested)
        return answers.pop(0), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    dialog.choose_file_and_create()
    assert dialog.name_box.error.text() == "Give the chapter a name." and asked == []
    dialog.chapter_name.setText("Lakeside: North/South")
    dialog.region.setCurrentIndex(dialog.region.findData("CA"))
    dialog.choose_file_and_create()
    assert asked[-1].endswith("Lakeside  North South.db")
    assert "already there" in dialog.problem.text() and existing.read_bytes() == b"something precious"
    opened: list[Path] = []
    window.open_database_requested.connect(opened.append)
    with qtbot.waitSignal(dialog.created, timeout=20_000):
        dialog.choose_file_and_create()
    created = tmp_path / "Lakeside.db"
    assert opened == [created]
    made = open_chapter(created)
    assert (made.settings.chapter_name(), made.settings.phone_region()) == ("Lakeside: North/South", "CA")
    made.close()


def test_a_suggested_file_never_names_an_existing_one(tmp_path: Path) -> None:
    (tmp_path / "Riverside.db").write_text("x")
    assert suggested_file(tmp_path, "Riverside") == tmp_path / "Riverside (2).db"
    assert suggested_file(tmp_path, "  ..  ") == tmp_path / "chapter.db"


def test_the_title_names_the_chapter_and_an_ordinary_chapter_has_no_banner(qtbot: QtBot, services: Services) -> None:
    window = make_window(qtbot, services)
    assert window.windowTitle() == "Test Chapter — Chapter Organizer"
    assert window.banner.isHidden()


def test_a_backup_opened_by_mistake_says_so(qtbot: QtBot, services: Services, db_path: Path) -> None:
    folder = db_path.parent / "backups"
    folder.mkdir()
    backup = folder / f"{database_tag(db_path)}-20261206-142625-363749-before-import.db"
    shutil.copy(db_path, backup)
    opened = open_chapter(backup)
    try:
        window = make_window(qtbot, opened)
        assert "BACKUP from 2026-12-06" in window.windowTitle() and "Test Chapter" in window.windowTitle()
        assert not window.banner.isHidden()
        text = window.banner.text.text()
        assert "This is a backup" in text and "chapter.db" in text and "before an import" in text
        assert "restore it from <b>Backups</b>" in text
        assert window.banner.button.text() == "Open chapter.db"
        asked: list[Path] = []
        window.open_database_requested.connect(asked.append)
        window.banner.button.click()
        assert asked == [db_path]
        assert backup.resolve() not in recent_chapters()  # a backup is no chapter to come back to
    finally:
        opened.close()


def test_the_demo_chapter_is_marked_as_demo_data(qtbot: QtBot, services: Services) -> None:
    services.settings.set(DEMO_DATA, "yes")
    window = make_window(qtbot, services)
    assert window.windowTitle() == "Test Chapter (demo data) — Chapter Organizer"
    assert not window.banner.isHidden() and "Demo data" in window.banner.text.text()
    assert window.banner.button.text() == "New chapter…"
    window.banner.button.click()
    dialog = window.findChild(NewChapterDialog)
    assert dialog is not None
    dialog.reject()


def test_about_says_the_version_and_where_things_are(qtbot: QtBot, services: Services) -> None:
    from organizer import __version__
    from organizer.logs import log_file

    window = make_window(qtbot, services)
    window.about_action.trigger()
    about = window.findChild(AboutDialog)
    assert about is not None
    assert __version__ in about.version.text()
    assert about.paths["Chapter database"].text() == str(services.path)
    assert about.paths["Log file"].text() == str(log_file())
    assert about.paths["Backups"].text() == str(db_path_of(services).parent / "backups")
    about.reject()


def db_path_of(services: Services) -> Path:
    assert services.path is not None
    return services.path


def test_f1_opens_the_guide_at_the_section_shown(qtbot: QtBot, services: Services) -> None:
    window = make_window(qtbot, services)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    window.show_section(window.volunteers)
    qtbot.keyClick(window.sidebar, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.findChild(GuideDialog) is not None, timeout=5_000)
    guide = window.findChild(GuideDialog)
    assert guide is not None
    assert guide.current_title() == "Volunteers"
    assert "skills" in guide.text.toPlainText()
    guide.reject()


def test_the_guide_covers_every_section() -> None:
    titles = [page.title for page in GUIDE]
    for section in ("Dashboard", "People", "Volunteers", "Candidates", "Imports", "Voters", "Review"):
        assert section in titles
        assert GUIDE[page_for(section)].text.strip()
    assert page_for("A section nobody wrote about") == 0


def test_ctrl_digits_switch_sections(qtbot: QtBot, services: Services) -> None:
    window = make_window(qtbot, services)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    count = window.sidebar.count()
    assert count >= 3 and len(window.section_actions) == count
    assert [a.shortcut().toString() for a in window.section_actions[9:]] == [""] * max(count - 9, 0)
    for row in reversed(range(min(count, 9))):
        QApplication.focusWidget() or window.sidebar.setFocus()
        qtbot.keyClick(window.sidebar, getattr(Qt.Key, f"Key_{row + 1}"), Qt.KeyboardModifier.ControlModifier)
        assert window.sidebar.currentRow() == row
        assert window.current_section() is window.stack.widget(row)
    assert [a.shortcut().toString() for a in window.section_actions[:3]] == ["Ctrl+1", "Ctrl+2", "Ctrl+3"]
