"""File → Connect to a server database…: checked fields, the password kept only in the keyring when asked,
refusals said in the dialog, and server databases in the recent list beside files."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from organizer.errors import DatabaseProblem
from organizer.services.container import Services
from organizer.services.server_login import KEYRING_SERVICE, NO_KEYRING, Passwords, ServerLogin
from ui.chapters.connect_dialog import ConnectDialog
from ui.chapters.recent import (
    APPLICATION,
    ORGANIZATION,
    current_chapter,
    fill_recent_menu,
    recent_chapters,
    recent_entries,
    remember_chapter,
)
from ui.main_window import MainWindow

SECRET = "s3cret:/@pa ss"
UPGRADE = ("The server database riverside on db.example.org is at an older schema: ask its administrator "
           "to run 'organizer --db postgresql://ana@db.example.org:5432/riverside upgrade'.")


class MemoryKeyring:
    def __init__(self) -> None:
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service_name: str, username: str) -> str | None:
        return self.kept.get((service_name, username))

    def set_password(self, service_name: str, username: str, password: str) -> None:
        self.kept[(service_name, username)] = password

    def delete_password(self, service_name: str, username: str) -> None:
        self.kept.pop((service_name, username), None)


class FakeOpener:
    """Stands in for opening the server database: records the login, then gives the chapter or raises."""

    def __init__(self, services: Services, problem: Exception | None = None) -> None:
        self.services, self.problem = services, problem
        self.logins: list[ServerLogin] = []

    def __call__(self, login: ServerLogin) -> Services:
        self.logins.append(login)
        if self.problem is not None:
            raise self.problem
        return self.services


def fill(dialog: ConnectDialog, password: str = SECRET, remember: bool = True) -> None:
    dialog.host.setText("db.example.org")
    dialog.database.setText("riverside")
    dialog.user.setText("ana")
    dialog.password.setText(password)
    dialog.remember.setChecked(remember)


def every_setting() -> str:
    settings = QSettings(ORGANIZATION, APPLICATION)
    return repr({key: settings.value(key) for key in settings.allKeys()})


def test_missing_fields_are_named_and_nothing_is_opened(qtbot: QtBot, services: Services) -> None:
    opener = FakeOpener(services)
    dialog = ConnectDialog(Passwords(MemoryKeyring()), opener)
    qtbot.addWidget(dialog)
    dialog.port.setText("")
    dialog.connect_to_server()
    assert {k for k, box in dialog.boxes.items() if not box.error.isHidden()} == {"host", "port", "database", "user"}
    assert opener.logins == []


def test_connecting_opens_the_chapter_and_keeps_the_password_only_in_the_keyring(
        qtbot: QtBot, services: Services) -> None:
    keyring = MemoryKeyring()
    opener = FakeOpener(services)
    dialog = ConnectDialog(Passwords(keyring), opener)
    qtbot.addWidget(dialog)
    assert dialog.port.text() == "5432" and dialog.remember.isEnabled() and dialog.keyring_note.isHidden()
    fill(dialog)
    with qtbot.waitSignal(dialog.connected, timeout=10_000) as opened:
        dialog.connect_button.click()
    assert opened.args == [services]
    [login] = opener.logins
    assert (login.host, login.port, login.database, login.user, login.password) == (
        "db.example.org", 5432, "riverside", "ana", SECRET)
    assert keyring.kept == {(KEYRING_SERVICE, "ana@db.example.org:5432/riverside"): SECRET}
    assert recent_entries()[0] == ServerLogin("db.example.org", "riverside", "ana")
    assert "riverside" in every_setting() and SECRET not in every_setting()


def test_unticking_remember_forgets_a_kept_password(qtbot: QtBot, services: Services) -> None:
    keyring = MemoryKeyring()
    login = ServerLogin("db.example.org", "riverside", "ana")
    keyring.set_password(KEYRING_SERVICE, login.key, "old")
    dialog = ConnectDialog(Passwords(keyring), FakeOpener(services), login=login)
    qtbot.addWidget(dialog)
    assert dialog.had_password and dialog.password.text() == "old" and dialog.remember.isChecked()
    dialog.password.setText(SECRET)
    dialog.remember.setChecked(False)
    with qtbot.waitSignal(dialog.connected, timeout=10_000):
        dialog.connect_to_server()
    assert keyring.kept == {}


def test_a_refusal_is_said_in_the_dialog_which_stays_open(qtbot: QtBot, services: Services) -> None:
    keyring = MemoryKeyring()
    dialog = ConnectDialog(Passwords(keyring), FakeOpener(services, DatabaseProblem(UPGRADE)))
    qtbot.addWidget(dialog)
    dialog.show()
    fill(dialog)
    dialog.connect_to_server()
    qtbot.waitUntil(lambda: dialog.connect_button.isEnabled(), timeout=10_000)
    assert dialog.status.text() == UPGRADE and dialog.isVisible()
    assert dialog.password.text() == SECRET  # to try again without typing it all
    assert keyring.kept == {} and recent_entries() == []


def test_without_a_keyring_it_says_so_and_asks_each_time(qtbot: QtBot, services: Services,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("organizer.services.server_login.keyring_works", lambda: False)
    opener = FakeOpener(services)
    dialog = ConnectDialog(Passwords(), opener)
    qtbot.addWidget(dialog)
    assert not dialog.remember.isEnabled() and not dialog.keyring_note.isHidden()
    assert dialog.keyring_note.text() == NO_KEYRING
    fill(dialog, remember=False)
    with qtbot.waitSignal(dialog.connected, timeout=10_000):
        dialog.connect_to_server()
    assert opener.logins[0].password == SECRET and SECRET not in every_setting()


def test_the_recent_list_shows_server_databases_beside_files(qtbot: QtBot, services: Services,
                                                             tmp_path: Path) -> None:
    chapter = tmp_path / "riverside.db"
    chapter.write_bytes(b"")
    remember_chapter(chapter)
    remember_chapter(ServerLogin("db.example.org", "riverside", "ana", password=SECRET))
    remember_chapter(ServerLogin("db2.example.org", "riverside", "bo"))
    assert recent_chapters() == [chapter.resolve()]
    assert SECRET not in every_setting()
    menu = QMenu()
    opened: list[object] = []
    fill_recent_menu(menu, None, opened.append, opened.append)
    actions = [a for a in menu.actions() if not a.isSeparator()]
    texts = [a.text().replace("&", "") for a in actions]
    assert texts[:3] == ["1  riverside on db2.example.org   (server, as bo)",
                         "2  riverside on db.example.org   (server, as ana)",
                         f"3  riverside.db   ({tmp_path.resolve()})"]
    assert all(a.isEnabled() for a in actions[:3]) and not actions[0].icon().isNull()
    actions[1].trigger()
    actions[2].trigger()
    assert opened == [ServerLogin("db.example.org", "riverside", "ana"), chapter.resolve()]


def test_the_file_menu_connects_and_the_chapter_replaces_this_one(qtbot: QtBot, services: Services,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    keyring = MemoryKeyring()
    login = ServerLogin("db.example.org", "riverside", "ana")
    keyring.set_password(KEYRING_SERVICE, login.key, SECRET)
    monkeypatch.setattr("ui.chapters.switching.Passwords", lambda: Passwords(keyring))
    opener = FakeOpener(services)
    monkeypatch.setattr("ui.chapters.switching.open_server_chapter", opener)
    window = MainWindow(services)
    qtbot.addWidget(window)
    assert window.connect_action.text().replace("&", "") == "Connect to a server database…"
    with qtbot.waitSignal(window.chapter_opened, timeout=10_000) as opened:
        window.connect_server(login)  # from the recent list, its password remembered: straight in
    assert opened.args == [services] and opener.logins[0].password == SECRET


def test_starting_with_a_server_url_connects_and_says_what_went_wrong(
        qtbot: QtBot, services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import app as app_module

    monkeypatch.setattr("organizer.services.server_login.keyring_works", lambda: False)
    opener = FakeOpener(services, DatabaseProblem(UPGRADE))
    monkeypatch.setattr(app_module, "open_server_chapter", opener)
    controller = app_module.AppController(f"postgresql://ana:{SECRET.replace('/', '%2F').replace('@', '%40')}"
                                          "@db.example.org/riverside")
    assert controller.start()
    dialog = controller.connecting
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.status.text() == UPGRADE, timeout=10_000)
    assert opener.logins[0].password == SECRET and dialog.isVisible()
    opener.problem = None
    with qtbot.waitSignal(controller.main_shown, timeout=10_000):
        dialog.connect_to_server()
    assert controller.window is not None and controller.window.services is services
    qtbot.addWidget(controller.window)
    controller.services = None  # the fixture closes the chapter


def test_the_open_server_chapter_is_not_offered_in_open_recent(qtbot: QtBot, tmp_path: Path) -> None:
    remember_chapter(ServerLogin("db.example.org", "riverside", "ana"))
    remember_chapter(ServerLogin("db.example.org", "hillside", "ana"))
    menu = QMenu()
    here = current_chapter(None, "postgresql://ana:***@db.example.org:5432/riverside")
    fill_recent_menu(menu, here, lambda _p: None, lambda _l: None)
    texts = [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]
    assert texts[0] == "1  hillside on db.example.org   (server, as ana)"
    assert not any("riverside" in t for t in texts)
    assert current_chapter(tmp_path / "c.db", None) == tmp_path / "c.db"
