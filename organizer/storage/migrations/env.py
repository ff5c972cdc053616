"""Alembic environment: runs on the connection the app hands in, inside its transaction."""

from alembic import context
from sqlalchemy import Connection

from organizer.storage.models import Base

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
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
