"""The Candidates section: board columns, moving cards by key and by drop, the list, filters, the form."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QMimeData, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QTableView, QWidget
from pytestqt.qtbot import QtBot

from organizer.services.container import Services
from organizer.services.prospects_rows import ProspectInput
from ui.pipeline.board import MIME, card_lines
from ui.pipeline.pipeline_view import IdRole, PColumn, PipelineView, ProspectsModel
from ui.pipeline.prospect_dialog import ProspectDialog, load_form, timeline_text

TODAY = date.today()


def make_view(qtbot: QtBot, services: Services) -> PipelineView:
    view = PipelineView(services)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.query_finished, timeout=10_000):
        pass
    return view


def add(services: Services, person_id: int, office: str, **fields: object) -> int:
    return int(services.prospects.add(person_id, ProspectInput(office=office, **fields)).id)  # type: ignore[arg-type]


def cards(view: PipelineView, stage: str) -> list[str]:
    column = view.board.column_of(stage)
    return [column.item(i).text() for i in range(column.count())]


def test_cards_sit_in_their_stage_columns_and_deadlines_stand_out(qtbot: QtBot, services: Services,
                                                                  people: dict[str, int]) -> None:
    add(services, people["Ana"], "School Board", next_step="Call", next_step_due=TODAY - timedelta(days=2))
    add(services, people["Bo"], "City Council", stage="vetting", filing_deadline=TODAY + timedelta(days=5),
        election_date=TODAY + timedelta(days=90))
    view = make_view(qtbot, services)
    assert cards(view, "identified") == ["Ana Silva"] and cards(view, "vetting") == ["Bo Chen"]
    assert view.board.titles[0].text() == "Identified · 1"
    ana, bo = (view.board.column_of(s).item(0).data(Qt.ItemDataRole.UserRole + 1) for s in ("identified", "vetting"))
    assert card_lines(ana, TODAY)[2:] == (f"Overdue since {TODAY - timedelta(days=2):%b} "
                                          f"{(TODAY - timedelta(days=2)).day}", "overdue")
    assert card_lines(bo, TODAY)[2:] == ("Filing deadline in 5 days", "soon")
    assert "1 next step overdue" in view.summary.text() and "1 filing deadline within 14 days" in view.summary.text()
    assert view.count_label.text() == "2 prospects"
    assert not view.board.grab().isNull()


def test_ctrl_right_moves_the_card_a_stage_on_and_keeps_it_in_hand(qtbot: QtBot, services: Services,
                                                                   people: dict[str, int]) -> None:
    pid = add(services, people["Ana"], "School Board")
    view = make_view(qtbot, services)
    with qtbot.waitExposed(view):
        view.show()
    column = view.board.column_of("identified")
    column.setCurrentRow(0)
    column.setFocus()
    with qtbot.waitSignal(view.query_finished, timeout=10_000):
        qtbot.keyClick(column, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert services.prospects.get(pid).stage == "intro_call"
    assert cards(view, "intro_call") == ["Ana Silva"] and cards(view, "identified") == []
    assert view.board.column_of("intro_call").current_id() == pid
    moves = services.prospects.timeline(pid)
    assert (moves[-1].from_stage, moves[-1].to_stage) == ("identified", "intro_call") and moves[-1].changed_by
    qtbot.keyClick(view.board.column_of("intro_call"), Qt.Key.Key_Left)  # plain Left: the column before
    assert view.board.column_of("identified").hasFocus()


def test_a_card_dropped_on_a_column_moves_there(qtbot: QtBot, services: Services, people: dict[str, int]) -> None:
    pid = add(services, people["Ana"], "School Board")
    view = make_view(qtbot, services)
    target = view.board.column_of("endorsed")
    mime = QMimeData()
    mime.setData(MIME, QByteArray(str(pid).encode()))
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(view.query_finished, timeout=10_000):
        target.dropEvent(drop)
    assert services.prospects.get(pid).stage == "endorsed"
    assert cards(view, "endorsed") == ["Ana Silva"]


def test_the_list_model_and_the_filters(qtbot: QtBot, qtmodeltester: object, services: Services,
                                        people: dict[str, int]) -> None:
    ana = add(services, people["Ana"], "School Board", next_step="Call", next_step_due=TODAY - timedelta(days=1))
    add(services, people["Bo"], "City Council")
    model = ProspectsModel()
    model.set_rows(services.prospects.rows())
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.headerData(PColumn.DUE, Qt.Orientation.Horizontal) == "Next step due"
    view = make_view(qtbot, services)
    view.view_tabs.setCurrentIndex(1)
    assert view.pages.currentWidget() is view.table
    assert view.office_filter.count() == 3  # all, City Council, School Board
    with qtbot.waitSignal(view.query_finished, timeout=10_000):
        view.office_filter.setCurrentIndex(view.office_filter.findData("School Board"))
    assert [view.proxy.index(r, PColumn.NAME).data() for r in range(view.proxy.rowCount())] == ["Ana Silva"]
    assert view.count_label.text() == "2 prospects, 1 shown"
    assert view.proxy.index(0, PColumn.DUE).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert view.proxy.index(0, PColumn.NAME).data(IdRole) == ana


def test_an_empty_pipeline_says_what_to_do(qtbot: QtBot, services: Services) -> None:
    view = make_view(qtbot, services)
    assert view.pages.currentWidget() is view.empty
    assert view.empty.title.text() == "No prospects yet"


def test_the_board_hears_changes_made_elsewhere(qtbot: QtBot, services: Services, people: dict[str, int]) -> None:
    view = make_view(qtbot, services)
    with qtbot.waitSignal(view.query_finished, timeout=10_000):
        add(services, people["Carmen"], "Mayor")
    assert cards(view, "identified") == ["Carmen Diaz"]


def test_the_form_adds_a_prospect_and_refuses_bad_dates(qtbot: QtBot, services: Services,
                                                        people: dict[str, int]) -> None:
    dialog = ProspectDialog(services, load_form(services, None))
    qtbot.addWidget(dialog)
    dialog.search.setText("carmen")
    dialog.search.flush()
    qtbot.waitUntil(lambda: dialog.matches.count() == 1, timeout=10_000)
    assert dialog.person_id == people["Carmen"]
    dialog.office.setEditText("Mayor")
    dialog.election.setText("2099-11-03")
    dialog.filing.setText("2099-12-01")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.problem.isHidden(), timeout=10_000)
    assert "after the election" in dialog.problem.text()
    dialog.filing.setText("July 1")
    dialog.save()
    assert "YYYY-MM-DD" in dialog.problem.text()
    dialog.filing.setText("2099-07-01")
    dialog.checks["Intro call done"].setChecked(True)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.save()
    row = services.prospects.rows()[0]
    assert (row.name, row.office, row.filing_deadline) == ("Carmen Diaz", "Mayor", date(2099, 7, 1))
    assert dict(row.checklist)["Intro call done"] == TODAY.isoformat()


def test_the_form_shows_the_timeline_and_adds_notes(qtbot: QtBot, services: Services,
                                                    people: dict[str, int]) -> None:
    pid = add(services, people["Ana"], "School Board")
    services.prospects.move(pid, "vetting", note="Strong references", by="Sam")
    dialog = ProspectDialog(services, load_form(services, pid))
    qtbot.addWidget(dialog)
    assert dialog.timeline.item(0).text() == f"{TODAY.isoformat()} · Identified → Vetting · Sam: Strong references"
    dialog.note.setText("Met for coffee")
    dialog.add_note()
    qtbot.waitUntil(lambda: dialog.timeline.count() == 3, timeout=10_000)
    assert "Note" in dialog.timeline.item(0).text() and "Met for coffee" in dialog.timeline.item(0).text()
    assert "· Added as Identified" in timeline_text(services.prospects.timeline(pid)[0])


def test_every_control_has_an_accessible_name(qtbot: QtBot, services: Services, people: dict[str, int]) -> None:
    add(services, people["Ana"], "School Board")
    view = make_view(qtbot, services)
    controls = [w for w in view.findChildren(QWidget) if isinstance(w, QLineEdit | QComboBox | QAbstractButton
                                                                    | QTableView) and w.isVisibleTo(view)]
    controls += view.board.columns
    assert controls and [w for w in controls if not w.accessibleName()] == []


def test_the_offices_dialog_adds_changes_and_removes(qtbot: QtBot, services: Services,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.pipeline import offices_dialog
    from ui.pipeline.offices_dialog import OfficesDialog

    dialog = OfficesDialog(services)
    qtbot.addWidget(dialog)
    dialog.name.setText("School Board")
    dialog.seat.setText("Seat 3")
    dialog.election.setText("2099-11-03")
    dialog.closes.setText("2099-12-01")
    dialog.add_button.click()
    qtbot.waitUntil(lambda: not dialog.problem.isHidden(), timeout=10_000)
    assert "after the election" in dialog.problem.text()
    dialog.closes.setText("2099-07-01")
    dialog.add_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    assert dialog.table.item(0, 0).text() == "School Board, Seat 3"
    assert dialog.table.item(0, 4).text() == "none yet"
    dialog.table.setCurrentCell(0, 0)
    dialog.closes.setText("2099-06-30")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.table.item(0, 3).text() == "2099-06-30", timeout=10_000)
    monkeypatch.setattr(offices_dialog, "confirm_remove", lambda _p, _t: True)
    dialog.remove_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=10_000)
    assert services.offices.rows() == []


def test_export_writes_the_chosen_file(qtbot: QtBot, services: Services, people: dict[str, int], tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.pipeline import pipeline_view

    add(services, people["Ana"], "School Board")
    view = make_view(qtbot, services)
    monkeypatch.setattr(pipeline_view.QFileDialog, "getSaveFileName",
                        lambda *_a, **_k: (str(tmp_path / "pipeline"), ""))
    with qtbot.waitSignal(view.status_message, timeout=10_000) as said:
        view.export_button.click()
    assert said.args == ["Exported 1 prospect."]
    assert (tmp_path / "pipeline.xlsx").exists()
