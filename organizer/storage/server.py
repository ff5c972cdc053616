"""A chapter database on a PostgreSQL server, named by its URL; the other place raw-driver calls are made.

``postgresql://user@host:5432/chapter`` (or ``postgresql+psycopg://...``). The URL carries no password
unless one is given: libpq's own conventions fill in the rest (``PGPASSWORD``, ``~/.pgpass``,
``PGHOST``/``PGPORT``/``PGUSER``, ``?host=/run/postgresql`` for a unix socket). The password never
appears in a label, a message or the log. psycopg (the optional ``server`` dependencies) is imported
only when a server database is opened.
"""

from __future__ import annotations

import getpass
import socket
from contextlib import closing
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from sqlalchemy import URL, Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from organizer.errors import DatabaseProblem, server_problem
from organizer.storage.engine import create_engine
from organizer.storage.location import CHAPTER_TABLES, DatabaseLocation

SCHEMES = ("postgresql", "postgresql+psycopg", "postgres")
APPLICATION = "chapter-organizer"
CONNECT_TIMEOUT_S = 10
NO_DRIVER = ("Opening a server database needs the psycopg package: install the app with its server "
             "dependencies (pip install 'chapter-organizer[server]', which the README's setup does).")
SERVER_BACKUPS = ("{label} is a server database: the app does not copy it. Use the server's own backups "
                  "(pg_dump, or what its administrator set up).")


SECRET_PARAMETERS = frozenset({"password", "sslpassword"})
"""Connection parameters libpq takes in a URL's query that are secrets: never shown."""


def is_server_url(text: str | Path) -> bool:
    """Whether a --db value names a server database rather than a file."""
    head, sep, _rest = str(text).partition("://")
    return bool(sep) and head.lower() in SCHEMES


def holder_name() -> str:
    """Who this process is, as another user is told: user@host (no personal data beyond the login)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "someone"
    return f"{user}@{socket.gethostname()}"


class ServerDatabase(DatabaseLocation):
    """A chapter database on a PostgreSQL server (the database itself is made by its administrator)."""

    def __init__(self, url: str | URL) -> None:
        try:
            parsed = make_url(url) if isinstance(url, str) else url
        except ArgumentError as exc:
            raise DatabaseProblem("The server database URL cannot be read: write it as "
                                  "postgresql://USER@HOST:PORT/DATABASE.") from exc
        if parsed.get_backend_name() not in ("postgresql", "postgres"):
            raise DatabaseProblem("Only PostgreSQL server databases are supported (postgresql://...).")
        if "@" in (parsed.host or ""):  # an @ in the password, not written as %40: the rest would show as the host
            raise DatabaseProblem("The server database URL has more than one @: write an @ in the user name or "
                                  "password as %40 (postgresql://USER:PASSWORD@HOST/DATABASE).")
        self._url = parsed.set(drivername="postgresql+psycopg")
        if not self._url.database:
            raise DatabaseProblem(f"{self.label} names no database: add /DATABASE to the URL.")

    def __repr__(self) -> str:
        return f"ServerDatabase({self.label!r})"

    def __str__(self) -> str:
        return self.label

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ServerDatabase) and other.url() == self.url()

    def __hash__(self) -> int:
        return hash(self.label)

    @property
    def label(self) -> str:
        """The URL as the user wrote it, less any password, also one given as ?password= (and the driver name)."""
        query = {k: "***" if k.lower() in SECRET_PARAMETERS else v for k, v in self._url.query.items()}
        shown = self._url.set(drivername="postgresql", query=query)
        return unquote(shown.render_as_string(hide_password=True))

    @property
    def is_server(self) -> bool:
        return True

    @property
    def database_name(self) -> str:
        return str(self._url.database)

    def url(self) -> URL:
        return self._url

    def exists(self) -> bool:
        """Whether the server database already holds a chapter (the database itself always exists here)."""
        return CHAPTER_TABLES.issubset(self._tables())

    def create_engine(self) -> Engine:
        self._driver()
        return create_engine(self._url, connect_args=self._connect_args())

    def _connect_args(self) -> dict[str, Any]:
        # Every session in UTC: timestamps with time zone come back as the same instants SQLite holds.
        return {"application_name": f"{APPLICATION} {holder_name()}"[:63], "options": "-c timezone=UTC",
                "connect_timeout": CONNECT_TIMEOUT_S}

    def raw_connect(self, *, read_only: bool = False) -> Any:
        """A psycopg connection (autocommit off); read-only sessions cannot write anything."""
        psycopg = self._driver()
        params = {k: v for k, v in self._url.translate_connect_args(username="user", database="dbname").items()
                  if v is not None}
        params.update({k: v for k, v in self._url.query.items() if isinstance(v, str)})
        params.update(self._connect_args())
        if read_only:
            params["options"] += " -c default_transaction_read_only=on"
        try:
            return psycopg.connect(**params)
        except psycopg.Error as exc:
            raise self._problem(exc) from exc

    def _driver(self) -> Any:
        try:
            import psycopg
        except ImportError as exc:
            raise DatabaseProblem(NO_DRIVER) from exc
        return psycopg

    def _problem(self, exc: BaseException) -> DatabaseProblem:
        problem = server_problem(exc, self.label)
        if problem is None:
            raise exc
        return problem

    def _tables(self) -> set[str]:
        with closing(self.raw_connect(read_only=True)) as con:
            try:
                rows = con.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").fetchall()
                encoding = con.execute("SHOW server_encoding").fetchone()
            except self._driver().Error as exc:
                raise self._problem(exc) from exc
        if encoding is None or str(encoding[0]).upper().replace("-", "") != "UTF8":
            raise DatabaseProblem(f"{self.label} stores text as {encoding[0] if encoding else 'unknown'}, not UTF8, "
                                  "so names in every language cannot be kept: ask the server's administrator for a "
                                  "database created with ENCODING 'UTF8'.")
        return {str(r[0]) for r in rows}

    def backup_to(self, target: Path) -> None:
        raise DatabaseProblem(SERVER_BACKUPS.format(label=self.label))

    def quick_check(self) -> str | None:
        """The server keeps its own data sound (checksums, WAL): nothing to check from here."""
        return None

    def restore_from(self, backup: Path) -> None:
        raise DatabaseProblem(SERVER_BACKUPS.format(label=self.label))

    def check_creatable(self) -> None:
        tables = self._tables()
        if CHAPTER_TABLES.issubset(tables):
            raise DatabaseProblem(f"{self.label} already holds a chapter: open it instead.")
        if tables:
            raise DatabaseProblem(f"{self.label} already holds other tables: ask the server's administrator "
                                  "for an empty database of its own for the chapter.")

    def check_header(self) -> None:
        """Reaching the server and the database, which keeps text as UTF8, is the check (one line if not)."""
        self._tables()

    def probe_chapter(self, name_key: str) -> str:
        return self._probe("SELECT value FROM settings WHERE key = %s", (name_key,))

    def probe_revision(self) -> str:
        """The schema revision of the chapter database, read without changing anything."""
        return self._probe("SELECT version_num FROM alembic_version", ())

    def _probe(self, sql: str, parameters: tuple[str, ...]) -> str:
        if not CHAPTER_TABLES.issubset(self._tables()):
            raise self.not_ours()
        with closing(self.raw_connect(read_only=True)) as con:
            try:
                row = con.execute(sql, parameters).fetchone()
            except self._driver().Error as exc:
                raise self._problem(exc) from exc
        if row is None:
            raise self.not_ours()
        return str(row[0])

    def not_ours(self) -> DatabaseProblem:
        return DatabaseProblem(
            f"{self.label} is not a Chapter Organizer database: create a chapter in it with "
            f"'organizer --db \"{self.label}\" init --chapter NAME', or check the database name.")

    def remove(self) -> None:
        """Drop what a failed creation left (only the chapter's own tables; the database stays)."""
        from organizer.storage.models import Base

        engine = self.create_engine()
        try:
            with engine.begin() as conn:
                Base.metadata.drop_all(conn)
                conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        finally:
            engine.dispose()
