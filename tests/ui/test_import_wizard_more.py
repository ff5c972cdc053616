"""The import wizard's small things: a typed path, Enter on the header row, the rows left out, a repeated file,
and a voter refresh that would mark a mass of voters inactive."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QMessageBox, QWizard

from tests.service.importing_helpers import write_csv
from tests.ui.test_import_wizard import SIGN_IN, open_wizard, to_check, to_mapping

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(autouse=True)
def _jobs_finish(services: Any) -> Iterator[None]:
    yield
    QThreadPool.globalInstance().waitForDone(10_000)


@pytest.fixture
def sign_in(tmp_path: Path) -> Path:
    path = tmp_path / "sign-in.csv"
    path.write_text(SIGN_IN, encoding="utf-8")
    return path


def next_enabled(wizard: QWizard) -> bool:
    return wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_a_typed_path_enables_next_without_leaving_the_box(qtbot: Any, services: Any, sign_in: Path) -> None:
    wizard = open_wizard(qtbot, services, None)
    page = wizard.file_page
    assert not next_enabled(wizard)
    page.path_edit.setFocus()
    qtbot.keyClicks(page.path_edit, str(sign_in)[:-4])  # "…/sign-in": no such file yet
    assert not page.isComplete() and wizard.choices.path is None
    qtbot.keyClicks(page.path_edit, ".csv")
    qtbot.waitUntil(lambda: next_enabled(wizard), timeout=10_000)
    assert page.path_edit.hasFocus() and wizard.choices.path == sign_in
    qtbot.keyClick(page.path_edit, Qt.Key.Key_Backspace)  # "…/sign-in.cs" names no file: Next goes grey again
    assert not page.isComplete() and not next_enabled(wizard)
    qtbot.keyClicks(page.path_edit, "v")
    qtbot.waitUntil(lambda: next_enabled(wizard), timeout=10_000)


def test_a_typed_path_that_names_no_file_says_so(qtbot: Any, services: Any, tmp_path: Path) -> None:
    wizard = open_wizard(qtbot, services, None)
    page = wizard.file_page
    page.path_edit.setFocus()
    qtbot.keyClicks(page.path_edit, str(tmp_path / "nowhere.csv"))
    qtbot.keyClick(page.path_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.status.objectName() == "fieldError", timeout=10_000)
    assert page.status.text() and not page.isComplete()


def test_enter_on_the_header_row_goes_on_to_the_check(qtbot: Any, services: Any, sign_in: Path) -> None:
    wizard = open_wizard(qtbot, services, sign_in)
    to_mapping(qtbot, wizard)
    page = wizard.mapping_page
    page.combos["Volunteer?"].setCurrentIndex(page.combos["Volunteer?"].findData("custom"))
    page._mapped("Volunteer?", 0)
    qtbot.waitUntil(lambda: not wizard.controller.busy)
    page.row_spin.setFocus()
    qtbot.keyClick(page.row_spin, Qt.Key.Key_Return)  # the row found: straight on, keeping the columns chosen
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.check_page, timeout=10_000)
    assert wizard.choices.overrides == {"Volunteer?": "custom"}
    wizard.back()
    qtbot.waitUntil(lambda: wizard.currentPage() is page)
    page.row_spin.setFocus()
    page.row_spin.selectAll()
    qtbot.keyClicks(page.row_spin, "4")  # another row, then Enter at once, while it is being read
    qtbot.keyClick(page.row_spin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.check_page, timeout=10_000)
    assert wizard.controller.preview is not None and wizard.controller.preview.layout.header_row == 4


def test_the_last_page_lists_the_rows_left_out(qtbot: Any, services: Any, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "list.csv", [["Name", "Email", "Phone"], ["Ana Silva", "ana@example.org", ""],
                                             ["", "not-an-email", "12"], ["", "", "", "extra"],
                                             ["Ana Silva", "ana.2@example.org", ""]])
    wizard = open_wizard(qtbot, services, path)
    to_check(qtbot, wizard)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.report_page, timeout=10_000)
    report = wizard.report_page
    model = report.rejected_model
    assert report.rejected_view.isVisibleTo(report)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "Row", "Why it was left out", "Name", "Email", "Phone", "Column 4"]
    rows = [[model.data(model.index(r, c)) for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert [r[0] for r in rows] == ["3", "4"]
    assert rows[0][2:5] == ["", "not-an-email", "12"] and "nothing identifies a person" in rows[0][1]
    assert rows[1][5] == "extra"
    assert report.rejected_label.text().startswith("2 rows were left out")


def test_a_clean_import_lists_no_rows_left_out(qtbot: Any, services: Any, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "list.csv", [["Name", "Email"], ["Ana Silva", "ana@example.org"]])
    wizard = open_wizard(qtbot, services, path)
    to_check(qtbot, wizard)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.report_page, timeout=10_000)
    assert not wizard.report_page.rejected_view.isVisibleTo(wizard.report_page)
    assert wizard.report_page.rejected_label.isHidden()


def test_a_file_imported_before_is_said_so_in_the_check_and_the_report(qtbot: Any, services: Any,
                                                                       sign_in: Path) -> None:
    first = services.imports.run(sign_in, "people")
    wizard = open_wizard(qtbot, services, sign_in)
    to_check(qtbot, wizard)
    assert f"imported before, as import {first.batch} (" in wizard.check_page.panel.message.text()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.report_page, timeout=10_000)
    assert "imported before" in wizard.report_page.summary.text()
    assert services.people.count() == 3  # the same three, unchanged


ROLL = ["voter_reg_num", "last_name", "first_name", "res_street_address", "zip_code"]


def roll(tmp_path: Path, name: str, ids: range) -> Path:
    return write_csv(tmp_path / name, [ROLL, *[[f"V{i}", "SILVA", f"ANA{i}", f"{i} N MAIN ST", "27601"] for i in ids]])


def voters_check(qtbot: Any, services: Any, path: Path) -> Any:
    wizard = open_wizard(qtbot, services, path)
    wizard.file_page.kinds.button(1).click()
    qtbot.waitUntil(lambda: wizard.file_page.isComplete() and not wizard.controller.busy, timeout=10_000)
    to_mapping(qtbot, wizard)
    wizard.next()
    return wizard


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No])
def test_a_mass_inactive_refresh_asks_with_the_count_and_why(qtbot: Any, services: Any, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             answer: QMessageBox.StandardButton) -> None:
    services.imports.run(roll(tmp_path, "full.csv", range(10)), "voters")
    asked: list[str] = []

    def question(*args: Any) -> QMessageBox.StandardButton:
        asked.append(args[2])
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    wizard = voters_check(qtbot, services, roll(tmp_path, "one precinct.csv", range(3)))
    check = wizard.check_page
    qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    assert "mark 7 of the 10 active voters inactive" in asked[0]
    assert "whole new roll" in asked[0] and "one precinct" in asked[0]
    if answer == QMessageBox.StandardButton.No:
        qtbot.waitUntil(lambda: check.panel.retry_button.isVisibleTo(check), timeout=10_000)
        assert "Nothing was imported" in check.panel.message.text() and "--allow" not in check.panel.message.text()
        assert not check.isComplete() and len(asked) == 1
        return
    qtbot.waitUntil(check.isComplete, timeout=10_000)
    assert check.report is not None and check.report.count("deactivated") == 7 and len(asked) == 1
    with qtbot.waitSignal(wizard.import_finished, timeout=10_000) as done:
        wizard.next()
    assert done.args[0].count("deactivated") == 7
