"""The main window, the first-run dialog and the app's composition root."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any, ClassVar

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import QDragEnterEvent
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from organizer.services.container import Services
from organizer.services.imports import ImportOptions
from ui import app as app_module
from ui import main_window
from ui.first_run import FirstRunDialog, region_choices
from ui.main_window import MainWindow, dropped_spreadsheet


class FakeWizard(QDialog):
    """Stands in for the import wizard (built elsewhere)."""

    import_finished = Signal(object)
    made: ClassVar[list[FakeWizard]] = []

    def __init__(self, services: Services, path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        FakeWizard.made.append(self)


def make_window(qtbot: QtBot, services: Services, monkeypatch: pytest.MonkeyPatch | None = None) -> MainWindow:
    if monkeypatch is not None:
        FakeWizard.made.clear()
        monkeypatch.setattr(main_window, "import_wizard_class", lambda: FakeWizard)
    window = MainWindow(services)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.people.query_finished, timeout=10_000):
        pass
    return window


def show_active(qtbot: QtBot, window: QWidget) -> None:
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()


def test_title_names_the_chapter_and_sections_are_listed(qtbot: QtBot, services: Services) -> None:
    window = make_window(qtbot, services)
    assert window.windowTitle() == "Test Chapter — Chapter Organizer"
    titles = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert titles[:3] == ["Dashboard", "People", "Volunteers"]
    assert window.current_section() is window.dashboard  # the home screen
    assert window.sidebar.accessibleName() == "Sections"
    window.sidebar.setCurrentRow(2)
    assert window.current_section() is window.volunteers
    window.show_section_titled("Candidates")
    assert window.current_section() is window.pipeline
    window.show_section_titled("No such section")
    assert window.current_section() is window.pipeline


def test_ctrl_f_focuses_the_search_of_the_section_shown(qtbot: QtBot, services: Services,
                                                       people: dict[str, int]) -> None:
    window = make_window(qtbot, services)
    show_active(qtbot, window)
    window.show_section(window.people)
    window.sidebar.setFocus()
    qtbot.keyClick(window.sidebar, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.people.search
    window.show_section(window.volunteers)
    window.sidebar.setFocus()
    qtbot.keyClick(window.sidebar, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.volunteers.search


def test_ctrl_n_opens_an_empty_person_form(qtbot: QtBot, services: Services) -> None:
    from ui.people.person_dialog import PersonDialog

    window = make_window(qtbot, services)
    show_active(qtbot, window)
    window.show_section(window.volunteers)
    qtbot.keyClick(window.sidebar, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(window.findChildren(PersonDialog)), timeout=10_000)
    assert window.current_section() is window.people
    dialog = window.findChildren(PersonDialog)[0]
    assert dialog.windowTitle() == "Add a person"
    dialog.reject()


def test_a_dropped_spreadsheet_opens_the_import_wizard(qtbot: QtBot, services: Services,
                                                       monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    window = make_window(qtbot, services, monkeypatch)
    sheet = tmp_path / "Sign-in sheet.XLSX"
    assert dropped_spreadsheet([QUrl.fromLocalFile(str(sheet))]) == sheet
    assert dropped_spreadsheet([QUrl.fromLocalFile(str(tmp_path / "photo.jpg"))]) is None
    assert dropped_spreadsheet([QUrl.fromLocalFile(str(sheet))] * 2) is None
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(sheet))])
    event = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(event)
    assert event.isAccepted()
    window.open_import_wizard(sheet)
    assert [w.path for w in FakeWizard.made] == [sheet]


def test_a_finished_import_refreshes_people_and_volunteers(qtbot: QtBot, services: Services,
                                                           people: dict[str, int], tmp_path: Path) -> None:
    window = make_window(qtbot, services)
    sheet = tmp_path / "sign-up.csv"
    sheet.write_text("Name,E-mail,Volunteer?\nRosa Parks,rosa@example.org,Y\n", encoding="utf-8")
    # The window's first loads may still be running: wait for them, so only the import can change the counts.
    qtbot.waitUntil(lambda: window.people.count_label.text() == "5 people"
                    and window.volunteers.count_label.text() == "2 volunteers", timeout=10_000)
    services.imports.run(sheet, "people", ImportOptions())  # as the wizard does, wherever it was opened
    qtbot.waitUntil(lambda: window.people.count_label.text() == "6 people"
                    and window.volunteers.count_label.text() == "3 volunteers", timeout=10_000)


def test_geometry_and_section_are_remembered(qtbot: QtBot, services: Services) -> None:
    window = make_window(qtbot, services)
    with qtbot.waitExposed(window):
        window.show()
    window.resize(720, 520)
    window.show_section(window.volunteers)
    window.close()
    again = make_window(qtbot, services)
    assert again.size().width() == 720
    assert again.current_section() is again.volunteers


# First run -----------------------------------------------------------------------------------


def test_first_run_creates_a_chapter_with_inline_checks(qtbot: QtBot, tmp_path: Path) -> None:
    target = tmp_path / "chapter.db"
    dialog = FirstRunDialog(target)
    qtbot.addWidget(dialog)
    assert dialog.region.currentData() == "US"
    assert dialog.location.text() == str(target)
    dialog.show_create_page()
    dialog.create_chapter()
    assert dialog.name_box.error.text() == "Give the chapter a name."
    dialog.chapter_name.setText("Riverside Chapter")
    dialog.region.setCurrentIndex(dialog.region.findData("CA"))
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        dialog.create_chapter()
    assert dialog.services is not None
    assert dialog.services.settings.chapter_name() == "Riverside Chapter"
    assert dialog.services.settings.phone_region() == "CA"
    dialog.services.close()
    second = FirstRunDialog(target)
    qtbot.addWidget(second)
    second.chapter_name.setText("Again")
    second.create_chapter()
    assert "already exists" in second.location_box.error.text()


def test_first_run_shows_why_a_file_cannot_be_opened(qtbot: QtBot, tmp_path: Path) -> None:
    junk = tmp_path / "notes.db"
    junk.write_text("not a database")
    dialog = FirstRunDialog(tmp_path / "chapter.db")
    qtbot.addWidget(dialog)
    dialog.open_file(junk)
    qtbot.waitUntil(lambda: not dialog.choice_error.isHidden(), timeout=10_000)
    assert "not a Chapter Organizer database" in dialog.choice_error.text()
    assert dialog.open_button.isEnabled()


def test_region_choices_read_well() -> None:
    choices = dict((code, label) for label, code in region_choices())
    assert choices["US"] == "United States (US)"
    assert choices["GB"] == "United Kingdom (GB)"


# The composition root ------------------------------------------------------------------------


def test_stylesheet_and_icon_are_found_and_filled_in() -> None:
    for dark in (False, True):
        qss = app_module.load_stylesheet(dark)
        assert "QLabel#fieldError" in qss
        assert "@error" not in qss and "@muted" not in qss
    assert app_module.resource_path("icon.svg").is_file()
    assert app_module.make_palette(True).window().color().lightness() < 80


def test_remembered_database_is_used_without_db_or_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       db_path: Path) -> None:
    app_module.app_settings().setValue(app_module.LAST_DATABASE_KEY, str(db_path))
    assert app_module.database_path(None) == db_path
    assert app_module.database_path(str(tmp_path / "given.db")) == tmp_path / "given.db"
    monkeypatch.setenv("ORGANIZER_DB", str(tmp_path / "env.db"))
    assert app_module.database_path(None) == tmp_path / "env.db"


def test_controller_opens_the_database_and_shows_the_window(qtbot: QtBot, db_path: Path) -> None:
    controller = app_module.AppController(str(db_path))
    with qtbot.waitSignal(controller.main_shown, timeout=10_000):
        assert controller.start()
        assert controller.opening is not None and controller.opening.isVisible()  # on screen at once
        assert controller.window is None  # nothing shown before SQLite's check has passed
    window = controller.window
    assert window is not None
    qtbot.addWidget(window)
    assert window.isVisible() and controller.opening is None
    assert app_module.app_settings().value(app_module.LAST_DATABASE_KEY) == str(db_path)
    with qtbot.waitSignal(window.people.query_finished, timeout=10_000):
        pass
    controller.shutdown()


def test_controller_falls_back_to_first_run_on_a_bad_file(qtbot: QtBot, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    junk = tmp_path / "junk.db"
    junk.write_text("junk")
    shown: list[Any] = []
    monkeypatch.setattr(app_module.QMessageBox, "warning", lambda *args: shown.append(args[2]))
    monkeypatch.setattr(app_module.AppController, "first_run", lambda self, path: shown.append(path))
    controller = app_module.AppController(str(junk))
    with qtbot.waitSignal(controller.quit_requested, timeout=10_000):  # the user quit the first-run dialog
        assert controller.start()
    assert "not a Chapter Organizer database" in shown[0]
    assert shown[1] == junk
    assert controller.window is None


def test_unexpected_errors_are_logged_and_shown(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
                                                caplog: pytest.LogCaptureFixture) -> None:
    shown: list[Any] = []
    monkeypatch.setattr(app_module, "show_bug_dialog", shown.append)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    app_module.install_excepthook()
    try:
        raise RuntimeError("a bug")
    except RuntimeError as exc:
        with caplog.at_level(logging.CRITICAL):
            sys.excepthook(RuntimeError, exc, exc.__traceback__)
    assert shown == [None]
    assert "Unexpected error" in caplog.text


def test_first_run_creates_the_missing_data_folder(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = FirstRunDialog(tmp_path / "new folder" / "chapter.db")
    qtbot.addWidget(dialog)
    dialog.chapter_name.setText("Lakeside")
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        dialog.create_chapter()
    assert dialog.services is not None
    dialog.services.close()


def test_first_run_builds_the_demo_chapter_with_progress(qtbot: QtBot, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import first_run

    monkeypatch.setattr(first_run, "data_dir", lambda: tmp_path / "data")
    dialog = FirstRunDialog(tmp_path / "chapter.db")
    qtbot.addWidget(dialog)
    values: list[int] = []
    dialog.progress.valueChanged.connect(values.append)
    with qtbot.waitSignal(dialog.accepted, timeout=60_000):
        dialog.open_demo()
        assert not dialog.demo_button.isEnabled()
    assert dialog.services is not None
    assert dialog.services.people.count() == 300
    assert values and max(values) > 0
    dialog.services.close()
    again = FirstRunDialog(tmp_path / "chapter.db")
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.accepted, timeout=20_000):
        again.open_demo()
    assert again.services is not None and again.services.people.count() == 300
    again.services.close()


def test_open_database_swaps_the_window(qtbot: QtBot, db_path: Path, tmp_path: Path) -> None:
    from organizer.services.container import create_chapter

    other = tmp_path / "other.db"
    create_chapter(other, "Other Chapter", "US").close()
    controller = app_module.AppController(str(db_path))
    with qtbot.waitSignal(controller.main_shown, timeout=10_000):
        assert controller.start()
    first = controller.window
    assert first is not None  # not given to qtbot: the controller deletes it when it swaps windows
    first.open_database_requested.emit(other)
    qtbot.waitUntil(lambda: controller.window is not first, timeout=10_000)
    assert controller.window is not None
    qtbot.addWidget(controller.window)
    assert controller.window.windowTitle() == "Other Chapter — Chapter Organizer"
    assert app_module.app_settings().value(app_module.LAST_DATABASE_KEY) == str(other)
    controller.shutdown()


def test_no_two_actions_share_a_shortcut(qtbot: QtBot, services: Services) -> None:
    """Qt fires neither of two actions that share a key: window keys are unique, and no table's key takes one."""
    from PySide6.QtGui import QAction

    window = make_window(qtbot, services)
    window_keys: dict[str, str] = {}
    widget_keys: list[tuple[str, str]] = []
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            text = key.toString()
            if action.shortcutContext() == Qt.ShortcutContext.WidgetShortcut:
                widget_keys.append((text, action.text()))
                continue
            assert text not in window_keys or window_keys[text] == action.text(), (text, window_keys.get(text))
            window_keys[text] = action.text()
    assert "Ctrl+I" in window_keys and widget_keys
    for text, name in widget_keys:
        assert text not in window_keys, (text, name, window_keys[text])
