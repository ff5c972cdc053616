"""Logging in to a chapter database on a PostgreSQL server: its URL, and its password kept in the OS keyring.

The password lives only in memory, or in the OS keyring when the user asks to remember it: never in the
settings, the recent list, the database, a message or the log. A location string (what the recent list
and `--db` hold) is the URL without it; `url_with_password` adds it, for the engine alone.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import URL
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from organizer.errors import DatabaseProblem, UserError, ValidationFailed
from organizer.paths import DB_ENV

if TYPE_CHECKING:
    from organizer.services.container import Services

log = logging.getLogger(__name__)
KEYRING_SERVICE = "Chapter Organizer"
DEFAULT_PORT = 5432
SCHEMES = ("postgresql", "postgres")
NO_KEYRING = ("This computer has no keyring the app can keep a password in, so the password is asked "
              "each time (or set it up in ~/.pgpass, as for any PostgreSQL program).")


class PasswordNotKept(UserError):
    """The OS keyring refused to keep (or give back) a password."""


@dataclass(frozen=True, slots=True)
class ServerLogin:
    """Where a server chapter database is and who logs in; the password, when given, only in memory."""

    host: str
    database: str
    user: str
    port: int = DEFAULT_PORT
    password: str | None = field(default=None, repr=False, compare=False)

    @property
    def key(self) -> str:
        """The name its password is kept under in the keyring: user@host:port/database."""
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    @property
    def title(self) -> str:
        """How people read it in a list: "chapter on db.example.org" ("on this computer" for a unix socket)."""
        return f"{self.database} on {'this computer' if self.host.startswith('/') else self.host}"

    @property
    def location(self) -> str:
        """The URL without the password, as `--db`, the recent list and messages hold it."""
        return _url(self, None).render_as_string(hide_password=False)

    def with_password(self, password: str | None) -> ServerLogin:
        """The same login carrying a password (None or empty: libpq's own ~/.pgpass or PGPASSWORD)."""
        return replace(self, password=password or None)


def url_with_password(server: ServerLogin) -> str:
    """The URL the engine connects with, password included: keep it in memory, never show, store or log it."""
    return _url(server, server.password).render_as_string(hide_password=False)


def _url(server: ServerLogin, password: str | None) -> URL:
    host = server.host.strip().removeprefix("[").removesuffix("]")  # URL.create brackets an IPv6 address itself
    if host.startswith("/"):  # a unix socket's folder: libpq takes it as ?host=
        return URL.create("postgresql", username=server.user, password=password, port=server.port,
                          database=server.database, query={"host": host})
    return URL.create("postgresql", username=server.user, password=password, host=host, port=server.port,
                      database=server.database)


def is_server_location(text: str) -> bool:
    """Whether a recent-list entry or `--db` value names a server database rather than a file."""
    head, sep, _rest = text.partition("://")
    return bool(sep) and head.lower().split("+")[0] in SCHEMES


def login_of(location: str, *, keep_password: bool = False) -> ServerLogin:
    """The login a location string names (any password in it dropped, unless kept: in memory only); raises
    UserError when it names none."""
    try:
        url = make_url(location)
    except (ArgumentError, ValueError):  # unreadable, or a port that is no number
        raise UserError("That is not a server database address: write it as "
                        "postgresql://USER@HOST:PORT/DATABASE.") from None
    host = url.host or str(url.query.get("host", "") or "")
    login = checked(host, str(url.port or DEFAULT_PORT), url.database or "", url.username or "")
    return login.with_password(url.password if keep_password else None)


def server_named(db_arg: str | None) -> ServerLogin | None:
    """The server database `--db` (or else ORGANIZER_DB) names, with any password written in it (kept in
    memory only); None when they name a file or nothing."""
    value = (db_arg or os.environ.get(DB_ENV, "")).strip()
    if not value or not is_server_location(value):
        return None
    return login_of(value, keep_password=True)


def checked(host: str, port: str, database: str, user: str) -> ServerLogin:
    """A login from what was typed; raises ValidationFailed naming each missing or wrong field."""
    problems: dict[str, str] = {}
    for key, value, what in (("host", host, "the server's name or address"), ("database", database, "a database"),
                             ("user", user, "a user name")):
        if not value.strip():
            problems[key] = f"Give {what}."
    number = int(port.strip()) if port.strip().isdigit() else 0
    if not 0 < number < 65536:
        problems["port"] = "A port is a number from 1 to 65535 (PostgreSQL's own is 5432)."
    if problems:
        raise ValidationFailed(problems)
    host = host.strip().removeprefix("[").removesuffix("]")  # an IPv6 address as a URL writes it
    return ServerLogin(host=host, database=database.strip(), user=user.strip(), port=number)


class SecretStore(Protocol):
    """What the app needs of a keyring (the `keyring` module is one; tests give an in-memory one)."""

    def get_password(self, service_name: str, username: str) -> str | None: ...

    def set_password(self, service_name: str, username: str, password: str) -> None: ...

    def delete_password(self, service_name: str, username: str) -> None: ...


def keyring_works() -> bool:
    """Whether the OS keyring has a backend that keeps passwords (not the fail or null one, nor an empty chain)."""
    try:
        import keyring
        from keyring.backends import chainer, fail, null
    except ImportError:
        return False
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring | null.Keyring):
        return False
    return not (isinstance(backend, chainer.ChainerBackend) and not backend.backends)


class Passwords:
    """Passwords of server logins, kept in the keyring only when the user asks; never anywhere else."""

    def __init__(self, store: SecretStore | None = None) -> None:
        self._given = store

    def _store(self) -> SecretStore | None:
        if self._given is not None:
            return self._given
        if not keyring_works():
            return None
        import keyring

        return keyring

    def available(self) -> bool:
        """Whether a password can be remembered on this computer (if not, say so and ask each time)."""
        return self._store() is not None

    def remembered(self, login: ServerLogin) -> str | None:
        """The password kept for this login, or None (none kept, or the keyring would not give it)."""
        store = self._store()
        if store is None:
            return None
        try:
            return store.get_password(KEYRING_SERVICE, login.key)
        except Exception as exc:  # every keyring backend has its own errors; a lookup may fail
            log.warning("The keyring would not give a password back (%s)", type(exc).__name__)
            return None

    def remember(self, login: ServerLogin, password: str) -> None:
        """Keep the password in the keyring; raises PasswordNotKept when there is none or it refuses."""
        store = self._store()
        if store is None:
            raise PasswordNotKept(NO_KEYRING)
        try:
            store.set_password(KEYRING_SERVICE, login.key, password)
        except Exception as exc:  # as above: a locked or refusing keyring is the user's to know
            log.warning("The keyring would not keep a password (%s)", type(exc).__name__)
            raise PasswordNotKept("The keyring would not keep the password (is it locked?): "
                                  "it will be asked next time.") from None

    def forget(self, login: ServerLogin) -> None:
        """Remove a kept password (nothing when there is none)."""
        store = self._store()
        if store is None:
            return
        try:
            store.delete_password(KEYRING_SERVICE, login.key)
        except Exception as exc:  # none kept, or a keyring refusing: nothing more to do
            log.info("No password removed from the keyring (%s)", type(exc).__name__)


def open_server_chapter(server: ServerLogin) -> Services:
    """Open the chapter database on a server, as File → Open opens a file (the password only in memory)."""
    from organizer.services.container import build_services
    from organizer.storage.location import location_of
    from organizer.storage.opening import open_database

    log.info("Opening a server database")  # neither the address nor the password: the log stays plain
    location = location_of(url_with_password(server))
    if location.path is not None:  # a build without the server backend takes the URL for a file name
        raise DatabaseProblem("This version of Chapter Organizer cannot open server databases.")
    return build_services(open_database(location))


__all__ = ["KEYRING_SERVICE", "NO_KEYRING", "PasswordNotKept", "Passwords", "SecretStore", "ServerLogin",
           "checked", "is_server_location", "keyring_works", "login_of", "open_server_chapter",
           "server_named", "url_with_password"]
