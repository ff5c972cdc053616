"""Alembic migrations run when a database opens: backup first, all or nothing, never downgrade."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from organizer.errors import DatabaseProblem
from organizer.storage.engine import BEGIN_MODE_OPTION
from organizer.storage.location import BACKUPS_FOLDER, DatabaseLocation, location_of

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# The newest revision in migrations/versions (a test holds the two together). Knowing it without
# loading Alembic keeps the app's start fast; Alembic loads only when a database needs upgrading.
SCHEMA_HEAD = "0004"


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
    if current is not None and location is not None and location.path is not None:
        backup = backup_path(location.path, current)
        location.backup_to(backup)
        log.info("Backed up the database before upgrading it")
    from alembic import command

    cfg = alembic_config()
    with engine.connect().execution_options(**{BEGIN_MODE_OPTION: "IMMEDIATE"}) as conn, conn.begin():
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return backup


def backup_path(path: Path, label: str) -> Path:
    """Where a backup of `path` goes: beside it in a backups folder, stamped with the time."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    return path.parent / BACKUPS_FOLDER / f"{path.stem}-{label}-{stamp}{path.suffix or '.db'}"
