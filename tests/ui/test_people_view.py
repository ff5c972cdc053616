"""The People screen and its lazy, id-only model, over real services."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QTableView, QWidget
from pytestqt.qtbot import QtBot

from organizer.services.container import Services
from organizer.services.people import FirstPage, PeopleQuery
from organizer.services.people_rows import PersonRow
from ui.people import people_actions
from ui.people.people_model import Column, IdRole, PeopleModel, SortRole
from ui.people.people_view import PeopleView


def make_view(qtbot: QtBot, services: Services) -> PeopleView:
    view = PeopleView(services)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.query_finished, timeout=10_000):
        pass
    return view


def search(qtbot: QtBot, view: PeopleView, text: str) -> None:
    with qtbot.waitSignal(view.query_finished, timeout=10_000):
        view.search.setText(text)


def shown_names(view: PeopleView) -> list[str]:
    return [view.model.index(r, Column.NAME).data() for r in range(view.model.rowCount())]


# The model -----------------------------------------------------------------------------------


def test_model_passes_modeltester_and_shows_cells(qtbot: QtBot, qtmodeltester: object, services: Services,
                                                  people: dict[str, int]) -> None:
    model = PeopleModel(services.people.rows, background=False)
    model.set_ids(services.people.search_ids(PeopleQuery()))
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.rowCount() == 5
    assert model.columnCount() == len(Column)
    bo = model.row_of(people["Bo"])
    assert model.index(bo, Column.NAME).data() == "Chen, Bo"
    assert model.index(bo, Column.EMAIL).data() == "bo@example.org"
    assert model.index(bo, Column.EMAIL).data(Qt.ItemDataRole.ToolTipRole) == "bo@example.org\nbo.chen@example.net"
    assert model.index(bo, Column.NAME).data(Qt.ItemDataRole.ToolTipRole) == "Do not call"
    assert model.index(bo, Column.NAME).data(SortRole) == "chen\tbo\t"
    assert model.index(bo, Column.TAGS).data() == "Door knocker"
    assert model.index(bo, Column.ZIP).data(IdRole) == people["Bo"]
    ana = model.row_of(people["Ana"])
    assert model.index(ana, Column.PHONE).data() == "(919) 555-0101"
    assert model.index(ana, Column.PHONE).data(SortRole) == "+19195550101"
    assert model.index(ana, Column.VOLUNTEER).data() == "Active"
    assert model.index(ana, Column.VOLUNTEER).data(SortRole) == "active"
    assert model.headerData(Column.ZIP, Qt.Orientation.Horizontal) == "ZIP"
    assert model.headerData(Column.VOLUNTEER, Qt.Orientation.Horizontal) == "Volunteer"


def test_model_fetches_only_the_pages_it_shows(qtbot: QtBot, services: Services, people: dict[str, int]) -> None:
    asked: list[list[int]] = []

    def fetch(ids: Sequence[int]) -> list[PersonRow]:
        asked.append(list(ids))
        return services.people.rows(ids)

    ids = services.people.search_ids(PeopleQuery())
    model = PeopleModel(fetch, page_size=2, background=False)
    model.set_ids(ids)
    assert asked == []
    assert model.index(4, Column.NAME).data() == "Zimmerman, Eli"
    assert asked == [ids[4:]]
    model.index(0, Column.NAME).data()
    model.index(1, Column.NAME).data()
    assert asked == [ids[4:], ids[:2]]


def test_model_loads_pages_in_the_background(qtbot: QtBot, services: Services, people: dict[str, int]) -> None:
    model = PeopleModel(services.people.rows)
    model.set_ids(services.people.search_ids(PeopleQuery()))
    assert model.index(0, Column.NAME).data() == ""  # not loaded yet: asked for, shown blank
    with qtbot.waitSignal(model.dataChanged, timeout=10_000):
        pass
    assert model.index(0, Column.NAME).data() == "Chen, Bo"
    assert model.index(0, Column.NAME).data(IdRole) == people["Bo"]


def test_model_sort_asks_for_a_new_query(qtbot: QtBot, services: Services) -> None:
    model = PeopleModel(services.people.rows, background=False)
    with qtbot.waitSignal(model.sort_requested) as blocker:
        model.sort(Column.EMAIL, Qt.SortOrder.DescendingOrder)
    assert blocker.args == ["email", True]


# The view ------------------------------------------------------------------------------------


def test_empty_database_shows_what_to_do(qtbot: QtBot, services: Services) -> None:
    view = make_view(qtbot, services)
    assert view.pages.currentWidget() is view.empty
    assert view.empty.title.text() == "No people yet"
    visible = [b.text() for b in view.empty.buttons() if not b.isHidden()]
    assert visible == ["Add a person…"]
    assert view.count_label.text() == "0 people"


def test_lists_people_with_a_count(qtbot: QtBot, services: Services, people: dict[str, int]) -> None:
    view = make_view(qtbot, services)
    assert view.pages.currentWidget() is view.table
    assert shown_names(view) == ["Chen, Bo", "Diaz, Carmen", "Patel, Dev", "Silva, Ana", "Zimmerman, Eli"]
    assert view.count_label.text() == "5 people"


def test_search_is_instant_and_counts_what_is_shown(qtbot: QtBot, services: Services,
                                                    people: dict[str, int]) -> None:
    view = make_view(qtbot, services)
    search(qtbot, view, "silva")
    assert shown_names(view) == ["Silva, Ana"]
    assert view.count_label.text() == "5 people, 1 shown"
    search(qtbot, view, "nobody-like-this")
    assert view.pages.currentWidget() is view.empty
    assert view.empty.title.text() == "Nobody matches “nobody-like-this”"
    with qtbot.waitSignal(view.query_finished, timeout=10_000):
        view.clear_filters()
    assert view.model.rowCount() == 5


def test_filters_by_tag_and_volunteer_status(qtbot: QtBot, services: Services, people: dict[str, int]) -> None:
    view = make_view(qtbot, services)
    qtbot.waitUntil(lambda: view.tag_filter.count() == 4)
    assert view.tag_filter.itemText(1) == "Door knocker (2)"
    with qtbot.waitSignal(view.query_finished, timeout=10_000):
        view.tag_filter.setCurrentIndex(view.tag_filter.findData("Door knocker"))
    assert shown_names(view) == ["Chen, Bo", "Silva, Ana"]
    with qtbot.waitSignal(view.query_finished, timeout=10_000):
        view.status_filter.setCurrentIndex(view.status_filter.findData("active"))
    assert shown_names(view) == ["Silva, Ana"]
    with qtbot.waitSignal(view.query_finished, timeout=10_000):
        view.status_filter.setCurrentIndex(view.status_filter.findData("none"))
    assert shown_names(view) == ["Chen, Bo"]
    assert [view.status_filter.itemText(i) for i in range(view.status_filter.count())] == [
        "Everyone", "Active volunteers", "Inactive volunteers", "Volunteer alumni", "Not volunteers"]


def test_clicking_a_header_sorts_in_sql(qtbot: QtBot, services: Services, people: dict[str, int]) -> None:
    view = make_view(qtbot, services)
    with qtbot.waitSignal(view.query_finished, timeout=10_000):
        view.table.sortByColumn(Column.NAME, Qt.SortOrder.DescendingOrder)
    assert shown_names(view)[0] == "Zimmerman, Eli"
    assert view.query().descending is True


@pytest.mark.parametrize(("answer", "left"), [(True, 3), (False, 5)])
def test_delete_asks_naming_how_many(qtbot: QtBot, services: Services, people: dict[str, int],
                                     monkeypatch: pytest.MonkeyPatch, answer: bool, left: int) -> None:
    asked: list[tuple[int, str]] = []
    monkeypatch.setattr(people_actions, "confirm_delete", lambda _p, n, name, _prospects: asked.append((n, name)) or answer)
    view = make_view(qtbot, services)
    view.table.selectRow(0)
    view.table.selectionModel().select(view.model.index(1, 0), view.table.selectionModel().SelectionFlag.Select
                                       | view.table.selectionModel().SelectionFlag.Rows)
    assert view.count_label.text() == "5 people · 2 selected"
    if answer:
        with qtbot.waitSignal(view.query_finished, timeout=10_000):
            view.delete_action.trigger()
    else:
        view.delete_action.trigger()
        qtbot.waitUntil(lambda: bool(asked), timeout=10_000)  # after the background look for prospects
    assert asked == [(2, "Bo Chen")]
    assert services.people.count() == left


def test_every_control_has_an_accessible_name(qtbot: QtBot, services: Services) -> None:
    view = make_view(qtbot, services)
    controls = [w for w in view.findChildren(QWidget)
                if isinstance(w, QLineEdit | QComboBox | QAbstractButton | QTableView)
                and w.focusPolicy() != Qt.FocusPolicy.NoFocus]
    assert controls
    assert [w for w in controls if not w.accessibleName()] == []


def test_tab_order_follows_the_eye(qtbot: QtBot, services: Services, people: dict[str, int]) -> None:
    view = make_view(qtbot, services)
    view.show()
    chain, widget = [], view.search
    for _ in range(5):
        chain.append(widget)
        widget = widget.nextInFocusChain()
        while not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus) or not widget.isVisible():
            widget = widget.nextInFocusChain()
    assert chain == [view.search, view.tag_filter, view.status_filter, view.add_button, view.table]


def test_down_arrow_in_search_moves_into_the_list(qtbot: QtBot, services: Services, people: dict[str, int]) -> None:
    view = make_view(qtbot, services)
    with qtbot.waitExposed(view):
        view.show()
    view.focus_search()
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    assert view.current_id() == people["Bo"]


def test_enter_edits_and_the_delete_key_asks(qtbot: QtBot, services: Services, people: dict[str, int],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.people.person_dialog import PersonDialog

    asked: list[int] = []
    monkeypatch.setattr(people_actions, "confirm_delete", lambda _p, n, _name, _prospects: asked.append(n) or False)
    view = make_view(qtbot, services)
    with qtbot.waitExposed(view):
        view.show()
    view.focus_table()
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    assert asked == [1]
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(view.findChildren(PersonDialog)), timeout=10_000)
    dialog = view.findChildren(PersonDialog)[0]
    assert dialog.windowTitle() == "Edit Bo Chen"
    dialog.given.setText("Bob")
    with qtbot.waitSignal(view.query_finished, timeout=10_000):
        dialog.save()
    assert view.model.index(view.model.row_of(people["Bo"]), Column.NAME).data() == "Chen, Bob"


def test_long_text_is_elided_with_a_tooltip(qtbot: QtBot) -> None:
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QStyleOptionViewItem

    from ui.shared.widgets import is_elided

    table = QTableView()
    qtbot.addWidget(table)
    option = QStyleOptionViewItem()
    option.initFrom(table)
    option.rect = QRect(0, 0, 60, 20)
    assert is_elided(option, "Door knocker, Has car, Student, Teacher")
    assert not is_elided(option, "Bo")


def test_delete_names_the_prospects_whose_history_stays(qtbot: QtBot, services: Services, people: dict[str, int],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from organizer.services.prospects_rows import ProspectInput

    services.prospects.add(people["Bo"], ProspectInput(office="School Board"))
    asked: list[list[str]] = []
    monkeypatch.setattr(people_actions, "confirm_delete", lambda _p, _n, _name, found: asked.append(found) or False)
    view = make_view(qtbot, services)
    view.table.selectRow(0)
    view.delete_action.trigger()
    qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    assert asked == [["Bo Chen: School Board"]]


def test_a_first_page_then_every_match_as_on_a_server(qtbot: QtBot, services: Services, people: dict[str, int],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A server answers the first page first (here a page of two): the rest follows, the row kept current."""
    def first_two(query: PeopleQuery, _size: int) -> FirstPage:
        ids = services.people.search_ids(query)
        complete = len(ids) < 2
        return FirstPage(ids[:2], services.people.rows(ids[:2]), services.people.count() if complete else None,
                         complete)

    monkeypatch.setattr(services.people, "first_page", first_two)
    view = make_view(qtbot, services)
    everyone = ["Chen, Bo", "Diaz, Carmen", "Patel, Dev", "Silva, Ana", "Zimmerman, Eli"]
    qtbot.waitUntil(lambda: shown_names(view) == everyone, timeout=10_000)  # the rest's rows load as shown
    assert view.count_label.text() == "5 people"
    view.table.selectRow(view.model.row_of(people["Eli"]))
    counts: list[int] = []
    view.model.modelReset.connect(lambda: counts.append(view.model.rowCount()))
    view.model.rowsInserted.connect(lambda *_a: counts.append(view.model.rowCount()))
    with qtbot.waitSignal(view.query_finished, timeout=10_000):
        view.refresh()
    assert counts == [2, 5]  # the first page, then the rest added after it
    assert view.current_id() == people["Eli"]  # past the first page, found again when the rest came
    search(qtbot, view, "example")
    assert view.count_label.text().startswith("5 people")
    search(qtbot, view, "patel")
    qtbot.waitUntil(lambda: shown_names(view) == ["Patel, Dev"], timeout=10_000)
    assert view.count_label.text() == "5 people, 1 shown"
