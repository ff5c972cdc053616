"""The Walk lists section: preview, lists and turfs, and results keyed in the grid."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from organizer.services.container import Services
from organizer.services.walklists import Outputs, WalkFilters
from organizer.services.walklists.results import record_entries
from tests.service.importing_helpers import write_csv
from ui.walklists.results_grid import ResultsGrid
from ui.walklists.walklists_view import WalkListsView

HEADER = ["voter_reg_num", "last_name", "first_name", "res_street_address", "zip_code", "precinct_abbrv"]
ROLL = [["V1", "SILVA", "ANA", "12 N MAIN ST", "27601", "01-01"], ["V2", "SILVA", "ANA", "12 N MAIN ST", "27601", "01-01"],
        ["V3", "CHEN", "WEI", "15 N MAIN ST", "27601", "01-01"]]


def test_preview_lists_turfs_and_results(qtbot: QtBot, services: Services, tmp_path: Path) -> None:
    services.imports.run(write_csv(tmp_path / "roll.txt", [HEADER, *ROLL], delimiter="\t"), "voters")
    view = WalkListsView(services)
    qtbot.addWidget(view)
    view.build.precincts.setText("01-01")
    view._preview()
    qtbot.waitUntil(lambda: "people" in view.build.summary.text())
    assert "2 doors · 3 people" in view.build.summary.text()
    with qtbot.waitSignal(view.lists_loaded):
        built = services.walklists.build(WalkFilters(), None, "Spring", Outputs(tmp_path / "w.xlsx"))
    qtbot.waitUntil(lambda: view.turfs_table.rowCount() == 1)
    assert view.lists_table.item(0, 1).text() == "Spring"

    grid = ResultsGrid(built.list_id, view)
    qtbot.addWidget(grid)
    grid.set_line(0, f"{built.list_id}-1", "nh")
    grid.set_line(1, "999-9", "c")
    result = record_entries(services, built.list_id, grid.entries())
    assert (result.created, result.rejected) == (1, 1)
    qtbot.waitUntil(lambda: view.turfs_table.item(0, 3) is not None and view.turfs_table.item(0, 3).text() == "1 / 2")


def test_printing_writes_the_pdf_and_opens_it_in_the_pdf_viewer(qtbot: QtBot, services: Services, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    services.imports.run(write_csv(tmp_path / "roll.txt", [HEADER, *ROLL], delimiter="\t"), "voters")
    view = WalkListsView(services)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.lists_loaded):
        services.walklists.build(WalkFilters(), None, "Spring", Outputs(tmp_path / "w.xlsx"))
    qtbot.waitUntil(lambda: view.lists_table.rowCount() == 1)
    view.lists_table.setCurrentCell(0, 0)
    target = tmp_path / "walk #3 ?50%.pdf"  # characters that mean something in a URL
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), "PDF (*.pdf)"))
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    with qtbot.waitSignal(view.status_message) as said:
        view._print()
    assert target.read_bytes().startswith(b"%PDF-")
    assert [Path(u.toLocalFile()) for u in opened] == [target]
    assert said.args == ["2 doors written to walk #3 ?50%.pdf: opened to print"]
