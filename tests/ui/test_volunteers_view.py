"""The Volunteers screen and its model, over real services."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from organizer.services.container import Services
from ui.people import volunteers_view
from ui.people.people_model import IdRole, SortRole
from ui.people.volunteers_view import VColumn, VolunteersModel, VolunteersView, format_day


def make_view(qtbot: QtBot, services: Services) -> VolunteersView:
    view = VolunteersView(services)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.query_finished, timeout=10_000):
        pass
    return view


def names(view: VolunteersView) -> list[str]:
    return [view.proxy.index(r, VColumn.NAME).data() for r in range(view.proxy.rowCount())]


def test_model_passes_modeltester_and_shows_cells(qtbot: QtBot, qtmodeltester: object, services: Services,
                                                  people: dict[str, int]) -> None:
    model = VolunteersModel()
    model.set_rows(services.volunteers.list())
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.rowCount() == 2
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in VColumn] == [
        "Name", "Email", "Phone", "Status", "Engagement", "Skills", "Point person", "Since"]
    dev = model.index(0, VColumn.NAME)
    assert dev.data() == "Patel, Dev"
    assert dev.data(IdRole) == people["Dev"]
    assert model.index(0, VColumn.STATUS).data() == "Alumni"
    assert model.index(0, VColumn.ENGAGEMENT).data() == "Leads a team"
    assert model.index(0, VColumn.ENGAGEMENT).data(SortRole) == 4
    assert model.index(1, VColumn.SKILLS).data() == "Canvassing"
    assert model.index(1, VColumn.PHONE).data() == "(919) 555-0101"
    assert model.index(0, VColumn.PHONE).data() == ""
    assert model.index(1, VColumn.NAME).data(Qt.ItemDataRole.ToolTipRole) == "Speaks Portuguese"
    since = model.index(1, VColumn.SINCE)
    assert since.data() == format_day(date.today())
    assert since.data(SortRole) == date.today().isoformat()
    assert since.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight


def test_lists_volunteers_with_a_count(qtbot: QtBot, services: Services, people: dict[str, int]) -> None:
    view = make_view(qtbot, services)
    assert names(view) == ["Patel, Dev", "Silva, Ana"]
    assert view.count_label.text() == "2 volunteers"


def test_search_and_status_filter(qtbot: QtBot, services: Services, people: dict[str, int]) -> None:
    view = make_view(qtbot, services)
    with qtbot.waitSignal(view.query_finished, timeout=10_000):
        view.status_filter.setCurrentIndex(view.status_filter.findData("active"))
    assert names(view) == ["Silva, Ana"]
    assert view.count_label.text() == "2 volunteers, 1 shown"
    with qtbot.waitSignal(view.query_finished, timeout=10_000):
        view.search.setText("patel")
    assert view.pages.currentWidget() is view.empty
    assert view.empty.title.text() == "No volunteer matches “patel”"
    with qtbot.waitSignal(view.query_finished, timeout=10_000):
        view.clear_filters()
    assert len(names(view)) == 2


def test_header_click_sorts_by_engagement(qtbot: QtBot, services: Services, people: dict[str, int]) -> None:
    view = make_view(qtbot, services)
    view.table.sortByColumn(VColumn.ENGAGEMENT, Qt.SortOrder.AscendingOrder)
    assert names(view) == ["Silva, Ana", "Patel, Dev"]


def test_no_volunteers_says_how_to_add_one(qtbot: QtBot, services: Services) -> None:
    view = make_view(qtbot, services)
    assert view.pages.currentWidget() is view.empty
    assert view.empty.title.text() == "No volunteers yet"
    with qtbot.waitSignal(view.people_requested):
        next(b for b in view.empty.buttons() if b.text() == "Go to People").click()


def test_enter_opens_the_person_form(qtbot: QtBot, services: Services, people: dict[str, int]) -> None:
    from ui.people.person_dialog import PersonDialog

    view = make_view(qtbot, services)
    with qtbot.waitExposed(view):
        view.show()
    view.focus_table()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(view.findChildren(PersonDialog)), timeout=10_000)
    dialog = view.findChildren(PersonDialog)[0]
    assert dialog.windowTitle() == "Edit Dev Patel"
    assert dialog.tabs.currentIndex() == 1
    dialog.reject()


def search(qtbot: QtBot, view: VolunteersView, text: str) -> None:
    with qtbot.waitSignal(view.query_finished, timeout=10_000):
        view.search.setText(text)


def test_search_finds_skills_and_languages(qtbot: QtBot, services: Services, people: dict[str, int]) -> None:
    from organizer.services.volunteers import VolunteerInput

    services.volunteers.save(people["Bo"], VolunteerInput(skills=["Phone banking"], languages=["Cantonese"]))
    view = make_view(qtbot, services)
    search(qtbot, view, "portuguese")
    assert names(view) == ["Silva, Ana"]
    search(qtbot, view, "CANVASS")
    assert names(view) == ["Silva, Ana"]
    search(qtbot, view, "cantonese phone")
    assert names(view) == ["Chen, Bo"]
    assert view.count_label.text() == "3 volunteers, 1 shown"


@pytest.mark.parametrize(("answer", "left"), [(True, ["Silva, Ana"]), (False, ["Patel, Dev", "Silva, Ana"])])
def test_the_delete_key_asks_then_removes_only_the_volunteer_profile(
        qtbot: QtBot, services: Services, people: dict[str, int], monkeypatch: pytest.MonkeyPatch,
        answer: bool, left: list[str]) -> None:
    asked: list[tuple[int, str]] = []
    monkeypatch.setattr(volunteers_view, "confirm_remove", lambda _p, n, name: asked.append((n, name)) or answer)
    view = make_view(qtbot, services)
    with qtbot.waitExposed(view):
        view.show()
    view.focus_table()
    if answer:
        with qtbot.waitSignal(view.query_finished, timeout=10_000):
            qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    else:
        qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert asked == [(1, "Patel, Dev")]
    assert names(view) == left
    assert services.people.get(people["Dev"]).given_name == "Dev"  # the person stays in People


def test_several_selected_are_removed_together(qtbot: QtBot, services: Services, people: dict[str, int],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[int] = []
    monkeypatch.setattr(volunteers_view, "confirm_remove", lambda _p, n, _name: asked.append(n) or True)
    view = make_view(qtbot, services)
    view.table.selectAll()
    assert view.count_label.text() == "2 volunteers · 2 selected"
    with qtbot.waitSignal(view.query_finished, timeout=10_000):
        view.delete_action.trigger()
    assert asked == [2]
    assert services.volunteers.list() == []
    assert view.empty.title.text() == "No volunteers yet"


def test_the_context_menu_matches_people(qtbot: QtBot, services: Services, people: dict[str, int]) -> None:
    view = make_view(qtbot, services)
    actions = [a for a in view.context_menu().actions() if not a.isSeparator()]
    assert [a.text() for a in actions] == ["Open…", "Remove from volunteers…"]
    assert actions[1] in view.table.actions()
    assert actions[1].shortcuts()[0].matches(Qt.Key.Key_Delete) is not None


def test_add_opens_a_new_person_already_ticked_as_a_volunteer(qtbot: QtBot, services: Services) -> None:
    from ui.people.person_dialog import PersonDialog

    view = make_view(qtbot, services)
    view.add_button.click()
    qtbot.waitUntil(lambda: bool(view.findChildren(PersonDialog)), timeout=10_000)
    dialog = view.findChildren(PersonDialog)[0]
    assert dialog.windowTitle() == "Add a person"
    assert dialog.is_volunteer.isChecked() and dialog.tabs.currentIndex() == 1
    assert not dialog.is_modified()  # closing it untouched asks nothing
    dialog.given.setText("Rosa")
    dialog.skills.setText("Driving")
    with qtbot.waitSignal(view.query_finished, timeout=10_000):
        dialog.save()
    assert names(view) == ["Rosa"]
    [row] = services.volunteers.list()
    assert row.skills == ("Driving",)


def test_widths_and_sort_are_remembered(qtbot: QtBot, services: Services, people: dict[str, int]) -> None:
    view = make_view(qtbot, services)
    view.table.horizontalHeader().resizeSection(VColumn.PHONE, 140)
    view.table.sortByColumn(VColumn.ENGAGEMENT, Qt.SortOrder.AscendingOrder)
    view.header_memory.save()
    again = make_view(qtbot, services)
    assert again.table.horizontalHeader().sectionSize(VColumn.PHONE) == 140
    assert names(again) == ["Silva, Ana", "Patel, Dev"]  # the service's order is by family name: Patel first
    assert again.table.horizontalHeader().sortIndicatorSection() == VColumn.ENGAGEMENT
