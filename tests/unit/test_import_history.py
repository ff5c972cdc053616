"""Import batches are the chapter's history and nothing deletes one: the columns that name a batch carry no
foreign key (migration 0027), so no code may leave them naming a batch that is gone."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from sqlalchemy import inspect

from organizer.storage.models import Base, ImportBatch

ROOT = Path(__file__).resolve().parents[2]
_DELETE_SQL = re.compile(r"\bDELETE\s+FROM\s+\"?import_batches\b", re.IGNORECASE)


def _deletes_a_batch(node: ast.AST) -> bool:
    """`delete(ImportBatch)`, `ImportBatch.__table__.delete()`, or SQL text deleting from import_batches."""
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name) and func.id == "delete" and node.args:
            return "ImportBatch" in ast.unparse(node.args[0]) or "import_batches" in ast.unparse(node.args[0])
        if isinstance(func, ast.Attribute) and func.attr == "delete":
            return "ImportBatch" in ast.unparse(func.value)
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(_DELETE_SQL.search(node.value))


def _offenders(source: str) -> list[str]:
    return [ast.unparse(node)[:80] for node in ast.walk(ast.parse(source)) if _deletes_a_batch(node)]


def test_the_check_finds_each_way_of_deleting_a_batch() -> None:
    assert len(_offenders("session.execute(delete(ImportBatch).where(ImportBatch.id == 1))")) == 1
    assert len(_offenders("conn.execute(ImportBatch.__table__.delete())")) == 1
    assert len(_offenders("conn.exec_driver_sql('delete from import_batches where id = 1')")) == 1
    assert _offenders("session.execute(delete(ImportChange).where(ImportChange.batch_id == 1))") == []


def test_no_code_deletes_an_import_batch() -> None:
    found = {str(path.relative_to(ROOT)): bad for path in sorted((ROOT / "organizer").rglob("*.py"))
             if "migrations" not in path.parts and (bad := _offenders(path.read_text(encoding="utf-8")))}
    assert found == {}


def test_no_column_refers_to_the_batches_by_a_foreign_key() -> None:
    batches = inspect(ImportBatch).local_table
    referring = [f"{table.name}.{key.parent.name}" for table in Base.metadata.sorted_tables
                 for key in table.foreign_keys if key.column.table is batches]
    assert referring == []
