"""Choosing a person by typing: namesakes are told apart, a turf gets its canvasser and loses it again."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from organizer.services.container import Services
from organizer.services.people import PeopleQuery
from organizer.services.person_input import PersonInput
from organizer.services.walklists import Outputs, WalkFilters
from tests.service.importing_helpers import write_csv
from ui.petitions.petition_dialog import SheetDialog
from ui.shared.person_picker import PersonPicker
from ui.walklists.walklists_view import WalkListsView

HEADER = ["voter_reg_num", "last_name", "first_name", "res_street_address", "zip_code", "precinct_abbrv"]


def _two_ana_lopezes(services: Services) -> tuple[str, str]:
    first = services.people.add(PersonInput(given_name="Ana", family_name="Lopez", emails=["ana1@example.org"],
                                            locality="Durham"))
    second = services.people.add(PersonInput(given_name="Ana", family_name="Lopez", emails=["ana2@example.org"],
                                             locality="Cary"))
    return first.uuid, second.uuid


def test_namesakes_are_told_apart_and_the_chosen_one_is_returned(qtbot: QtBot, services: Services) -> None:
    _first, second = _two_ana_lopezes(services)
    picker = PersonPicker(services, "Pick", "Who?")
    qtbot.addWidget(picker)
    picker.search.setText("ana lopez")
    qtbot.waitUntil(lambda: picker.matches.count() == 2 and "2 matching" in picker.status.text())
    texts = [picker.matches.item(i).text() for i in range(2)]
    assert any("ana2@example.org" in t and "Cary" in t for t in texts)
    picker.matches.setCurrentRow(next(i for i, t in enumerate(texts) if "ana2@" in t))
    picker.buttons.accepted.emit()
    assert picker.chosen == second and picker.result() == PersonPicker.DialogCode.Accepted


def test_nobody_matching_says_so_and_choosing_nothing_keeps_the_dialog_open(qtbot: QtBot, services: Services) -> None:
    picker = PersonPicker(services, "Pick", "Who?")
    qtbot.addWidget(picker)
    picker.search.setText("zzzz-nobody")
    qtbot.waitUntil(lambda: "Nobody matches" in picker.status.text())
    picker.buttons.accepted.emit()
    assert picker.chosen is None and picker.result() != PersonPicker.DialogCode.Accepted


def test_a_turf_gets_a_canvasser_from_the_picker_and_loses_it(qtbot: QtBot, services: Services, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    _first, second = _two_ana_lopezes(services)
    services.imports.run(write_csv(tmp_path / "roll.txt", [HEADER, ["V1", "SILVA", "ANA", "12 N MAIN ST", "27601",
                                                                     "01-01"]], delimiter="\t"), "voters")
    view = WalkListsView(services)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.lists_loaded):
        services.walklists.build(WalkFilters(), None, "Spring", Outputs(tmp_path / "w.xlsx"))
    qtbot.waitUntil(lambda: view.turfs_table.rowCount() == 1)
    view.turfs_table.setCurrentCell(0, 0)
    answers = iter([second, ""])

    def fake_exec(picker: PersonPicker) -> int:
        picker.chosen = next(answers)
        return int(PersonPicker.DialogCode.Accepted.value)

    monkeypatch.setattr(PersonPicker, "exec", fake_exec)  # the dialog's own event loop cannot run in a test
    view._assign()
    qtbot.waitUntil(lambda: view.turfs_table.item(0, 7).text() == "Ana Lopez")
    view.turfs_table.setCurrentCell(0, 0)
    view._assign()
    qtbot.waitUntil(lambda: view.turfs_table.item(0, 7).text() == "—")


def test_a_sheet_gets_its_circulator_from_the_picker(qtbot: QtBot, services: Services,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    first, _second = _two_ana_lopezes(services)
    person = services.people.rows(services.people.search_ids(PeopleQuery(text="ana1@example.org")))[0]
    assert person.uuid == first

    def fake_exec(picker: PersonPicker) -> int:
        picker.chosen, picker.chosen_person = person.uuid, person
        return int(PersonPicker.DialogCode.Accepted.value)

    monkeypatch.setattr(PersonPicker, "exec", fake_exec)
    dialog = SheetDialog(None, None, number=4, services=services)
    qtbot.addWidget(dialog)
    assert dialog.circulator.text() == "None named" and dialog.value().circulator_id is None
    dialog.choose_circulator.click()
    assert dialog.circulator.text() == "Ana Lopez" and dialog.value().circulator_id == person.id
    assert dialog.value().number == 4
