"""Import benchmark: 100,000 messy people rows (xlsx and csv) into an empty database and again.

A second file of as many rows has names drawn from 100 given and 288 family names, as in a
county-sized list where most full names occur two or three times (and possible duplicates abound);
its imports alternate with the first file's, and its time is printed as a ratio to the first's.

Prints rows/second, peak memory (of each import process and of the child that reads and prepares
its rows) and the ratio to the practical floor measured in the same run: the fastest reader
reading the file plus a raw sqlite3 executemany of the same rows into one table, in one
transaction. It also prints what raw sqlite3 takes to write the rows the import really writes
(people, emails, phones, addresses, tags, volunteers, change records, possible duplicates, the
rebuilt indexes), and re-imports the csv with one new column so that every person is updated.

    .venv/bin/python tests/benchmarks/bench_import.py [ROWS] [REPEATS]
"""

from __future__ import annotations

import csv
import json
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from organizer.services.container import create_chapter  # noqa: E402
from organizer.storage.location import SqliteFile  # noqa: E402

GIVEN = ["Maria", "José", "Wei", "Aisha", "John", "Fatima", "Nguyen", "Zoë", "DeShawn", "Ana", "Liam", "Priya",
         "Olga", "Kwame", "Sofia", "Hiroshi", "Lucía", "Omar", "Grace", "Mateo", "Keisha", "Dmitri", "Amara",
         "Luis", "Mei", "Tariq", "Emma", "Jamal", "Ingrid", "Carlos", "Yuki", "Nadia", "Samuel", "Leila"]
_ROOTS = ["Lop", "Chen", "Smith", "O'Bri", "Cruz", "Nguy", "John", "Khan", "Garc", "McDon", "Okaf", "Silv",
          "Kowal", "Hadd", "Tanak", "Ross", "Nov", "Ibrah", "Park", "Jens", "Mart", "Will", "Brown", "Dav"]
_ENDS = ["ez", "en", "son", "a", "i", "ski", "er", "ton", "ley", "ard", "o", ""]
# About 7,000 family names (some double-barrelled): in a real list most full names are rare.
FAMILY = [root + end for root in _ROOTS for end in _ENDS]
FAMILY += [f"{a}-{b}" for a in FAMILY[:60] for b in FAMILY[100:210]]
# A county-sized list: 100 given names (a few spelled two ways) and 288 family names, so most of the
# 28,800 full names occur two or three times in 100,000 rows.
REPEATED_GIVEN = [
    *GIVEN, "Anna", "Mariah", "Jon", "Sara", "Sarah", "Michael", "Michal", "Katherine", "Catherine", "David", "James",
    "Robert", "Linda", "Patricia", "Jennifer", "Elizabeth", "Barbara", "Susan", "Jessica", "Thomas", "Charles",
    "Christopher", "Daniel", "Matthew", "Anthony", "Mark", "Donald", "Steven", "Stephen", "Paul", "Andrew",
    "Joshua", "Kenneth", "Kevin", "Brian", "George", "Timothy", "Ronald", "Edward", "Jason", "Jeffrey", "Ryan",
    "Jacob", "Gary", "Nicholas", "Eric", "Jonathan", "Stephanie", "Nicole", "Helen", "Samantha", "Katherine-Ann",
    "Deborah", "Rachel", "Carolyn", "Janet", "Virginia", "Marisol", "Juan", "Rosa", "Miguel", "Alejandro", "Wen",
    "Amir", "Yusuf", "Ayesha",
]
REPEATED_FAMILY = FAMILY[: len(_ROOTS) * len(_ENDS)]
STREETS = ["Main St", "North Oak Avenue", "Elm Street", "Martin Luther King Jr Blvd", "Lakeview Dr", "Church Rd"]
ASCII_LETTERS = str.maketrans("éíóúëáñ", "eiouean")
HEADER = ["First Name", "Last Name", "E-mail", "Phone #", "Street Address", "City", "State", "Zip", "Tags",
          "Volunteer?", "Notes"]


def messy_phone(rng: random.Random, i: int) -> str:
    number = f"919{2000000 + i:07d}"
    shape = i % 5
    if shape == 0:
        return f"({number[:3]}) {number[3:6]}-{number[6:]}"
    if shape == 1:
        return f"{number[:3]}.{number[3:6]}.{number[6:]}"
    if shape == 2:
        return f"+1 {number[:3]} {number[3:6]} {number[6:]}"
    if shape == 3:
        return number
    return "" if rng.random() < 0.5 else "555-12"


def make_rows(count: int, repeated: bool = False) -> Iterator[list[str]]:
    """The same rows every call (seeded), generated one at a time to keep this process small."""
    rng = random.Random(42)
    givens, families = (REPEATED_GIVEN, REPEATED_FAMILY) if repeated else (GIVEN, FAMILY)
    for i in range(count):
        given, family = rng.choice(givens), rng.choice(families)
        local = f"{given}.{family}".lower().translate(ASCII_LETTERS).replace("'", "")
        email = f"{local}{i}@example.org" if i % 7 else ""
        yield [
            given if i % 13 else given.upper(), family, email.upper() if i % 11 == 0 else email,
            messy_phone(rng, i), f"{rng.randint(1, 9999)} {rng.choice(STREETS)}", "Raleigh", "NC",
            str(rng.choice([27601, 27605, 2134, 27610])), rng.choice(["", "Parent", "Teacher, Union member"]),
            rng.choice(["", "Y", "N"]), "",
        ]


def write_files(folder: Path, count: int, repeated: bool = False) -> tuple[Path, Path]:
    stem = "people-repeated" if repeated else "people"
    csv_path = folder / f"{stem}.csv"
    with csv_path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(make_rows(count, repeated))
    xlsx_path = folder / f"{stem}.xlsx"
    book = Workbook(write_only=True)
    sheet = book.create_sheet("People")
    sheet.append(HEADER)
    for row in make_rows(count, repeated):
        sheet.append([int(v) if j == 7 and v.isdigit() else v for j, v in enumerate(row)])
    book.save(xlsx_path)
    return csv_path, xlsx_path


def with_new_column(path: Path) -> Path:
    """The same rows with a "Shirt size" column added: re-importing it updates every person."""
    target = path.with_name("people-enriched.csv")
    with path.open(newline="", encoding="utf-8") as src, target.open("w", newline="", encoding="utf-8") as out:
        rows = csv.reader(src)
        writer = csv.writer(out)
        writer.writerow([*next(rows), "Shirt size"])
        writer.writerows([*row, "M"] for row in rows)
    return target


def floor_seconds(path: Path, folder: Path) -> float:
    """The fastest reader reading the file, plus a raw executemany of its rows in one transaction."""
    from python_calamine import CalamineWorkbook

    start = time.perf_counter()
    if path.suffix == ".xlsx":
        rows = list(CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).iter_rows())
    else:
        with path.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
    floor_db = folder / f"floor-{path.suffix[1:]}.db"
    floor_db.unlink(missing_ok=True)
    con = sqlite3.connect(floor_db)
    con.execute(f"CREATE TABLE t ({', '.join(f'c{i} TEXT' for i in range(len(HEADER)))})")
    with con:
        con.executemany(f"INSERT INTO t VALUES ({', '.join('?' * len(HEADER))})",
                        [[str(v) for v in r[: len(HEADER)]] + [""] * (len(HEADER) - len(r)) for r in rows[1:]])
    con.close()
    return time.perf_counter() - start


WRITTEN_TABLES = ("import_batches", "tags", "people", "email_addresses", "phone_numbers", "postal_addresses",
                  "taggings", "volunteers", "import_changes", "possible_duplicates")


def write_floor_seconds(imported: Path, template: Path, folder: Path) -> float:
    """Raw sqlite3 writing exactly the rows an import wrote, into the real schema, in one transaction.

    The rows are read back from the imported database first (not timed); then, timed: drop the
    indexes the import rebuilds, one executemany per table, rebuild those indexes, commit.
    """
    source = sqlite3.connect(imported)
    tables = {t: source.execute(f"SELECT * FROM {t}").fetchall() for t in WRITTEN_TABLES}
    source.close()
    target = folder / "write-floor.db"
    target.unlink(missing_ok=True)
    SqliteFile(template).backup_to(target)
    con = sqlite3.connect(target, isolation_level=None)
    con.execute("PRAGMA foreign_keys=ON")
    rebuilt = con.execute("SELECT name, sql FROM sqlite_master WHERE type='index' AND name IN "
                          "('ix_people_search', 'ix_people_sort', 'ix_people_created_at', "
                          "'ix_email_addresses_address', 'ix_phone_numbers_number', 'ix_postal_addresses_street_postal', "
                          "'ix_possible_duplicates_person_id', 'ix_possible_duplicates_other_person_id', "
                          "'ix_possible_duplicates_batch_id')").fetchall()
    start = time.perf_counter()
    con.execute("BEGIN IMMEDIATE")
    for name, _sql in rebuilt:
        con.execute(f"DROP INDEX {name}")
    for table in WRITTEN_TABLES:
        rows = tables[table]
        if rows:
            con.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(rows[0]))})", rows)
    for _name, sql in rebuilt:
        con.execute(sql)
    con.execute("COMMIT")
    elapsed = time.perf_counter() - start
    con.close()
    return elapsed


CHILD = """
import json, resource, sys, time
from pathlib import Path
from organizer.services.container import open_chapter
services = open_chapter(Path(sys.argv[1]))
start, cpu_start = time.perf_counter(), time.process_time()
report = services.imports.run(Path(sys.argv[2]), "people")
elapsed = time.perf_counter() - start
cpu = time.process_time() - cpu_start  # and the reader's, below
services.close()
counts = {k: getattr(report, k) for k in ("rows", "created", "updated", "unchanged", "rejected")}
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
reader = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
children = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu += children.ru_utime + children.ru_stime
print(json.dumps({"elapsed": elapsed, "counts": counts, "peak_mb": peak, "reader_peak_mb": reader,
                  "duplicates": report.possible_duplicates, "cpu": cpu}))
"""


READER_PEAKS: list[float] = []
DUPLICATES: dict[Path, int] = {}
CPU_SECONDS: dict[Path, list[float]] = {}  # each import's, in its process and its reader
UNDO_CHILD = """
import json, sys, time
from pathlib import Path
from organizer.services.container import open_chapter
services = open_chapter(Path(sys.argv[1]))
newest = max(b.id for b in services.imports.batches() if not b.undone)
start, cpu_start = time.perf_counter(), time.process_time()
report = services.imports.undo(newest, force=True)
counts = {"removed": report.removed, "restored": report.restored}
print(json.dumps({"elapsed": time.perf_counter() - start, "cpu": time.process_time() - cpu_start,
                  "counts": counts}))
services.close()
"""


def timed_undo(db: Path) -> tuple[float, float, dict[str, int]]:
    """Undo the newest import in a fresh process: seconds, CPU seconds, and what was removed and restored."""
    out = subprocess.run([sys.executable, "-c", UNDO_CHILD, str(db)], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    return result["elapsed"], result["cpu"], result["counts"]


def timed_import(db: Path, path: Path) -> tuple[float, dict[str, int], float]:
    """One import in a fresh process (as a user runs it): seconds, outcome counts, peak memory in MB."""
    out = subprocess.run([sys.executable, "-c", CHILD, str(db), str(path)], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    READER_PEAKS.append(result["reader_peak_mb"])
    DUPLICATES[path] = result["duplicates"]
    CPU_SECONDS.setdefault(path, []).append(result["cpu"])
    return result["elapsed"], result["counts"], result["peak_mb"]


def print_repeated(paths: tuple[Path, Path], runs: list[tuple[float, dict[str, int], float]],
                   first: tuple[float, float], count: int) -> None:
    """The repeated-names file's figures, and their ratio to the first file's (best and median).

    CPU seconds (of the import process and its reader) are printed too: on a busy machine they vary
    much less than the elapsed time.
    """
    best, counts, peak = min(runs)
    median = statistics.median(r[0] for r in runs)
    cpu_first, cpu = (CPU_SECONDS[path][: len(runs)] for path in paths)  # the alternating runs
    print(f"{paths[1].suffix} repeated names: empty database {best:.2f} s, median {median:.2f} s "
          f"({count / best:,.0f} rows/s, peak {peak:.0f} MB, {DUPLICATES[paths[1]]:,} possible duplicates) {counts}; "
          f"{best / first[0]:.2f}x the first file's best, {median / first[1]:.2f}x its median")
    print(f"{paths[1].suffix} CPU seconds, best and median: first file {min(cpu_first):.2f} s, "
          f"{statistics.median(cpu_first):.2f} s; repeated names {min(cpu):.2f} s, {statistics.median(cpu):.2f} s; "
          f"{min(cpu) / min(cpu_first):.2f}x and {statistics.median(cpu) / statistics.median(cpu_first):.2f}x")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    csv_path, xlsx_path = write_files(folder, count)
    repeated = dict(zip((".csv", ".xlsx"), write_files(folder, count, repeated=True), strict=True))
    template = folder / "template.db"
    create_chapter(template, "Bench", "US").close()
    print(f"{count:,} rows; files: csv {csv_path.stat().st_size / 1e6:.1f} MB, xlsx {xlsx_path.stat().st_size / 1e6:.1f} MB;"
          f" best and median of {repeats} runs (shared machines are noisy)")
    for path in (xlsx_path, csv_path):
        floor = min(floor_seconds(path, folder) for _ in range(repeats))
        db = folder / f"{path.suffix[1:]}.db"
        repeated_db = folder / f"repeated-{path.suffix[1:]}.db"
        runs, repeated_runs = [], []
        for _ in range(repeats):  # alternating, so both files see the same load on a shared machine
            SqliteFile(template).backup_to(db)
            runs.append(timed_import(db, path))
            SqliteFile(template).backup_to(repeated_db)
            repeated_runs.append(timed_import(repeated_db, repeated[path.suffix]))
        best, counts, peak = min(runs)
        median = statistics.median(r[0] for r in runs)
        written = float(subprocess.run(  # in its own process: it holds every written row in memory
            [sys.executable, __file__, "--write-floor", str(db), str(template), str(folder)],
            capture_output=True, text=True, check=True).stdout)
        again, counts_again, peak_again = timed_import(db, path)
        print(f"{path.suffix}: floor {floor:.2f} s | empty database {best:.2f} s, median {median:.2f} s "
              f"({count / best:,.0f} rows/s, {best / floor:.1f}x floor, peak {peak:.0f} MB) {counts}")
        print(f"{path.suffix}: of which the database writes alone (raw sqlite3, the same rows into the real schema) "
              f"take {written:.2f} s; reading plus those writes is {(floor + written) / floor:.1f}x floor")
        print(f"{path.suffix}: again into the same database {again:.2f} s "
              f"({count / again:,.0f} rows/s, {again / floor:.1f}x floor, peak {peak_again:.0f} MB) {counts_again}")
        print_repeated((path, repeated[path.suffix]), repeated_runs, (best, median), count)
        if path.suffix == ".csv":
            enriched, counts_enriched, peak_enriched = timed_import(db, with_new_column(path))
            print(f".csv with one new column (every person updated): {enriched:.2f} s "
                  f"({count / enriched:,.0f} rows/s, peak {peak_enriched:.0f} MB) {counts_enriched}")
            for label in ("that import", "the unchanged re-import", "the first import"):
                seconds, cpu, undone = timed_undo(db)
                print(f".csv: undo {label}: {seconds:.2f} s ({cpu:.2f} s CPU) {undone}")
    print(f"largest child that read and prepared an import's rows: {max(READER_PEAKS):.0f} MB")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--write-floor"]:
        print(write_floor_seconds(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])))
    else:
        main()
