"""Where a chapter database lives, and the one place raw-driver calls on it are made."""

from __future__ import annotations

import os
import secrets
import shutil
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine

from organizer.errors import (
    BUSY,
    SQLITE_BUSY,
    SQLITE_CORRUPT,
    SQLITE_LOCKED,
    SQLITE_NOTADB,
    DatabaseProblem,
    database_problem,
    sqlite_code,
)
from organizer.paths import create_private_file
from organizer.storage.engine import BUSY_TIMEOUT_MS, create_engine

SQLITE_MAGIC = b"SQLite format 3\x00"
BACKUPS_FOLDER = "backups"
CHAPTER_TABLES = frozenset({"settings", "alembic_version"})
BACKUP_RETRY_MS = 250
"""How long Python's sqlite3 sleeps between backup steps that found the database busy."""


class DamagedDatabase(DatabaseProblem):
    """A database SQLite's own check finds damaged: it is not opened, written to or backed up.

    Once its backups were searched (``backups_looked``), ``good_backup`` is the newest one that
    passes the check, or None when none does.
    """

    def __init__(self, label: str, backups: Path | None, good_backup: Path | None = None, *,
                 backups_looked: bool = False) -> None:
        self.label, self.backups, self.good_backup = label, backups, good_backup
        self.backups_looked = backups_looked
        super().__init__(self._line())

    def offering(self, good_backup: Path | None) -> DamagedDatabase:
        """The same problem, naming the newest backup that passes the check (or saying none does)."""
        return DamagedDatabase(self.label, self.backups, good_backup, backups_looked=True)

    def _line(self) -> str:
        head = (f"{self.label} is damaged (SQLite's check of it failed), so it was not opened "
                "and nothing in it was changed")
        if self.good_backup is not None:
            return (f"{head}: restore the newest backup that passes the check with "
                    f"'organizer --db \"{self.label}\" backup restore \"{self.good_backup}\"'.")
        if self.backups_looked:
            return (f"{head}, and no backup of it passes the check: keep the file as it is and ask "
                    "someone who knows SQLite to recover it.")
        return f"{head}: restore a backup from {self.backups or 'the backups folder beside it'}."


def _busy_guard() -> Callable[[int, int, int], None]:
    """A backup progress callback giving up on a busy database (Python's sqlite3 would retry forever)."""
    waited = 0

    def progress(status: int, _remaining: int, _total: int) -> None:
        nonlocal waited
        if status in (SQLITE_BUSY, SQLITE_LOCKED):
            waited += BACKUP_RETRY_MS
            if waited > BUSY_TIMEOUT_MS:
                raise DatabaseProblem(BUSY)

    return progress


class DatabaseLocation(ABC):
    """Where a chapter database lives: how to reach it, back it up and look inside before opening.

    The services never see a location; storage opens it. A SQLite file (`SqliteFile`, the default)
    or a PostgreSQL server database (`organizer.storage.server.ServerDatabase`, named by its URL);
    an encrypted SQLite file would be a further subclass, with its own engine, backup and checks.
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
        """Write a consistent copy of the live database to `target`, a file readable by the user only."""

    @abstractmethod
    def quick_check(self) -> str | None:
        """SQLite's quick_check, writing nothing: None when the database is sound, else the first problem."""

    @abstractmethod
    def restore_from(self, backup: Path) -> None:
        """Replace the database's contents with those of a (checked) backup file."""

    @abstractmethod
    def check_creatable(self) -> None:
        """Raise DatabaseProblem unless a new database can be created here."""

    def create_empty(self) -> None:  # noqa: B027 - most locations need nothing made first
        """Make what a new database needs before its engine first connects."""

    @abstractmethod
    def check_header(self) -> None:
        """Raise DatabaseProblem unless something that may be a chapter database is here."""

    @abstractmethod
    def probe_chapter(self, name_key: str) -> str:
        """The chapter's name, read without changing anything; DatabaseProblem if it is not one of ours."""

    @abstractmethod
    def remove(self) -> None:
        """Delete the database (only one this process just made and failed to fill)."""

    @property
    def is_server(self) -> bool:
        """Whether several users share this database on a server (no file backups, no index rebuilds)."""
        return False

    def __str__(self) -> str:
        return self.label

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

    def companions(self) -> tuple[Path, Path]:
        """The -wal and -shm files SQLite keeps beside the database."""
        return Path(f"{self._file}-wal"), Path(f"{self._file}-shm")

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
        """Copy with SQLite's backup API (a file copy of a WAL database can lose data), reading only.

        The copy is one self-contained file (no -wal beside it to lose or leave behind).
        """
        destination = SqliteFile(target)
        destination.path.parent.mkdir(parents=True, exist_ok=True)
        if not destination.exists():
            destination.create_empty()
        try:
            with closing(self.raw_connect(read_only=True)) as src, closing(destination.raw_connect()) as dst:
                src.backup(dst, progress=_busy_guard())
                dst.execute("PRAGMA journal_mode=DELETE")
        except sqlite3.Error as exc:
            raise self._problem(exc) from exc

    def quick_check(self) -> str | None:
        try:
            with closing(self.raw_connect(read_only=True)) as con:
                rows = con.execute("PRAGMA quick_check(1)").fetchall()
        except sqlite3.Error as exc:
            if sqlite_code(exc) in (SQLITE_CORRUPT, SQLITE_NOTADB):
                return f"SQLite: {exc}"
            raise self._problem(exc) from exc
        first = str(rows[0][0]) if rows else "no answer"
        return None if first == "ok" else first

    def restore_from(self, backup: Path) -> None:
        """Write the backup's pages into this database through SQLite, so its -wal and readers stay right.

        A database SQLite cannot read at all (or none yet) is replaced whole instead, its stale -wal
        and -shm removed first: SQLite would otherwise replay the old -wal over the restored file.
        """
        source = SqliteFile(backup)
        if self.exists():
            try:
                with closing(source.raw_connect(read_only=True)) as src, closing(self.raw_connect()) as dst:
                    src.backup(dst, progress=_busy_guard())
                    dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                return
            except sqlite3.Error as exc:
                if sqlite_code(exc) not in (SQLITE_CORRUPT, SQLITE_NOTADB):
                    raise self._problem(exc) from exc
        self._replace_with(source)

    def _replace_with(self, source: SqliteFile) -> None:
        temp = self._file.with_name(f".{self._file.name}.{secrets.token_hex(4)}.restoring")
        try:
            source.backup_to(temp)
            with temp.open("rb") as fh:
                os.fsync(fh.fileno())
            for companion in self.companions():
                companion.unlink(missing_ok=True)
            os.replace(temp, self._file)
        finally:
            temp.unlink(missing_ok=True)

    def copy_bytes_to(self, target: Path) -> None:
        """Copy the file (and a -wal holding data) byte for byte: for a database SQLite cannot read."""
        wal = self.companions()[0]
        pairs = [(self._file, target)]
        if wal.exists() and wal.stat().st_size:
            pairs.append((wal, Path(f"{target}-wal")))
        for source, copy in pairs:
            os.close(create_private_file(copy))
            shutil.copyfile(source, copy)

    def _problem(self, exc: sqlite3.Error) -> DatabaseProblem:
        if sqlite_code(exc) in (SQLITE_CORRUPT, SQLITE_NOTADB):
            return DamagedDatabase(self._label, self.backups_folder)
        problem = database_problem(exc, self.backups_folder)
        if problem is None:
            raise exc
        return problem

    def check_creatable(self) -> None:
        if self._file.exists():
            raise DatabaseProblem(f"{self._label} already exists: choose another file name, or open it instead.")
        folder = self._file.parent
        if not folder.is_dir():
            raise DatabaseProblem(f"The folder {folder} does not exist: create it first or choose another place.")
        if not os.access(folder, os.W_OK):
            raise DatabaseProblem(f"The folder {folder} is read-only: choose a folder you can write to.")

    def create_empty(self) -> None:
        """An empty file readable by the user only; SQLite gives its -wal and -shm the same mode."""
        try:
            os.close(create_private_file(self._file))
        except FileExistsError as exc:
            raise DatabaseProblem(f"{self._label} already exists: choose another file name, "
                                  "or open it instead.") from exc

    def check_header(self) -> None:
        path = self._file
        if path.is_dir():
            raise DatabaseProblem(f"{self._label} is a folder, not a chapter database file.")
        if not path.exists():
            raise DatabaseProblem(
                f"There is no chapter database at {self._label}: create one with "
                f"'organizer --db \"{self._label}\" init --chapter NAME'."
            )
        if not self.has_sqlite_header():
            raise self.not_ours()
        if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
            raise DatabaseProblem(
                f"{self._label} is read-only (or its folder is): copy it to a folder you can write to "
                "and open the copy."
            )

    def has_sqlite_header(self) -> bool:
        """Whether the file starts as every SQLite database does."""
        try:
            with self._file.open("rb") as fh:
                return fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
        except OSError as exc:
            raise DatabaseProblem(f"{self._label} cannot be read ({exc.strerror}).") from exc

    def probe_chapter(self, name_key: str) -> str:
        """Look inside read-only first: a foreign file must not be touched (not even switched to WAL)."""
        return self._probe("SELECT value FROM settings WHERE key = ?", (name_key,))

    def probe_revision(self) -> str:
        """The schema revision of a chapter database, read without changing anything."""
        return self._probe("SELECT version_num FROM alembic_version", ())

    def _probe(self, sql: str, parameters: tuple[str, ...]) -> str:
        try:
            with closing(self.raw_connect(read_only=True)) as con:
                tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                if not CHAPTER_TABLES.issubset(tables):
                    raise self.not_ours()
                row = con.execute(sql, parameters).fetchone()
        except sqlite3.Error as exc:
            if sqlite_code(exc) == SQLITE_CORRUPT:
                raise DamagedDatabase(self._label, self.backups_folder) from exc
            problem = database_problem(exc, self.backups_folder)
            if problem is None or sqlite_code(exc) == SQLITE_NOTADB:
                raise self.not_ours() from exc
            raise problem from exc
        if row is None:
            raise self.not_ours()
        return str(row[0])

    def remove(self) -> None:
        for leftover in (self._file, *self.companions()):
            leftover.unlink(missing_ok=True)


def location_of(where: DatabaseLocation | Path | str) -> DatabaseLocation:
    """The location named by a path (a SQLite file), a server URL (``postgresql://...``) or already given as one."""
    if isinstance(where, DatabaseLocation):
        return where
    from organizer.storage.server import ServerDatabase, is_server_url

    if isinstance(where, str) and is_server_url(where):
        return ServerDatabase(where)
    return SqliteFile(where)
