"""A damaged chapter database in the app: the opening window is on screen at once, SQLite's check runs in the
background, and a damaged file is named as damaged in a dialog, never shown as normal data, never written to;
the dialog offers the newest backup that passes the check, other backups, or another chapter."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from organizer.cli import main
from organizer.services.backups import list_backups
from organizer.services.container import Services, create_chapter
from organizer.storage.backup_files import BEFORE_IMPORT, take_backup
from organizer.storage.location import SqliteFile
from tests.service.test_damage import damage
from ui import app as app_module
from ui.backups.damaged_dialog import DamagedDialog
from ui.first_run import FirstRunDialog


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo chapter (300 people), made once for the module."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert main(["--db", str(path), "demo", "--json"]) == 0
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def damaged(demo_db: Path, tmp_path: Path) -> Path:
    """A copy of the demo chapter with a good backup, then bytes flipped in several pages of the copy."""
    path = tmp_path / "damaged" / "chapter.db"
    path.parent.mkdir()
    shutil.copyfile(demo_db, path)
    assert take_backup(SqliteFile(path), BEFORE_IMPORT) is not None
    damage(path)
    return path


@pytest.fixture
def damaged_alone(demo_db: Path, tmp_path: Path) -> Path:
    """A damaged copy of the demo chapter with no backup at all."""
    path = tmp_path / "alone" / "chapter.db"
    path.parent.mkdir()
    shutil.copyfile(demo_db, path)
    damage(path)
    return path


def start_on(qtbot: QtBot, path: Path) -> app_module.AppController:
    controller = app_module.AppController(str(path))
    assert controller.start()
    assert controller.opening is not None and controller.opening.isVisible()  # on screen at once
    qtbot.waitUntil(lambda: controller.damaged is not None and controller.damaged.isVisible(), timeout=20_000)
    return controller


def test_a_damaged_database_is_named_and_never_shown_or_written(qtbot: QtBot, damaged: Path) -> None:
    before = digest(damaged)
    backups_before = sorted(p.name for p in (damaged.parent / "backups").iterdir())
    controller = start_on(qtbot, damaged)
    dialog = controller.damaged
    assert isinstance(dialog, DamagedDialog)
    assert controller.window is None and controller.services is None  # no chapter window, no data shown
    assert dialog.windowTitle() == "Damaged chapter database"
    assert dialog.findChild(type(dialog.cancel_button)) is not None
    texts = " ".join(label.text() for label in dialog.findChildren(type(controller.opening.title)))
    assert "chapter.db is damaged" in texts and "nothing in it was changed" in texts
    assert dialog.restore_button.isVisible() and "before an import" in dialog.restore_button.description()
    assert digest(damaged) == before
    assert sorted(p.name for p in (damaged.parent / "backups").iterdir()) == backups_before
    dialog.reject()
    controller.shutdown()


def test_restoring_the_newest_good_backup_opens_the_chapter(qtbot: QtBot, damaged: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    controller = start_on(qtbot, damaged)
    dialog = controller.damaged
    assert dialog is not None
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(controller.main_shown, timeout=30_000):
        dialog.restore_button.click()
    assert "kept as a backup first" in asked[0]
    window = controller.window
    assert window is not None
    qtbot.addWidget(window)
    assert window.services.people.count() == 300
    kept = [row for row in list_backups(damaged) if row.reason == "before-restore"]
    assert len(kept) == 1 and not kept[0].ok  # the damaged file is kept, and listed as damaged
    controller.shutdown()


def test_with_no_good_backup_it_says_so_and_quit_quits(qtbot: QtBot, damaged_alone: Path) -> None:
    controller = start_on(qtbot, damaged_alone)
    dialog = controller.damaged
    assert dialog is not None
    assert not dialog.restore_button.isVisible() and dialog.other_button.isVisible()
    texts = " ".join(label.text() for label in dialog.findChildren(type(controller.opening.title)))
    assert "No backup of it passes the check" in texts
    assert dialog.cancel_button.text() == "Quit"
    with qtbot.waitSignal(controller.quit_requested, timeout=5_000):
        dialog.cancel_button.click()
    assert controller.window is None
    controller.shutdown()


def test_open_another_chapter_goes_to_the_first_run_dialog(qtbot: QtBot, damaged_alone: Path, db_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from organizer.services.container import open_chapter

    suggested: list[Path] = []

    def first_run(_self: object, path: Path) -> Services:
        suggested.append(path)
        return open_chapter(db_path)

    monkeypatch.setattr(app_module.AppController, "first_run", first_run)
    controller = start_on(qtbot, damaged_alone)
    assert controller.damaged is not None
    with qtbot.waitSignal(controller.main_shown, timeout=10_000):
        controller.damaged.other_button.click()
    assert suggested and suggested[0] != damaged_alone
    assert controller.window is not None and controller.window.services.path == db_path
    qtbot.addWidget(controller.window)
    controller.shutdown()


def test_opening_a_damaged_file_from_the_open_chapter_keeps_it_open(qtbot: QtBot, db_path: Path,
                                                                    damaged: Path) -> None:
    controller = app_module.AppController(str(db_path))
    with qtbot.waitSignal(controller.main_shown, timeout=10_000):
        controller.start()
    window = controller.window
    assert window is not None
    qtbot.addWidget(window)
    window.open_database_requested.emit(damaged)
    qtbot.waitUntil(lambda: controller.damaged is not None and controller.damaged.isVisible(), timeout=20_000)
    assert controller.damaged is not None
    assert controller.damaged.cancel_button.text() == "Keep “Test Chapter” open"
    controller.damaged.cancel_button.click()
    assert controller.window is window and window.isVisible()
    controller.shutdown()


def test_the_first_run_dialog_names_a_damaged_file_and_offers_its_backup(qtbot: QtBot, damaged: Path) -> None:
    dialog = FirstRunDialog(damaged.parent / "new.db")
    qtbot.addWidget(dialog)
    dialog.open_file(damaged)
    qtbot.waitUntil(lambda: dialog.damaged is not None and dialog.damaged.isVisible(), timeout=20_000)
    assert dialog.damaged is not None and dialog.damaged.restore_button.isVisible()
    assert "damaged" in dialog.choice_error.text() and dialog.services is None
    dialog.damaged.cancel_button.click()  # Back
    assert dialog.open_button.isEnabled()


def test_a_healthy_file_opens_without_a_question(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "fine.db"
    create_chapter(path, "Fine Chapter", "US").close()
    controller = app_module.AppController(str(path))
    with qtbot.waitSignal(controller.main_shown, timeout=10_000):
        controller.start()
    assert controller.damaged is None and controller.window is not None
    qtbot.addWidget(controller.window)
    controller.shutdown()
