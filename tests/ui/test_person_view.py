"""The person view: every section, values kept as typed fixed in place, Edit, staying current, opening from People."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from organizer.services.container import Services
from organizer.services.people import PeopleQuery
from tests.service.importing_helpers import write_csv
from ui.people.people_view import PeopleView
from ui.people.person_dialog import PersonDialog
from ui.people.person_view import PersonView

SECTIONS = ["Contact", "Contact wishes", "Custom fields", "Volunteer profile", "Tags", "History", "Details"]


def make_view(qtbot: QtBot, services: Services, person_id: int) -> PersonView:
    view = PersonView(services, services.records.record(person_id))
    qtbot.addWidget(view)
    return view


def texts(view: PersonView) -> str:
    return "\n".join(label.text() for label in view.findChildren(QLabel))


def imported_twice(services: Services, tmp_path: Path) -> list[int]:
    """Two people named Maria Lopez; the first has a phone kept as typed."""
    sheet = [["Name", "Phone #", "Email", "Employer"],
             ["Maria Lopez", "555-12", "maria@example.org", "Acme"],
             ["Maria Lopez", "(919) 555-0102", "m.lopez@example.org", "Library"]]
    services.imports.run(write_csv(tmp_path / "signin.csv", sheet), "people")
    return sorted(services.people.search_ids(PeopleQuery(text="maria lopez")))


def test_every_section_shows_what_the_record_holds(qtbot: QtBot, services: Services, people: dict[str, int]) -> None:
    view = make_view(qtbot, services, people["Ana"])
    assert view.windowTitle() == "Ana Silva"
    assert view.section_titles() == SECTIONS
    shown = texts(view)
    for expected in ("ana@example.org — subscribed, primary", "(919) 555-0101 — other, primary", "27601",
                     "Library", "Door knocker, Parent", "Canvassing", "Portuguese", "Active"):
        assert expected in shown, expected
    assert view.banner.isHidden()
    assert not view.kept_rows


def test_flags_show_in_a_banner_and_in_their_section(qtbot: QtBot, services: Services,
                                                     people: dict[str, int]) -> None:
    view = make_view(qtbot, services, people["Bo"])
    assert not view.banner.isHidden() and view.banner.text() == "⚠ Do not call"
    assert "Do not call: Yes" in texts(view) and "Deceased: No" in texts(view)
    assert "Not a volunteer." in texts(view)


def test_a_kept_value_is_marked_and_fixed_in_place(qtbot: QtBot, services: Services, tmp_path: Path) -> None:
    first, second = imported_twice(services, tmp_path)
    assert "Phone #" not in services.records.record(second).kept  # the same name, nothing kept
    view = make_view(qtbot, services, first)
    row = view.kept_rows["Phone #"]
    assert "Kept as typed: not a phone number" in row.reason.text()
    assert row.edit.text() == "555-12"
    row.edit.setText("555-13")
    row.fix_button.click()
    qtbot.waitUntil(lambda: not view.kept_rows["Phone #"].problem.isHidden(), timeout=10_000)
    assert "555-13" in view.kept_rows["Phone #"].problem.text()
    assert services.records.record(first).phones == ()
    with qtbot.waitSignal(view.record_changed, timeout=10_000):
        view.kept_rows["Phone #"].edit.setText("919-555-0112")
        view.kept_rows["Phone #"].fix_button.click()
    assert "Phone #" not in view.kept_rows
    assert "(919) 555-0112 — other, primary" in texts(view)
    assert [p.number for p in services.records.record(first).phones] == ["+19195550112"]


def test_edit_opens_the_form_and_the_view_follows_what_it_saves(qtbot: QtBot, services: Services,
                                                                 people: dict[str, int]) -> None:
    view = make_view(qtbot, services, people["Carmen"])
    view.show()
    view.edit_button.click()
    qtbot.waitUntil(lambda: view.findChild(PersonDialog) is not None, timeout=10_000)
    dialog = view.findChild(PersonDialog)
    assert dialog is not None and dialog.windowTitle() == "Edit Carmen Diaz"
    dialog.family.setText("Diaz-Ortiz")
    with qtbot.waitSignal(view.record_changed, timeout=10_000):
        dialog.save()
    assert view.windowTitle() == "Carmen Diaz-Ortiz"


def test_a_change_elsewhere_shows_and_a_deleted_person_is_said_to_be_gone(
        qtbot: QtBot, services: Services, people: dict[str, int]) -> None:
    view = make_view(qtbot, services, people["Eli"])
    with qtbot.waitSignal(view.record_changed, timeout=10_000):
        services.tags.tag_people("Phone banker", [people["Eli"]])
    assert "Phone banker" in texts(view)
    services.people.delete([people["Eli"]])
    qtbot.waitUntil(lambda: view.gone, timeout=10_000)
    assert "no longer in the chapter" in view.banner.text()
    assert not view.edit_button.isEnabled()


def test_people_opens_the_record_from_its_context_menu(qtbot: QtBot, services: Services,
                                                       people: dict[str, int]) -> None:
    view = PeopleView(services)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.model.rowCount() == 5, timeout=10_000)
    index = view.model.index(view.model.row_of(people["Dev"]), 0)
    view.table.setCurrentIndex(index)
    menu = [a.text() for a in view.context_menu().actions() if not a.isSeparator()]
    assert menu == ["Open…", "Open record…", "Delete…"]
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.findChild(PersonView) is not None, timeout=10_000)
    record = view.findChild(PersonView)
    assert record is not None and record.windowTitle() == "Dev Patel"
    assert record.section_titles() == SECTIONS
    assert "Alumni" in texts(record)
