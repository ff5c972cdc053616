"""Alembic environment: runs on the connection the app hands in, inside its transaction."""

from alembic import context
from sqlalchemy import Connection

from organizer.storage.models import Base
from organizer.storage.voter_text import is_text_index_table

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    """Migrate over the caller's connection so the upgrade commits whole or not at all."""
    connection: Connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        transactional_ddl=True,
        compare_type=True,
        # The voter text index (SQLite's FTS5 tables) is no model: autogenerate must not drop it.
        include_name=lambda name, kind, _parents: kind != "table" or not is_text_index_table(name),
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
