"""A database location opens exactly the file it names, whatever characters the path holds."""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

import pytest

from organizer.errors import DatabaseProblem
from organizer.services.container import create_chapter, open_chapter
from organizer.services.people import PersonInput
from organizer.storage.location import SqliteFile, location_of
from organizer.storage.opening import CHAPTER_NAME_KEY

pytestmark = pytest.mark.sqlite_only  # SQLite files themselves

ROOT = Path(__file__).resolve().parents[2]
AWKWARD = ["what?.db", "#1 chapter.db", "100%.db", "a%20b.db", "a&b=c.db", "my chapter.db",
           "Łódź Ünïon 北京.db", "file:chapter.db", ":memory:"]


def companions(path: Path) -> set[str]:
    return {path.name, f"{path.name}-wal", f"{path.name}-shm"}


@pytest.mark.parametrize("name", AWKWARD)
def test_the_exact_named_file_is_created_and_opened(tmp_path: Path, name: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "Chapter ?#%&= ü"
    folder.mkdir()
    monkeypatch.chdir(folder)  # a relative name, too, lands in this folder and nowhere else
    path = Path(name)
    services = create_chapter(path, "Riverside", "US")
    try:
        services.people.add(PersonInput(given_name="Ana", family_name="Silva"))
    finally:
        services.close()
    assert {p.name for p in folder.iterdir()} <= companions(path)
    assert (folder / name).is_file()
    # The data is in that very file, not in memory or in a file of a similar name.
    con = sqlite3.connect(folder / name)
    try:
        assert con.execute("SELECT count(*) FROM people").fetchone() == (1,)
    finally:
        con.close()
    reopened = open_chapter(folder / name)
    try:
        assert reopened.stats.counts()["people"] == 1
    finally:
        reopened.close()


@pytest.mark.parametrize("name", AWKWARD)
def test_backup_probe_and_header_check_use_the_named_file(db_path: Path, tmp_path: Path, name: str) -> None:
    awkward = tmp_path / "dir ?#%&=" / name
    SqliteFile(db_path).backup_to(awkward)  # the folder is made as needed
    assert {p.name for p in awkward.parent.iterdir()} == {name}
    location = SqliteFile(awkward)
    location.check_header()
    assert location.probe_chapter(CHAPTER_NAME_KEY) == "Test Chapter"
    copy = tmp_path / "copy ü?.db"
    location.backup_to(copy)
    assert SqliteFile(copy).probe_chapter(CHAPTER_NAME_KEY) == "Test Chapter"


def test_the_url_is_built_from_parts(tmp_path: Path) -> None:
    path = tmp_path / "a?mode=memory&cache=shared#x.db"
    url = SqliteFile(path).url()
    assert url.database == str(path) and not url.query


def test_a_foreign_file_is_refused_without_being_touched(tmp_path: Path) -> None:
    other = tmp_path / "other app?.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE notes (body TEXT)")
    con.commit()
    con.close()
    before = other.read_bytes()
    with pytest.raises(DatabaseProblem, match="not a Chapter Organizer database"):
        open_chapter(other)
    assert other.read_bytes() == before
    assert {p.name for p in tmp_path.iterdir()} == {other.name}


def test_a_location_passes_through_and_a_path_becomes_a_sqlite_file(tmp_path: Path) -> None:
    location = SqliteFile(tmp_path / "c.db")
    assert location_of(location) is location
    assert location_of(tmp_path / "c.db").path == tmp_path / "c.db"


def raw_driver_calls(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                and node.value.id in ("sqlite3", "psycopg") and node.attr == "connect":
            found.append(f"{path.name}:{node.lineno}")
        if isinstance(node, ast.Import | ast.ImportFrom) and any(
                (getattr(node, "module", None) or alias.name).split(".")[0] == "psycopg" for alias in node.names):
            found.append(f"{path.name}:{node.lineno}")
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and "sqlite://" in node.value:
            found.append(f"{path.name}:{node.lineno}")
        if isinstance(node, ast.JoinedStr) and any(
                isinstance(v, ast.Constant) and "sqlite" in str(v.value) and "://" in str(v.value)
                for v in node.values):
            found.append(f"{path.name}:{node.lineno}")
    return found


def test_every_raw_driver_call_is_in_the_location_modules() -> None:
    location = ROOT / "organizer" / "storage" / "location.py"
    server = ROOT / "organizer" / "storage" / "server.py"
    assert raw_driver_calls(location) and raw_driver_calls(server)  # the check does see them
    elsewhere = [hit for path in sorted((ROOT / "organizer").rglob("*.py")) if path not in (location, server)
                 for hit in raw_driver_calls(path)]
    assert elsewhere == []


def test_an_engine_can_open_its_connections_itself(tmp_path: Path) -> None:
    # How an encrypted file will slot in: the location opens (and unlocks) each connection.
    from sqlalchemy import URL, text

    from organizer.storage.engine import create_engine

    path = tmp_path / "via creator?.db"
    opened: list[Path] = []

    def creator() -> sqlite3.Connection:
        opened.append(path)
        return sqlite3.connect(path, check_same_thread=False)

    engine = create_engine(URL.create("sqlite+pysqlite"), creator=creator)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    finally:
        engine.dispose()
    assert opened == [path] and path.is_file()

