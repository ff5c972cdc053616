"""The share dialogs: choices become the request, a share file is written and imported, deletions are settled."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from organizer.services.container import Services
from organizer.services.person_input import PersonInput
from organizer.services.sharing.passwords import MemoryStore
from tests.service.share_helpers import other_chapter
from ui.sharing.deletions_dialog import DeletionsDialog
from ui.sharing.import_share_dialog import ImportShareDialog
from ui.sharing.share_dialog import ShareDialog


def test_the_share_dialog_writes_what_was_chosen(qtbot: QtBot, services: Services, tmp_path: Path) -> None:
    services.people.add(PersonInput(given_name="Ana", family_name="Silva", tags=["Teacher"]))
    dialog = ShareDialog(services)
    qtbot.addWidget(dialog)
    dialog.tags.setText("Teacher, ")
    dialog.privacy["no_notes"].setChecked(True)
    dialog.section_boxes["events"].setChecked(False)
    request = dialog.request(tmp_path / "s.xlsx", False)
    assert request.choice.tags == ("Teacher",) and request.choice.no_notes and "events" not in request.choice.sections
    dialog.show()
    dialog.grab().save(str(tmp_path / "share-shot.png"))
    dialog.start(request)
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=20_000)
    assert (tmp_path / "s.xlsx").exists() and "Saved" in dialog.status.text()


def test_importing_a_share_file_and_settling_a_deletion(qtbot: QtBot, services: Services, tmp_path: Path) -> None:
    from organizer.services.sharing.options import ShareRequest

    ana = services.people.add(PersonInput(given_name="Ana", family_name="Silva"))
    services.sharing.export(ShareRequest(tmp_path / "one.xlsx"))
    services.people.delete([ana.id])
    services.sharing.export(ShareRequest(tmp_path / "two.xlsx", password="pw"))
    other = other_chapter(tmp_path)
    try:
        passwords = MemoryStore()
        dialog = ImportShareDialog(other, tmp_path / "one.xlsx", passwords=passwords)
        qtbot.addWidget(dialog)
        dialog.start(dry_run=True)
        qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=20_000)
        assert other.people.count() == 0 and "Nothing was changed" in dialog.status.text()
        dialog.start(dry_run=False)
        qtbot.waitUntil(lambda: dialog.task is None and other.people.count() == 1, timeout=20_000)
        dialog.path.setText(str(tmp_path / "two.xlsx"))
        dialog.partner.setText("Test Chapter")
        dialog.password.setText("pw")
        dialog.remember.setChecked(True)
        dialog.outcome = None
        dialog.start(dry_run=False)
        qtbot.waitUntil(lambda: dialog.task is None and "Imported" in dialog.status.text(), timeout=20_000)
        assert passwords.get("Test Chapter") == "pw"
        dialog.show()
        dialog.grab().save(str(tmp_path / "import-share-shot.png"))
        deletions = DeletionsDialog(other)
        qtbot.addWidget(deletions)
        qtbot.waitUntil(lambda: len(deletions.offers) == 1, timeout=10_000)
        deletions.show()
        deletions.grab().save(str(tmp_path / "deletions-shot.png"))
        deletions.settle(True)
        qtbot.waitUntil(lambda: other.people.count() == 0, timeout=10_000)
    finally:
        other.close()
