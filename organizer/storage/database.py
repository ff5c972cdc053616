"""An opened chapter database: the engine and short units of work over it."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from organizer.errors import SQLITE_BUSY, SQLITE_LOCKED, database_problem, sqlite_code
from organizer.storage.backup_files import discard, prune, take_backup
from organizer.storage.engine import BEGIN_MODE_OPTION, BUSY_MS_OPTION, is_sqlite
from organizer.storage.location import DatabaseLocation
from organizer.storage.writer_lock import WriterBusy, WriterLock, take_server_lock

BACKUP_TAKEN = "backup_taken"
_committed = [0]  # write transactions committed by this process, for `committed_writes`


def committed_writes() -> int:
    """How many write transactions this process has committed so far: a command interrupted after one
    must not say that nothing was changed."""
    return _committed[0]
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
    def write(self, *, commit: bool = True, backup: str | None = None,
              lock: WriterLock | None = None) -> Iterator[Session]:
        """A session whose work commits whole when the block ends, or not at all.

        With ``commit=False`` (a dry run) the same work runs and is rolled back. With ``backup`` (a
        reason such as "before-import") the database is backed up and the copy checked once the write
        lock is held, so the backup holds exactly what was there before this write; `backup_taken`
        names it. The copy is taken on a connection of its own, in a thread, while the work goes on:
        it reads the last committed state (the write-ahead log hides this session's uncommitted
        writes, and the lock held keeps anyone else from committing), and nothing commits before it
        is written and checked; if it fails, the work is rolled back. The backup is kept only if the
        work commits, and older ones are pruned only then.

        With ``lock`` (an import), writers of that kind run one at a time: on SQLite the file's write
        lock is awaited up to ``lock.wait_s`` (0: not at all); on a server an advisory lock, and a
        second writer is told who holds it (WriterBusy) when it gives up.
        """
        with self._sessions() as session:
            pending: _PendingBackup | None = None
            try:
                if is_sqlite(self.engine):
                    # Take the write lock up front so a busy database fails fast and cleanly.
                    options: dict[str, object] = {BEGIN_MODE_OPTION: "IMMEDIATE"}
                    if lock is not None:
                        options[BUSY_MS_OPTION] = int(lock.wait_s * 1000)
                    self._begin_sqlite(session, options, lock)
                elif lock is not None:
                    take_server_lock(session.connection(), lock)
                if backup is not None and self.location is not None:
                    location = self.location
                    pending = session.info[BACKUP_TAKEN] = _PendingBackup(lambda: take_backup(location, backup))
                    if not self._reads_beside_writes(session):
                        pending.wait()
                yield session
                if pending is not None:
                    pending.wait()  # raises if the backup failed: nothing is committed then
                if commit:
                    session.commit()
                    _committed[0] += 1
                else:
                    session.rollback()
            except DBAPIError as exc:
                session.rollback()
                _discard_pending(pending)
                self.raise_problem(exc)
                raise
            except BaseException:
                session.rollback()
                _discard_pending(pending)
                raise
        self._settle(pending.path if pending is not None else None, backup, committed=commit)

    @staticmethod
    def _begin_sqlite(session: Session, options: dict[str, object], lock: WriterLock | None) -> None:
        try:
            session.connection(execution_options=options)
        except DBAPIError as exc:
            if lock is not None and sqlite_code(exc) in (SQLITE_BUSY, SQLITE_LOCKED):
                raise WriterBusy(lock.busy_line(None)) from exc
            raise

    def _reads_beside_writes(self, session: Session) -> bool:
        """Whether another connection can read the committed state while this session writes (WAL)."""
        if not is_sqlite(self.engine):
            return False
        mode = session.connection().exec_driver_sql("PRAGMA journal_mode").scalar()
        return str(mode).lower() == "wal"

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
        """The backup `write(backup=...)` took for this session, if it took one, once it is written and
        checked (this waits for it, and raises what stopped it)."""
        pending = session.info.get(BACKUP_TAKEN)
        return pending.wait() if isinstance(pending, _PendingBackup) else None

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()


class _PendingBackup:
    """A backup being taken in a thread of its own; `wait` gives its path or raises what stopped it."""

    def __init__(self, take: Callable[[], Path | None]) -> None:
        self.path: Path | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(take,), name="backup", daemon=True)
        self._thread.start()

    def _run(self, take: Callable[[], Path | None]) -> None:
        try:
            self.path = take()
        except BaseException as exc:  # handed to the thread that waits
            self._error = exc

    def wait(self) -> Path | None:
        self.finish()
        if self._error is not None:
            raise self._error
        return self.path

    def finish(self) -> None:
        """Wait until the thread is done, whatever came of it."""
        self._thread.join()


def _discard_pending(pending: _PendingBackup | None) -> None:
    """Once a backup being taken is done, remove it (the work it was taken for did not commit)."""
    if pending is not None:
        pending.finish()
        discard(pending.path)
