"""Alembic migrations run when a database opens: backup first, all or nothing, never downgrade."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from organizer.errors import DatabaseProblem
from organizer.storage.backup_files import BEFORE_UPGRADE, take_backup
from organizer.storage.engine import BEGIN_MODE_OPTION
from organizer.storage.location import DatabaseLocation, location_of
from organizer.storage.writer_lock import one_at_a_time

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# The newest revision in migrations/versions (a test holds the two together). Knowing it without
# loading Alembic keeps the app's start fast; Alembic loads only when a database needs upgrading.
SCHEMA_HEAD = "0030"


def alembic_config() -> Config:
    """An Alembic config pointing at the packaged migrations (no ini file needed)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    """The newest schema revision this version of the app knows."""
    return SCHEMA_HEAD


def scripted_head() -> str | None:
    """The head revision as Alembic reads it from the migration scripts."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def known_revisions() -> set[str]:
    """Every schema revision this version of the app knows."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    """The database's schema revision, or None for an empty database."""
    with engine.connect() as conn:
        return _revision_on(conn)


def _revision_on(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def has_tables(engine: Engine) -> bool:
    """Whether the database holds any table at all."""
    with engine.connect() as conn:
        return bool(inspect(conn).get_table_names())


def upgrade(engine: Engine, where: DatabaseLocation | Path | None) -> Path | None:
    """Bring the schema to head; returns the backup written first, if any."""
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return None
    if current is not None and current not in known_revisions():
        raise DatabaseProblem(
            "This database was written by a newer version of Chapter Organizer: "
            "update the app to open it."
        )
    location = location_of(where) if where is not None else None
    backup = None
    from alembic import command

    cfg = alembic_config()
    immediate = {BEGIN_MODE_OPTION: "IMMEDIATE"}
    with engine.connect().execution_options(**immediate) as conn, _foreign_keys_off(conn), conn.begin():
        one_at_a_time(conn, "upgrade")  # on a server, a second upgrade waits for the first, then finds it done
        if conn.dialect.name == "postgresql" and _revision_on(conn) == head:
            return None
        if current is not None and location is not None:
            # Inside the write lock: the backup holds exactly the database this upgrade starts from.
            backup = take_backup(location, BEFORE_UPGRADE)
            log.info("Backed up the database before upgrading it")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        _check_foreign_keys(conn)
    return backup


@contextmanager
def _foreign_keys_off(conn: Connection) -> Iterator[None]:
    """SQLite rebuilds a table by dropping it, and a drop with foreign keys on deletes (cascades) the
    rows that point at it: migrations run with them off, checked before commit (SQLite's own recipe)."""
    if conn.dialect.name != "sqlite":
        yield
        return
    raw = conn.connection.dbapi_connection
    assert raw is not None
    raw.execute("PRAGMA foreign_keys=OFF")  # outside any transaction, where SQLite honours it
    try:
        yield
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


def _check_foreign_keys(conn: Connection) -> None:
    if conn.dialect.name == "sqlite" and conn.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
        raise DatabaseProblem("Upgrading the database left records pointing at nothing: nothing was changed.")

