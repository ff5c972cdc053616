"""A damaged database is named as damaged, never opened, written to or backed up; the check is never skipped on a changed file."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from organizer.cli import main
from organizer.services.container import open_chapter
from organizer.services.people import PersonInput
from organizer.storage import integrity
from organizer.storage.backup_files import BEFORE_IMPORT, take_backup
from organizer.storage.location import DamagedDatabase, SqliteFile

PAGE = 4096


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo chapter, made by `organizer demo` once for the module."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert main(["--db", str(path), "demo", "--json"]) == 0
    return path


def damage(path: Path) -> None:
    """Flip bytes in several of the file's middle pages (past each page's header)."""
    pages = path.stat().st_size // PAGE
    with path.open("r+b") as fh:
        for page in range(pages // 3, 2 * pages // 3, max(1, pages // 30)):
            fh.seek(page * PAGE + 8)
            chunk = fh.read(64)
            fh.seek(page * PAGE + 8)
            fh.write(bytes(b ^ 0x5A for b in chunk))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def damaged_db(demo_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "chapter.db"
    shutil.copyfile(demo_db, path)
    damage(path)
    return path


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    path = tmp_path / "people.csv"
    path.write_text("Name,Email,Voter ID\nAna Silva,ana@example.org,V1\n", encoding="utf-8")
    return path


def test_the_damaged_copy_is_damaged_and_the_demo_is_not(demo_db: Path, damaged_db: Path) -> None:
    assert SqliteFile(demo_db).quick_check() is None
    assert SqliteFile(damaged_db).quick_check() is not None


@pytest.mark.parametrize("command", [["stats"], ["people", "list"], ["import", "people", "{sheet}"],
                                     ["import", "voters", "{sheet}"], ["stats", "--json"],
                                     ["import", "people", "{sheet}", "--dry-run"],
                                     ["people", "add", "--given", "Ana", "--family", "Silva"],
                                     ["people", "export", "{sheet}.xlsx"], ["import", "list"],
                                     ["import", "undo", "1"], ["demo"]])
def test_every_command_names_the_file_as_damaged_and_leaves_it_unchanged(
        damaged_db: Path, sheet: Path, command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    before = digest(damaged_db)
    code = main(["--db", str(damaged_db), *(a.replace("{sheet}", str(sheet)) for a in command)])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err
    assert f"{damaged_db} is damaged" in err
    assert digest(damaged_db) == before
    assert not (damaged_db.parent / "backups").exists()  # nothing backed up


def test_the_message_offers_the_newest_backup_that_passes_the_check(demo_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "chapter.db"
    shutil.copyfile(demo_db, path)
    location = SqliteFile(path)
    older = take_backup(location, BEFORE_IMPORT)
    newer = take_backup(location, BEFORE_IMPORT)
    newest = take_backup(location, BEFORE_IMPORT)
    assert older and newer and newest
    damage(newest)  # a backup can rot too: it is not offered
    damage(path)
    with pytest.raises(DamagedDatabase) as caught:
        open_chapter(path)
    assert caught.value.good_backup == newer
    assert str(newer) in str(caught.value) and "backup restore" in str(caught.value)


def test_with_no_good_backup_the_message_says_so(damaged_db: Path) -> None:
    with pytest.raises(DamagedDatabase, match="no backup of it passes the check") as caught:
        open_chapter(damaged_db)
    assert caught.value.good_backup is None


class CountingChecks:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = SqliteFile.quick_check

        def counted(location: SqliteFile) -> str | None:
            self.count += 1
            return real(location)

        monkeypatch.setattr(SqliteFile, "quick_check", counted)


def test_a_clean_check_is_remembered_only_while_the_file_is_unchanged(
        demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "chapter.db"
    shutil.copyfile(demo_db, path)
    checks = CountingChecks(monkeypatch)
    open_chapter(path).close()
    open_chapter(path).close()
    assert checks.count == 1  # the second open found the file as the first left it
    services = open_chapter(path)
    try:
        services.people.add(PersonInput(given_name="Ana", family_name="Silva"))
    finally:
        services.close()
    open_chapter(path).close()
    assert checks.count == 2  # written since: checked again


def test_a_changed_file_is_checked_again_even_with_its_old_size_and_time(
        demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "chapter.db"
    shutil.copyfile(demo_db, path)
    open_chapter(path).close()
    before = path.stat()
    damage(path)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same modification time
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    checks = CountingChecks(monkeypatch)
    with pytest.raises(DamagedDatabase):
        open_chapter(path)
    assert checks.count == 1


def test_data_waiting_in_the_wal_counts_as_a_change(demo_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "chapter.db"
    shutil.copyfile(demo_db, path)
    first = integrity.signature(path)
    reader = open_chapter(path)  # an open database keeps its -wal
    try:
        reader.people.add(PersonInput(given_name="Ana", family_name="Silva"))
        assert integrity.signature(path) != first
    finally:
        reader.close()


def test_a_failed_check_is_forgotten(demo_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "chapter.db"
    shutil.copyfile(demo_db, path)
    assert integrity.is_sound(SqliteFile(path))
    damage(path)
    assert not integrity.is_sound(SqliteFile(path))
    assert str(path) not in integrity.record_file().read_text(encoding="utf-8")


def test_a_damaged_database_is_not_backed_up(damaged_db: Path) -> None:
    with pytest.raises(Exception, match="failed its check"):
        take_backup(SqliteFile(damaged_db), BEFORE_IMPORT)
    assert list((damaged_db.parent / "backups").iterdir()) == []


def test_a_damaged_first_page_is_named_as_damaged_too(demo_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "chapter.db"
    data = bytearray(demo_db.read_bytes())
    for i in range(108, 140):  # the schema table's cell pointers, just past the 100-byte file header
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))
    with pytest.raises(DamagedDatabase, match="is damaged"):
        open_chapter(path)
    assert path.read_bytes() == bytes(data)
