"""The Imports screen over real services: its model, the empty state, details and undo."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QMessageBox

from organizer.services.imports import BatchRow, ImportOptions
from ui.imports.import_wizard import ImportWizard
from ui.imports.imports_view import EMPTY_TEXT, BatchTableModel, Col, ImportsView

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
SIGN_IN = "Name,Phone #,E-mail\nAna Lopez,(617) 253-1000,ana@example.org\nBen Stone,12,ben@example.org\n,,\n" \
          "Cara Diaz,,cara@example.org\n,x,\n"


@pytest.fixture(autouse=True)
def _jobs_finish(services: Any) -> Iterator[None]:
    """Background jobs end before the database closes (this fixture is torn down before `services`)."""
    yield
    QThreadPool.globalInstance().waitForDone(10_000)


@pytest.fixture
def imported(services: Any, tmp_path: Path) -> int:
    """One import of three people (and one rejected row) already made; its batch id."""
    path = tmp_path / "sign-in.csv"
    path.write_text(SIGN_IN, encoding="utf-8")
    report = services.imports.run(path, "people", ImportOptions())
    assert report.created == 3 and report.batch is not None
    return int(report.batch)


def rows() -> list[BatchRow]:
    when = datetime(2025, 3, 4, 18, 30)
    return [BatchRow(2, "voters", "county.txt", when, 12_345, 12_000, 0, 300, 45, False),
            BatchRow(1, "people", "sign-in.csv", when, 4, 3, 0, 0, 1, True)]


def test_model_passes_the_model_tester(qtmodeltester: Any) -> None:
    model = BatchTableModel()
    qtmodeltester.check(model)
    model.set_rows(rows())
    qtmodeltester.check(model)


def test_model_data(qtbot: Any) -> None:
    model = BatchTableModel()
    model.set_rows(rows())
    assert model.rowCount() == 2 and model.columnCount() == len(Col)
    assert model.data(model.index(0, Col.ROWS)) == "12,345"
    assert model.data(model.index(0, Col.ROWS), BatchTableModel.SortRole) == 12_345
    assert model.data(model.index(0, Col.REJECTED), Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert model.data(model.index(0, Col.FILE), Qt.ItemDataRole.TextAlignmentRole) is None
    assert model.data(model.index(0, Col.KIND)) == "Voter roll"
    assert model.data(model.index(1, Col.STATE)) == "Undone"
    assert model.data(model.index(0, Col.STATE)) == "Imported"
    assert model.data(model.index(1, Col.FILE), BatchTableModel.IdRole) == 1
    assert model.headerData(Col.CREATED, Qt.Orientation.Horizontal) == "Added"


def test_empty_state(qtbot: Any, services: Any) -> None:
    view = ImportsView(services)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.stack.currentWidget() is view.empty)
    assert (view.empty.title.text(), view.empty.message.text()) == EMPTY_TEXT
    assert [b.text() for b in view.empty.buttons()] == ["Import a spreadsheet…"]
    assert not view.undo_button.isEnabled() and not view.details_button.isEnabled()
    assert view.import_button.isEnabled()


def test_lists_imports_and_undoes_one(qtbot: Any, services: Any, imported: int,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    view = ImportsView(services)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert view.stack.currentWidget() is view.view
    assert view.count_label.text() == "1 import"
    view.view.selectRow(0)
    assert view.selected() is not None and view.selected().id == imported  # type: ignore[union-attr]
    assert view.undo_button.isEnabled()

    asked: list[str] = []

    def yes(*args: Any) -> QMessageBox.StandardButton:
        asked.append(args[2])
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    with qtbot.waitSignal(view.data_changed, timeout=10_000):
        view.undo_button.click()
    assert "removes the 3 people" in asked[0]
    assert services.people.count() == 0
    qtbot.waitUntil(lambda: view.model.rowCount() == 1 and view.model.row_at(0).undone)
    assert view.model.data(view.model.index(0, Col.STATE)) == "Undone"
    assert "3 people removed" in view.status.text()
    assert not view.undo_button.isEnabled()  # the same import stays selected and cannot be undone twice


def test_undo_asks_first(qtbot: Any, services: Any, imported: int, monkeypatch: pytest.MonkeyPatch) -> None:
    view = ImportsView(services)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    view.view.selectRow(0)
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a: asked.append(a[1]) or QMessageBox.StandardButton.No)
    view.undo_button.click()
    qtbot.waitUntil(lambda: len(asked) == 1 and view.undo_button.isEnabled())  # asked after finding who was edited
    view.show()
    view.activateWindow()
    view.view.setFocus()
    qtbot.waitUntil(view.view.hasFocus)
    qtbot.keyClick(view.view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: len(asked) == 2 and view.undo_button.isEnabled())
    assert asked == ["Undo this import?", "Undo this import?"]
    assert services.people.count() == 3
    assert not services.imports.batches()[0].undone


def test_undo_names_the_people_edited_since_and_undoes_once_confirmed(
        qtbot: Any, services: Any, imported: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from organizer.services.people import PersonInput

    ana = next(row for row in services.people.iter_all() if row.given_name == "Ana")
    services.people.update(ana.id, PersonInput(given_name="Ana", family_name="Lopez", emails=list(ana.emails),
                                               notes="called back"))
    view = ImportsView(services)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    view.view.selectRow(0)
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(view.data_changed, timeout=10_000):
        view.undo_button.click()
    assert "1 person was edited after this import" in asked[0] and f"Ana Lopez (#{ana.id})" in asked[0]
    assert services.people.count() == 0
    assert "3 people removed" in view.status.text() and "kept as a backup" in view.status.text()


def test_an_edit_made_while_asking_is_asked_about_too(qtbot: Any, services: Any, imported: int,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from organizer.services.people import PersonInput

    people = {row.given_name: row for row in services.people.iter_all()}
    view = ImportsView(services)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    view.view.selectRow(0)
    asked: list[str] = []

    def answer(*args: Any) -> QMessageBox.StandardButton:
        asked.append(args[2])
        if len(asked) == 1:  # someone edits Cara while the first question is open
            cara = people["Cara"]
            services.people.update(cara.id, PersonInput(given_name="Cara", family_name="Diaz",
                                                        emails=list(cara.emails), notes="new note"))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    with qtbot.waitSignal(view.data_changed, timeout=10_000):
        view.undo_button.click()
    assert "edited after" not in asked[0] and f"Cara Diaz (#{people['Cara'].id})" in asked[1]
    assert services.people.count() == 0


def test_details_show_the_stored_report(qtbot: Any, services: Any, imported: int) -> None:
    view = ImportsView(services)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    view.view.selectRow(0)
    view.details_button.click()
    qtbot.waitUntil(lambda: view.details is not None and view.details.isVisible())
    details = view.details
    assert details is not None
    shown = {label.accessibleName(): label.text() for label in details.counts.findChildren(type(details.summary))}
    assert shown["Added"] == "3" and shown["Rejected"] == "1"
    assert details.issues.rejected.rowCount() == 1
    assert details.issues.warnings.rowCount() == 2  # the phones "12" and "x", kept as typed
    details.close()


def test_the_import_button_opens_the_wizard(qtbot: Any, services: Any, tmp_path: Path) -> None:
    view = ImportsView(services)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.stack.currentWidget() is view.empty)
    view.import_button.click()
    assert isinstance(view.wizard, ImportWizard) and view.wizard.isVisible()
    with qtbot.waitSignal(view.data_changed):
        view.wizard.import_finished.emit(None)
    view.wizard.reject()
