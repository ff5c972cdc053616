"""Server logins: URLs built with every character escaped, passwords kept only in the keyring, never logged."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, cast

import pytest
from sqlalchemy.engine import make_url

from organizer.errors import DatabaseProblem, UserError, ValidationFailed
from organizer.services.server_login import (
    KEYRING_SERVICE,
    PasswordNotKept,
    Passwords,
    ServerLogin,
    checked,
    is_server_location,
    keyring_works,
    login_of,
    open_server_chapter,
    url_with_password,
)

AWKWARD = "p@ss:w/rd%?#& 'é\""


class MemoryKeyring:
    """A keyring in memory (the protocol the app needs)."""

    def __init__(self) -> None:
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service_name: str, username: str) -> str | None:
        return self.kept.get((service_name, username))

    def set_password(self, service_name: str, username: str, password: str) -> None:
        self.kept[(service_name, username)] = password

    def delete_password(self, service_name: str, username: str) -> None:
        del self.kept[(service_name, username)]


class LockedKeyring(MemoryKeyring):
    def get_password(self, service_name: str, username: str) -> str | None:
        raise RuntimeError("locked")

    def set_password(self, service_name: str, username: str, password: str) -> None:
        raise RuntimeError("locked")


@pytest.mark.parametrize(("user", "database", "host"), [
    ("ana", "riverside", "db.example.org"),
    ("ana@north:x/y", "chap ter/1?x#2", "10.0.0.7"),
    ("José", "Ñandú", "db.example.org"),
    ("ana", "riverside", "::1"),
    ("ana", "riverside", "[::1]"),
])
def test_the_url_round_trips_every_character(user: str, database: str, host: str) -> None:
    login = ServerLogin(host=host, database=database, user=user, port=6543, password=AWKWARD)
    url = make_url(url_with_password(login))
    assert (url.username, url.password, url.database, url.port) == (user, AWKWARD, database, 6543)
    assert url.host == host.strip("[]")
    assert login_of(login.location) == checked(host, "6543", database, user)
    assert AWKWARD not in login.location and make_url(login.location).password is None


def test_a_unix_socket_folder_goes_in_the_query_as_libpq_wants() -> None:
    login = ServerLogin(host="/run/postgresql", database="riverside", user="ana")
    url = make_url(login.location)
    assert url.host is None and url.query["host"] == "/run/postgresql"
    assert login_of(login.location).host == "/run/postgresql"


def test_the_password_never_shows_in_repr_title_key_or_location() -> None:
    login = ServerLogin(host="db.example.org", database="riverside", user="ana", password=AWKWARD)
    for text in (repr(login), login.title, login.key, login.location, str(login)):
        assert AWKWARD not in text
    assert login.title == "riverside on db.example.org"
    assert login.key == "ana@db.example.org:5432/riverside"
    assert login.location == "postgresql://ana@db.example.org:5432/riverside"


def test_what_was_typed_is_checked_field_by_field() -> None:
    assert checked(" db.example.org ", "5432", "riverside", "ana") == ServerLogin("db.example.org", "riverside", "ana")
    with pytest.raises(ValidationFailed) as refused:
        checked("", "99999", " ", "")
    assert set(refused.value.problems) == {"host", "port", "database", "user"}
    with pytest.raises(ValidationFailed, match="port"):
        checked("h", "54a", "d", "u")


@pytest.mark.parametrize(("text", "server"), [
    ("postgresql://ana@h:5432/d", True), ("postgresql+psycopg://h/d", True), ("POSTGRES://h/d", True),
    ("/home/ana/chapter.db", False), ("C:\\chapters\\a.db", False), ("sqlite:///a.db", False),
])
def test_server_locations_are_told_from_files(text: str, server: bool) -> None:
    assert is_server_location(text) is server


def test_a_location_naming_no_database_is_refused() -> None:
    with pytest.raises(ValidationFailed):
        login_of("postgresql://ana@db.example.org:5432")
    with pytest.raises(UserError):
        login_of("postgresql://ana@db.example.org:notaport/x")


def test_a_password_is_kept_under_the_app_and_the_login_and_forgotten() -> None:
    store = MemoryKeyring()
    passwords = Passwords(store)
    one = ServerLogin("db.example.org", "riverside", "ana")
    other = ServerLogin("db.example.org", "northside", "ana")
    assert passwords.available() and passwords.remembered(one) is None
    passwords.remember(one, AWKWARD)
    assert store.kept == {(KEYRING_SERVICE, "ana@db.example.org:5432/riverside"): AWKWARD}
    assert passwords.remembered(one) == AWKWARD and passwords.remembered(other) is None
    passwords.forget(one)
    passwords.forget(one)  # forgetting twice is no error
    assert store.kept == {}


def test_a_locked_keyring_is_a_plain_problem_and_logs_no_password(caplog: pytest.LogCaptureFixture) -> None:
    passwords = Passwords(LockedKeyring())
    login = ServerLogin("db.example.org", "riverside", "ana")
    with caplog.at_level(logging.DEBUG), pytest.raises(PasswordNotKept, match="asked next time"):
        passwords.remember(login, AWKWARD)
    assert passwords.remembered(login) is None
    assert AWKWARD not in caplog.text


def test_without_a_working_keyring_nothing_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.backends import chainer, fail

    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())  # type: ignore[no-untyped-call]
    assert not keyring_works()
    passwords = Passwords()
    assert not passwords.available()
    with pytest.raises(PasswordNotKept, match="no keyring"):
        passwords.remember(ServerLogin("h", "d", "u"), "secret")
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [])
    monkeypatch.setattr(keyring, "get_keyring", lambda: chainer.ChainerBackend())  # type: ignore[no-untyped-call]
    assert not keyring_works()


def test_opening_passes_the_password_in_memory_only(monkeypatch: pytest.MonkeyPatch,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    seen: list[object] = []

    class Server:
        path: Path | None = None

    def fake_location_of(where: object) -> Server:
        seen.append(where)
        return Server()

    monkeypatch.setattr("organizer.storage.location.location_of", fake_location_of)
    monkeypatch.setattr("organizer.storage.opening.open_database", lambda location: ("db", location))
    monkeypatch.setattr("organizer.services.container.build_services", lambda db: ("services", db))
    login = ServerLogin("db.example.org", "riverside", "ana", password=AWKWARD)
    with caplog.at_level(logging.DEBUG):
        opened = open_server_chapter(login)
    assert cast(Any, opened)[0] == "services"
    assert seen == [url_with_password(login)]
    assert AWKWARD not in caplog.text and "db.example.org" not in caplog.text


def test_a_build_that_takes_the_url_for_a_file_refuses_plainly(monkeypatch: pytest.MonkeyPatch) -> None:
    class File:
        path = Path("postgresql:/ana@h:5432/d")

    monkeypatch.setattr("organizer.storage.location.location_of", lambda where: File())
    with pytest.raises(DatabaseProblem, match="cannot open server databases"):
        open_server_chapter(ServerLogin("h", "d", "ana", password="x"))


def test_db_or_the_environment_names_a_server_with_its_password_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    from organizer.services.server_login import server_named

    monkeypatch.delenv("ORGANIZER_DB", raising=False)
    assert server_named(None) is None and server_named("/home/ana/chapter.db") is None
    named = server_named("postgresql://ana:p%40ss@db.example.org/riverside")
    assert named == ServerLogin("db.example.org", "riverside", "ana") and named.password == "p@ss"
    monkeypatch.setenv("ORGANIZER_DB", "postgresql://bo@db.example.org:6543/northside")
    assert server_named(None) == ServerLogin("db.example.org", "northside", "bo", 6543)
    assert server_named("/home/ana/chapter.db") is None  # --db comes first
