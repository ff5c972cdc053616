"""An opened chapter database: the engine and short units of work over it."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from organizer.errors import database_problem
from organizer.storage.backup_files import discard, prune, take_backup
from organizer.storage.engine import BEGIN_MODE_OPTION, is_sqlite
from organizer.storage.location import DatabaseLocation

BACKUP_TAKEN = "backup_taken"
log = logging.getLogger(__name__)


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
    def write(self, *, commit: bool = True, backup: str | None = None) -> Iterator[Session]:
        """A session whose work commits whole when the block ends, or not at all.

        With ``commit=False`` (a dry run) the same work runs and is rolled back. With ``backup`` (a
        reason such as "before-import") the database is backed up and the copy checked once the write
        lock is held, so the backup holds exactly what was there before this write; `backup_taken`
        names it. The backup is kept only if the work commits, and older ones are pruned only then.
        """
        with self._sessions() as session:
            taken: Path | None = None
            try:
                if is_sqlite(self.engine):
                    # Take the write lock up front so a busy database fails fast and cleanly.
                    session.connection(execution_options={BEGIN_MODE_OPTION: "IMMEDIATE"})
                if backup is not None and self.location is not None:
                    taken = session.info[BACKUP_TAKEN] = take_backup(self.location, backup)
                yield session
                if commit:
                    session.commit()
                else:
                    session.rollback()
            except DBAPIError as exc:
                session.rollback()
                discard(taken)
                self.raise_problem(exc)
                raise
            except BaseException:
                session.rollback()
                discard(taken)
                raise
        self._settle(taken, backup, committed=commit)

    def _settle(self, taken: Path | None, reason: str | None, *, committed: bool) -> None:
        """After the work: a dry run's backup is removed; a committed one is kept, and older ones pruned."""
        if taken is None or reason is None or self.location is None:
            return
        if not committed:
            discard(taken)
            return
        try:
            prune(self.location, reason)
        except OSError as exc:  # the work is committed: an old backup left over is no failure
            log.warning("Could not prune old backups (%s)", exc.strerror)

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

    @staticmethod
    def backup_taken(session: Session) -> Path | None:
        """The backup `write(backup=...)` took for this session, if it took one."""
        taken = session.info.get(BACKUP_TAKEN)
        return taken if isinstance(taken, Path) else None

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()
