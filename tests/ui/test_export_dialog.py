"""People → Export…: which people, which file type, which fields; written in the background."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from organizer.services.container import Services
from organizer.services.people import PeopleQuery
from organizer.services.people_export import ExportRequest
from ui.people.export_dialog import ALL, FILTERED, SELECTED, ExportDialog
from ui.people.people_view import PeopleView


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def make_dialog(qtbot: QtBot, services: Services, query: PeopleQuery, selected: list[int]) -> ExportDialog:
    dialog = ExportDialog(services, query, selected)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "(" in dialog.who_buttons[ALL].text(), timeout=10_000)  # counts arrived
    return dialog


def export(qtbot: QtBot, dialog: ExportDialog, path: Path, monkeypatch: pytest.MonkeyPatch,
           agreed: bool = True) -> None:
    monkeypatch.setattr(dialog, "choose_path", lambda: (path, agreed))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.task is None and dialog.status.text() != "Exporting…", timeout=20_000)


@pytest.mark.parametrize(("who", "expected"), [(ALL, 5), (FILTERED, 2), (SELECTED, 1)])
def test_all_filtered_or_selected(qtbot: QtBot, services: Services, people: dict[str, int], tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch, who: str, expected: int) -> None:
    dialog = make_dialog(qtbot, services, PeopleQuery(tag="Door knocker"), [people["Bo"]])
    assert dialog.who_buttons[FILTERED].isChecked()  # one selected row: the filter is the likelier wish
    assert dialog.who_buttons[ALL].text() == "Everyone (5)"
    dialog.who_buttons[who].setChecked(True)
    dialog.format_buttons["csv"].setChecked(True)
    path = tmp_path / "people.csv"
    export(qtbot, dialog, path, monkeypatch)
    found = rows(path)
    assert len(found) == expected and dialog.written is not None and dialog.written.people == expected
    assert dialog.status.text() == f"Exported {expected} {'person' if expected == 1 else 'people'} to {path}"
    if who == SELECTED:
        assert found[0]["First Name"] == "Bo"


def test_chosen_fields_and_xlsx(qtbot: QtBot, services: Services, people: dict[str, int], tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    from organizer.files.reading.api import read_workbook

    dialog = make_dialog(qtbot, services, PeopleQuery(), [])
    assert not dialog.who_buttons[SELECTED].isEnabled() and not dialog.who_buttons[FILTERED].isEnabled()
    assert all(check.isChecked() for check in dialog.field_boxes.values())
    dialog._check_all(False)
    assert not dialog.export_button.isEnabled()  # nothing to export without a field
    dialog.field_boxes["given_name"].setChecked(True)
    dialog.field_boxes["emails"].setChecked(True)
    path = tmp_path / "people.xlsx"
    export(qtbot, dialog, path, monkeypatch)
    header = read_workbook(path)[0].rows[0]
    assert list(header) == ["First Name", "Email", "Email status", "Email 2", "Email 2 status"]


def test_an_existing_file_is_replaced_only_when_the_save_dialog_asked(
        qtbot: QtBot, services: Services, people: dict[str, int], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "people.xlsx"
    path.write_bytes(b"mine")
    dialog = make_dialog(qtbot, services, PeopleQuery(), [])
    export(qtbot, dialog, path, monkeypatch, agreed=False)
    assert path.read_bytes() == b"mine" and "already exists" in dialog.status.text()
    assert dialog.export_button.isEnabled() and not dialog.close_button.isHidden()
    assert "--force" not in dialog.status.text()
    export(qtbot, dialog, path, monkeypatch, agreed=True)
    assert path.read_bytes().startswith(b"PK") and dialog.written is not None


def test_the_request_follows_the_choices(qtbot: QtBot, services: Services, people: dict[str, int]) -> None:
    query = PeopleQuery(text="silva", sort="family_name", descending=True)
    dialog = make_dialog(qtbot, services, query, [people["Ana"], people["Bo"]])
    assert dialog.who_buttons[SELECTED].isChecked()  # several rows selected
    request = dialog.request(Path("x.csv"), force=True)
    assert request == ExportRequest(Path("x.csv"), query, person_ids=(people["Ana"], people["Bo"]), force=True)
    dialog.who_buttons[ALL].setChecked(True)
    assert dialog.request(Path("x.csv"), False).query == PeopleQuery(sort="family_name", descending=True)


def test_a_running_export_can_be_cancelled(qtbot: QtBot, services: Services, people: dict[str, int],
                                           tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from organizer.progress import Cancelled

    dialog = make_dialog(qtbot, services, PeopleQuery(), [])

    def stopped(*_args: object, **_kwargs: object) -> None:
        raise Cancelled()

    monkeypatch.setattr(services.exports, "people", stopped)
    export(qtbot, dialog, tmp_path / "p.xlsx", monkeypatch)
    assert dialog.status.text().startswith("Cancelled") and not (tmp_path / "p.xlsx").exists()
    assert dialog.cancel_button.isHidden() and dialog.export_button.isEnabled()


def test_people_screen_opens_it_with_its_query_and_selection(qtbot: QtBot, services: Services,
                                                             people: dict[str, int]) -> None:
    view = PeopleView(services)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.model.rowCount() == 5, timeout=10_000)
    view.table.selectRow(0)
    view.export_button.click()
    dialog = view.findChild(ExportDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog._selected == tuple(view.selected_ids()) and len(dialog._selected) == 1
    dialog.reject()
