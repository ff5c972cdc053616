"""The Events section: the lazy list, the form (once and as a series), the roster, and check-in mode."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from organizer.services.container import Services
from organizer.services.events import EventInput, EventQuery
from organizer.services.people import PersonInput
from ui.events.checkin_kiosk import CheckinKiosk, match_text
from ui.events.event_form import EventDialog
from ui.events.events_model import Column, EventsModel, IdRole, RosterColumn
from ui.events.events_view import EventsView
from ui.events.growth_dialog import GrowthDialog


def add_meeting(services: Services, title: str = "Monthly meeting", start: str = "2099-03-09 19:00") -> int:
    return services.events.create(EventInput(title=title, start=start, time_zone="America/New_York",
                                             location_name="Grace Church", capacity=30))[0].id


def make_view(qtbot: QtBot, services: Services) -> EventsView:
    view = EventsView(services)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.query_finished, timeout=10_000):
        pass
    return view


def test_model_passes_modeltester(qtmodeltester: object, services: Services) -> None:
    first = add_meeting(services)
    add_meeting(services, "Canvass", "2099-04-01 10:00")
    model = EventsModel(services.events.rows, page_size=1, background=False)
    model.set_ids(services.events.search_ids(EventQuery()))
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.index(0, Column.TITLE).data() == "Monthly meeting"
    assert model.index(0, Column.WHEN).data() == "Mon 2099-03-09 19:00"
    assert model.index(1, Column.TITLE).data() == "Canvass"  # on the second page
    assert model.index(0, Column.RSVPS).data() == "0 / 30"
    assert model.index(0, Column.TITLE).data(IdRole) == first


def test_empty_state_then_the_list_follows_the_change_hub(qtbot: QtBot, services: Services) -> None:
    view = make_view(qtbot, services)
    assert view.pages.currentIndex() == 1 and view.empty.title.text() == "No events yet"
    with qtbot.waitSignal(view.query_finished, timeout=10_000):
        add_meeting(services)
    assert view.pages.currentIndex() == 0 and view.model.rowCount() == 1
    assert view.count_label.text().startswith("1 event")


def test_the_form_makes_a_series_and_shows_refused_values(qtbot: QtBot, services: Services) -> None:
    dialog = EventDialog(services)
    qtbot.addWidget(dialog)
    dialog.time_zone.setText("Mars/Olympus")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.boxes["title"].error.isVisibleTo(dialog), timeout=10_000)
    assert "time zone" in dialog.boxes["time_zone"].error.text()
    assert services.events.count() == 0
    dialog.title.setText("Monthly meeting")
    dialog.time_zone.setText("America/Chicago")
    dialog.repeat.setChecked(True)
    dialog.repeat_count.setValue(4)
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save()
    rows = services.events.rows(services.events.search_ids(EventQuery()))
    assert len(rows) == 4 and len({r.series_uuid for r in rows}) == 1


def test_roster_shows_who_came_and_a_click_marks_someone_here(qtbot: QtBot, services: Services) -> None:
    event_id = add_meeting(services)
    ana = services.people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["ana@example.org"])).id
    services.attendance.set_rsvp(event_id, ana, "registered")
    view = make_view(qtbot, services)
    view.resize(1200, 700)
    with qtbot.waitSignal(view.detail.loaded, timeout=10_000):
        view.table.selectRow(0)
    roster = view.detail.roster_model
    assert roster.rowCount() == 1 and roster.index(0, RosterColumn.NAME).data() == "Ana Silva"
    assert roster.index(0, RosterColumn.PRESENT).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    with qtbot.waitSignal(view.detail.loaded, timeout=10_000):
        view.detail.toggle_present(roster.row_at(0))
    assert roster.index(0, RosterColumn.PRESENT).data().startswith("Yes")
    assert view.detail.turnout.text().startswith("1 RSVP · 1 here · 0 walk-ins · 1 first-timer")
    view.grab().save("/tmp/events-shot.png")


def test_the_kiosk_finds_names_checks_in_with_enter_and_welcomes_back_walk_ins(qtbot: QtBot,
                                                                               services: Services) -> None:
    event_id = add_meeting(services)
    maria = services.people.add(PersonInput(given_name="Maria", family_name="Garcia", emails=["maria@example.org"],
                                            locality="Durham", street="1 Main St", postal_code="27701")).id
    services.people.add(PersonInput(given_name="Maria", family_name="Garcia", phones=["919-555-0199"]))
    kiosk = CheckinKiosk(services, services.events.get(event_id))
    qtbot.addWidget(kiosk)
    kiosk.resize(1280, 800)
    kiosk.show()
    with qtbot.waitSignal(kiosk.results_shown, timeout=10_000):
        qtbot.keyClicks(kiosk.search, "maria")
    assert kiosk.results.count() == 2
    shown = " ".join(kiosk.results.item(i).text() for i in range(2))
    assert "@" not in shown and "555" not in shown and "Durham" in shown
    kiosk.grab().save("/tmp/kiosk-shot.png")
    durham = next(i for i in range(2) if "Durham" in kiosk.results.item(i).text())
    kiosk.results.setCurrentRow(durham)
    with qtbot.waitSignal(kiosk.checked_in, timeout=10_000) as caught:
        qtbot.keyClick(kiosk.search, Qt.Key.Key_Return)
    assert caught.args[0].person_id == maria and "Welcome" in kiosk.greeting.text()
    kiosk.show_walk_in()
    qtbot.keyClicks(kiosk.walk_fields["given"], "Maria")
    qtbot.keyClicks(kiosk.walk_fields["family"], "Garcia")
    qtbot.keyClicks(kiosk.walk_fields["email"], "MARIA@example.org")
    kiosk.grab().save("/tmp/kiosk-walkin-shot.png")
    with qtbot.waitSignal(kiosk.checked_in, timeout=10_000) as caught:
        qtbot.keyClick(kiosk.walk_fields["email"], Qt.Key.Key_Return)
    assert caught.args[0].already_checked_in and caught.args[0].person_id == maria
    assert kiosk.walk_fields["email"].text() == "maria@example.org" or kiosk.pages.currentIndex() == 0


def test_the_kiosk_asks_about_a_phone_under_another_name_and_cannot_be_closed_by_accident(
        qtbot: QtBot, services: Services, monkeypatch: object) -> None:
    event_id = add_meeting(services)
    services.people.add(PersonInput(given_name="Jose", family_name="Ruiz", phones=["919-555-0101"]))
    kiosk = CheckinKiosk(services, services.events.get(event_id))
    qtbot.addWidget(kiosk)
    kiosk.show()
    kiosk.show_walk_in()
    qtbot.keyClicks(kiosk.walk_fields["given"], "Ana")
    qtbot.keyClicks(kiosk.walk_fields["phone"], "919 555 0101")
    kiosk.submit_walk_in()
    qtbot.waitUntil(lambda: kiosk.walk_new_anyway.isVisibleTo(kiosk), timeout=10_000)
    assert "different name" in kiosk.walk_problem.text() and services.attendance.roster(event_id) == []
    kiosk.close()
    assert kiosk.isVisible()  # closing takes the deliberate action
    qtbot.keyClick(kiosk, Qt.Key.Key_Escape)
    assert kiosk.isVisible() and kiosk.pages.currentIndex() == 0
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)  # type: ignore[attr-defined]
    with qtbot.waitSignal(kiosk.left, timeout=5_000):
        kiosk.ask_to_leave()
    assert not kiosk.isVisible()


def test_match_text_names_rsvps_and_check_ins() -> None:
    from organizer.services.events import KioskMatch

    assert match_text(KioskMatch(1, "Ana Silva", "Durham", "registered", False)) == "Ana Silva  ·  Durham  ·  RSVP'd"
    assert match_text(KioskMatch(1, "Ana Silva", "", "", True)) == "Ana Silva  ·  checked in ✓"


def test_growth_dialog_lists_who_attended_and_never_took_a_shift(qtbot: QtBot, services: Services) -> None:
    meetings = services.events.create(EventInput(title="Meeting", start="2027-01-05 19:00", time_zone="UTC",
                                                 repeat="weekly", occurrences=2))
    pid = services.people.add(PersonInput(given_name="Ana", family_name="Silva")).id
    for m in meetings:
        services.attendance.check_in(m.id, pid)
    dialog = GrowthDialog(services)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    assert dialog.table.item(0, 0).text() == "Ana Silva" and dialog.table.item(0, 1).text() == "2"


def test_people_are_added_to_the_roster_from_the_invite_dialog(qtbot: QtBot, services: Services) -> None:
    from ui.events.invite_dialog import InviteDialog

    event_id = add_meeting(services)
    shift = services.events.add_shift(event_id, "Setup")
    services.people.add(PersonInput(given_name="Ana", family_name="Silva"))
    ana2 = services.people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["a2@example.org"])).id
    dialog = InviteDialog(services, event_id, services.events.shifts(event_id))
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.results_shown, timeout=10_000):
        qtbot.keyClicks(dialog.search, "a2@")
    assert dialog.results.count() == 1
    dialog.shift.setCurrentIndex(dialog.shift.findData(shift.id))
    dialog.role.setText("Shift lead")
    with qtbot.waitSignal(dialog.added, timeout=10_000):
        dialog.add_current()
    [row] = services.attendance.roster(event_id)
    assert (row.person_id, row.status, row.shift_name, row.role) == (ana2, "registered", "Setup", "Shift lead")


def test_an_attendance_import_shows_its_notices_and_why_rows_were_left_out(
        qtbot: QtBot, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    event_id = add_meeting(services, "Canvass kickoff", "2099-05-02 10:00")
    add_meeting(services, "Phone bank", "2099-05-09 18:00")
    sheet = tmp_path / "rsvps.csv"
    sheet.write_text("First,Last,Email,Status,Event,Event date\n"
                     "Ana,Silva,ana@example.org,Member,Canvass kickoff,2099-05-02\n"
                     "Leo,Li,leo@example.org,Going,Phone bank,2099-05-09\n"
                     "Wei,Chen,wei@example.org,Going,Bake sale,2099-05-03\n", encoding="utf-8")
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.text(), box.detailedText())) or 0)
    view = make_view(qtbot, services)
    with qtbot.waitSignal(view.detail.loaded, timeout=10_000):
        view.table.selectRow(next(r for r in range(2) if view.model.index(r, Column.TITLE).data() == "Canvass kickoff"))
    report = services.event_files.import_attendance(event_id, sheet)
    view.detail._imported(report)
    (text, details), = shown
    assert "Phone bank" in text and "1 row rejected" in text
    assert "Row 4: left out, for another event, “Bake sale”" in details and "Row 2, Status:" in details
