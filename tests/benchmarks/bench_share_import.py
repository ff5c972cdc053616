"""Importing a share workbook of a chapter with many people and their related records (prints figures).

The source chapter has PEOPLE people (an email, a phone, an address and a tag each), volunteers,
events with shifts and attendances, petitions with sheets and signatures, lists with members and
contact attempts. Its share workbook is imported, each step in a process of its own (so its peak
memory is its own), into:

  empty      an empty chapter
  again      the same chapter again (the same file twice changes nothing)
  overlap    a chapter that already holds half of the people under its own uuids (its own people
             import of the same names, emails and phones): they are found by the matching rules

For each it prints wall and CPU seconds (of the import process, and of the child that reads the workbook) and the peak memory of the import process (and of the child
that reads the workbook). The machine load is printed first and last.

    .venv/bin/python tests/benchmarks/bench_share_import.py [PEOPLE] [FOLDER] [--server=ADMIN_URL]

With --server (a PostgreSQL URL whose user may create databases, as `python3 make.py pg-start` prints),
the chapters that receive the workbook are server databases (bench_share_b and bench_share_c).

A FOLDER given keeps the source workbook between runs (it is built only when missing).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def _people_csv(path: Path, people: int, step: int = 1) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write("First Name,Last Name,Email,Phone,Street,City,Zip,Tags\n")
        for i in range(0, people, step):
            fh.write(f"Ana{i % 500},Silva{i // 3},p{i}@example.org,919{2000000 + i:07d},{i} Main St,"
                     f"Raleigh,27{i % 1000:03d},Door knocker\n")


def _insert(conn: Any, table: str, rows: list[dict[str, Any]]) -> list[int]:
    from organizer.storage.ids import insert_returning_ids
    from organizer.storage.models.base import Base, new_uuid

    t = Base.metadata.tables[table]
    now = datetime.now(UTC)
    columns = [*rows[0], "uuid", "created_at", "modified_at"]
    tuples = [(*r.values(), new_uuid(), now, now) for r in rows]
    return insert_returning_ids(conn, t, columns, tuples)


def _related(conn: Any, people: list[int]) -> None:
    """Volunteers, events, shifts, attendances, petitions, sheets, signatures, lists, contact attempts."""
    n = len(people)
    start = datetime(2026, 3, 1, 18, tzinfo=UTC)
    _insert(conn, "volunteers", [{"person_id": p, "notes": f"note {i}"} for i, p in enumerate(people[::5])])
    events = _insert(conn, "events", [{"title": f"Meeting {i}", "starts_at": start + timedelta(days=i)}
                                      for i in range(max(2, n // 500))])
    shifts = _insert(conn, "shifts", [{"event_id": e, "name": f"Shift {k}"} for e in events for k in range(2)])
    _insert(conn, "attendances", [{"event_id": events[i % len(events)], "person_id": p,
                                   "shift_id": shifts[2 * (i % len(events))], "role": "volunteer"}
                                  for i, p in enumerate(people[::2])])
    petitions = _insert(conn, "petitions", [{"title": f"Petition {i}"} for i in range(3)])
    sheets = _insert(conn, "petition_sheets", [{"petition_id": petitions[i % 3], "sheet_number": i + 1,
                                                "circulator_id": people[i]} for i in range(max(3, n // 200))])
    _insert(conn, "signatures", [{"petition_id": petitions[(i // 10) % 3], "sheet_id": sheets[i // 10 % len(sheets)],
                                  "line": i % 10 + 1, "person_id": p, "printed_name": f"Ana Silva {i}",
                                  "date_signed": date(2026, 4, 1)} for i, p in enumerate(people[::2])])
    lists = _insert(conn, "lists", [{"name": f"List {i}"} for i in range(5)])
    from sqlalchemy import insert

    from organizer.storage.models.base import Base

    conn.execute(insert(Base.metadata.tables["list_members"]),
                 [{"list_id": lists[i % 5], "person_id": p} for i, p in enumerate(people[::4])])
    _insert(conn, "contact_attempts", [{"person_id": p, "attempted_at": start, "notes": "door"}
                                       for p in people[::4]])


def build(folder: Path, people: int) -> Path:
    """Chapter A with the people and their records, and its share workbook."""
    from sqlalchemy import select

    from organizer.services.container import create_chapter
    from organizer.services.imports import ImportOptions
    from organizer.services.sharing.options import ShareRequest
    from organizer.storage.models import Person

    out = folder / "share.xlsx"
    if out.exists():
        return out
    source = folder / "people.csv"
    _people_csv(source, people)
    a = create_chapter(folder / "a.db", "Chapter A", "US")
    a.imports.run(source, "people", ImportOptions())
    with a.db.write() as session:
        ids = list(session.scalars(select(Person.id).order_by(Person.id)))
        _related(session.connection(), ids)
    a.sharing.export(ShareRequest(out))
    a.close()
    return out


def _server_database(admin: str, name: str, *, fresh: bool) -> Any:
    """A database on the server (made anew when ``fresh``)."""
    from contextlib import closing

    from organizer.storage.server import ServerDatabase

    maintenance = ServerDatabase(admin)
    if fresh:
        with closing(maintenance.raw_connect()) as con:
            con.autocommit = True
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            con.execute(f'CREATE DATABASE "{name}"')
    return ServerDatabase(maintenance.url().set(database=name))


def phase(name: str, folder: Path, people: int, server: str = "") -> dict[str, Any]:
    """One import (in this process): its figures."""
    from organizer.services.container import create_chapter, open_chapter
    from organizer.services.imports import ImportOptions

    out = folder / "share.xlsx"
    target: Any = folder / ("b.db" if name in ("empty", "again") else "c.db")
    if server:
        target = _server_database(server, "bench_share_b" if name in ("empty", "again") else "bench_share_c",
                                  fresh=name != "again")
    if name == "overlap":
        if not server:
            target.unlink(missing_ok=True)
        c = create_chapter(target, "Chapter C", "US")
        half = folder / "half.csv"
        _people_csv(half, people, step=2)
        c.imports.run(half, "people", ImportOptions())
        c.close()
    if name == "empty":
        if not server:
            target.unlink(missing_ok=True)
        services = create_chapter(target, "Chapter B", "US")
    else:
        services = open_chapter(target)
    wall, cpu, child = time.perf_counter(), time.process_time(), _children_cpu()
    result = services.sharing.import_share(out)
    wall, cpu, child = time.perf_counter() - wall, time.process_time() - cpu, _children_cpu() - child
    services.close()
    r = result.result
    return {"phase": name, "wall": wall, "cpu": cpu, "child_cpu": child, "created": r.created, "updated": r.updated,
            "unchanged": r.unchanged, "rejected": r.rejected,
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "child_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--phase":
        print(json.dumps(phase(sys.argv[2], Path(sys.argv[3]), int(sys.argv[4]), sys.argv[5])))
        return
    args = [a for a in sys.argv[1:] if not a.startswith("--server=")]
    server = next((a.removeprefix("--server=") for a in sys.argv[1:] if a.startswith("--server=")), "")
    people = int(args[0]) if args else 10_000
    folder = Path(args[1]) if len(args) > 1 else Path(tempfile.mkdtemp(prefix="bench-share-in-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"load: {os.getloadavg()[0]:.2f}")
    out = build(folder, people)
    print(f"{people:,} people; workbook {out.stat().st_size / 1e6:.1f} MB; into "
          f"{'a PostgreSQL server' if server else 'SQLite'}")
    for name in ("empty", "again", "overlap"):
        done = subprocess.run([sys.executable, __file__, "--phase", name, str(folder), str(people), server],
                              check=True, capture_output=True, text=True)
        f = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"{name:8} wall {f['wall']:6.1f} s  cpu {f['cpu']:6.1f} s (+ reader {f['child_cpu']:5.1f} s)  peak {f['rss_mb']:5.0f} MB "
              f"(reader {f['child_rss_mb']:4.0f} MB)  created {f['created']:,} updated {f['updated']:,} "
              f"unchanged {f['unchanged']:,} rejected {f['rejected']:,}")
    print(f"load: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
