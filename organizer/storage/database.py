"""An opened chapter database: the engine and short units of work over it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from organizer.errors import database_problem
from organizer.storage.engine import BEGIN_MODE_OPTION, is_sqlite
from organizer.storage.location import DatabaseLocation


class Database:
    """Hands out one short session per user action; never a long-lived one."""

    def __init__(self, engine: Engine, location: DatabaseLocation | None) -> None:
        self.engine = engine
        self.location = location
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def path(self) -> Path | None:
        """The database file, when the database is one."""
        return self.location.path if self.location is not None else None

    @contextmanager
    def write(self, *, commit: bool = True) -> Iterator[Session]:
        """A session whose work commits whole when the block ends, or not at all.

        With ``commit=False`` (a dry run) the same work runs and is rolled back.
        """
        with self._sessions() as session:
            try:
                if is_sqlite(self.engine):
                    # Take the write lock up front so a busy database fails fast and cleanly.
                    session.connection(execution_options={BEGIN_MODE_OPTION: "IMMEDIATE"})
                yield session
                if commit:
                    session.commit()
                else:
                    session.rollback()
            except DBAPIError as exc:
                session.rollback()
                self.raise_problem(exc)
                raise
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; nothing it does is committed."""
        with self._sessions() as session:
            try:
                yield session
            except DBAPIError as exc:
                self.raise_problem(exc)
                raise
            finally:
                # close() ends the read transaction and detaches rows without expiring them.
                session.close()

    def raise_problem(self, exc: BaseException) -> None:
        """Raise the plain problem for a known database condition (busy, full...); return for a bug."""
        backups = self.location.backups_folder if self.location is not None else None
        problem = database_problem(exc, backups)
        if problem is not None:
            raise problem from exc

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()
