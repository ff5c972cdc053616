"""The first-run dialog makes the folder of a new chapter readable by the user only, whatever the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ui.first_run import FirstRunDialog

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


@pytest.fixture(autouse=True)
def _umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_creating_a_chapter_makes_private_folders_and_a_private_file(qtbot: QtBot, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    target = mine / "data" / "ChapterOrganizer" / "chapter.db"
    dialog = FirstRunDialog(target)
    qtbot.addWidget(dialog)
    dialog.chapter_name.setText("Lakeside")
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        dialog.create_chapter()
    assert dialog.services is not None
    dialog.services.close()
    assert mode(mine / "data") == mode(target.parent) == 0o700
    assert mode(target) == 0o600
    assert mode(mine) == 0o755  # a folder that was there already keeps its own mode
