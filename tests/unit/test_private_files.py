"""Every file the app creates is the user's alone (0600, folders 0700), whatever the umask."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from organizer import logs
from organizer.cli import main
from organizer.files.writing import write_table
from organizer.paths import data_dir, default_database_path, private_folder
from organizer.services.container import create_chapter, open_chapter
from organizer.services.people import PersonInput
from organizer.storage import integrity
from organizer.storage.backup_files import BEFORE_IMPORT, take_backup
from organizer.storage.location import SqliteFile

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


@pytest.fixture(autouse=True)
def _umask_022() -> Iterator[None]:
    """The usual umask, under which a plain open() makes files everyone can read."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_umask_would_let_others_read_a_plain_file(tmp_path: Path) -> None:
    # The check below can fail: under this umask an ordinary file is readable by everyone.
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    assert mode(plain) == 0o644


def test_a_new_database_and_its_wal_and_shm_are_private(tmp_path: Path) -> None:
    path = tmp_path / "chapter.db"
    services = create_chapter(path, "Riverside", "US")
    try:
        services.people.add(PersonInput(given_name="Ana", family_name="Silva"))
        wal, shm = SqliteFile(path).companions()
        assert wal.exists() and shm.exists()  # still open: both are on disk
        assert {p.name: mode(p) for p in (path, wal, shm)} == {p.name: 0o600 for p in (path, wal, shm)}
    finally:
        services.close()


@pytest.mark.sqlite_only  # files beside a SQLite database
def test_backups_and_their_folder_are_private(db_path: Path) -> None:
    backup = take_backup(SqliteFile(db_path), BEFORE_IMPORT)
    assert backup is not None
    assert mode(backup) == 0o600 and mode(backup.parent) == 0o700


@pytest.mark.sqlite_only  # files beside a SQLite database
def test_an_import_backup_is_private(db_path: Path, tmp_path: Path) -> None:
    source = tmp_path / "people.csv"
    source.write_text("Email\nana@example.org\n", encoding="utf-8")
    services = open_chapter(db_path)
    try:
        report = services.imports.run(source, "people")
    finally:
        services.close()
    assert report.backup is not None and mode(Path(report.backup)) == 0o600


@pytest.mark.parametrize("name", ["export.xlsx", "export.csv"])
def test_exports_and_reports_are_private(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    write_table(path, ["Name"], [["Ana Silva"]])
    assert mode(path) == 0o600


def test_log_files_are_private_from_the_first_to_each_rollover(tmp_path: Path) -> None:
    path = tmp_path / "organizer.log"
    handler = logs.PrivateRotatingFileHandler(path, maxBytes=200, backupCount=2, encoding="utf-8")
    try:
        for n in range(20):
            handler.emit(logging.makeLogRecord({"msg": f"line {n} " + "x" * 40, "levelno": logging.INFO}))
    finally:
        handler.close()
    written = sorted(tmp_path.glob("organizer.log*"))
    assert len(written) == 3  # rolled over: the log and two older ones
    assert {p.name: mode(p) for p in written} == {p.name: 0o600 for p in written}


def test_setup_logging_makes_a_private_folder_and_tightens_an_old_log(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "logs"
    folder.mkdir(mode=0o755)
    (folder / logs.LOG_NAME).write_text("written by an earlier version\n")
    monkeypatch.setattr(logs, "log_dir", lambda: folder)
    monkeypatch.setattr(logs, "_installed", False)
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        logs.setup_logging()
        assert mode(folder) == 0o700 and mode(folder / logs.LOG_NAME) == 0o600
    finally:
        for handler in [h for h in root.handlers if h not in before]:
            root.removeHandler(handler)
            handler.close()


def test_init_creates_the_default_folder_privately(capsys: pytest.CaptureFixture[str]) -> None:
    folder = default_database_path().parent
    assert folder == data_dir()
    if folder.exists():  # the test session's per-user folders are shared: start from none
        for child in sorted(folder.rglob("*"), reverse=True):
            child.rmdir() if child.is_dir() else child.unlink()
        folder.rmdir()
    assert main(["init", "--chapter", "Riverside"]) == 0
    assert "Created the chapter database" in capsys.readouterr().out
    assert mode(folder) == 0o700 and mode(default_database_path()) == 0o600


@pytest.mark.sqlite_only  # files beside a SQLite database
def test_the_record_of_clean_checks_is_private(db_path: Path) -> None:
    assert integrity.is_sound(SqliteFile(db_path))
    record = integrity.record_file()
    assert record.exists() and mode(record) == 0o600


def test_an_app_folder_made_readable_by_earlier_versions_is_tightened(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir(mode=0o755)
    private_folder(folder)
    assert mode(folder) == 0o700


def test_a_folder_made_for_a_new_chapter_is_private_level_by_level(tmp_path: Path) -> None:
    from organizer.paths import folder_for_new_file

    shared = tmp_path / "shared"
    shared.mkdir()
    before = mode(shared)
    folder_for_new_file(shared / "new" / "deeper" / "chapter.db")
    assert mode(shared / "new") == mode(shared / "new" / "deeper") == 0o700
    assert mode(shared) == before == 0o755  # a folder of the user's that already existed keeps its mode


def test_the_demo_chapter_makes_a_private_data_folder(tmp_path: Path) -> None:
    from organizer.services.container import create_demo_chapter

    path = tmp_path / "data" / "ChapterOrganizer" / "demo.db"
    services = create_demo_chapter(path, seed=3)
    services.close()
    assert mode(tmp_path / "data") == mode(path.parent) == 0o700
    assert mode(path) == 0o600
