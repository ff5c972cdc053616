"""What an open file is: a chapter, a backup of one (by its folder and name), or the demo chapter."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from organizer.services.chapter_file import backup_of
from organizer.services.container import create_chapter, open_chapter
from organizer.services.demo import fill_demo
from organizer.storage.backup_files import database_tag, take_backup
from organizer.storage.location import SqliteFile


@pytest.mark.sqlite_only  # backup files
def test_a_backup_is_known_by_its_name_and_names_its_database(db_path: Path) -> None:
    taken = take_backup(SqliteFile(db_path), "before-import")
    assert taken is not None
    found = backup_of(taken)
    assert found is not None
    assert (found.reason, found.why, found.database) == ("before-import", "before an import", db_path)
    assert abs((datetime.now(UTC) - found.taken).total_seconds()) < 3600
    assert backup_of(db_path) is None and backup_of(None) is None


def test_two_databases_of_one_name_are_told_apart(tmp_path: Path) -> None:
    chapter, other = tmp_path / "chapter.db", tmp_path / "chapter.sqlite"
    for path in (chapter, other):
        create_chapter(path, "Riverside", "US").close()
    taken = take_backup(SqliteFile(other), "before-upgrade")
    assert taken is not None
    found = backup_of(taken)
    assert found is not None and found.database == other and found.why == "before an upgrade"


def test_a_backup_moved_elsewhere_or_with_its_chapter_gone_is_still_a_backup(tmp_path: Path) -> None:
    lone = tmp_path / f"{database_tag(tmp_path / 'gone.db')}-20261206-142625-363749-before-restore.db"
    lone.write_bytes(b"")
    found = backup_of(lone)
    assert found is not None and found.database is None and found.why == "before a restore"
    assert found.taken == datetime(2026, 12, 6, 14, 26, 25, 363749, tzinfo=UTC)


def test_names_of_earlier_versions_count_only_in_a_backups_folder(tmp_path: Path) -> None:
    name = "chapter-before-import-20261206-142625-363749.db"
    assert backup_of(tmp_path / name) is None
    (tmp_path / "backups").mkdir()
    found = backup_of(tmp_path / "backups" / name)
    assert found is not None and found.reason == "before-import"
    assert backup_of(tmp_path / "backups" / "my chapter.db") is None


def test_the_demo_chapter_is_recorded_as_demo_data(db_path: Path) -> None:
    services = open_chapter(db_path)
    try:
        assert not services.settings.is_demo()
        fill_demo(services.db, people=30)
        assert services.settings.is_demo()
    finally:
        services.close()
