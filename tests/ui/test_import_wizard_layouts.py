"""The import wizard and voter files without a header row: recognised by shape, or mapped and picked by hand."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QThreadPool

from tests.service.importing_helpers import write_csv
from tests.service.test_voter_layouts import florida_row
from ui.imports.import_wizard import ImportWizard

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(autouse=True)
def _jobs_finish(services: Any) -> Iterator[None]:
    yield
    QThreadPool.globalInstance().waitForDone(10_000)


def voter_wizard(qtbot: Any, services: Any, path: Path) -> ImportWizard:
    wizard = ImportWizard(services, path, kind="voters")
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitUntil(lambda: not wizard.controller.busy)
    qtbot.waitUntil(wizard.file_page.isComplete)
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page
    return wizard


def test_a_florida_extract_is_recognised_and_imported(qtbot: Any, services: Any, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "ALA.txt", [florida_row("100000001", "SMITH", "MARY", "12 ELM ST", "32601", "01"),
                                             florida_row("100000002", "SMITH", "MARY", "14 ELM ST", "32601", "01")],
                     delimiter="\t")
    wizard = voter_wizard(qtbot, services, path)
    page = wizard.mapping_page
    assert page.found.text().startswith("Read as the Florida county extract (no header row")
    assert page.combos["Voter ID"].currentData() == "voter_id" and page.row_spin.text() == "none"
    assert page.layout_combo.isVisibleTo(page) and page.layout_combo.currentData() == ""
    wizard.next()
    qtbot.waitUntil(wizard.check_page.isComplete)
    with qtbot.waitSignal(wizard.import_finished, timeout=10_000) as imported:
        wizard.next()
    assert imported.args[0].created == 2


def test_an_unknown_shape_shows_its_columns_by_letter_and_a_layout_can_be_picked(
        qtbot: Any, services: Any, tmp_path: Path) -> None:
    row = florida_row("100000001", "SMITH", "MARY", "12 ELM ST", "32601", "01")
    row[0] = "12"  # no county code: the shape alone does not say Florida
    path = write_csv(tmp_path / "odd.txt", [row], delimiter="\t")
    wizard = voter_wizard(qtbot, services, path)
    page = wizard.mapping_page
    assert "No header row we recognise" in page.found.text()
    assert "Column A" in page.combos and "No column holds the voter id" in page.note.text()
    page.layout_combo.setCurrentIndex(page.layout_combo.findData("florida"))
    page.layout_combo.activated.emit(page.layout_combo.currentIndex())
    qtbot.waitUntil(lambda: "Voter ID" in page.combos and not wizard.controller.busy)
    assert page.combos["Voter ID"].currentData() == "voter_id"
    assert wizard.choices.run_options(wizard.controller.preview, dry_run=True).layout == "florida"  # type: ignore[arg-type]


def test_the_check_says_why_a_refresh_marks_voters_inactive(qtbot: Any, services: Any, tmp_path: Path) -> None:
    rows = [florida_row(f"10000000{i}", "SMITH", "MARY", f"{i} ELM ST", "32601", "01") for i in range(1, 7)]
    services.imports.run(write_csv(tmp_path / "ALA1.txt", rows, delimiter="\t"), "voters")
    path = write_csv(tmp_path / "ALA2.txt", rows[1:], delimiter="\t")  # one of six voters is gone
    wizard = voter_wizard(qtbot, services, path)
    wizard.next()
    qtbot.waitUntil(wizard.check_page.isComplete)
    text = wizard.check_page.panel.message.text()
    assert "1 voters will be marked inactive" in text and "not in the new file" in text
