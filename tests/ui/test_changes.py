"""One "what changed" signal: every screen follows the services' writes, whoever made them and on any thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from organizer.services.changes import IMPORTS, PEOPLE, TAGS, VOLUNTEERS, Change
from organizer.services.container import Services
from organizer.services.imports import ImportOptions
from organizer.services.people import PeopleQuery, PersonInput
from organizer.services.volunteers import VolunteerInput
from ui.main_window import MainWindow
from ui.people.people_view import PeopleView
from ui.people.person_dialog import PersonDialog, load_form
from ui.people.volunteers_view import VolunteersView
from ui.shared.changes import ChangeRelay, RefreshOnChange, merge

SIGN_IN = "Name,E-mail,Volunteer?\nAna Lopez,ana.lopez@example.org,Y\nBen Stone,ben.stone@example.org,N\n" \
          "Cara Diaz,cara.diaz@example.org,\n"
FIXTURE_NAMES = {"Ana Silva", "Bo Chen", "Carmen Diaz", "Dev Patel", "Eli Zimmerman"}
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(autouse=True)
def _jobs_finish(services: Services) -> Iterator[None]:
    yield
    QThreadPool.globalInstance().waitForDone(10_000)


@pytest.fixture
def sign_in(tmp_path: Path) -> Path:
    path = tmp_path / "sign-in.csv"
    path.write_text(SIGN_IN, encoding="utf-8")
    return path


def make_window(qtbot: QtBot, services: Services, people: int, volunteers: int) -> MainWindow:
    window = MainWindow(services)
    qtbot.addWidget(window)
    wait_counts(qtbot, window, people, volunteers)
    return window


def wait_counts(qtbot: QtBot, window: MainWindow, people: int, volunteers: int) -> None:
    """Both lists show these totals (no refresh asked for: they must follow by themselves)."""
    def shown() -> bool:
        return (window.people.model.rowCount() == people and window.volunteers.model.rowCount() == volunteers
                and window.people.count_label.text().startswith(f"{people} ")
                and window.volunteers.count_label.text().startswith(f"{volunteers} "))
    qtbot.waitUntil(shown, timeout=10_000)


def names_in_people(window: MainWindow) -> set[str]:
    return {person.display_name for person in map(window.people.model.person, range(window.people.model.rowCount()))
            if person is not None}


def names_in_volunteers(window: MainWindow) -> set[str]:
    return {window.volunteers.model.row_at(r).name for r in range(window.volunteers.model.rowCount())}


def answer_yes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)


# The relay ---------------------------------------------------------------------------------------

def test_a_change_published_on_a_worker_thread_arrives_on_the_gui_thread(qtbot: QtBot, services: Services) -> None:
    relay = ChangeRelay(services.changes)
    arrived: list[tuple[Change, bool]] = []
    relay.changed.connect(lambda change: arrived.append((change, threading.current_thread() is threading.main_thread())))
    published_on: list[str] = []

    def write() -> None:
        published_on.append(threading.current_thread().name)
        services.people.add(PersonInput(given_name="Rosa"))

    with qtbot.waitSignal(relay.changed, timeout=10_000):
        worker = threading.Thread(target=write, name="writer")
        worker.start()
        worker.join()
    assert published_on == ["writer"]
    assert [(c.kinds, on_gui) for c, on_gui in arrived] == [(frozenset({PEOPLE}), True)]
    relay.deleteLater()


def test_the_relay_never_calls_back_inside_the_write(qtbot: QtBot, services: Services) -> None:
    """Even on the GUI thread the signal comes later, from the event loop, never mid-call."""
    relay = ChangeRelay(services.changes)
    arrived: list[Change] = []
    relay.changed.connect(arrived.append)
    services.changes.publish(Change.of(TAGS))
    assert arrived == []
    qtbot.waitUntil(lambda: arrived == [Change.of(TAGS)])
    relay.deleteLater()


def test_a_destroyed_relay_stops_listening(qtbot: QtBot, services: Services) -> None:
    before = services.changes.listener_count()
    holder = QWidget()
    ChangeRelay(services.changes, holder)
    assert services.changes.listener_count() == before + 1
    with qtbot.waitSignal(holder.destroyed):
        holder.deleteLater()
    assert services.changes.listener_count() == before
    services.changes.publish(Change.of(PEOPLE))  # nobody left to tell: no crash, no warning


def test_a_burst_of_changes_is_one_refresh_of_the_kinds_listened_to(qtbot: QtBot, services: Services) -> None:
    refreshed: list[Change] = []
    listener = RefreshOnChange(services.changes, frozenset({PEOPLE, TAGS}), refreshed.append)
    services.changes.publish(Change.of(IMPORTS))  # not listened to
    services.changes.publish(Change.of(PEOPLE, ids=[1]))
    services.changes.publish(Change.of(TAGS, PEOPLE, ids=[2]))
    qtbot.waitUntil(lambda: bool(refreshed))
    qtbot.wait(100)
    assert refreshed == [Change(frozenset({PEOPLE, TAGS}), frozenset({1, 2}))]
    assert merge([Change.of(PEOPLE, ids=[1]), Change.of(IMPORTS, PEOPLE)]).ids == frozenset()  # anyone
    listener.deleteLater()


# The screens -------------------------------------------------------------------------------------

def test_undo_from_imports_refreshes_people_and_volunteers(qtbot: QtBot, services: Services, people: dict[str, int],
                                                           sign_in: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = services.imports.run(sign_in, "people", ImportOptions())
    assert report.created == 3
    window = make_window(qtbot, services, people=8, volunteers=3)
    assert "Ana Lopez" in names_in_volunteers(window)
    imports: Any = window.imports
    window.show_section(imports)
    qtbot.waitUntil(lambda: imports.model.rowCount() == 1)
    imports.view.selectRow(0)
    answer_yes(monkeypatch)
    imports.undo_button.click()
    wait_counts(qtbot, window, people=5, volunteers=2)
    assert names_in_people(window) == FIXTURE_NAMES
    assert names_in_volunteers(window) == {"Ana Silva", "Dev Patel"}
    qtbot.waitUntil(lambda: imports.model.rowCount() == 1 and imports.model.row_at(0).undone)


def test_an_import_started_on_the_imports_screen_shows_in_people(qtbot: QtBot, services: Services,
                                                                 sign_in: Path) -> None:
    window = make_window(qtbot, services, people=0, volunteers=0)
    imports: Any = window.imports
    window.show_section(imports)
    wizard = imports.open_wizard(sign_in)
    qtbot.waitUntil(lambda: not wizard.controller.busy, timeout=10_000)
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page
    wizard.next()
    qtbot.waitUntil(wizard.check_page.isComplete, timeout=10_000)
    wizard.next()
    wait_counts(qtbot, window, people=3, volunteers=1)
    assert names_in_people(window) == {"Ana Lopez", "Ben Stone", "Cara Diaz"}
    assert not window.people.empty.isVisibleTo(window.people)
    wizard.reject()


def test_writes_elsewhere_refresh_both_lists(qtbot: QtBot, services: Services, people: dict[str, int]) -> None:
    window = make_window(qtbot, services, people=5, volunteers=2)
    worker = threading.Thread(target=lambda: services.volunteers.save(people["Eli"], VolunteerInput()))
    worker.start()
    worker.join()
    wait_counts(qtbot, window, people=5, volunteers=3)
    services.people.delete([people["Ana"], people["Bo"]])
    wait_counts(qtbot, window, people=3, volunteers=2)
    assert names_in_volunteers(window) == {"Dev Patel", "Eli Zimmerman"}


def test_an_open_person_removed_by_an_undo_says_so(qtbot: QtBot, services: Services, sign_in: Path) -> None:
    report = services.imports.run(sign_in, "people", ImportOptions())
    ana = _find(services, "Ana Lopez")
    dialog = PersonDialog(services, load_form(services, ana))
    qtbot.addWidget(dialog)
    dialog.city.setText("Boston")  # typed, and kept on screen to copy from
    assert report.batch is not None
    services.imports.undo(report.batch)
    qtbot.waitUntil(lambda: dialog.gone, timeout=10_000)
    assert "no longer in the chapter" in dialog.general_error.text()
    assert dialog.buttons.button(dialog.buttons.StandardButton.Save).isHidden()
    assert dialog.buttons.button(dialog.buttons.StandardButton.Cancel).text() == "Close"
    assert dialog.city.text() == "Boston"
    dialog.save()  # does nothing: there is nobody to save
    assert services.people.count() == 0


def test_an_open_person_ignores_changes_to_others(qtbot: QtBot, services: Services, people: dict[str, int]) -> None:
    dialog = PersonDialog(services, load_form(services, people["Ana"]))
    qtbot.addWidget(dialog)
    services.people.delete([people["Bo"]])
    services.changes.publish(Change.of(PEOPLE, VOLUNTEERS))  # anyone: Ana is checked, and is still there
    qtbot.wait(300)
    QThreadPool.globalInstance().waitForDone(10_000)
    qtbot.wait(50)
    assert not dialog.gone
    assert dialog.general_error.isHidden()


def test_opening_a_person_removed_meanwhile_says_so_politely(qtbot: QtBot, services: Services,
                                                             people: dict[str, int],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    view = PeopleView(services)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.model.rowCount() == 5)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: told.append(text))
    _delete_without_telling(services, people["Bo"])  # the list still shows Bo
    view.edit_person(people["Bo"])
    qtbot.waitUntil(lambda: bool(told), timeout=10_000)
    assert told[0].startswith("This person is no longer in the chapter")


def _find(services: Services, name: str) -> int:
    return services.people.search_ids(PeopleQuery(text=name))[0]


def _delete_without_telling(services: Services, person_id: int) -> None:
    """What another program writing to the same file would do: no change reaches this app."""
    with services.db.write() as session:
        session.execute(text("DELETE FROM people WHERE id = :id"), {"id": person_id})


def test_volunteers_view_alone_follows_changes(qtbot: QtBot, services: Services, people: dict[str, int]) -> None:
    view = VolunteersView(services)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)
    services.people.save(people["Carmen"], PersonInput(given_name="Carmen", family_name="Diaz"), VolunteerInput())
    qtbot.waitUntil(lambda: view.model.rowCount() == 3)


def test_the_imports_screen_lists_an_import_made_elsewhere(qtbot: QtBot, services: Services, sign_in: Path) -> None:
    window = make_window(qtbot, services, people=0, volunteers=0)
    imports: Any = window.imports
    qtbot.waitUntil(lambda: imports.stack.currentWidget() is imports.empty)
    report = services.imports.run(sign_in, "people", ImportOptions())  # as the main window's wizard does
    qtbot.waitUntil(lambda: imports.model.rowCount() == 1, timeout=10_000)
    assert report.batch is not None
    services.imports.undo(report.batch)
    qtbot.waitUntil(lambda: imports.model.row_at(0).undone, timeout=10_000)
    assert imports.count_label.text() == "1 import"


def test_a_closed_person_form_stops_listening(qtbot: QtBot, services: Services, people: dict[str, int]) -> None:
    view = PeopleView(services)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.model.rowCount() == 5)
    listening = services.changes.listener_count()
    view.edit_person(people["Ana"])
    qtbot.waitUntil(lambda: bool(view.findChildren(PersonDialog)), timeout=10_000)
    assert services.changes.listener_count() == listening + 1
    dialog = view.findChildren(PersonDialog)[0]
    with qtbot.waitSignal(dialog.destroyed):
        dialog.reject()
    assert services.changes.listener_count() == listening


def test_imports_of_every_kind_refresh_the_screens_of_what_they_touch(qtbot: QtBot, services: Services,
                                                                      people: dict[str, int], tmp_path: Path) -> None:
    """A suppression list flags people and an attendance sheet adds walk-ins and raises volunteers: People and
    Volunteers follow, as they follow a people import."""
    from organizer.services.events import EventInput

    window = make_window(qtbot, services, people=5, volunteers=2)
    row_of_ana = window.people.model.row_of(people["Ana"])
    assert not window.people.model.person(row_of_ana).flags
    optouts = tmp_path / "optouts.csv"
    optouts.write_text(f"Email,Reason\n{services.people.get(people['Ana']).emails[0]},unsubscribed\n", encoding="utf-8")
    services.imports.run(optouts, "suppressions")
    qtbot.waitUntil(lambda: "do_not_email" in window.people.model.person(window.people.model.row_of(people["Ana"]))
                    .flags, timeout=10_000)
    [event] = services.events.create(EventInput(title="March meeting", start="2026-03-05 18:00"))
    sheet = tmp_path / "sign-in.csv"
    sheet.write_text("Name,Email,Status\nRosa Parks,rosa@example.org,Attended\n", encoding="utf-8")
    services.imports.run(sheet, "attendance", ImportOptions(target=str(event.id)))
    wait_counts(qtbot, window, people=6, volunteers=2)
    assert "Rosa Parks" in names_in_people(window)
