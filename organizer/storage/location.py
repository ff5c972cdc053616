"""Where a chapter database lives, and the one place raw-driver calls on it are made."""

from __future__ import annotations

import os
import sqlite3
from abc import ABC, abstractmethod
from contextlib import closing
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine

from organizer.errors import (
    SQLITE_CORRUPT,
    SQLITE_NOTADB,
    DatabaseProblem,
    database_problem,
    sqlite_code,
)
from organizer.storage.engine import BUSY_TIMEOUT_MS, create_engine

SQLITE_MAGIC = b"SQLite format 3\x00"
BACKUPS_FOLDER = "backups"
CHAPTER_TABLES = frozenset({"settings", "alembic_version"})


class DatabaseLocation(ABC):
    """Where a chapter database lives: how to reach it, back it up and look inside before opening.

    The services never see a location; storage opens it. Today every location is a SQLite file
    (`SqliteFile`). A PostgreSQL server (its URL) or an encrypted SQLite file whose key comes from
    the OS keyring become further subclasses, each with its own engine, backup and checks.
    """

    @property
    @abstractmethod
    def label(self) -> str:
        """What messages call this database (a file path, a server)."""

    @property
    def path(self) -> Path | None:
        """The database file, for locations that are one."""
        return None

    @property
    def backups_folder(self) -> Path | None:
        """Where backups of this database are written, if it is backed up to files."""
        return None

    @abstractmethod
    def exists(self) -> bool:
        """Whether there is a database here already."""

    @abstractmethod
    def create_engine(self) -> Engine:
        """A SQLAlchemy engine over this database."""

    @abstractmethod
    def raw_connect(self, *, read_only: bool = False) -> Any:
        """A plain driver connection, outside SQLAlchemy (close it when done)."""

    @abstractmethod
    def backup_to(self, target: Path) -> None:
        """Write a consistent copy of the live database to `target`."""

    @abstractmethod
    def check_creatable(self) -> None:
        """Raise DatabaseProblem unless a new database can be created here."""

    @abstractmethod
    def check_header(self) -> None:
        """Raise DatabaseProblem unless something that may be a chapter database is here."""

    @abstractmethod
    def probe_chapter(self, name_key: str) -> str:
        """The chapter's name, read without changing anything; DatabaseProblem if it is not one of ours."""

    @abstractmethod
    def remove(self) -> None:
        """Delete the database (only one this process just made and failed to fill)."""

    def not_ours(self) -> DatabaseProblem:
        """The problem for a database that is not a chapter database (or is damaged)."""
        return DatabaseProblem(f"{self.label} is not a Chapter Organizer database (or it is damaged).")


class SqliteFile(DatabaseLocation):
    """A chapter database in one SQLite file (with its -wal and -shm companions)."""

    def __init__(self, path: Path | str) -> None:
        given = Path(path).expanduser()
        self._label = str(given)
        # Absolute, so the driver never reads the name as ":memory:" or as a "file:" URI.
        self._file = Path(os.path.abspath(given))

    def __repr__(self) -> str:
        return f"SqliteFile({self._label!r})"

    @property
    def label(self) -> str:
        return self._label

    @property
    def path(self) -> Path:
        return self._file

    @property
    def backups_folder(self) -> Path:
        return self._file.parent / BACKUPS_FOLDER

    def exists(self) -> bool:
        return self._file.exists()

    def url(self) -> URL:
        """The SQLAlchemy URL, built from parts: no character of the path is read as URL syntax."""
        return URL.create("sqlite+pysqlite", database=str(self._file))

    def create_engine(self) -> Engine:
        return create_engine(self.url())

    def raw_connect(self, *, read_only: bool = False) -> sqlite3.Connection:
        timeout = BUSY_TIMEOUT_MS / 1000
        if read_only:
            # as_uri() percent-encodes ? # % & = and every non-ASCII byte of the path.
            return sqlite3.connect(f"{self._file.as_uri()}?mode=ro", uri=True, timeout=timeout)
        return sqlite3.connect(str(self._file), timeout=timeout)

    def backup_to(self, target: Path) -> None:
        """Copy with SQLite's backup API (a file copy of a WAL database can lose data)."""
        destination = SqliteFile(target)
        destination.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with closing(self.raw_connect()) as src, closing(destination.raw_connect()) as dst:
                src.backup(dst)
        except sqlite3.Error as exc:
            problem = database_problem(exc, self.backups_folder)
            if problem is None:
                raise
            raise problem from exc

    def check_creatable(self) -> None:
        if self._file.exists():
            raise DatabaseProblem(f"{self._label} already exists: choose another file name, or open it instead.")
        folder = self._file.parent
        if not folder.is_dir():
            raise DatabaseProblem(f"The folder {folder} does not exist: create it first or choose another place.")
        if not os.access(folder, os.W_OK):
            raise DatabaseProblem(f"The folder {folder} is read-only: choose a folder you can write to.")

    def check_header(self) -> None:
        path = self._file
        if path.is_dir():
            raise DatabaseProblem(f"{self._label} is a folder, not a chapter database file.")
        if not path.exists():
            raise DatabaseProblem(
                f"There is no chapter database at {self._label}: create one with "
                f"'organizer --db \"{self._label}\" init --chapter NAME'."
            )
        try:
            with path.open("rb") as fh:
                magic = fh.read(len(SQLITE_MAGIC))
        except OSError as exc:
            raise DatabaseProblem(f"{self._label} cannot be read ({exc.strerror}).") from exc
        if magic != SQLITE_MAGIC:
            raise self.not_ours()
        if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
            raise DatabaseProblem(
                f"{self._label} is read-only (or its folder is): copy it to a folder you can write to "
                "and open the copy."
            )

    def probe_chapter(self, name_key: str) -> str:
        """Look inside read-only first: a foreign file must not be touched (not even switched to WAL)."""
        try:
            with closing(self.raw_connect(read_only=True)) as con:
                tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                if not CHAPTER_TABLES.issubset(tables):
                    raise self.not_ours()
                row = con.execute("SELECT value FROM settings WHERE key = ?", (name_key,)).fetchone()
        except sqlite3.Error as exc:
            problem = database_problem(exc, self.backups_folder)
            if problem is None or sqlite_code(exc) in (SQLITE_CORRUPT, SQLITE_NOTADB):
                raise self.not_ours() from exc
            raise problem from exc
        if row is None:
            raise self.not_ours()
        return str(row[0])

    def remove(self) -> None:
        for leftover in (self._file, Path(f"{self._file}-wal"), Path(f"{self._file}-shm")):
            leftover.unlink(missing_ok=True)


def location_of(where: DatabaseLocation | Path | str) -> DatabaseLocation:
    """The location named by a path (a SQLite file) or already given as one."""
    return where if isinstance(where, DatabaseLocation) else SqliteFile(where)
