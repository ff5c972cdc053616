"""batch ids without foreign keys

Every record names the import batch that brought or last changed it, and the records of an import
(its changes, possible duplicates, conflicts, suppressions, offered deletions, vote history) name their
batch. Batches are the chapter's import history: undo marks a batch undone, and nothing deletes one. So
the foreign keys from those 26 columns to ``import_batches`` guarded nothing the app does not already
keep, and their ON DELETE rules never ran; but on a server each one ran a trigger query for every row an
import wrote (about 500,000 queries for a 100,000-row people file, a sixth of the server's work).

On a server the constraints are dropped. On SQLite, where a constraint cannot be dropped in place, the
FOREIGN KEY clause is removed from the table's definition in ``sqlite_schema`` -- one of the schema
changes SQLite documents as safe this way, since no stored row or index changes -- instead of copying
every table (a million-voter table, its check constraints and its expression indexes) into a new one.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-07 07:20:00.000000
"""

import re
from collections.abc import Sequence

from alembic import op

from organizer.storage.sqlite_schema import rewrite_table as _rewrite
from organizer.storage.sqlite_schema import table_sql as _table_sql

revision: str = '0027'
down_revision: str | None = '0026'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PROVENANCE = ("attendances", "contact_attempts", "email_addresses", "events", "lists", "offices", "people",
               "petition_sheets", "petitions", "phone_numbers", "postal_addresses", "prospect_stage_changes",
               "prospects", "shifts", "signatures", "tags", "turfs", "volunteers", "voters", "walk_lists")
# (table, column, what the constraint did when a batch was deleted)
BATCH_COLUMNS: tuple[tuple[str, str, str], ...] = (
    *((table, "import_batch_id", "SET NULL") for table in _PROVENANCE),
    ("vote_history", "import_batch_id", "CASCADE"),
    *((table, "batch_id", "CASCADE") for table in ("import_changes", "merge_conflicts", "offered_deletions",
                                                   "possible_duplicates", "suppressions")),
)
_CLAUSE = re.compile(r',\s*CONSTRAINT\s+"?(fk_\w+)"?\s+FOREIGN\s+KEY\s*\(\s*"?\w+"?\s*\)\s*REFERENCES\s+"?import_batches"?'
                     r'\s*\(\s*"?id"?\s*\)(?:\s+ON\s+DELETE\s+(?:SET\s+NULL|CASCADE))?', re.IGNORECASE)


def _name(table: str, column: str) -> str:
    return f"fk_{table}_{column}_import_batches"


def upgrade() -> None:
    """Drops each constraint that is there (a database already at this revision is left as it is)."""
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        for table, column, _rule in BATCH_COLUMNS:
            conn.exec_driver_sql(f'ALTER TABLE "{table}" DROP CONSTRAINT IF EXISTS "{_name(table, column)}"')
        return
    for table, column, _rule in BATCH_COLUMNS:
        sql = _table_sql(conn, table)
        found = [m for m in _CLAUSE.finditer(sql) if m.group(1) == _name(table, column)]
        if found:
            _rewrite(conn, table, sql[:found[0].start()] + sql[found[0].end():])


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        for table, column, rule in BATCH_COLUMNS:
            op.create_foreign_key(_name(table, column), table, "import_batches", [column], ["id"], ondelete=rule)
        return
    for table, column, rule in BATCH_COLUMNS:
        sql = _table_sql(conn, table).rstrip()
        if not sql.endswith(")"):
            raise RuntimeError(f"{table}: unexpected table definition")
        clause = f",\n\tCONSTRAINT {_name(table, column)} FOREIGN KEY({column}) REFERENCES import_batches (id)"
        _rewrite(conn, table, f"{sql[:-1].rstrip()}{clause} ON DELETE {rule}\n)")
    if conn.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
        raise RuntimeError("a record names an import batch that does not exist")
