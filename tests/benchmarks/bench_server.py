"""Server benchmark: the same work on a local PostgreSQL server and on SQLite, in the same run.

Prints: the 100,000-row people import (csv) into an empty chapter on each, and the ratio (target: the
server within 1.5x of SQLite); searches over 100,000 people on the server (target: under 50 ms); a
million-voter county file loaded into the server (target: under 60 s); the app process's peak memory
in each (target: under 300 MB). Each import runs in a fresh process, as a user runs it.

Uses the server named by ORGANIZER_TEST_PG_URL (a maintenance database whose user may create
databases), or starts a throwaway one as `python3 make.py test` does.

    .venv/bin/python tests/benchmarks/bench_server.py [PEOPLE] [VOTERS] [--only people,search,voters]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from functools import partial
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "benchmarks")]

import bench_search  # noqa: E402
import bench_voters  # noqa: E402
from bench_import import write_files  # noqa: E402

import make  # noqa: E402
from organizer.services.container import create_chapter  # noqa: E402
from organizer.services.people import PeopleQuery, PeopleService  # noqa: E402
from organizer.storage.server import ServerDatabase  # noqa: E402

CHILD = """
import json, resource, sys, time
from pathlib import Path
from organizer.services.container import open_chapter
from organizer.storage.location import location_of
services = open_chapter(location_of(sys.argv[1]))
start = time.perf_counter()
report = services.imports.run(Path(sys.argv[2]), sys.argv[3])
elapsed = time.perf_counter() - start
services.close()
usage = resource.getrusage(resource.RUSAGE_SELF)
reader = resource.getrusage(resource.RUSAGE_CHILDREN)
# VmHWM, not ru_maxrss: that one starts at the benchmark's own size, which a forked process inherits.
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(json.dumps({"elapsed": elapsed, "created": report.created, "rows": report.rows,
                  "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": peak / 1024,
                  "reader_cpu": reader.ru_utime + reader.ru_stime}))
"""
T = TypeVar("T")
PAGE = 200  # the People table's page: what the screen shows first
SEARCHES = ("silva", "maria", "ana lopez", "919200", "example.org", "okafor", "zzzz", "garcía 12")


def new_database(admin: str, name: str) -> ServerDatabase:
    maintenance = ServerDatabase(admin)
    with closing(maintenance.raw_connect()) as con:
        con.autocommit = True
        con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        con.execute(f'CREATE DATABASE "{name}"')
    return ServerDatabase(maintenance.url().set(database=name))


def timed_import(where: str, path: Path, kind: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", CHILD, where, str(path), kind], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def bench_people_import(admin: str, folder: Path, rows: int) -> None:
    csv_path, _xlsx = write_files(folder, rows)
    server = new_database(admin, "bench_people")
    create_chapter(server, "Bench", "US").close()
    create_chapter(folder / "bench.db", "Bench", "US").close()
    on_file = timed_import(str(folder / "bench.db"), csv_path, "people")
    on_server = timed_import(str(server), csv_path, "people")
    print(f"people import, {rows:,} rows (csv): SQLite {on_file['elapsed']:.1f} s "
          f"(CPU {on_file['cpu']:.1f} s, peak {on_file['peak_mb']:.0f} MB), server {on_server['elapsed']:.1f} s "
          f"(CPU {on_server['cpu']:.1f} s, peak {on_server['peak_mb']:.0f} MB)"
          f": the server takes {on_server['elapsed'] / on_file['elapsed']:.2f}x SQLite's time (target within 1.5x)")
    again = timed_import(str(server), csv_path, "people")
    print(f"the same file again into the server (every row matched): {again['elapsed']:.1f} s "
          f"(peak {again['peak_mb']:.0f} MB)")


def timed(times: list[float], work: Callable[[], T]) -> T:
    """Run `work`, adding its wall time in ms to `times`."""
    start = time.perf_counter()
    result = work()
    times.append((time.perf_counter() - start) * 1000)
    return result


def search_and_count(people: PeopleService, query: PeopleQuery) -> tuple[list[int], int]:
    """What the People screen fetches once the first page is up: every id, and the chapter's total."""
    return people.search_ids(query), people.count()


def bench_people_search(admin: str, people: int) -> None:
    server = new_database(admin, "bench_search")
    services = create_chapter(server, "Bench", "US")
    try:
        bench_search.fill(services, people)
        with closing(server.raw_connect()) as con:
            con.autocommit = True
            con.execute("VACUUM ANALYZE")
        for term in SEARCHES:
            parts: list[list[float]] = [[], [], [], []]  # first ids, their rows, the page as the screen waits, the rest
            query = PeopleQuery(text=term)
            for _ in range(5):
                ids, _complete = timed(parts[0], partial(services.people.first_ids, query, PAGE))
                timed(parts[1], partial(services.people.rows, ids[:PAGE]))
                # What the People screen waits for before it shows anything (the chapter's total included only
                # when the ids are complete); then every id and the total, with the first page up.
                page = timed(parts[2], partial(services.people.first_page, query, PAGE))
                if not page.complete:
                    everyone = timed(parts[3], partial(search_and_count, services.people, query))[0]
                else:
                    everyone = page.ids
            first, rows, waited, rest = (statistics.median(p) if p else 0.0 for p in parts)
            print(f"search {term!r} over {people:,} people on the server: {waited:.1f} ms to the first page "
                  f"(the screen's wait: ids {first:.1f} + its rows {rows:.1f}{' + the count' if page.complete else ''};"
                  f" median of 5; target under 50 ms); every id and the count {rest:.1f} ms after it "
                  f"({len(everyone):,} found)")
    finally:
        services.close()


def bench_voter_load(admin: str, folder: Path, rows: int) -> None:
    roll = folder / "county.txt"
    rng = random.Random(1)
    with roll.open("w", encoding="utf-8") as fh:
        fh.write("\t".join(bench_voters.HEADER) + "\n")
        for i in range(rows):
            fh.write("\t".join(bench_voters.fake_voter(rng, i)) + "\n")
    size = f"{rows:,} voters ({roll.stat().st_size / 1e6:.0f} MB)"
    create_chapter(folder / "voters.db", "Bench", "US").close()
    on_file = timed_import(str(folder / "voters.db"), roll, "voters")
    print(f"voter file, {size} into SQLite: {on_file['elapsed']:.1f} s (app CPU {on_file['cpu']:.1f} s, its reading "
          f"process {on_file['reader_cpu']:.1f} s), "
          f"peak {on_file['peak_mb']:.0f} MB")
    server = new_database(admin, "bench_voters")
    create_chapter(server, "Bench", "US").close()
    loaded = timed_import(str(server), roll, "voters")
    print(f"voter file, {size} into the server: "
          f"{loaded['elapsed']:.1f} s (app CPU {loaded['cpu']:.1f} s, its reading process {loaded['reader_cpu']:.1f} s; "
          f"{rows / loaded['elapsed']:,.0f} rows/s; "
          f"target under 60 s), peak {loaded['peak_mb']:.0f} MB (target under 300 MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description="Server benchmark (figures printed).")
    parser.add_argument("people", nargs="?", type=int, default=100_000, help="people to import and search")
    parser.add_argument("voters", nargs="?", type=int, default=1_000_000, help="voters to load")
    parser.add_argument("--only", default="people,search,voters", help="parts to run, comma-separated")
    args = parser.parse_args()
    people, voters, only = args.people, args.voters, set(args.only.split(","))
    admin = os.environ.get(make.PG_URL_ENV, "").strip()
    with tempfile.TemporaryDirectory(prefix="bench-server-") as tmp:
        folder = Path(tmp)
        cluster = None
        if not admin:
            cluster = Path(tempfile.mkdtemp(prefix="organizer-pg-"))
            admin = make.pg_start(cluster)
        try:
            if "people" in only:
                bench_people_import(admin, folder, people)
            if "search" in only:
                bench_people_search(admin, people)
            if "voters" in only:
                bench_voter_load(admin, folder, voters)
        finally:
            if cluster is not None:
                make.pg_stop(cluster)


if __name__ == "__main__":
    main()
