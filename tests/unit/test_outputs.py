"""Every output passes one guard: never a database, replaced only when asked, the promised extension, whole or none."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from organizer.cli import main
from organizer.errors import UserError
from organizer.files import scratch
from organizer.files.output import OutputRefused, TempFile, WriteProblem, check_output, check_target
from organizer.files.writing import stage_workbook, write_table

ROOT = Path(__file__).resolve().parents[2]
XLSX_CSV = (".xlsx", ".csv")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def sqlite_file(path: Path) -> Path:
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    return path


# --- the guard ---------------------------------------------------------------------------------------------------


def test_an_existing_file_is_replaced_only_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"the user's own file")
    with pytest.raises(OutputRefused, match="already exists: choose another name, or pass --force"):
        check_output(path, XLSX_CSV)
    check_output(path, XLSX_CSV, force=True)
    with pytest.raises(OutputRefused):
        write_table(path, ["Name"], [["x"]])
    assert path.read_bytes() == b"the user's own file"
    write_table(path, ["Name"], [["x"]], force=True)
    assert path.read_bytes().startswith(b"PK")


@pytest.mark.parametrize("name", ["chapter.db", "chapter.xlsx", "Chapter.CSV"])
def test_a_sqlite_database_is_never_replaced_whatever_its_name(tmp_path: Path, name: str) -> None:
    db = sqlite_file(tmp_path / name)
    before = db.read_bytes()
    with pytest.raises(OutputRefused, match="is a database"):
        write_table(db, ["Name"], [["x"]], force=True)
    assert db.read_bytes() == before


@pytest.mark.parametrize("side", ["-wal", "-shm", "-journal"])
def test_the_files_sqlite_keeps_beside_a_database_are_never_replaced(tmp_path: Path, side: str) -> None:
    db = sqlite_file(tmp_path / "chapter.db")
    with pytest.raises(OutputRefused, match="is a database"):
        check_target(tmp_path / f"chapter.db{side}", XLSX_CSV, force=True)
    with pytest.raises(OutputRefused, match="is a database"):  # named by the open database, even not yet there
        check_target(tmp_path / f"new.csv{side}", XLSX_CSV, force=True, protect=[tmp_path / "new.csv"])
    assert db.exists()


def test_the_open_database_is_protected_before_it_has_a_header(tmp_path: Path) -> None:
    empty = tmp_path / "chapter.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(OutputRefused, match="is a database"):
        check_output(empty, XLSX_CSV, force=True, protect=[empty])
    link = tmp_path / "link.xlsx"
    link.symlink_to(empty)
    with pytest.raises(OutputRefused, match="is a database"):
        check_output(link, XLSX_CSV, force=True, protect=[empty])


def test_a_journal_or_wal_by_its_content_is_refused(tmp_path: Path) -> None:
    wal = tmp_path / "stray.xlsx"
    wal.write_bytes(bytes.fromhex("377f0682") + b"\0" * 28)
    with pytest.raises(OutputRefused, match="is a database"):
        check_output(wal, XLSX_CSV, force=True)


@pytest.mark.parametrize("name", ["rejected.txt", "rejected", "rejected.xlsx.bak"])
def test_the_extension_must_be_one_the_writer_writes(tmp_path: Path, name: str) -> None:
    with pytest.raises(OutputRefused) as info:
        write_table(tmp_path / name, ["Name"], [["x"]])
    message = str(info.value)
    assert ".xlsx or .csv" in message and "\n" not in message
    assert list(tmp_path.iterdir()) == []


def test_a_missing_or_read_only_folder_is_one_plain_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(WriteProblem, match="does not exist"):
        check_target(tmp_path / "nope" / "out.xlsx", XLSX_CSV)
    real_open = os.open

    def read_only(path: object, flags: int, *args: object) -> int:
        if str(path).startswith(str(tmp_path)):
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(WriteProblem, match="read-only disk"):
        check_output(tmp_path / "out.xlsx", XLSX_CSV)


def test_a_file_that_appears_while_writing_is_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    staged = stage_workbook(path, [_sheet()])
    path.write_text("someone else's")
    with pytest.raises(OutputRefused, match="appeared while it was being written"):
        staged.publish(False)
    assert path.read_text() == "someone else's"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_a_staged_file_can_be_discarded_leaving_nothing(tmp_path: Path) -> None:
    staged = stage_workbook(tmp_path / "out.xlsx", [_sheet()])
    staged.discard()
    assert list(tmp_path.iterdir()) == []
    assert not any(p.name.startswith(".out.xlsx") for p in scratch.scratch_dir().iterdir())


def test_outputs_are_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_table(tmp_path / "out.csv", ["Name"], [["Ana"]])
    finally:
        os.umask(old)
    assert (tmp_path / "out.csv").stat().st_mode & 0o777 == 0o600


def test_the_temporary_file_falls_back_beside_the_target_on_another_disk(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from organizer.files import output

    monkeypatch.setattr(output, "_scratch_on_same_disk", lambda _folder: None)
    temp = TempFile.create(tmp_path / "out.csv")
    assert temp.named is not None and temp.named.parent == tmp_path and temp.named.name.startswith(".out.csv.")
    temp.file.write(b"Name\r\n")
    temp.finish()
    temp.publish(False)
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def _sheet() -> object:
    from organizer.files.writing import SheetSpec

    return SheetSpec("Rows", ["Name"], [["Ana"]])


# --- spreadsheet libraries' own temporary files ------------------------------------------------------------------


def test_a_workbook_being_written_is_one_private_temporary_file(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    shared = tmp_path / "shared-tmp"
    shared.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(shared))
    folder = tmp_path / "out"
    folder.mkdir()
    seen: list[tuple[Path, int]] = []

    def rows() -> Iterator[list[str]]:
        for i in range(3000):
            if i == 2500:  # mid-write: where are the rows so far?
                found = [*shared.iterdir(), *scratch.scratch_dir().iterdir(), *folder.iterdir()]
                seen.extend((p, p.stat().st_mode & 0o777) for p in found)
            yield [f"Person {i}"]

    write_table(folder / "out.xlsx", ["Name"], rows())
    assert len(seen) == 1  # the rows so far are in one file, nowhere else
    temporary, mode = seen[0]
    assert temporary.name.startswith(".out.xlsx.") and temporary.parent in (folder, scratch.scratch_dir())
    assert mode == 0o600 or os.name != "posix"
    assert not temporary.exists() and [p.name for p in folder.iterdir()] == ["out.xlsx"]
    assert list(shared.iterdir()) == []


def test_the_sweep_removes_what_gone_processes_left_and_nothing_in_use(tmp_path: Path) -> None:
    mine = scratch.scratch_dir()
    root = scratch.scratch_root()
    gone = root / "999999-deadbeef"
    gone.mkdir()
    (gone / "openpyxl.rows.xml").write_text("Ana,555-0101")
    (root / "999999-deadbeef.lock").write_bytes(b"")
    busy = root / "888888-cafef00d"
    busy.mkdir()
    (busy / "openpyxl.rows.xml").write_text("in use")
    held = os.open(root / "888888-cafef00d.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        scratch._hold(held)  # another live process holds its lock
        assert scratch.sweep() >= 1
        assert not gone.exists() and not (root / "999999-deadbeef.lock").exists()
        assert busy.exists() and mine.exists()
    finally:
        os.close(held)
    scratch.sweep()
    assert not busy.exists() and mine.exists()


def test_a_file_written_beside_its_target_on_another_disk_is_swept_after_a_kill(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A memory stick: the temporary file is hidden beside the target and noted in the scratch folder; when the
    process that wrote it is gone, the sweep removes it (a finished or discarded one leaves no note)."""
    from organizer.files import output

    monkeypatch.setattr(output, "_scratch_on_same_disk", lambda _folder: None)
    stick = tmp_path / "stick"
    stick.mkdir()
    done = TempFile.create(stick / "done.csv")
    done.file.write(b"Ana,555-0101")
    done.finish()
    done.publish(force=False)
    assert sorted(p.name for p in stick.iterdir()) == ["done.csv"]
    assert not list(scratch.scratch_dir().glob("beside-*"))
    killed = TempFile.create(stick / "killed.csv")
    killed.file.write(b"Ana,555-0101")
    killed.file.flush()
    assert killed.named is not None and killed.named.parent == stick and killed.note is not None
    gone = scratch.scratch_root() / "999997-0badf00d"  # the folder of a process killed while writing it
    gone.mkdir()
    killed.note.rename(gone / killed.note.name)
    (stick / "keep.tmp").write_text("not the app's")
    (gone / "beside-000000000000").write_bytes(os.fsencode(stick / "keep.tmp"))  # not a name the app gives
    scratch.sweep()
    assert not killed.named.exists() and not gone.exists() and (stick / "keep.tmp").exists()


def test_a_password_protected_share_is_staged_plain_only_in_the_scratch_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from organizer.files import output
    from organizer.files.sheets import SheetSpec
    from organizer.services.sharing import workbook

    monkeypatch.setattr(output, "_scratch_on_same_disk", lambda _folder: None)  # the target is on a stick
    made: list[Path] = []
    real = TempFile.create

    def create(target: Path, **options: bool) -> TempFile:
        temp = real(target, **options)
        assert temp.named is not None
        made.append(temp.named)
        return temp
    monkeypatch.setattr(TempFile, "create", create)
    target = tmp_path / "for-b.xlsx"
    workbook.write_share_workbook(target, [SheetSpec("people", ["Name"], [["Ana Silva"]])], force=False,
                                  protect=(), password="s3cret")
    plain, encrypted = made[-2:]
    assert plain.parent == scratch.scratch_dir() and encrypted.parent == tmp_path
    assert target.exists() and [p.name for p in tmp_path.iterdir()] == ["for-b.xlsx"]


def test_the_sweep_is_cheap_when_there_is_no_scratch_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "fresh"))
    assert scratch.sweep() == 0
    assert not (tmp_path / "fresh").exists()  # nothing made just to sweep


KILLED_EXPORT = """
import os, sys
from organizer.cli import main
from organizer.services import people_export

real_line = people_export.cells
count = 0

def slow_line(*args):
    global count
    count += 1
    if count == 1500:  # mid-write: say so, then wait to be killed
        print("midway", flush=True)
        sys.stdin.read()
    return real_line(*args)

people_export.cells = slow_line
main(["--db", sys.argv[1], "people", "export", sys.argv[2], "--force"])
"""


@pytest.mark.parametrize("name", ["people.xlsx", "people.csv"])
def test_a_killed_export_leaves_the_old_file_and_no_temporary_file(tmp_path: Path, name: str) -> None:
    from organizer.services.container import create_chapter
    from organizer.services.person_input import PersonInput

    db = tmp_path / "chapter.db"
    services = create_chapter(db, "Riverside")
    try:
        for i in range(2000):
            services.people.add(PersonInput(given_name=f"Ana{i}", family_name="Silva", phones=[f"919555{i:04d}"]))
    finally:
        services.close()
    out = tmp_path / "out"
    out.mkdir()
    target = out / name
    target.write_bytes(b"last week's export")
    shared = tmp_path / "shared-tmp"
    shared.mkdir()
    env = dict(os.environ, TMPDIR=str(shared))
    child = subprocess.Popen([sys.executable, "-c", KILLED_EXPORT, str(db), str(target)], cwd=ROOT, env=env,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "midway"
        child.kill()  # SIGKILL: no cleanup of any kind runs
        child.wait(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    assert target.read_bytes() == b"last week's export"
    assert [p.name for p in out.iterdir()] == [name]  # no temporary file beside it
    assert list(shared.iterdir()) == []  # nothing in the shared temporary folder
    assert main(["--db", str(db), "stats", "--json"]) == 0  # a start sweeps the killed export's scratch
    left = [p for p in scratch.scratch_root().rglob("*") if p.is_file() and p.name != ".lock"
            and not p.name.endswith(".lock") and p.parent != scratch.scratch_dir()]
    assert left == []


# --- the command line --------------------------------------------------------------------------------------------


@pytest.fixture
def chapter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    db = tmp_path / "chapter.db"
    assert run(capsys, "--db", str(db), "init", "--chapter", "Riverside")[0] == 0
    (tmp_path / "p.csv").write_text("Email,Notes\nana@example.org,first\n,nobody here\n")
    return db


def _batches(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute("SELECT count(*) FROM import_batches").fetchone()[0])
    finally:
        con.close()


@pytest.mark.parametrize("dry", [True, False])
def test_errors_naming_the_chapter_database_is_refused_and_the_database_is_untouched(
        chapter: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], dry: bool) -> None:
    before = chapter.read_bytes()
    extra = ["--dry-run"] if dry else []
    code, out, err = run(capsys, "--db", str(chapter), "import", "people", str(tmp_path / "p.csv"),
                         "--errors", str(chapter), "--force", *extra)
    assert code == 2 and out == "" and err.startswith("error:") and "is a database" in err and err.count("\n") == 1
    assert chapter.read_bytes() == before
    other = sqlite_file(tmp_path / "other.xlsx")
    other_bytes = other.read_bytes()
    code, _out, err = run(capsys, "--db", str(chapter), "import", "people", str(tmp_path / "p.csv"),
                          "--errors", str(other), "--force", *extra)
    assert code == 2 and "is a database" in err and other.read_bytes() == other_bytes
    assert chapter.read_bytes() == before and _batches(chapter) == 0


@pytest.mark.parametrize("command", [("import", "people"), ("import", "suppressions")])
def test_errors_naming_the_file_being_imported_is_refused_even_with_force(
        chapter: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: tuple[str, str]) -> None:
    source = tmp_path / "p.csv"
    before = source.read_bytes()
    for named in (str(source), f"{tmp_path}/./p.csv"):
        code, out, err = run(capsys, "--db", str(chapter), *command, str(source), "--errors", named, "--force")
        assert code == 2 and out == "" and "is the file being read" in err and err.count("\n") == 1
    assert source.read_bytes() == before and _batches(chapter) == 0


@pytest.mark.parametrize(("target", "words"), [
    ("exists.xlsx", "already exists"), ("rejected.txt", ".xlsx or .csv"), ("no/such/folder/r.xlsx", "does not exist")])
def test_an_errors_report_that_cannot_be_written_stops_the_import_before_it_starts(
        chapter: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str, words: str) -> None:
    (tmp_path / "exists.xlsx").write_bytes(b"keep me")
    code, out, err = run(capsys, "--db", str(chapter), "import", "people", str(tmp_path / "p.csv"),
                         "--errors", str(tmp_path / target))
    assert code == 2 and out == "" and words in err and err.count("\n") == 1
    assert _batches(chapter) == 0 and (tmp_path / "exists.xlsx").read_bytes() == b"keep me"
    assert not (tmp_path / "no").exists()


def test_force_replaces_an_existing_report(chapter: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "rejected.csv"
    report.write_text("old")
    code, out, _err = run(capsys, "--db", str(chapter), "import", "people", str(tmp_path / "p.csv"),
                          "--errors", str(report), "--force", "--json")
    assert code == 0 and json.loads(out)["errors_report"] == {"path": str(report), "rows": 1, "written": True}
    assert "nobody here" in report.read_text(encoding="utf-8-sig")
    assert _batches(chapter) == 1


def test_a_dry_run_writes_nothing_and_says_what_it_would_have_written(
        chapter: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "rejected.xlsx"
    before = sorted(p.name for p in tmp_path.iterdir())
    code, out, _err = run(capsys, "--db", str(chapter), "import", "people", str(tmp_path / "p.csv"),
                          "--errors", str(report), "--dry-run", "--json")
    assert code == 0 and json.loads(out)["errors_report"] == {"path": str(report), "rows": 1, "written": False}
    code, out, _err = run(capsys, "--db", str(chapter), "import", "people", str(tmp_path / "p.csv"),
                          "--errors", str(report), "--dry-run")
    assert code == 0 and f"Would save 1 rejected rows to {report} (nothing was written)" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == before and _batches(chapter) == 0


def test_a_report_that_fails_while_written_means_nothing_was_imported(
        chapter: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def full(self: TempFile) -> None:
        self.discard()
        raise WriteProblem("The disk is full, so rejected.xlsx was not written: free some space.")

    monkeypatch.setattr(TempFile, "finish", full)
    code, out, err = run(capsys, "--db", str(chapter), "import", "people", str(tmp_path / "p.csv"),
                         "--errors", str(tmp_path / "rejected.xlsx"))
    assert code == 2 and out == "" and "disk is full" in err and err.count("\n") == 1
    assert _batches(chapter) == 0 and not (tmp_path / "rejected.xlsx").exists()
    code, out, _err = run(capsys, "--db", str(chapter), "people", "list", "--json")
    assert json.loads(out) == []


def test_a_report_whose_last_rename_fails_after_the_commit_says_only_the_report_failed(
        chapter: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: TempFile, force: bool) -> None:
        self.discard()
        raise WriteProblem("The folder went away: choose another place.")

    monkeypatch.setattr(TempFile, "publish", refuse)
    code, out, err = run(capsys, "--db", str(chapter), "import", "people", str(tmp_path / "p.csv"),
                         "--errors", str(tmp_path / "rejected.xlsx"), "--json")
    assert code == 0 and _batches(chapter) == 1  # the exit code says what the database holds
    assert json.loads(out)["errors_report"]["written"] is False
    assert err.startswith("warning: The import was saved, but only its report failed") and err.count("\n") == 1


def test_people_export_is_guarded_too(chapter: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = chapter.read_bytes()
    for target, words in ((chapter, "is a database"), (tmp_path / "p.txt", ".xlsx or .csv")):
        code, _out, err = run(capsys, "--db", str(chapter), "people", "export", str(target), "--force")
        assert code == 2 and words in err and err.count("\n") == 1
    assert chapter.read_bytes() == before
    out_file = tmp_path / "people.xlsx"
    assert run(capsys, "--db", str(chapter), "people", "export", str(out_file))[0] == 0
    code, _out, err = run(capsys, "--db", str(chapter), "people", "export", str(out_file))
    assert code == 2 and "--force" in err
    assert run(capsys, "--db", str(chapter), "people", "export", str(out_file), "--force")[0] == 0


def test_refusals_are_user_errors() -> None:
    assert issubclass(OutputRefused, UserError) and issubclass(WriteProblem, UserError)


def test_a_chapter_on_a_server_leaves_no_file_to_protect(tmp_path: Path) -> None:
    from organizer.storage.server import ServerDatabase

    server = ServerDatabase("postgresql://ana@db.example.org/riverside")
    check_target(tmp_path / "out.csv", XLSX_CSV, protect=[server])  # type: ignore[list-item]
    (tmp_path / "out.csv").write_text("kept")
    with pytest.raises(OutputRefused):
        check_target(tmp_path / "out.csv", XLSX_CSV, protect=[server])  # type: ignore[list-item]


def test_a_file_name_as_long_as_the_disk_allows_is_written(tmp_path: Path) -> None:
    from organizer.files.output import write_bytes

    target = tmp_path / ("é" * 121 + "-list.csv")  # 251 bytes: the temporary name is cut to fit
    check_output(target, XLSX_CSV)
    write_bytes(target, b"Name\nAna Silva\n")
    assert target.read_bytes() == b"Name\nAna Silva\n" and [p.name for p in tmp_path.iterdir()] == [target.name]

