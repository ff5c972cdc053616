"""An opened chapter database: the engine and short units of work over it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from organizer.errors import DatabaseProblem
from organizer.storage.engine import BEGIN_MODE_OPTION, is_sqlite

BUSY_MESSAGE = (
    "The database is busy: another program (or another copy of Chapter Organizer) is using it. "
    "Close it and try again."
)


class Database:
    """Hands out one short session per user action; never a long-lived one."""

    def __init__(self, engine: Engine, path: Path | None) -> None:
        self.engine = engine
        self.path = path
        self._sessions = sessionmaker(engine, expire_on_commit=False)

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
            except OperationalError as exc:
                session.rollback()
                raise translate_operational_error(exc) from exc
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; nothing it does is committed."""
        with self._sessions() as session:
            try:
                yield session
            except OperationalError as exc:
                raise translate_operational_error(exc) from exc
            finally:
                # close() ends the read transaction and detaches rows without expiring them.
                session.close()

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()


def translate_operational_error(exc: OperationalError) -> DatabaseProblem:
    """A plain message for the database errors users cause or meet (locks, full disks...)."""
    text = str(exc.orig).lower() if exc.orig is not None else str(exc).lower()
    if "locked" in text or "busy" in text:
        return DatabaseProblem(BUSY_MESSAGE)
    if "readonly" in text or "read-only" in text:
        return DatabaseProblem("The database file is read-only: copy it to a folder you can write to.")
    if "disk is full" in text or "full" in text:
        return DatabaseProblem("The disk is full: free some space and try again. Nothing was saved.")
    if "not a database" in text or "malformed" in text:
        return DatabaseProblem("This file is not a Chapter Organizer database, or it is damaged.")
    return DatabaseProblem(f"The database could not be used ({text.splitlines()[0][:120]}).")
