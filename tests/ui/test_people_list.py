"""The People list: flags shown, sorted by what it shows with empty values last, remembered layout, small windows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QKeySequence
from pytestqt.qtbot import QtBot

from organizer.services.container import Services
from organizer.services.people import PeopleQuery, PersonInput
from ui.people.people_model import Column, PeopleModel
from ui.people.people_view import PeopleView


def make_view(qtbot: QtBot, services: Services) -> PeopleView:
    view = PeopleView(services)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.query_finished, timeout=10_000):
        pass
    return view


def column(view: PeopleView, which: Column) -> list[str]:
    return [view.model.index(r, which).data() for r in range(view.model.rowCount())]


def sort_by(qtbot: QtBot, view: PeopleView, which: Column, order: Qt.SortOrder) -> None:
    with qtbot.waitSignal(view.query_finished, timeout=10_000):
        view.table.sortByColumn(which, order)


@pytest.fixture
def flagged(services: Services) -> dict[str, int]:
    add = services.people.add
    return {
        "gone": add(PersonInput(given_name="Ruth", family_name="Okafor", flags=["deceased", "do_not_call"])).id,
        "moved": add(PersonInput(given_name="Sam", family_name="Okafor", flags=["moved"])).id,
        "quiet": add(PersonInput(given_name="Tess", family_name="Okafor", flags=["do_not_email", "do_not_walk"])).id,
        "plain": add(PersonInput(given_name="Uma", family_name="Okafor")).id,
    }


def test_flags_are_marked_on_the_name_with_a_tooltip(qtbot: QtBot, services: Services,
                                                     flagged: dict[str, int]) -> None:
    model = PeopleModel(services.people.rows, background=False)
    model.set_ids(services.people.search_ids(PeopleQuery()))

    def name_cell(key: str, role: Qt.ItemDataRole) -> object:
        return model.index(model.row_of(flagged[key]), Column.NAME).data(role)

    tip, icon = Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.DecorationRole
    assert name_cell("gone", tip) == "Deceased\nDo not call"
    assert name_cell("moved", tip) == "Moved away"
    assert name_cell("quiet", tip) == "Do not email, knock"
    assert name_cell("plain", tip) is None
    icons = {key: name_cell(key, icon) for key in flagged}
    assert all(isinstance(i, QIcon) and not i.isNull() for i in icons.values())  # a blank one keeps names in line
    assert len({i.cacheKey() for i in icons.values()}) == 4  # three different marks, and the blank
    plain = icons["plain"].pixmap(16, 16).toImage()  # type: ignore[union-attr]
    assert all(plain.pixelColor(x, y).alpha() == 0 for x in range(16) for y in range(16))
    assert name_cell("gone", Qt.ItemDataRole.AccessibleTextRole) == "Okafor, Ruth; Deceased; Do not call"


def test_the_name_column_shows_family_first_as_it_sorts(qtbot: QtBot, services: Services) -> None:
    add = services.people.add
    add(PersonInput(given_name="Ana", additional_name="Maria", family_name="Silva"))
    add(PersonInput(given_name="Cher"))
    add(PersonInput(emails=["nameless@example.org"]))
    add(PersonInput(given_name="Ana", family_name="Silva", emails=["ana2@example.org"]))
    add(PersonInput(given_name="Bo", family_name="Adams"))
    view = make_view(qtbot, services)
    expected = ["Adams, Bo", "Silva, Ana Maria", "Silva, Ana", "Cher", "nameless@example.org"]
    assert column(view, Column.NAME) == expected
    sort_by(qtbot, view, Column.NAME, Qt.SortOrder.DescendingOrder)
    assert column(view, Column.NAME) == ["Silva, Ana", "Silva, Ana Maria", "Adams, Bo", "Cher",
                                         "nameless@example.org"]


@pytest.mark.parametrize(("which", "values"), [
    (Column.ZIP, ["02134", "27601", "27601", "27610"]),
    (Column.EMAIL, ["a@example.org", "b@example.org", "c@example.org"]),
    (Column.TAGS, ["Has car", "Parent", "teacher"]),
])
def test_header_sorts_keep_empty_values_last_both_ways(qtbot: QtBot, services: Services, which: Column,
                                                       values: list[str]) -> None:
    add = services.people.add
    # Repeated names, with and without the value sorted on.
    for given, family, kw in [("Ana", "Silva", {"postal_code": "27601", "emails": ["b@example.org"]}),
                              ("Ana", "Silva", {"postal_code": "27610", "tags": ["teacher"]}),
                              ("Ana", "Silva", {}),
                              ("Bo", "Chen", {"postal_code": "02134", "emails": ["c@example.org"],
                                              "tags": ["Parent", "Zeta"]}),
                              ("Bo", "Chen", {"postal_code": "27601", "tags": ["Has car"]}),
                              ("Cy", "Diaz", {"emails": ["a@example.org"]})]:
        add(PersonInput(given_name=given, family_name=family, **kw))  # type: ignore[arg-type]
    view = make_view(qtbot, services)
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        sort_by(qtbot, view, which, order)
        shown = [v.split(", ")[0] if which is Column.TAGS else v for v in column(view, which)]
        filled = values if order == Qt.SortOrder.AscendingOrder else values[::-1]
        assert shown == filled + [""] * (6 - len(values))


def test_column_widths_and_sort_order_are_remembered(qtbot: QtBot, services: Services,
                                                     people: dict[str, int]) -> None:
    view = make_view(qtbot, services)
    header = view.table.horizontalHeader()
    header.resizeSection(Column.EMAIL, 321)
    header.resizeSection(Column.NAME, 155)
    sort_by(qtbot, view, Column.ZIP, Qt.SortOrder.DescendingOrder)
    view.header_memory.save()
    view.close()

    again = PeopleView(services)
    qtbot.addWidget(again)
    assert again.query().sort == "postal_code" and again.query().descending  # the first query already uses it
    with qtbot.waitSignal(again.query_finished, timeout=10_000):
        pass
    header = again.table.horizontalHeader()
    assert (header.sectionSize(Column.EMAIL), header.sectionSize(Column.NAME)) == (321, 155)
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (Column.ZIP, Qt.SortOrder.DescendingOrder)
    assert column(again, Column.ZIP) == ["27610", "27604", "27601", "", ""]


def test_a_resize_is_remembered_once_dragging_stops(qtbot: QtBot, services: Services) -> None:
    from ui.shared.settings import app_settings

    view = make_view(qtbot, services)
    view.table.horizontalHeader().resizeSection(Column.PHONE, 177)
    qtbot.waitUntil(lambda: '"Phone": 177' in str(app_settings().value("people/widths")), timeout=5_000)


def test_an_unreadable_remembered_layout_is_ignored(qtbot: QtBot, services: Services) -> None:
    from ui.shared.settings import app_settings

    app_settings().setValue("people/widths", "{not json")
    app_settings().setValue("people/sort", '["No such column", "descending"]')
    view = make_view(qtbot, services)
    assert view.query().sort == "name" and not view.query().descending


@pytest.mark.parametrize("width", [480, 640, 900])
def test_the_search_box_never_shrinks_below_the_filters(qtbot: QtBot, services: Services,
                                                        people: dict[str, int], width: int) -> None:
    view = make_view(qtbot, services)
    view.resize(width, 400)
    view.show()
    qtbot.waitExposed(view)
    search = view.search.width()
    assert search >= view.tag_filter.width() and search >= view.status_filter.width()
    assert search >= view.search.fontMetrics().horizontalAdvance("x" * 20)


def test_the_context_menu_holds_the_same_actions_as_the_keys(qtbot: QtBot, services: Services,
                                                             people: dict[str, int]) -> None:
    view = make_view(qtbot, services)
    actions = [a for a in view.context_menu().actions() if not a.isSeparator()]
    assert [a.text() for a in actions] == ["Open…", "Open record…", "Delete…"]
    assert QKeySequence(QKeySequence.StandardKey.Delete) in actions[2].shortcuts()
    assert actions[2] in view.table.actions()
    assert QKeySequence("Ctrl+Return") in actions[1].shortcuts() and actions[1] in view.table.actions()


def test_two_selected_people_can_be_merged_from_the_list(qtbot: QtBot, services: Services,
                                                         flagged: dict[str, int]) -> None:
    from PySide6.QtCore import QItemSelectionModel

    from ui.review.merge_dialog import MergeDialog

    view = make_view(qtbot, services)
    rows = [view.model.row_of(flagged["gone"]), view.model.row_of(flagged["moved"])]
    view.table.selectRow(rows[0])
    assert "Merge these two…" not in [a.text() for a in view.context_menu().actions()]
    messages: list[str] = []
    view.status_message.connect(messages.append)
    view.merge_selected()
    assert messages and "two people" in messages[0] and view.findChild(MergeDialog) is None
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    view.table.selectionModel().select(view.model.index(rows[1], 0), flags)
    assert "Merge these two…" in [a.text() for a in view.context_menu().actions()]
    view.merge_action.trigger()
    dialog = view.findChild(MergeDialog)
    assert dialog is not None
    dialog.reject()
