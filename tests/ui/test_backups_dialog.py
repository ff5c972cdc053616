"""The Backups dialog: newest first with when, why, size and the check; restore asks first and reopens
the chapter with the backup's contents (the chapter as it was kept as a backup); Show in folder."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from organizer.services.backups import BEFORE_IMPORT, BEFORE_UNDO, BackupRow, list_backups
from organizer.services.container import Services, open_chapter
from organizer.services.imports import ImportOptions
from ui import app as app_module
from ui.backups.backups_dialog import BackupsDialog, BackupsModel, Col, size_text

SHEETS = ("Name,Email\nAna Silva,ana@example.org\n",
          "Name,Email\nAna Silva,ana.two@example.org\nBo Chen,bo@example.org\n")


def import_sheets(services: Services, folder: Path) -> list[str]:
    """Two imports (so two backups: the empty chapter, then one person); their backups, oldest first."""
    taken = []
    for i, text in enumerate(SHEETS):
        path = folder / f"sheet-{i}.csv"
        path.write_text(text, encoding="utf-8")
        backup = services.imports.run(path, "people", ImportOptions()).backup
        assert backup is not None
        taken.append(backup)
    return taken


def rows() -> list[BackupRow]:
    when = datetime(2026, 3, 4, 18, 30, tzinfo=UTC)
    return [BackupRow(Path("/b/chapter-1-new-before-undo.db"), when, 2_400_000, BEFORE_UNDO, True),
            BackupRow(Path("/b/chapter-1-old-before-import.db"), when.replace(hour=9), 640_000, BEFORE_IMPORT, False)]


def test_model_passes_the_model_tester(qtmodeltester: Any) -> None:
    model = BackupsModel()
    qtmodeltester.check(model)
    model.set_rows(rows())
    qtmodeltester.check(model)


def test_model_data(qtbot: QtBot) -> None:
    model = BackupsModel()
    model.set_rows(rows())
    assert model.data(model.index(0, Col.REASON)) == "Before undoing an import"
    assert model.data(model.index(1, Col.REASON)) == "Before an import"
    assert model.data(model.index(0, Col.SIZE)) == "2.4 MB" and model.data(model.index(1, Col.SIZE)) == "640 KB"
    assert model.data(model.index(0, Col.SIZE), BackupsModel.SortRole) == 2_400_000
    assert model.data(model.index(0, Col.SIZE), Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert (model.data(model.index(0, Col.CHECK)), model.data(model.index(1, Col.CHECK))) == ("Passes", "Damaged")
    assert model.data(model.index(1, Col.CHECK), Qt.ItemDataRole.ForegroundRole) is not None
    assert model.data(model.index(0, Col.FILE), Qt.ItemDataRole.ToolTipRole) == "/b/chapter-1-new-before-undo.db"
    assert size_text(999) == "1 KB"


def test_lists_newest_first_and_a_damaged_backup_cannot_be_restored(qtbot: QtBot, services: Services,
                                                                     tmp_path: Path) -> None:
    older, newer = import_sheets(services, tmp_path)
    damage_whole(Path(older))
    assert services.path is not None
    dialog = BackupsDialog(services.path)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.rows_loaded, timeout=10_000):
        pass
    shown = [dialog.proxy.index(r, Col.FILE).data(BackupsModel.PathRole) for r in range(dialog.proxy.rowCount())]
    assert shown == [newer, older]
    assert [dialog.proxy.index(r, Col.CHECK).data() for r in range(2)] == ["Passes", "Damaged"]
    assert dialog.count_label.text() == "2 backups, 1 damaged"
    assert dialog.selected() is not None and dialog.restore_button.isEnabled()  # the newest is selected
    dialog.table.selectRow(1)
    assert not dialog.restore_button.isEnabled()


def damage_whole(path: Path) -> None:
    """Flip bytes all through a small file (its first page too), so SQLite's check surely fails."""
    data = bytearray(path.read_bytes())
    for i in range(100, len(data), 97):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))


def test_restore_asks_first_and_hands_over_the_backup(qtbot: QtBot, services: Services, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    _older, newer = import_sheets(services, tmp_path)
    assert services.path is not None
    dialog = BackupsDialog(services.path)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.rows_loaded, timeout=10_000):
        pass
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a: asked.append(a[2]) or answers.pop(0))
    chosen: list[Path] = []
    dialog.restore_requested.connect(chosen.append)
    dialog.restore_button.click()
    assert chosen == [] and len(asked) == 1  # No: nothing restored
    dialog.restore_button.click()
    assert chosen == [Path(newer)]
    assert "kept as a backup first" in asked[0] and "reopens" in asked[0]


def test_show_in_folder_opens_the_backups_folder(qtbot: QtBot, services: Services, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import_sheets(services, tmp_path)
    assert services.path is not None
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", opened.append)
    dialog = BackupsDialog(services.path)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.rows_loaded, timeout=10_000):
        pass
    dialog.folder_button.click()
    assert [Path(url.toLocalFile()) for url in opened] == [services.path.parent / "backups"]


def test_no_backups_yet_says_when_one_is_taken(qtbot: QtBot, services: Services) -> None:
    assert services.path is not None
    dialog = BackupsDialog(services.path)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.rows_loaded, timeout=10_000):
        pass
    assert dialog.stack.currentWidget() is dialog.empty
    assert "before every import" in dialog.empty.message.text()
    assert not dialog.restore_button.isEnabled()


def test_file_backups_restores_and_reopens_the_chapter(qtbot: QtBot, db_path: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    services = open_chapter(db_path)
    older, _newer = import_sheets(services, tmp_path)  # the older backup holds the chapter with nobody in it
    services.close()
    controller = app_module.AppController(str(db_path))
    with qtbot.waitSignal(controller.main_shown, timeout=10_000):
        controller.start()
    window = controller.window
    assert window is not None and window.services.people.count() == 3
    assert window.backups_action in window.menuBar().actions()[0].menu().actions()
    window.backups_action.trigger()
    dialog = window.backups_dialog
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=10_000)
    for row in range(dialog.proxy.rowCount()):
        if dialog.proxy.index(row, Col.FILE).data(BackupsModel.PathRole) == older:
            dialog.table.selectRow(row)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(controller.main_shown, timeout=20_000):
        dialog.restore_button.click()
    assert controller.window is not None and controller.window is not window
    qtbot.addWidget(controller.window)
    assert controller.window.services.people.count() == 0
    kept = [row for row in list_backups(db_path) if row.reason == "before-restore"]
    assert len(kept) == 1 and kept[0].ok
    copy = tmp_path / "kept.db"
    shutil.copyfile(kept[0].path, copy)
    again = open_chapter(copy)
    assert again.people.count() == 3  # the chapter as it was before the restore
    again.close()
    controller.shutdown()


def test_a_restore_that_fails_says_so_and_reopens_the_chapter_as_it_was(
        qtbot: QtBot, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    services = open_chapter(db_path)
    older, _newer = import_sheets(services, tmp_path)
    services.close()
    controller = app_module.AppController(str(db_path))
    with qtbot.waitSignal(controller.main_shown, timeout=10_000):
        controller.start()
    damage_whole(Path(older))  # damaged after it was listed as passing
    problems: list[str] = []
    monkeypatch.setattr(app_module, "show_problem", lambda _parent, exc, *_a: problems.append(str(exc)))
    with qtbot.waitSignal(controller.main_shown, timeout=20_000):
        controller.restore_into(db_path, Path(older))
    assert "damaged" in problems[0]
    assert controller.window is not None and controller.window.services.people.count() == 3
    qtbot.addWidget(controller.window)
    controller.shutdown()
