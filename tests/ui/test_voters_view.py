"""The Voters section and its lazy model, over real services and a small roll with repeated names."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from organizer.services.container import Services
from organizer.services.imports import ImportOptions
from organizer.services.voters import VoterQuery
from tests.service.importing_helpers import write_csv
from ui.voters.refreshes_dialog import RefreshesDialog
from ui.voters.voters_model import Column, IdRole, SortRole, VotersModel
from ui.voters.voters_view import VotersView

HEADER = ["voter_reg_num", "last_name", "first_name", "res_street_address", "zip_code", "precinct_abbrv",
          "voter_status_desc", "party_cd"]
ROLL = [
    ["V1", "SILVA", "ANA", "12 N MAIN ST APT 2B", "27601", "01-01", "ACTIVE", "DEM"],
    ["V2", "SILVA", "ANA", "40 ELM ST", "27604", "01-02", "ACTIVE", "REP"],
    ["V3", "CHEN", "WEI", "15 N MAIN ST", "27601", "01-01", "INACTIVE", "UNA"],
    ["V4", "DIAZ", "CARMEN", "1 PINE LN", "27610", "01-03", "ACTIVE", "DEM"],
]


@pytest.fixture
def roll(services: Services, tmp_path: Path) -> Services:
    services.imports.run(write_csv(tmp_path / "roll.txt", [HEADER, *ROLL], delimiter="\t"), "voters")
    return services


def make_view(qtbot: QtBot, services: Services) -> VotersView:
    view = VotersView(services, can_import=True)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.query_finished, timeout=10_000):
        pass
    return view


def ids_shown(view: VotersView) -> list[str]:
    return [view.model.index(r, Column.VOTER_ID).data() for r in range(view.model.rowCount())]


def test_model_passes_modeltester_and_fetches_pages(qtmodeltester: object, roll: Services) -> None:
    model = VotersModel(roll.voters.rows, page_size=2, background=False)
    ids = roll.voters.search_ids(VoterQuery())
    model.set_ids(ids)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in Column] == [
        "Name", "Street", "ZIP", "Precinct", "Party", "Status", "Voter id"]
    assert model.index(0, Column.NAME).data() == "Chen, Wei"
    assert model.index(0, Column.STATUS).data() == "Inactive"
    assert model.index(3, Column.NAME).data() == "Silva, Ana"  # on the second page
    assert model.index(2, Column.STREET).data() == "12 N MAIN ST APT 2B"
    assert model.index(2, Column.NAME).data(SortRole) == "silva, ana"
    assert model.index(2, Column.NAME).data(IdRole) == ids[2]
    assert "voter id V1" in model.index(2, Column.NAME).data(Qt.ItemDataRole.ToolTipRole)


def test_an_empty_roll_says_what_to_do(qtbot: QtBot, services: Services) -> None:
    view = make_view(qtbot, services)
    assert view.pages.currentWidget() is view.empty
    assert any("No voter roll yet" in label.text() for label in view.empty.findChildren(type(view.count_label)))
    assert view.count_label.text() == "0 voters"


def test_lists_searches_and_filters_the_roll(qtbot: QtBot, roll: Services) -> None:
    view = make_view(qtbot, roll)
    assert ids_shown(view) == ["V3", "V4", "V1", "V2"]
    assert view.count_label.text() == "4 voters"
    qtbot.waitUntil(lambda: view.precinct_filter.count() == 4, timeout=10_000)
    assert view.party_filter.itemData(1) == "DEM" and view.party_filter.itemText(1) == "DEM (2)"
    with qtbot.waitSignal(view.query_finished, timeout=10_000):
        view.search.setText("ana silva")
        view.search.flush()
    assert ids_shown(view) == ["V1", "V2"]
    assert view.count_label.text() == "4 voters, 2 shown"
    with qtbot.waitSignal(view.query_finished, timeout=10_000):
        view.party_filter.setCurrentIndex(view.party_filter.findData("REP"))
    assert ids_shown(view) == ["V2"]
    with qtbot.waitSignal(view.query_finished, timeout=10_000):
        view.search.setText("nobody")
        view.search.flush()
    assert view.pages.currentWidget() is view.empty
    with qtbot.waitSignal(view.query_finished, timeout=10_000):
        view.clear_filters()
    assert ids_shown(view) == ["V3", "V4", "V1", "V2"]
    with qtbot.waitSignal(view.query_finished, timeout=10_000):
        view.status_filter.setCurrentIndex(view.status_filter.findData("inactive"))
    assert ids_shown(view) == ["V3"]


def test_sorting_by_a_header_queries_again(qtbot: QtBot, roll: Services) -> None:
    view = make_view(qtbot, roll)
    with qtbot.waitSignal(view.query_finished, timeout=10_000):
        view.table.sortByColumn(Column.VOTER_ID, Qt.SortOrder.DescendingOrder)
    assert ids_shown(view) == ["V4", "V3", "V2", "V1"]


def test_a_refresh_reaches_the_list_and_the_refreshes_dialog(qtbot: QtBot, roll: Services, tmp_path: Path) -> None:
    view = make_view(qtbot, roll)
    newer = [r[:] for r in ROLL if r[0] != "V4"] + [["V5", "SILVA", "ANA", "3 BIRCH CT", "27601", "01-01",
                                                     "ACTIVE", "DEM"]]
    newer[0][5] = "01-09"
    path = write_csv(tmp_path / "roll2.txt", [HEADER, *newer], delimiter="\t")
    with qtbot.waitSignal(view.query_finished, timeout=10_000):
        roll.imports.run(path, "voters", ImportOptions(flags=frozenset({"allow_mass_inactive"})))
    assert ids_shown(view) == ["V3", "V4", "V1", "V5", "V2"]
    dialog = RefreshesDialog(roll, view)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.changes_loaded, timeout=10_000):
        pass
    assert dialog.refreshes.rowCount() == 2
    assert [dialog.refreshes.item(0, c).text() for c in (3, 4, 5)] == ["1", "1", "1"]
    assert dialog.changes.item(0, 4).text() == "precinct 01-01 → 01-09"
    assert "not in the new file" in dialog.reason.text()
    with qtbot.waitSignal(dialog.changes_loaded, timeout=10_000):
        dialog.show_combo.setCurrentIndex(dialog.show_combo.findData("inactive"))
    assert dialog.changes.item(0, 0).text() == "Carmen Diaz" and "Marked inactive" not in dialog.summary.text()
    assert dialog.summary.text() == "Import 2: 1 voters marked inactive."


def test_the_section_fits_a_small_window(qtbot: QtBot, roll: Services) -> None:
    view = make_view(qtbot, roll)
    qtbot.waitUntil(lambda: view.precinct_filter.count() == 4, timeout=10_000)
    assert view.minimumSizeHint().width() <= 540  # beside the sidebar in a 720-pixel window


def test_the_model_grows_from_a_first_page_to_the_whole_list(qtmodeltester: object, roll: Services) -> None:
    ids = roll.voters.search_ids(VoterQuery())
    model = VotersModel(roll.voters.rows, page_size=2, background=False)
    model.set_ids(ids[:3], roll.voters.rows(ids[:3]))
    assert model.rowCount() == 3 and model.index(2, Column.VOTER_ID).data() == "V1"
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    model.extend_ids(ids)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert inserted == [(3, 3)]
    assert [model.index(r, Column.VOTER_ID).data() for r in range(4)] == ["V3", "V4", "V1", "V2"]
    model.extend_ids(list(reversed(ids)))  # the start differs (the roll changed meanwhile): shown anew
    assert inserted == [(3, 3)]
    assert [model.index(r, Column.VOTER_ID).data() for r in range(4)] == ["V2", "V1", "V4", "V3"]


def test_a_search_shows_its_first_page_then_every_match(qtbot: QtBot, roll: Services,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ui.voters.voters_view.FIRST_PAGE", 1)  # less than a page: it is fetched again, whole
    view = make_view(qtbot, roll)
    qtbot.waitUntil(lambda: ids_shown(view) == ["V3", "V4", "V1", "V2"], timeout=10_000)
    assert view.count_label.text() == "4 voters"
    counts: list[int] = []
    view.model.modelReset.connect(lambda: counts.append(view.model.rowCount()))
    view.model.rowsInserted.connect(lambda *_a: counts.append(view.model.rowCount()))
    with qtbot.waitSignal(view.query_finished, timeout=10_000):
        view.search.setText("silva")
        view.search.flush()
    assert counts == [1, 2]  # the first page, then the rest added after it
    assert view.count_label.text() == "4 voters, 2 shown"
    qtbot.waitUntil(lambda: ids_shown(view) == ["V1", "V2"], timeout=10_000)
    with qtbot.waitSignal(view.query_finished, timeout=10_000):
        view.search.setText("chen")
        view.search.flush()
    assert ids_shown(view) == ["V3"] and counts[-1] == 1  # one match: no second query
