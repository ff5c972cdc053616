"""code checks without IN lists

A status or kind column's CHECK read ``status IN ('a', 'b', 'c')``. SQLite builds a lookup table for an
IN list of three or more values each time a statement runs, and for a CHECK that is every row written:
about 6 microseconds a row, as much again as writing an email address (a 100,000-row people file paid
about 1.5 seconds for it). The same check as ``status = 'a' OR status = 'b' OR status = 'c'`` costs
nothing measurable, and holds the same values: new databases get it from the models' ``code_check``.

On SQLite each check is rewritten in the table's definition in place (a constraint every stored row
meets, rewritten to an equivalent one: no row or index changes), with the values the database holds.
On a server an IN list costs nothing worth a change, and the checks stay as they are.

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-08 01:10:00.000000
"""

import re
from collections.abc import Callable, Sequence

from alembic import op

from organizer.storage.sqlite_schema import rewrite_table, table_names, table_sql

revision: str = '0030'
down_revision: str | None = '0029'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_VALUE = r"'(?:[^']|'')*'"
_COLUMN = r'(?:\w+|"\w+")'
IN_LIST = re.compile(rf"(CONSTRAINT\s+\"?ck_\w+\"?\s+CHECK\s*\()\s*({_COLUMN})\s+IN\s*\(\s*({_VALUE}(?:\s*,\s*{_VALUE})*)\s*\)\s*\)",
                     re.IGNORECASE)
EQUALITIES = re.compile(rf"(CONSTRAINT\s+\"?ck_\w+\"?\s+CHECK\s*\()\s*({_COLUMN})\s*=\s*({_VALUE}(?:\s+OR\s+\2\s*=\s*{_VALUE})*)\s*\)",
                        re.IGNORECASE)


def _as_equalities(match: re.Match[str]) -> str:
    head, column, values = match.groups()
    return f"{head}{' OR '.join(f'{column} = {value}' for value in re.findall(_VALUE, values))})"


def _as_in_list(match: re.Match[str]) -> str:
    head, column, values = match.groups()
    return f"{head}{column} IN ({', '.join(re.findall(_VALUE, values))}))"


def _rewrite_checks(pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str]) -> None:
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    for table in table_names(conn):
        sql = table_sql(conn, table)
        changed = pattern.sub(replace, sql)
        if changed != sql:  # a database already at this revision is left as it is
            rewrite_table(conn, table, changed)


def upgrade() -> None:
    _rewrite_checks(IN_LIST, _as_equalities)


def downgrade() -> None:
    _rewrite_checks(EQUALITIES, _as_in_list)
