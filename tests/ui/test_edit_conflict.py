"""Saving a person someone else changed meanwhile shows both versions; the user keeps theirs, overwrites or goes back."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from organizer.services.container import Services, open_chapter
from organizer.services.edit_conflicts import EditConflict
from organizer.services.people import PersonInput
from ui.people import edit_conflict
from ui.people.edit_conflict import EditConflictDialog, theirs_side, yours_side
from ui.people.person_dialog import SEEN_THEIRS_TEXT, PersonDialog, load_form


def someone_else_edits(db_path: Path, person_id: int, **changes: object) -> None:
    """Another window (or user) on the same chapter saves a change to the person."""
    other = open_chapter(db_path)
    try:
        row = other.people.get(person_id)
        data = PersonInput(given_name=row.given_name, family_name=row.family_name, emails=list(row.emails),
                           phones=list(row.phones_display), postal_code=row.postal_code, tags=list(row.tags),
                           flags=list(row.flags), custom_fields=dict(row.custom_fields))
        for key, value in changes.items():
            setattr(data, key, value)
        other.people.update(person_id, data, expected_version=row.version)
    finally:
        other.close()


def crossed_dialog(qtbot: QtBot, services: Services, people: dict[str, int], db_path: Path,
                   monkeypatch: pytest.MonkeyPatch, answer: str) -> tuple[PersonDialog, list[EditConflict]]:
    """A form on Ana, changed meanwhile by someone else (notes), with "Anabela" typed; saving meets `answer`."""
    dialog = PersonDialog(services, load_form(services, people["Ana"]))
    qtbot.addWidget(dialog)
    someone_else_edits(db_path, people["Ana"], notes="Prefers texts")
    dialog.given.setText("Anabela")
    asked: list[EditConflict] = []

    def ask(_parent: object, conflict: EditConflict, _yours: object) -> str:
        asked.append(conflict)
        return answer

    monkeypatch.setattr(edit_conflict, "ask_conflict", ask)
    dialog.save()
    qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    return dialog, asked


def test_keep_theirs_closes_the_form_and_saves_nothing(qtbot: QtBot, services: Services, people: dict[str, int],
                                                       db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dialog, asked = crossed_dialog(qtbot, services, people, db_path, monkeypatch, edit_conflict.KEEP_THEIRS)
    qtbot.waitUntil(lambda: not dialog.isVisible() and dialog.result() == 0, timeout=10_000)
    assert asked[0].theirs.notes == "Prefers texts"
    row = services.people.get(people["Ana"])
    assert (row.given_name, row.notes) == ("Ana", "Prefers texts")


def test_overwrite_saves_mine_over_theirs(qtbot: QtBot, services: Services, people: dict[str, int],
                                          db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    crossed_dialog(qtbot, services, people, db_path, monkeypatch, edit_conflict.OVERWRITE)
    qtbot.waitUntil(lambda: services.people.get(people["Ana"]).given_name == "Anabela", timeout=10_000)
    assert services.people.get(people["Ana"]).notes == ""  # the form's notes, put over theirs as chosen


def test_go_back_keeps_the_form_open_and_the_next_save_goes_over_theirs(
        qtbot: QtBot, services: Services, people: dict[str, int], db_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    dialog, asked = crossed_dialog(qtbot, services, people, db_path, monkeypatch, edit_conflict.GO_BACK)
    qtbot.waitUntil(lambda: dialog.buttons.isEnabled(), timeout=10_000)
    assert dialog.general_error.text() == SEEN_THEIRS_TEXT
    assert dialog.given.text() == "Anabela"  # nothing typed is lost
    assert services.people.get(people["Ana"]).given_name == "Ana"
    dialog.notes.setPlainText("Prefers texts")  # merged by hand
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save()
    assert len(asked) == 1
    row = services.people.get(people["Ana"])
    assert (row.given_name, row.notes) == ("Anabela", "Prefers texts")


def test_the_dialog_shows_both_versions_and_marks_what_differs(qtbot: QtBot, services: Services,
                                                               people: dict[str, int]) -> None:
    theirs = services.people.get(people["Ana"])
    mine = PersonInput(given_name="Anabela", family_name="Silva", emails=["ana@example.org"],
                       phones=["9195550101"], postal_code="27601", tags=["Parent", "Door knocker"])
    conflict = EditConflict(theirs, theirs.version - 1, theirs.version)
    dialog = EditConflictDialog(conflict, yours_side(mine, None, "US"))
    qtbot.addWidget(dialog)
    assert dialog.differing == ["Name", "Volunteer"]  # phones and tags only formatted or ordered differently
    assert dialog.findChild(QLabel, "conflict-name-theirs").text() == "Ana Silva"
    assert dialog.findChild(QLabel, "conflict-name-yours").text() == "Anabela Silva"
    dialog.overwrite_button.click()
    assert dialog.choice == edit_conflict.OVERWRITE
    again = EditConflictDialog(conflict, theirs_side(theirs))
    qtbot.addWidget(again)
    assert again.differing == []
    again.keep_button.click()
    assert again.choice == edit_conflict.KEEP_THEIRS
