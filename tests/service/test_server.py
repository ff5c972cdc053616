"""A chapter database on a PostgreSQL server: the URL, the schema, errors by SQLSTATE, imports one at a time.

The tests that need a server use the ``pg_server`` fixtures (skipped without ORGANIZER_TEST_PG_URL).
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from contextlib import closing
from pathlib import Path
from typing import Any, cast

import pytest
from sqlalchemy import Table

from organizer.cli import main
from organizer.errors import DatabaseProblem, explain, server_problem
from organizer.services.container import Services, open_chapter
from organizer.services.importing.options import ImportOptions
from organizer.services.importing.voters_prepare import CHUNK as VOTER_CHUNK
from organizer.services.person_input import PersonInput
from organizer.storage.bulk import bulk_insert, copy_rows
from organizer.storage.location import SqliteFile, location_of
from organizer.storage.models import ImportBatch, Person, Tagging, Voter
from organizer.storage.server import ServerDatabase, is_server_url
from organizer.storage.writer_lock import LOCK_KEYS
from tests.service.importing_helpers import write_csv

ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-c", "import sys; from organizer.cli.main import main; sys.exit(main(sys.argv[1:]))"]


def people_rows(count: int, start: int = 0, family: str = "Silva") -> list[list[str]]:
    """Rows of a sign-in sheet; the given names repeat, as real lists' do."""
    givens = ["Ana", "Ana", "Bea", "Cai", "Dee"]
    return [["First", "Last", "Email", "Zip"]] + [
        [givens[i % len(givens)], family, f"person{i}@example.org", "27601"] for i in range(start, start + count)]


def test_a_url_names_a_server_and_its_password_is_never_shown() -> None:
    assert is_server_url("postgresql://ana@db.example.org/riverside")
    assert is_server_url("postgresql+psycopg://ana@db/riverside")
    assert not is_server_url("chapter.db") and not is_server_url("/tmp/postgresql/chapter.db")
    location = location_of("postgresql://ana:s3cret@db.example.org:5433/riverside")
    assert isinstance(location, ServerDatabase)
    assert "s3cret" not in location.label and "s3cret" not in repr(location) and "s3cret" not in str(location)
    assert location.label.startswith("postgresql://ana:***@db.example.org:5433/riverside")
    assert location.path is None and location.backups_folder is None and location.is_server
    assert isinstance(location_of(Path("postgresql:/x")), SqliteFile)  # a Path is always a file
    in_query = location_of("postgresql://ana@/riverside?host=/run/postgresql&password=s3cret&sslpassword=k3y")
    assert "s3cret" not in str(in_query) and "k3y" not in str(in_query) and "password=***" in str(in_query)


def test_a_password_with_a_bare_at_sign_is_refused_without_showing_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", "postgresql://ana:hunter2@Secret99@db.invalid/riverside", "stats"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "%40" in err and "Secret99" not in err and "hunter2" not in err


def test_a_url_without_a_database_is_refused_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", "postgresql://ana@localhost", "stats"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error:") and "names no database" in err


def test_sqlstates_are_told_in_one_line_each_and_other_errors_are_bugs() -> None:
    class OperationalError(Exception):
        __module__ = "psycopg"

        def __init__(self, message: str, sqlstate: str | None = None) -> None:
            super().__init__(message)
            self.sqlstate = sqlstate

    class ProgrammingError(OperationalError):
        pass

    said = {state: explain(OperationalError("x", state))
            for state in ("28P01", "3D000", "42501", "58P01", "57P01", "42P01", "42703")}
    assert all(e.user_error and "\n" not in e.message for e in said.values())
    assert "authentication failed" in said["28P01"].message and "does not exist" in said["3D000"].message
    assert "permission denied" in said["42501"].message and "pg_trgm" in said["58P01"].message
    assert "connection to the server database was lost" in said["57P01"].message
    assert "missing some of the chapter's tables" in said["42P01"].message == said["42703"].message
    assert explain(ProgrammingError("syntax error", "42601")).user_error is False  # a bug
    refused = server_problem(OperationalError("connection failed: Connection refused"), "postgresql://x@h/db")
    assert refused is not None and "cannot be reached" in str(refused)
    libpq = ('connection to server at "127.0.0.1", port 1 failed: Connection refused\n\tIs the server running on '
             'that host and accepting TCP/IP connections?\n')
    said = str(server_problem(OperationalError(libpq), "postgresql://x@h/db"))
    assert said == ("postgresql://x@h/db: the server cannot be reached (Connection refused): check the host, "
                    "the port and that the server is running.")
    # Two users writing the same unique key at once; an error raised while the lost connection rolls back.
    assert "at the same moment" in explain(OperationalError("duplicate key value", "23505")).message
    try:
        try:
            raise OperationalError("terminating connection due to administrator command", "57P01")
        except OperationalError:
            raise RuntimeError("Can't reconnect until invalid transaction is rolled back") from None
    except RuntimeError as later:
        assert "connection to the server database was lost" in explain(later).message
    assert explain(RuntimeError("a bug")).user_error is False


@pytest.fixture
def server_url(pg_database: ServerDatabase) -> str:
    return str(pg_database)


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=300, check=False)


def test_an_unreachable_server_a_refused_login_and_a_missing_database_are_one_line_each(
        pg_server: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = pg_server.url
    cases = {
        "cannot be reached": base.set(query={"host": str(tmp_path / "no server here")}, database="x"),
        "authentication failed": base.set(username="nobody_at_all"),
        "does not exist": base.set(database="no_such_chapter"),
    }
    for words, url in cases.items():
        assert main(["--db", url.render_as_string(hide_password=False), "stats"]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("error:") and words in err, err


def test_a_database_that_is_no_chapter_is_refused(pg_server: Any, capsys: pytest.CaptureFixture[str]) -> None:
    name = pg_server.new_database()
    try:
        assert main(["--db", str(pg_server.location(name)), "people", "list"]) == 2
        assert "is not a Chapter Organizer database" in capsys.readouterr().err
    finally:
        pg_server.drop(name)


def test_a_database_that_keeps_text_other_than_utf8_is_refused(pg_server: Any,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    name = "organizer_test_ascii"
    pg_server.execute(f'DROP DATABASE IF EXISTS "{name}"')
    pg_server.execute(f"CREATE DATABASE \"{name}\" ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0")
    try:
        for command in (["init", "--chapter", "Riverside"], ["stats"]):
            assert main(["--db", str(pg_server.location(name)), *command]) == 2
            err = capsys.readouterr().err
            assert err.count("\n") == 1 and "not UTF8" in err
    finally:
        pg_server.drop(name)


def test_permission_denied_is_one_line(pg_database: ServerDatabase, pg_server: Any,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    pg_server.execute("DROP ROLE IF EXISTS organizer_test_reader")
    pg_server.execute("CREATE ROLE organizer_test_reader LOGIN")
    try:
        url = pg_database.url().set(username="organizer_test_reader", drivername="postgresql")
        assert main(["--db", url.render_as_string(hide_password=False), "stats"]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "permission denied" in err
    finally:
        pg_server.execute("DROP ROLE IF EXISTS organizer_test_reader")


def set_revision(location: ServerDatabase, revision: str) -> None:
    with closing(location.raw_connect()) as con, con.transaction():
        con.execute("UPDATE alembic_version SET version_num = %s", (revision,))


def test_an_older_schema_is_refused_until_upgraded_and_a_newer_one_always(
        pg_server: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from alembic import command
    from sqlalchemy import text

    from organizer.storage.migrate import alembic_config, head_revision

    name = pg_server.new_database()
    location = pg_server.location(name)
    engine = location.create_engine()
    try:
        with engine.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0010")
            conn.execute(text("INSERT INTO settings (key, value) VALUES ('chapter_name', 'Older')"))
        with pytest.raises(DatabaseProblem, match="upgrade"):
            open_chapter(location)
        assert main(["--db", str(location), "stats"]) == 2
        assert "organizer --db" in capsys.readouterr().err
        assert main(["--db", str(location), "upgrade", "--json"]) == 0
        assert f'"to": "{head_revision()}"' in capsys.readouterr().out
        open_chapter(location).close()
        set_revision(location, "9999")
        with pytest.raises(DatabaseProblem, match="newer version"):
            open_chapter(location)
    finally:
        engine.dispose()
        pg_server.drop(name)


def test_backups_are_the_servers_own(server_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    for command in (["backup", "list"], ["backup", "restore", "x.db"]):
        assert main(["--db", server_url, *command]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "server's own backups" in err


def test_an_import_on_a_server_takes_no_backup_and_keeps_its_indexes(services: Services, db_backend: str,
                                                                    tmp_path: Path) -> None:
    if db_backend != "postgresql":
        pytest.skip("the server's way")
    result = services.imports.run(write_csv(tmp_path / "a.csv", people_rows(30)), "people")
    assert result.created == 30 and result.backup is None


def hold_import_lock(location: ServerDatabase) -> Any:
    """Another user's import holding the chapter, as the app holds it."""
    con = location.raw_connect()
    con.execute("SELECT set_config('application_name', 'import since 2026-12-06 10:00 UTC by lee@office', false)")
    con.execute("SELECT pg_advisory_lock(%s)", (LOCK_KEYS["import"],))
    con.commit()
    return con


def test_a_second_import_says_who_is_importing_and_gives_up_or_waits(
        server_url: str, pg_database: ServerDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = str(write_csv(tmp_path / "a.csv", people_rows(5)))
    holder = hold_import_lock(pg_database)
    try:
        assert main(["--db", server_url, "import", "people", sheet, "--no-wait"]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "lee@office (since 2026-12-06 10:00 UTC) is importing" in err
        assert main(["--db", server_url, "import", "people", sheet, "--wait", "0.5"]) == 2
        assert "still was after 0.5 s" in capsys.readouterr().err
        waiting = threading.Timer(1.0, holder.close)
        waiting.start()
        assert main(["--db", server_url, "import", "people", sheet, "--json"]) == 0  # waits, then imports
        assert '"created": 5' in capsys.readouterr().out
    finally:
        holder.close()


@pytest.mark.sqlite_only
def test_no_wait_on_a_file_gives_up_at_once_while_another_program_writes(
        db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = str(write_csv(tmp_path / "a.csv", people_rows(5)))
    open_chapter(db_path).close()  # in WAL mode, as every chapter file is once opened
    other = sqlite3.connect(db_path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        assert main(["--db", str(db_path), "import", "people", sheet, "--no-wait"]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "writing to this chapter" in err
    finally:
        other.close()
    assert main(["--db", str(db_path), "import", "people", sheet, "--no-wait"]) == 0


def drop_import_connections(location: ServerDatabase) -> int:
    """Cut the server connections of the imports running now (as a dropped network would); how many."""
    with closing(location.raw_connect()) as con:
        found = con.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                            "datname = current_database() AND application_name LIKE 'import since %'").fetchall()
        con.commit()
    return len(found)


def test_a_connection_dropped_mid_import_commits_nothing_and_the_next_import_works(
        services: Services, db_backend: str, tmp_path: Path) -> None:
    if db_backend != "postgresql":
        pytest.skip("a server's connection")
    location = services.db.location
    assert isinstance(location, ServerDatabase)
    dropped: list[int] = []

    def progress(done: int, total: int, message: str) -> None:
        if dropped:
            return
        dropped.append(drop_import_connections(location))

    sheet = write_csv(tmp_path / "a.csv", people_rows(400))
    with pytest.raises(DatabaseProblem, match="connection to the server database was lost"):
        services.imports.run(sheet, "people", ImportOptions(), progress=progress)
    assert dropped == [1]
    with services.db.read() as session:
        assert session.query(Person).count() == 0 and session.query(ImportBatch).count() == 0
    assert services.imports.run(sheet, "people").created == 400


def test_a_connection_lost_during_a_copy_is_the_plain_lost_connection_error(
        services: Services, db_backend: str) -> None:
    """A COPY runs on the driver's own cursor, past SQLAlchemy: its error still reads as any other
    statement's, and the rollback after it does not trip over the lost connection."""
    if db_backend != "postgresql":
        pytest.skip("a server's connection")
    location = services.db.location
    assert isinstance(location, ServerDatabase)
    with pytest.raises(DatabaseProblem, match="connection to the server database was lost"), \
            services.db.write() as session:
        conn = session.connection()
        backend = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        with closing(location.raw_connect()) as con:
            con.execute("SELECT pg_terminate_backend(%s)", (backend,))
            con.commit()
        copy_rows(conn, cast(Table, Tagging.__table__), ["person_id", "tag_id"], [(1, 1)])
    services.people.add(PersonInput(given_name="Ana", family_name="Silva"))  # the next write works
    assert services.people.count() == 1


def test_a_person_with_a_value_past_its_column_is_rejected_alike_on_both_databases(
        services: Services, tmp_path: Path) -> None:
    """SQLite keeps text of any length, a server's column refuses it (and the whole import with it): the
    row is rejected on both, with the field and limit named, and the other rows come in."""
    sheet = write_csv(tmp_path / "long.csv", [["First", "Last", "Email"], ["Bea", "Silva", "bea@example.org"],
                                              ["Anabela" * 40, "Silva", "ana@example.org"]])
    report = services.imports.run(sheet, "people")
    assert (report.created, report.rejected) == (1, 1)
    assert "first name is longer than 200 characters" in report.rejected_rows[0].reason


def test_a_value_a_server_column_cannot_hold_is_one_plain_line_naming_the_column(
        services: Services, db_backend: str) -> None:
    """Past every import's own checks (a value a form or a newer kind lets through): one line naming the
    table and column, never the value (someone's name), and nothing saved."""
    if db_backend != "postgresql":
        pytest.skip("a server's column")
    table = cast(Table, Person.__table__)
    row = {"id": 400, "uuid": "00000000-0000-4000-8000-000000000400", "given_name": "Anabela" * 40}
    with pytest.raises(DatabaseProblem) as refused, services.db.write() as session:
        bulk_insert(session.connection(), table, [row])
    line = str(refused.value)
    assert "refused a value" in line and "(in people, column given_name)" in line and "\n" not in line
    assert "Anabela" not in line
    assert services.people.count() == 0


def test_a_connection_dropped_mid_voter_load_commits_nothing_and_the_next_load_works(
        services: Services, db_backend: str, tmp_path: Path) -> None:
    """A voter file's chunks are written while the next is read: a write that fails still fails the whole load."""
    if db_backend != "postgresql":
        pytest.skip("a server's connection")
    location = services.db.location
    assert isinstance(location, ServerDatabase)
    dropped: list[int] = []

    def progress(done: int, total: int, message: str) -> None:
        if dropped or "voters read" not in message:
            return
        dropped.append(drop_import_connections(location))

    header = ["voter_reg_num", "last_name", "first_name", "res_street_address", "zip_code"]
    rows = [[f"V{i}", "SILVA", "ANA", f"{i} N MAIN ST", "27601"] for i in range(3 * VOTER_CHUNK)]
    county = write_csv(tmp_path / "county.txt", [header, *rows], delimiter="\t")
    with pytest.raises(DatabaseProblem, match="connection to the server database was lost"):
        services.imports.run(county, "voters", ImportOptions(), progress=progress)
    assert dropped == [1]
    with services.db.read() as session:
        assert session.query(Voter).count() == 0 and session.query(ImportBatch).count() == 0
    assert services.imports.run(county, "voters").created == 3 * VOTER_CHUNK


def test_two_processes_importing_and_editing_at_once_lose_nothing_and_make_no_duplicate(
        db_path: Any, tmp_path: Path) -> None:
    target = str(db_path)
    seed = run_cli("--db", target, "people", "add", "--given", "Kim", "--family", "Okafor", "--json")
    assert seed.returncode == 0, seed.stderr
    uuid = seed.stdout.split('"uuid": "')[1].split('"')[0]
    first = write_csv(tmp_path / "first.csv", people_rows(300))
    second = write_csv(tmp_path / "second.csv", people_rows(300, start=150))  # 150 of the same people
    jobs = [subprocess.Popen([*CLI, "--db", target, *args], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for args in (["import", "people", str(first)], ["import", "people", str(second)],
                         ["people", "edit", uuid, "--zip", "27699"])]
    outcomes = [(job.wait(timeout=600), job.stderr.read() if job.stderr else "") for job in jobs]
    assert all(code == 0 for code, _err in outcomes), outcomes
    assert not any("Traceback" in err for _code, err in outcomes)
    services = open_chapter(db_path)
    try:
        with services.db.read() as session:
            assert session.query(Person).count() == 450 + 1  # no one twice
            assert session.query(ImportBatch).count() == 2
        shown = run_cli("--db", target, "people", "show", uuid, "--json")
        assert '"27699"' in shown.stdout, shown.stderr  # the edit made meanwhile is kept
    finally:
        services.close()


def test_a_password_in_the_url_is_never_printed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"postgresql://ana:s3cret@/riverside?host={tmp_path / 'no server here'}"
    assert main(["--db", url, "init", "--chapter", "Riverside"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and err.count("\n") == 1 and "s3cret" not in err and "ana:***@" in err


def test_the_services_name_a_server_location_without_its_password(services: Services, db_backend: str) -> None:
    location = services.server_location
    if db_backend == "sqlite":
        assert location is None and services.path is not None
    else:
        assert location.startswith("postgresql://") and services.path is None
        assert ":" not in location.split("@")[0].removeprefix("postgresql://") or "***" in location


def test_upgrades_take_turns_on_a_server(pg_database: ServerDatabase) -> None:
    """The lock a schema upgrade (and a walk-in's find-or-add) holds: a second holder waits for the first."""
    import threading
    import time

    from organizer.storage.writer_lock import one_at_a_time

    engine = pg_database.create_engine()
    order: list[str] = []
    try:
        with engine.connect() as first:
            first.begin()
            one_at_a_time(first, "upgrade")

            def second() -> None:
                with engine.connect() as conn, conn.begin():
                    one_at_a_time(conn, "upgrade")
                    order.append("second")
            waiting = threading.Thread(target=second)
            waiting.start()
            time.sleep(0.5)
            order.append("first done")
            first.commit()
            waiting.join(timeout=30)
        assert order == ["first done", "second"]
    finally:
        engine.dispose()
