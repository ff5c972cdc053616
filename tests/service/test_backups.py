"""Backups that restore: taken inside the write lock, checked, named per database, listed, restored."""

from __future__ import annotations

import errno
import json
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from organizer.cli import main
from organizer.errors import DatabaseProblem
from organizer.progress import Cancelled, CancelToken
from organizer.services.backups import list_backups, restore_backup
from organizer.services.container import create_chapter, open_chapter
from organizer.services.people import PersonInput
from organizer.storage import backup_files
from organizer.storage.backup_files import BEFORE_IMPORT, BEFORE_RESTORE, database_tag, take_backup
from organizer.storage.location import SqliteFile

pytestmark = pytest.mark.sqlite_only  # backup files of a SQLite database


def people_in(path: Path) -> int:
    con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return int(con.execute("SELECT count(*) FROM people").fetchone()[0])
    finally:
        con.close()


def sheet(folder: Path, *emails: str) -> Path:
    path = folder / f"people-{len(list(folder.glob('people-*')))}.csv"
    path.write_text("Email\n" + "".join(f"{e}\n" for e in emails), encoding="utf-8")
    return path


def import_people(db: Path, source: Path, **kwargs: object) -> str | None:
    services = open_chapter(db)
    try:
        return services.imports.run(source, "people", **kwargs).backup  # type: ignore[arg-type]
    finally:
        services.close()


def backups_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_the_backup_holds_the_database_as_it_was_just_before_the_import(db_path: Path, tmp_path: Path) -> None:
    import_people(db_path, sheet(tmp_path, "ana@example.org"))
    backup = import_people(db_path, sheet(tmp_path, "leo@example.org", "wei@example.org"))
    assert backup is not None
    assert people_in(Path(backup)) == 1 and people_in(db_path) == 3


def test_the_backup_is_taken_while_the_write_lock_is_held(db_path: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real = backup_files.take_backup

    def while_locked(location: SqliteFile, reason: str) -> Path | None:
        other = sqlite3.connect(db_path, timeout=0)
        try:
            other.execute("BEGIN IMMEDIATE")
            seen.append("another writer got in")
        except sqlite3.OperationalError as exc:
            seen.append(str(exc))
        finally:
            other.close()
        return real(location, reason)

    monkeypatch.setattr("organizer.storage.database.take_backup", while_locked)
    assert import_people(db_path, sheet(tmp_path, "ana@example.org")) is not None
    assert seen == ["database is locked"]


def test_a_backup_is_named_for_its_database(db_path: Path) -> None:
    backup = take_backup(SqliteFile(db_path), BEFORE_IMPORT)
    assert backup is not None and backup.parent == db_path.parent / "backups"
    assert backup.name.startswith(database_tag(db_path) + "-") and backup.name.endswith("-before-import.db")
    assert database_tag(db_path) != database_tag(db_path.with_suffix(".sqlite"))


def test_two_databases_never_prune_each_others_backups(template_db: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(backup_files.KEEP, BEFORE_IMPORT, 2)
    first, second = tmp_path / "chapter.db", tmp_path / "chapter.sqlite"  # one stem, one folder
    SqliteFile(template_db).backup_to(first)
    SqliteFile(template_db).backup_to(second)
    kept_second = import_people(second, sheet(tmp_path, "x@example.org"))
    made = [import_people(first, sheet(tmp_path, f"p{n}@example.org")) for n in range(4)]
    assert [r.path for r in list_backups(second)] == [Path(str(kept_second))]
    assert [str(r.path) for r in list_backups(first)] == [made[3], made[2]]  # the newest two


def test_a_backup_that_fails_its_check_is_removed_and_the_import_stops(
        db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(backup_files, "is_sound", lambda _location: False)
    code = main(["--db", str(db_path), "import", "people", str(sheet(tmp_path, "ana@example.org"))])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "failed its check, so nothing was changed" in err
    assert backups_in(db_path.parent / "backups") == []
    assert people_in(db_path) == 0


def test_a_failed_import_leaves_no_backup_behind(db_path: Path, tmp_path: Path) -> None:
    kept = import_people(db_path, sheet(tmp_path, "ana@example.org"))
    cancel = CancelToken()  # cancelled once rows are read: after the backup, before the commit
    with pytest.raises(Cancelled):
        import_people(db_path, sheet(tmp_path, "leo@example.org"), cancel=cancel,
                      progress=lambda _done, _total, _message: cancel.cancel())
    assert backups_in(db_path.parent / "backups") == [Path(str(kept)).name]
    assert people_in(db_path) == 1


def test_a_dry_run_takes_no_backup(db_path: Path, tmp_path: Path) -> None:
    services = open_chapter(db_path)
    try:
        from organizer.services.imports import ImportOptions

        report = services.imports.run(sheet(tmp_path, "ana@example.org"), "people", ImportOptions(dry_run=True))
    finally:
        services.close()
    assert report.backup is None and backups_in(db_path.parent / "backups") == []


def test_the_import_report_names_its_backup_which_backup_list_shows(
        db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db_path), "import", "people", str(sheet(tmp_path, "ana@example.org")), "--json"]) == 0
    backup = json.loads(capsys.readouterr().out)["backup"]
    assert Path(backup).is_file()
    assert main(["backup", "list", "--json", "--db", str(db_path)]) == 0  # --db after the command, too
    [row] = json.loads(capsys.readouterr().out)
    assert row["path"] == backup and row["reason"] == "before-import" and row["ok"] is True
    assert row["size"] == Path(backup).stat().st_size and datetime.fromisoformat(row["created"]).tzinfo
    assert main(["--db", str(db_path), "import", "people", str(sheet(tmp_path, "leo@example.org"))]) == 0
    assert "before this import is kept at" in capsys.readouterr().out


def test_backup_list_is_empty_then_newest_first_and_marks_a_damaged_backup(
        db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db_path), "backup", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    older = take_backup(SqliteFile(db_path), BEFORE_IMPORT)
    newer = take_backup(SqliteFile(db_path), BEFORE_IMPORT)
    assert older and newer
    damage_whole(older)
    assert main(["--db", str(db_path), "backup", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["path"], r["ok"]) for r in rows] == [(str(newer), True), (str(older), False)]
    assert main(["--db", str(db_path), "backup", "list"]) == 0
    assert "DAMAGED" in capsys.readouterr().out


def damage_whole(path: Path) -> None:
    """A small database has few pages: spoil every b-tree page past the first."""
    data = bytearray(path.read_bytes())
    for page in range(1, len(data) // 4096):
        for i in range(page * 4096 + 8, page * 4096 + 72):
            data[i] ^= 0x5A
    path.write_bytes(bytes(data))


def test_backups_written_by_earlier_versions_are_listed(db_path: Path) -> None:
    folder = db_path.parent / "backups"
    folder.mkdir()
    SqliteFile(db_path).backup_to(folder / "chapter-before-import-20250102-030405-000006.db")
    SqliteFile(db_path).backup_to(folder / "chapter-0003-20250101-030405-000006.db")
    SqliteFile(db_path).backup_to(folder / "other-before-import-20250103-030405-000006.db")
    rows = list_backups(db_path)
    assert [(r.reason, r.created.year, r.ok) for r in rows] == [("before-import", 2025, True),
                                                                ("before-upgrade", 2025, True)]


def chapter_with_people(path: Path, *names: str) -> None:
    services = create_chapter(path, "Riverside", "US")
    try:
        for name in names:
            services.people.add(PersonInput(given_name=name, family_name="Silva"))
    finally:
        services.close()


def test_restore_brings_back_the_backup_and_keeps_the_database_as_it_was(tmp_path: Path) -> None:
    db = tmp_path / "chapter.db"
    chapter_with_people(db, "Ana")
    backup = take_backup(SqliteFile(db), BEFORE_IMPORT)
    assert backup is not None
    services = open_chapter(db)
    try:
        services.people.add(PersonInput(given_name="Leo", family_name="Chen"))
        wal = SqliteFile(db).companions()[0]
        assert wal.stat().st_size > 0  # Leo is still in the -wal
        done = restore_backup(db, backup)
    finally:
        services.close()
    assert done.kept is not None and people_in(done.kept) == 2
    assert people_in(db) == 1
    reopened = open_chapter(db)
    try:
        assert [p.given_name for p in reopened.people.iter_all()] == ["Ana"]
    finally:
        reopened.close()
    assert [r.reason for r in list_backups(db)] == [BEFORE_RESTORE, BEFORE_IMPORT]


def test_restore_replaces_a_database_sqlite_cannot_read_and_drops_its_stale_wal(tmp_path: Path) -> None:
    db = tmp_path / "chapter.db"
    chapter_with_people(db, "Ana")
    backup = take_backup(SqliteFile(db), BEFORE_IMPORT)
    assert backup is not None
    services = open_chapter(db)
    wal = SqliteFile(db).companions()[0]
    try:
        services.people.add(PersonInput(given_name="Leo", family_name="Chen"))
        stale = wal.read_bytes()
    finally:
        services.close()
    db.write_bytes(b"\0" * 100 + db.read_bytes()[100:])  # the header is gone
    wal.write_bytes(stale)  # and a -wal with frames waits beside it
    done = restore_backup(db, backup)
    assert done.kept is not None and done.kept.read_bytes()[:100] == b"\0" * 100
    assert not wal.exists() or wal.stat().st_size == 0
    assert people_in(db) == 1 and SqliteFile(db).quick_check() is None


def test_restore_of_a_damaged_database_keeps_it_listed_as_damaged(tmp_path: Path) -> None:
    db = tmp_path / "chapter.db"
    chapter_with_people(db, *(f"Person {n}" for n in range(200)))
    backup = take_backup(SqliteFile(db), BEFORE_IMPORT)
    assert backup is not None
    damage_whole(db)
    with pytest.raises(DatabaseProblem, match="is damaged"):
        open_chapter(db)
    restore_backup(db, backup)
    assert people_in(db) == 200
    kept, original = list_backups(db)
    assert (kept.reason, kept.ok) == (BEFORE_RESTORE, False) and (original.path, original.ok) == (backup, True)


def test_restore_into_a_missing_database_creates_it(db_path: Path, tmp_path: Path) -> None:
    backup = take_backup(SqliteFile(db_path), BEFORE_IMPORT)
    assert backup is not None
    target = tmp_path / "elsewhere" / "new.db"
    target.parent.mkdir()
    done = restore_backup(target, backup)
    assert done.kept is None and people_in(target) == 0 and SqliteFile(target).probe_chapter("chapter_name")


def test_cli_restore_prints_what_it_did(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    backup = take_backup(SqliteFile(db_path), BEFORE_IMPORT)
    assert main(["--db", str(db_path), "backup", "restore", str(backup), "--json"]) == 0
    done = json.loads(capsys.readouterr().out)
    assert done["database"] == str(db_path) and done["restored_from"] == str(backup)
    assert Path(done["kept"]).is_file()


REFUSALS = {"damaged": "is damaged", "missing": "There is no backup file", "itself": "is the database itself",
            "foreign": "not a Chapter Organizer database", "text": "not a Chapter Organizer database",
            "newer": "newer version"}


@pytest.mark.parametrize("which", sorted(REFUSALS))
def test_cli_restore_refuses_what_is_not_a_sound_chapter_backup(
        db_path: Path, tmp_path: Path, which: str, capsys: pytest.CaptureFixture[str]) -> None:
    candidate = tmp_path / f"{which}.db"
    if which == "damaged":
        shutil.copyfile(db_path, candidate)
        damage_whole(candidate)
    elif which == "itself":
        candidate = db_path
    elif which == "foreign":
        con = sqlite3.connect(candidate)
        con.execute("CREATE TABLE notes (body TEXT)")
        con.commit()
        con.close()
    elif which == "text":
        candidate.write_text("not a database")
    elif which == "newer":
        shutil.copyfile(db_path, candidate)
        con = sqlite3.connect(candidate)
        con.execute("UPDATE alembic_version SET version_num = '9999'")
        con.commit()
        con.close()
    before = db_path.read_bytes()
    code = main(["--db", str(db_path), "backup", "restore", str(candidate)])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err
    assert REFUSALS[which] in err
    assert db_path.read_bytes() == before
    assert backups_in(db_path.parent / "backups") == []  # nothing kept: nothing was replaced


def test_a_backup_that_cannot_be_written_is_one_plain_line_and_nothing_is_imported(
        db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def disk_full(_location: SqliteFile, target: Path) -> None:
        target.write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(SqliteFile, "backup_to", disk_full)
    code = main(["--db", str(db_path), "import", "people", str(sheet(tmp_path, "ana@example.org"))])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "could not be written" in err and "No space left" in err
    assert backups_in(db_path.parent / "backups") == [] and people_in(db_path) == 0


def test_a_backup_of_another_chapter_is_restored_only_when_asked(tmp_path: Path) -> None:
    from organizer.errors import UserError

    create_chapter(tmp_path / "one.db", "One", "US").close()
    create_chapter(tmp_path / "two.db", "Two", "US").close()
    before = (tmp_path / "one.db").read_bytes()
    with pytest.raises(UserError, match=r"another chapter \(Two\).*--other-chapter"):
        restore_backup(tmp_path / "one.db", tmp_path / "two.db")
    assert (tmp_path / "one.db").read_bytes() == before
    done = restore_backup(tmp_path / "one.db", tmp_path / "two.db", other_chapter=True)
    assert done.kept is not None and done.kept.exists()
    services = open_chapter(tmp_path / "one.db")
    try:
        assert services.settings.chapter_name() == "Two"
    finally:
        services.close()
