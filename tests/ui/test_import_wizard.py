"""The import wizard driven end to end over real services: detect, map, check, import, undo."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWizard

from organizer.progress import Cancelled
from organizer.services.imports import import_kind
from ui.imports.import_wizard import ImportWizard

SIGN_IN = (
    "Chapter sign-in sheet,,,\n"
    "March meeting,,,\n"
    "Name,Phone #,E-mail,Volunteer?\n"
    "Ana Lopez,(617) 253-1000,ana@example.org,Y\n"
    "Ben Stone,12,ben@example.org,N\n"
    ",,,Y\n"
    "Cara Diaz,,cara@example.org,\n"
)
# The offscreen platform says this whenever a wizard page resizes; it means nothing on a real screen.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
PROPOSED = {"Name": "full_name", "Phone #": "phone", "E-mail": "email", "Volunteer?": "volunteer"}


@pytest.fixture(autouse=True)
def _jobs_finish(services: Any) -> Iterator[None]:
    """Background jobs end before the database closes (this fixture is torn down before `services`)."""
    yield
    QThreadPool.globalInstance().waitForDone(10_000)


@pytest.fixture
def sign_in(tmp_path: Path) -> Path:
    path = tmp_path / "sign-in.csv"
    path.write_text(SIGN_IN, encoding="utf-8")
    return path


def open_wizard(qtbot: Any, services: Any, path: Path | None) -> ImportWizard:
    wizard = ImportWizard(services, path)
    qtbot.addWidget(wizard)
    wizard.show()
    if path is not None:
        qtbot.waitUntil(lambda: not wizard.controller.busy)
    return wizard


def to_mapping(qtbot: Any, wizard: ImportWizard) -> None:
    assert wizard.file_page.isComplete()
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page


def to_check(qtbot: Any, wizard: ImportWizard) -> None:
    to_mapping(qtbot, wizard)
    wizard.next()
    assert wizard.currentPage() is wizard.check_page
    qtbot.waitUntil(wizard.check_page.isComplete)


def test_a_csv_is_read_with_its_encoding_and_separator(qtbot: Any, services: Any, sign_in: Path) -> None:
    wizard = open_wizard(qtbot, services, sign_in)
    page = wizard.file_page
    assert page.isComplete()
    assert page.encoding_combo.currentData() == "utf-8"
    assert page.delimiter_combo.currentData() == ","
    assert page.encoding_combo.isVisibleTo(page) and not page.sheet_combo.isVisibleTo(page)
    assert "UTF-8" in page.status.text() and "commas" in page.status.text()


def test_the_file_dialog_chooses_the_file(qtbot: Any, services: Any, sign_in: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(sign_in), ""))
    wizard = open_wizard(qtbot, services, None)
    assert not wizard.file_page.isComplete()
    wizard.file_page._browse()
    qtbot.waitUntil(wizard.file_page.isComplete)
    assert wizard.file_page.path_edit.text() == str(sign_in)


def test_choosing_another_encoding_reads_the_file_again(qtbot: Any, services: Any, sign_in: Path) -> None:
    wizard = open_wizard(qtbot, services, sign_in)
    combo = wizard.file_page.encoding_combo
    combo.setCurrentIndex(combo.findData("cp1252"))
    combo.activated.emit(combo.currentIndex())
    assert wizard.choices.encoding == "cp1252"
    qtbot.waitUntil(wizard.file_page.isComplete)
    assert wizard.controller.preview is not None and wizard.controller.preview.source.encoding == "cp1252"


def test_semicolons_are_detected(qtbot: Any, services: Any, tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("Name;Email\nAna Lopez;ana@example.org\nBen Stone;ben@example.org\n", encoding="utf-8-sig")
    wizard = open_wizard(qtbot, services, path)
    assert wizard.file_page.delimiter_combo.currentData() == ";"
    assert wizard.file_page.encoding_combo.currentData() == "utf-8-sig"


def test_a_workbook_offers_its_sheets(qtbot: Any, services: Any, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active.append(["Bring the clipboard back to Ana"])
    sheet = book.create_sheet("Sign-in")
    sheet.append(["First Name", "Last Name", "Email"])
    sheet.append(["Ana", "Lopez", "ana@example.org"])
    path = tmp_path / "book.xlsx"
    book.save(path)
    wizard = open_wizard(qtbot, services, path)
    page = wizard.file_page
    assert page.sheet_combo.isVisibleTo(page) and not page.encoding_combo.isVisibleTo(page)
    assert [page.sheet_combo.itemText(i) for i in range(page.sheet_combo.count())] == ["Notes", "Sign-in"]
    page.sheet_combo.setCurrentIndex(1)
    page.sheet_combo.activated.emit(1)
    qtbot.waitUntil(page.isComplete, timeout=20_000)
    assert "“Sign-in”, one of its 2 sheets" in page.status.text()
    to_mapping(qtbot, wizard)
    assert {h: c.currentData() for h, c in wizard.mapping_page.combos.items()} == {
        "First Name": "given_name", "Last Name": "family_name", "Email": "email"}


def test_the_header_row_and_mapping_are_proposed(qtbot: Any, qtmodeltester: Any, services: Any,
                                                 sign_in: Path) -> None:
    wizard = open_wizard(qtbot, services, sign_in)
    to_mapping(qtbot, wizard)
    page = wizard.mapping_page
    assert page.row_spin.value() == 3
    assert page.found.text().startswith("We found your headers on row 3.")
    assert {h: c.currentData() for h, c in page.combos.items()} == PROPOSED
    assert page.combos["Phone #"].currentText() == "Phone"
    assert page.combos["Phone #"].accessibleName() == "What the column “Phone #” holds"
    model = page.head_model
    qtmodeltester.check(model)
    assert model.rowCount() == 7
    assert model.data(model.index(2, 0)) == "Name"
    assert model.data(model.index(2, 0), 0x0006).bold()  # FontRole: the header row stands out
    assert page.isComplete()


def test_a_changed_column_becomes_an_override(qtbot: Any, services: Any, sign_in: Path) -> None:
    wizard = open_wizard(qtbot, services, sign_in)
    to_mapping(qtbot, wizard)
    page = wizard.mapping_page
    combo = page.combos["Volunteer?"]
    combo.setCurrentIndex(combo.findData("tag"))
    combo.activated.emit(combo.currentIndex())
    assert wizard.choices.overrides == {"Volunteer?": "tag"}
    qtbot.waitUntil(page.isComplete)
    assert wizard.controller.preview is not None
    assert wizard.controller.preview.layout.mapping()["Volunteer?"] == "tag"
    combo.setCurrentIndex(combo.findData("volunteer"))
    combo.activated.emit(combo.currentIndex())
    assert wizard.choices.overrides == {}
    qtbot.waitUntil(page.isComplete)


def test_choosing_another_header_row_previews_again(qtbot: Any, services: Any, sign_in: Path) -> None:
    wizard = open_wizard(qtbot, services, sign_in)
    to_mapping(qtbot, wizard)
    page = wizard.mapping_page
    page.row_spin.setValue(1)
    qtbot.waitUntil(page.isComplete)
    assert list(page.combos) == ["Chapter sign-in sheet"]
    assert page.found.text().startswith("Headers on row 1.")
    assert "every row would be rejected" in page.note.text()
    page.row_spin.setValue(3)
    qtbot.waitUntil(page.isComplete)
    assert {h: c.currentData() for h, c in page.combos.items()} == PROPOSED
    assert page.note.text() == ""


def test_voter_rolls_map_to_voter_fields(qtbot: Any, services: Any, tmp_path: Path) -> None:
    path = tmp_path / "roll.txt"
    path.write_text("voter_reg_num\tlast_name\tfirst_name\n000123\tLopez\tAna\n", encoding="utf-8")
    wizard = open_wizard(qtbot, services, path)
    wizard.file_page.kinds.button(1).click()
    assert wizard.choices.kind == "voters"
    qtbot.waitUntil(wizard.file_page.isComplete)
    to_mapping(qtbot, wizard)
    combo = wizard.mapping_page.combos["voter_reg_num"]
    assert combo.count() == len(import_kind("voters").fields)
    assert combo.currentData() == "voter_id"


def test_check_import_and_undo(qtbot: Any, services: Any, sign_in: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wizard = open_wizard(qtbot, services, sign_in)
    to_check(qtbot, wizard)
    check = wizard.check_page
    counts = {label.accessibleName(): label.text() for label in check.counts.findChildren(type(check.panel.message))
              if label.accessibleName()}
    assert counts["Will be added"] == "3"
    assert counts["Will be rejected"] == "1"
    assert counts["Will be updated"] == "0"
    assert check.issues.rejected.rowCount() == 1
    assert check.issues.rejected.data(check.issues.rejected.index(0, 0)) == "6"
    warnings = check.issues.warnings
    assert [warnings.data(warnings.index(0, c)) for c in range(3)] == ["5", "Phone #", "12"]
    assert services.people.count() == 0  # a dry run changes nothing

    with qtbot.waitSignal(wizard.import_finished, timeout=10_000) as imported:
        wizard.next()
    assert imported.args[0].created == 3
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.report_page)
    assert services.people.count() == 3
    assert "3 people added" in wizard.report_page.summary.text()

    asked: list[str] = []

    def yes(*args: Any) -> QMessageBox.StandardButton:
        asked.append(args[2])
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    with qtbot.waitSignal(wizard.import_finished, timeout=10_000):
        wizard.report_page.undo_button.click()
    assert "removes the 3 people" in asked[0]
    assert services.people.count() == 0
    assert "3 people removed" in wizard.report_page.status.text()
    assert not wizard.report_page.undo_button.isEnabled()


def test_undo_is_asked_first(qtbot: Any, services: Any, sign_in: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wizard = open_wizard(qtbot, services, sign_in)
    to_check(qtbot, wizard)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.report_page)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    wizard.report_page.undo_button.click()
    assert services.people.count() == 3


def test_rejected_rows_are_saved(qtbot: Any, services: Any, sign_in: Path, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    wizard = open_wizard(qtbot, services, sign_in)
    to_check(qtbot, wizard)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.report_page)
    target = tmp_path / "to fix"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "CSV file (*.csv)"))
    wizard.report_page.save_button.click()
    qtbot.waitUntil(lambda: wizard.report_page.status.text().startswith("Saved"))
    saved = target.with_name("to fix.csv").read_text(encoding="utf-8-sig")
    assert saved.splitlines()[0].startswith("Row,Reason,Name")
    assert "nothing identifies a person" in saved


def test_cancel_changes_nothing(qtbot: Any, services: Any, sign_in: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_run = services.imports.run
    started = threading.Event()

    def slow_run(path: Path, kind: str, options: Any, progress: Any, cancel: Any) -> Any:
        if options.dry_run:
            return real_run(path, kind, options, progress, cancel)
        started.set()
        while not cancel.cancelled:
            threading.Event().wait(0.01)
        raise Cancelled()

    monkeypatch.setattr(services.imports, "run", slow_run)
    wizard = open_wizard(qtbot, services, sign_in)
    to_check(qtbot, wizard)
    wizard.next()
    panel = wizard.run_page.panel
    qtbot.waitUntil(started.is_set)
    panel.cancel_button.click()
    qtbot.waitUntil(lambda: not panel.running)
    assert panel.message.text() == "Cancelled: nothing was changed."
    assert panel.retry_button.isVisibleTo(panel)
    assert not wizard.run_page.isComplete()
    assert services.people.count() == 0


def test_an_unreadable_file_says_why_and_stays(qtbot: Any, services: Any, tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(path)
    wizard = open_wizard(qtbot, services, path)
    page = wizard.file_page
    assert page.status.text() == "This workbook has no data on any visible sheet."
    assert page.status.objectName() == "fieldError"  # the stylesheet's error colour
    assert not page.isComplete()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    wizard.next()
    assert wizard.currentPage() is page


def test_back_while_checking_stops_the_check(qtbot: Any, services: Any, sign_in: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    real_run = services.imports.run
    calls: list[bool] = []

    def first_check_waits(path: Path, kind: str, options: Any, progress: Any, cancel: Any) -> Any:
        calls.append(options.dry_run)
        if len(calls) == 1:
            while not cancel.cancelled:
                threading.Event().wait(0.01)
            raise Cancelled()
        return real_run(path, kind, options, progress, cancel)

    monkeypatch.setattr(services.imports, "run", first_check_waits)
    wizard = open_wizard(qtbot, services, sign_in)
    to_mapping(qtbot, wizard)
    wizard.next()
    qtbot.waitUntil(lambda: len(calls) == 1)
    wizard.back()  # cancels the check in flight
    assert wizard.currentPage() is wizard.mapping_page
    wizard.next()
    qtbot.waitUntil(wizard.check_page.isComplete)
    qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0)
    assert calls == [True, True]
    assert wizard.check_page.panel.message.text().startswith("Checked 4 rows")  # the cancelled one said nothing
    assert services.people.count() == 0


def test_a_password_protected_workbook_imports_with_the_password_typed(qtbot: Any, services: Any) -> None:
    locked = Path(__file__).resolve().parents[1] / "fixtures" / "encrypted_signin.xlsx"
    wizard = open_wizard(qtbot, services, locked)
    page = wizard.file_page
    assert not page.isComplete() and "password" in page.status.text()
    page.password_edit.setText("not the password")
    page.password_edit.editingFinished.emit()
    qtbot.waitUntil(lambda: not wizard.controller.busy)
    assert not page.isComplete() and "wrong" in page.status.text()
    page.password_edit.setText("Riverside-2024")
    page.password_edit.editingFinished.emit()
    qtbot.waitUntil(lambda: not wizard.controller.busy)
    assert page.isComplete()
    to_check(qtbot, wizard)
    wizard.next()
    qtbot.waitUntil(lambda: services.people.count() > 0, timeout=20_000)
