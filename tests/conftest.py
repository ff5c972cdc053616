"""Shared fixtures: a chapter database migrated once per session and copied per test, on SQLite and PostgreSQL.

How to use them (new tests should, so they run against both databases):

- ``services``: every service over a fresh chapter database (closed after the test).
- ``db_path``: the fresh chapter database itself, for tests that open it themselves or pass it to the
  command line: a ``Path`` on SQLite, a ``ServerDatabase`` on PostgreSQL. ``open_chapter(db_path)`` and
  ``main(["--db", str(db_path), ...])`` work with both (``str()`` of a server database is its URL).
- ``db_backend``: "sqlite" or "postgresql", for the few lines that must differ.
- ``@pytest.mark.sqlite_only``: a test about files themselves (backups, damage, the header, -wal, file
  modes, sqlite3 calls on the file) runs on SQLite alone.

Tests under tests/service and tests/unit that use ``db_path`` (directly or through ``services``) run once
per backend: SQLite always, PostgreSQL when ``ORGANIZER_TEST_PG_URL`` names a server database whose user may
CREATE DATABASE (e.g. ``postgresql://organizer@/postgres?host=/tmp/pg``, as `python3 make.py test` and
`.ci/run` set it). The tests take turns on one server chapter database, emptied after each (tables
truncated, ids restarted, the settings put back: as new); a test that needs a database of its own asks
``pg_server.new_database(template=pg_template)`` and drops it. UI tests and the rest stay on SQLite.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PG_URL_ENV = "ORGANIZER_TEST_PG_URL"
BACKENDS_FOR = ("tests/service/", "tests/unit/")
"""Tests under these folders that use a chapter database run on every backend; the others on SQLite."""
_names = itertools.count(1)

def pg_url() -> str | None:
    """The maintenance database of the test server, if one is given."""
    return os.environ.get(PG_URL_ENV, "").strip() or None

def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "db_backend" not in metafunc.fixturenames:
        return
    where = Path(str(metafunc.definition.fspath)).as_posix()
    both = pg_url() is not None and any(f"/{part}" in where for part in BACKENDS_FOR) \
        and metafunc.definition.get_closest_marker("sqlite_only") is None
    metafunc.parametrize("db_backend", ["sqlite", "postgresql"] if both else ["sqlite"], indirect=True)

@pytest.fixture
def db_backend(request: pytest.FixtureRequest) -> str:
    """Which database this test runs on: "sqlite" or "postgresql"."""
    return str(getattr(request, "param", "sqlite"))

@pytest.fixture(autouse=True)
def _private_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep logs and per-user data of tests out of the real home folder."""
    base = tmp_path_factory.getbasetemp() / "home"
    monkeypatch.setenv("XDG_DATA_HOME", str(base / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(base / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "config"))
    monkeypatch.delenv("ORGANIZER_DB", raising=False)

class PgServer:
    """The test server: makes and drops databases through its maintenance database (autocommit)."""

    def __init__(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        self.url = make_url(url).set(drivername="postgresql")
        self.prefix = f"organizer_test_{os.getpid()}"

    def location(self, name: str) -> Any:
        from organizer.storage.server import ServerDatabase

        return ServerDatabase(self.url.set(database=name))

    def execute(self, sql: str) -> None:
        from contextlib import closing

        with closing(self.location(str(self.url.database)).raw_connect()) as con:
            con.autocommit = True
            con.execute(sql)

    def new_database(self, template: str | None = None) -> str:
        name = f"{self.prefix}_{next(_names)}"
        self.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return name

    def empty(self, name: str, settings: list[tuple[Any, ...]]) -> None:
        """Make a chapter database as new again: other sessions ended, every table but the schema's
        revision truncated with its ids restarted, the settings put back."""
        from contextlib import closing

        with closing(self.location(name).raw_connect()) as con:
            con.autocommit = True
            con.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()")
            tables = [r[0] for r in con.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                                                "AND tablename <> 'alembic_version'")]
            with con.transaction():
                con.execute(f"TRUNCATE {', '.join(chr(34) + t + chr(34) for t in tables)} RESTART IDENTITY CASCADE")
                for key, value in settings:
                    con.execute("INSERT INTO settings (key, value) VALUES (%s, %s)", (key, value))

    def drop(self, name: str) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """The PostgreSQL test server (skips the test where ORGANIZER_TEST_PG_URL is not set)."""
    url = pg_url()
    if url is None:
        pytest.skip(f"{PG_URL_ENV} is not set: no PostgreSQL server to test against")
    yield PgServer(url)

@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty chapter database file at the newest schema, made once."""
    from organizer.services.container import create_chapter

    path = tmp_path_factory.mktemp("template") / "template.db"
    create_chapter(path, "Test Chapter", "US").close()
    return path

@pytest.fixture(scope="session")
def pg_template(pg_server: PgServer) -> Iterator[str]:
    """The name of an empty chapter database on the test server at the newest schema, made once."""
    from organizer.services.container import create_chapter

    name = pg_server.new_database()
    create_chapter(pg_server.location(name), "Test Chapter", "US").close()
    yield name
    pg_server.drop(name)


@pytest.fixture(scope="session")
def pg_shared(pg_server: PgServer, pg_template: str) -> Iterator[tuple[str, list[tuple[Any, ...]]]]:
    """One chapter database the tests take turns on (emptied after each: making one per test costs seconds),
    and the settings rows it starts with."""
    name = pg_server.new_database(template=pg_template)
    from contextlib import closing

    with closing(pg_server.location(name).raw_connect()) as con:
        settings = [tuple(row) for row in con.execute("SELECT key, value FROM settings ORDER BY key")]
    yield name, settings
    pg_server.drop(name)


@pytest.fixture
def pg_database(pg_server: PgServer, pg_shared: tuple[str, list[tuple[Any, ...]]]) -> Iterator[Any]:
    """A chapter database on the test server (a ServerDatabase), as new: emptied again after the test
    (every table truncated, ids restarted, the new chapter's settings put back)."""
    name, settings = pg_shared
    yield pg_server.location(name)
    pg_server.empty(name, settings)


@pytest.fixture
def db_path(db_backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    """A fresh chapter database for one test: a copy of the template file, or a server database."""
    if db_backend == "postgresql":
        return request.getfixturevalue("pg_database")
    from organizer.storage.location import SqliteFile

    path = tmp_path / "chapter.db"
    SqliteFile(request.getfixturevalue("template_db")).backup_to(path)
    return path

@pytest.fixture
def services(db_path: Any) -> Iterator[object]:
    """Every service over a fresh chapter database."""
    from organizer.services.container import open_chapter

    built = open_chapter(db_path)
    yield built
    built.close()
