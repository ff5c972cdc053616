"""The Review section and the merge dialog over real services: queues, actions, side by side, People's link."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QRadioButton

from organizer.services.container import Services
from organizer.services.person_input import PersonInput
from tests.service.importing_helpers import write_csv
from ui.main_window import MainWindow
from ui.review.merge_dialog import MergeDialog
from ui.review.review_link import counts_text
from ui.review.review_models import ConflictCol, ConflictsModel, DuplicateCol, DuplicatesModel, IdRole, SortRole
from ui.review.review_view import ReviewView

HEADER = ["First", "Last", "Email", "Pronouns"]


@pytest.fixture
def queued(services: Services, tmp_path: Path) -> Services:
    """Two Ana Silvas proposed as one (repeated names), and Bo Chen whose pronouns differ between two files."""
    services.imports.run(write_csv(tmp_path / "a.csv", [HEADER, ["Ana", "Silva", "ana@example.org", "she/her"],
                                                        ["Bo", "Chen", "bo@example.org", "he/him"]]), "people")
    services.imports.run(write_csv(tmp_path / "b.csv", [HEADER, ["Ana", "Silva", "ana2@example.org", ""],
                                                        ["Bo", "Chen", "bo@example.org", "they/them"]]), "people")
    return services


def test_models_pass_the_model_tester_and_answer_data(qtmodeltester: Any, queued: Services) -> None:
    conflicts, duplicates = ConflictsModel(), DuplicatesModel()
    qtmodeltester.check(conflicts)
    conflicts.set_rows(queued.review.conflicts())
    duplicates.set_rows(queued.review.duplicates())
    qtmodeltester.check(conflicts)
    qtmodeltester.check(duplicates)
    assert conflicts.data(conflicts.index(0, ConflictCol.FIELD)) == "Pronouns"
    assert conflicts.data(conflicts.index(0, ConflictCol.INCOMING)) == "they/them"
    assert conflicts.data(conflicts.index(0, ConflictCol.FILE)) == "b.csv"
    assert duplicates.data(duplicates.index(0, DuplicateCol.REASON)) == "Same name"
    assert duplicates.data(duplicates.index(0, DuplicateCol.SCORE), SortRole) == 100.0
    assert duplicates.data(duplicates.index(0, DuplicateCol.SCORE), Qt.ItemDataRole.TextAlignmentRole)
    assert duplicates.data(duplicates.index(0, DuplicateCol.PERSON), IdRole) == queued.review.duplicates()[0].id
    uuid = queued.review.duplicates()[0].other_uuid
    assert uuid in duplicates.data(duplicates.index(0, DuplicateCol.OTHER), Qt.ItemDataRole.ToolTipRole)


def _view(qtbot: Any, services: Services) -> ReviewView:
    view = ReviewView(services)
    qtbot.addWidget(view)
    view.resize(900, 500)
    qtbot.waitUntil(lambda: view.duplicates.model.rowCount() + view.conflicts.model.rowCount() > 0
                    or view.tabs.tabText(0) != "Conflicts")
    return view


def test_the_queues_show_their_counts_and_empty_states(qtbot: Any, services: Services, queued: Services) -> None:
    view = _view(qtbot, queued)
    assert view.tabs.tabText(0) == "Conflicts (1)" and view.tabs.tabText(1) == "Possible duplicates (1)"
    assert view.conflicts.pages.currentWidget() is view.conflicts.table


def test_an_empty_chapter_says_nothing_waits(qtbot: Any, services: Services) -> None:
    view = _view(qtbot, services)
    assert view.conflicts.pages.currentWidget() is view.conflicts.empty
    assert view.duplicates.empty.title.text() == "No possible duplicates"
    assert not view.compare_button.isEnabled()


def test_take_the_import_value_from_the_queue(qtbot: Any, queued: Services) -> None:
    view = _view(qtbot, queued)
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.resolve("take")
    assert view.conflicts.model.rowCount() == 0 and view.tabs.tabText(0) == "Conflicts (0)"
    bo = next(r for r in queued.people.iter_all() if r.given_name == "Bo")
    assert bo.gender_pronouns == "they/them"


def test_not_the_same_person_leaves_the_queue(qtbot: Any, queued: Services) -> None:
    view = _view(qtbot, queued)
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.not_same()
    assert view.duplicates.model.rowCount() == 0
    assert queued.review.counts().duplicates == 0


def test_the_merge_dialog_shows_both_people_and_merges_as_chosen(qtbot: Any, queued: Services) -> None:
    view = _view(qtbot, queued)
    view.compare()
    dialog = view.merge_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.merge_button.isEnabled())
    assert dialog.preview is not None
    first, second = dialog.preview.survivor, dialog.preview.other
    assert first.name == second.name == "Ana Silva" and first.uuid != second.uuid
    assert set(dialog.groups) == {"gender_pronouns", "source"}  # only fields that differ offer a choice
    radios = [b.text() for b in dialog.grid_host.findChildren(QRadioButton)]
    assert "she/her" in radios and "(empty)" in radios
    assert dialog.choices()["gender_pronouns"] == "survivor"
    dialog.choose("gender_pronouns", "other")
    with qtbot.waitSignal(dialog.merged, timeout=5000):
        dialog.merge_button.click()
    survivor = queued.people.get(first.id)
    assert survivor.gender_pronouns == ""
    assert sorted(survivor.emails) == ["ana2@example.org", "ana@example.org"]
    qtbot.waitUntil(lambda: view.duplicates.model.rowCount() == 0)
    assert view.undo_button.isEnabled()
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.undo_last_merge()
    assert queued.people.get(second.id).emails == ("ana2@example.org",)
    assert queued.people.get(first.id).gender_pronouns == "she/her"


def test_the_merge_dialog_swaps_who_stays(qtbot: Any, queued: Services) -> None:
    [pair] = queued.review.duplicates()
    dialog = MergeDialog(queued, pair.other_id, pair.person_id, pair.id)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.preview is not None)
    dialog.swap()
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.preview.survivor.id == pair.person_id)
    assert dialog.preview.other.id == pair.other_id


def test_people_status_line_counts_and_opens_the_queue(qtbot: Any, queued: Services) -> None:
    window = MainWindow(queued)
    qtbot.addWidget(window)
    link = window.people.review_link
    qtbot.waitUntil(lambda: link.text() == "1 conflict and 1 possible duplicate to review")
    window.show_section(window.people)  # the Dashboard is the home screen
    window.show()
    assert link.isVisible()
    link.click()
    assert window.current_section() is window.review
    queued.people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["ana3@example.org"]))
    [pair] = queued.review.duplicates()
    queued.review.not_same(pair.id)
    qtbot.waitUntil(lambda: link.text() == "1 conflict to review")


def test_counts_text() -> None:
    from organizer.services.review import ReviewCounts

    assert counts_text(ReviewCounts(0, 0)) == ""
    assert counts_text(ReviewCounts(2, 0)) == "2 conflicts to review"
    assert counts_text(ReviewCounts(1, 1_200)) == "1 conflict and 1,200 possible duplicates to review"
