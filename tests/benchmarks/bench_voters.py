"""Voter-roll benchmark: a chapter with a million voters; opening the Voters list and searching it.

Builds the roll by bulk insert (the import itself is timed with --import, from a county file), then
times what the Voters screen runs: the first page of the roll or of a search (an ordered pass that
stops after a page) with its rows and the roll's size, which is what the screen waits for; then the
whole list of ids it loads after that in the background (what it used to wait for). Prints figures.

    .venv/bin/python tests/benchmarks/bench_voters.py [ROWS | CHAPTER.db] [--import]
"""

from __future__ import annotations

import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import cast

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sqlalchemy import Table  # noqa: E402

from organizer.domain.addresses import parse_street  # noqa: E402
from organizer.domain.text import family_key, name_key  # noqa: E402
from organizer.domain.voter_search import voter_search_key  # noqa: E402
from organizer.services.container import Services, create_chapter, open_chapter  # noqa: E402
from organizer.services.voters import VoterQuery, VoterService  # noqa: E402
from organizer.storage.bulk import bulk_insert_tuples  # noqa: E402
from organizer.storage.bulk_indexes import indexes_rebuilt_after  # noqa: E402
from organizer.storage.models import Voter  # noqa: E402
from organizer.storage.voter_text import TEXT_TABLE, has_text_index, index_voters_after  # noqa: E402

HEADER = ["voter_reg_num", "last_name", "first_name", "middle_name", "res_street_address", "res_city_desc",
          "zip_code", "precinct_abbrv", "party_cd", "voter_status_desc", "birth_year"]
STREETS = ["N MAIN ST", "ELM ST", "OAK AVE", "MARTIN LUTHER KING JR BLVD", "LAKEVIEW DR", "CHURCH RD", "PINE LN",
           *(f"{w} {t}" for w in ("BIRCH", "CEDAR", "HARGETT", "TRYON", "GLENWOOD", "BOUNDARY", "PERSON", "WADE")
             for t in ("ST", "AVE", "RD", "DR"))]
NAMES = ["SMITH", "JOHNSON", "WILLIAMS", "BROWN", "JONES", "GARCIA", "MILLER", "DAVIS", "RODRIGUEZ", "MARTINEZ",
         "NGUYEN", "OKAFOR", "SILVA", "CHEN", "PATEL", "KOWALSKI", "O'BRIEN", "DIAZ", "LEE", "ABDULLAH"]
GIVEN = ["JAMES", "MARY", "ROBERT", "PATRICIA", "JOHN", "JENNIFER", "MICHAEL", "LINDA", "DAVID", "MARIA", "ANA",
         "WEI", "FATIMA", "CHIDI", "JOSE", "KIM", "PRIYA", "OMAR", "ZOE", "LUKASZ"]
SEARCHES = ("smith", "williams", "maria smith", "okafor chidi", "hargett", "1234 main", "nc000123456", "o'brien",
            "zzzz", "ma", "apt 12")
PAGE_SIZE = 200  # the Voters table's page
SCREEN = (("open", VoterQuery()), ("search 'smith'", VoterQuery(text="smith")),
          ("search 'williams'", VoterQuery(text="williams")), ("search 'maria smith'", VoterQuery(text="maria smith")),
          ("search '1234 main'", VoterQuery(text="1234 main")), ("search 'nc000123456'", VoterQuery(text="nc000123456")),
          ("search 'zzzz'", VoterQuery(text="zzzz")), ("precinct 07-03", VoterQuery(precinct="07-03")),
          ("precinct 07-03 + 'smith'", VoterQuery(precinct="07-03", text="smith")))
COLUMNS = ["voter_id", "given_name", "family_name", "additional_name", "street_address", "street_number",
           "street_number_value", "street_name", "locality", "region", "postal_code", "precinct", "party", "status",
           "birth_year", "name_key", "family_key", "search_key"]


def fake_voter(rng: random.Random, i: int) -> list[str]:
    unit = f" APT {rng.randint(1, 40)}" if i % 9 == 0 else ""
    return [f"NC{i:09d}", rng.choice(NAMES), rng.choice(GIVEN), rng.choice(GIVEN)[:1],
            f"{rng.randint(1, 9999)} {rng.choice(STREETS)}{unit}", "RALEIGH", f"276{rng.randint(0, 99):02d}",
            f"{rng.randint(1, 40):02d}-{rng.randint(1, 9):02d}", rng.choice(["DEM", "REP", "UNA", "LIB"]),
            "ACTIVE" if rng.random() < 0.9 else "INACTIVE", str(rng.randint(1930, 2006))]


def fill_roll(services: Services, rows: int, seed: int) -> None:
    """A million voters by bulk insert, search keys included; the list's indexes are built once at the end."""
    rng = random.Random(seed)
    table = cast(Table, Voter.__table__)
    with services.db.write() as session:
        conn = session.connection()
        with indexes_rebuilt_after(conn, [table], tuple(i.name for i in table.indexes if i.name)):
            for start in range(0, rows, 20_000):
                batch = []
                for i in range(start, min(rows, start + 20_000)):
                    vid, family, given, middle, street, city, zip5, precinct, party, status, year = fake_voter(rng, i)
                    parts = parse_street(street)
                    batch.append((vid, given, family, middle, street, parts.number, parts.number_value, parts.street,
                                  city, "NC", zip5, precinct, party, status.lower(), int(year),
                                  name_key(given, family), family_key(family),
                                  voter_search_key(family, given, middle, "", street, parts.unit, vid)))
                bulk_insert_tuples(conn, table, COLUMNS, batch)
        start, start_cpu = time.perf_counter(), time.process_time()
        index_voters_after(conn, 0)  # what the import does after its bulk insert
        print(f"text index filled in {time.perf_counter() - start:.1f} s wall, "
              f"{time.process_time() - start_cpu:.1f} s CPU")


def timed(label: str, fn: object, repeat: int = 3) -> float:
    """Best of `repeat`: wall time, and this process's CPU time (what the wall time is on an idle machine)."""
    best, cpu, result = float("inf"), float("inf"), None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()  # type: ignore[operator]
        best, cpu = min(best, time.perf_counter() - start), min(cpu, time.process_time() - start_cpu)
    size = f"{len(result):,} ids" if isinstance(result, list) else str(result)
    print(f"  {label:<52} {best * 1000:7.0f} ms wall {cpu * 1000:7.0f} ms CPU   ({size})")
    return best


def first_page(service: VoterService, query: VoterQuery) -> list[int]:
    """What the Voters screen waits for before it shows a search: the first page's ids (an ordered pass that
    stops there), their rows, and the size of the roll."""
    ids = service.search_ids(query, limit=PAGE_SIZE)
    service.rows(ids)
    service.count()
    return ids


def whole_list(service: VoterService, query: VoterQuery) -> list[int]:
    """Every matching id in order, the first page's rows and the roll's size: what the screen waited for before
    it showed anything, until it showed a first page first (now the ids come after it, in the background)."""
    ids = service.search_ids(query)
    service.rows(ids[:PAGE_SIZE])
    service.count()
    return ids


def bench_screen(services: Services) -> None:
    """Opening the list and searching it as the screen does: the first page, then (in the background) the rest."""
    print(f"The Voters screen: the first page ({PAGE_SIZE} rows) it shows, and the whole list of ids it loads after:")
    for label, query in SCREEN:
        timed(f"{label}: first page", lambda q=query: first_page(services.voters, q))
        timed(f"{label}: whole list (first page, then the rest)", lambda q=query: whole_list(services.voters, q))


def bench_list(services: Services) -> None:
    voters = services.voters
    bench_screen(services)
    with services.db.read() as session:
        indexed = has_text_index(session.connection())
    paths = [("scan", VoterService(services.db, text_index=False))]
    if indexed:
        paths.append(("index", VoterService(services.db, text_index=True)))
    for path, service in paths:
        print(f"Searching, {'the text index narrowing' if path == 'index' else 'one scan of the search key'} "
              "(first page / all ids in name order):")
        for text in SEARCHES:
            timed(f"[{path}] first page {text!r}",
                  lambda t=text, s=service: s.search_ids(VoterQuery(text=t), limit=PAGE_SIZE))
            timed(f"[{path}] search {text!r}", lambda t=text, s=service: s.search_ids(VoterQuery(text=t)))
        timed(f"[{path}] count 'smith'", lambda s=service: s.count(VoterQuery(text="smith")))
        timed(f"[{path}] status inactive + search 'garcia'",
              lambda s=service: s.search_ids(VoterQuery(status="inactive", text="garcia")))
    print("Filtering (all ids):")
    timed("precinct 07-03", lambda: voters.search_ids(VoterQuery(precinct="07-03")))
    timed("party LIB", lambda: voters.search_ids(VoterQuery(party="LIB")))
    timed("filter choices (precincts, parties, statuses)", lambda: len(voters.choices().precincts), repeat=1)
    ids = voters.search_ids(VoterQuery())
    timed("a page of 200 rows from the middle", lambda: voters.rows(ids[len(ids) // 2 : len(ids) // 2 + 200]))


def bench_import(services: Services, folder: Path, rows: int) -> None:
    """The import as the app runs it, with the text index kept in step; then into a chapter without the index."""
    roll = folder / "county.txt"
    rng = random.Random(1)
    with roll.open("w", encoding="utf-8") as fh:
        fh.write("\t".join(HEADER) + "\n")
        for i in range(rows):
            fh.write("\t".join(fake_voter(rng, i)) + "\n")
    print(f"{rows:,} voters, file {roll.stat().st_size / 1e6:.0f} MB")
    plain = create_chapter(folder / "plain.db", "Bench", "US")
    with plain.db.write() as session:
        session.connection().exec_driver_sql(f"DROP TABLE {TEXT_TABLE}")
    try:
        for chapter, what in ((services, "with the text index"), (plain, "without the text index")):
            for label in ("first load", "same file again"):
                start, start_cpu = time.perf_counter(), time.process_time()
                report = chapter.imports.run(roll, "voters")
                elapsed, cpu = time.perf_counter() - start, time.process_time() - start_cpu
                peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                print(f"{what}, {label}: {elapsed:.1f} s wall, {cpu:.1f} s CPU ({rows / elapsed:,.0f} rows/s), "
                      f"created {report.created:,}, updated {report.updated:,}, unchanged {report.unchanged:,}; "
                      f"peak memory so far {peak:.0f} MB")
    finally:
        plain.close()
    print(f"chapter file {(folder / 'c.db').stat().st_size / 1e6:.0f} MB with the index, "
          f"{(folder / 'plain.db').stat().st_size / 1e6:.0f} MB without")


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (wall times grow with it)")
    if args and not args[0].isdigit():  # a chapter built by an earlier run: time the list again
        services = open_chapter(Path(args[0]))
        bench_list(services)
        services.close()
        return
    rows = int(args[0]) if args else 1_000_000
    folder = Path(tempfile.mkdtemp(prefix="bench-voters-"))
    services = create_chapter(folder / "c.db", "Bench", "US")
    print(f"chapter: {folder / 'c.db'} (pass it instead of ROWS to time the list again)")
    try:
        if "--import" in sys.argv:
            bench_import(services, folder, rows)
        else:
            start = time.perf_counter()
            fill_roll(services, rows, seed=1)
            print(f"{rows:,} voters inserted in {time.perf_counter() - start:.0f} s")
        bench_list(services)
    finally:
        services.close()


if __name__ == "__main__":
    main()
