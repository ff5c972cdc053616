"""Alembic environment: runs on the connection the app hands in, inside its transaction."""

from alembic import context
from sqlalchemy import Connection

from organizer.storage.models import Base
from organizer.storage.voter_text import is_text_index_table

config = context.config
target_metadata = Base.metadata


def _modelled(name: str | None, kind: str, _parents: object) -> bool:
    if kind == "table":
        return not is_text_index_table(name)
    return not (kind == "index" and str(name).startswith("trgm_"))


def run_migrations_online() -> None:
    """Migrate over the caller's connection so the upgrade commits whole or not at all."""
    connection: Connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        transactional_ddl=True,
        compare_type=True,
        # The voter text index (SQLite's FTS5 tables) and a server's trigram indexes (0018) are no models:
        # autogenerate must not drop them.
        include_name=_modelled,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
