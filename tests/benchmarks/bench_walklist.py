"""Building walk lists from a big roll: every precinct (turfs of ~60 doors, xlsx written), and one precinct.

Run: .venv/bin/python tests/benchmarks/bench_walklist.py [VOTERS] [--all-pdf]   (default 100,000; prints figures;
--all-pdf also writes every precinct as a PDF)
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path

from organizer.services.container import create_chapter
from organizer.services.imports import ImportOptions
from organizer.services.walklists import Outputs, WalkFilters

STREETS = ["Main St", "Oak Ave", "N Elm St", "Pine Rd", "Cedar Ln", "Maple Dr", "S 3rd St", "Hill Ct", "Lake Blvd"]


def make_roll(path: Path, voters: int, seed: int = 3) -> int:
    rng = random.Random(seed)
    precincts = max(voters // 2000, 1)
    with path.open("w", encoding="utf-8") as fh:
        fh.write("voter_reg_num\tlast_name\tfirst_name\tres_street_address\tzip_code\tprecinct_abbrv\tparty_cd\n")
        for i in range(voters):
            p = i % precincts
            street = f"{STREETS[rng.randrange(len(STREETS))]}"
            unit = f" Apt {rng.randrange(1, 12)}{'AB'[rng.randrange(2)]}" if rng.random() < 0.15 else ""
            number = rng.randrange(1, 400)
            fh.write(f"V{i}\tFAMILY{rng.randrange(5000)}\tGIVEN{rng.randrange(900)}\t{number} {street} P{p}{unit}\t"
                     f"{27600 + p % 40}\t{p // 10:02d}-{p % 10:02d}\tDEM\n")
    return precincts


class Timer:
    """Wall-clock and CPU seconds of a block (CPU is what to compare on a shared, busy machine)."""

    def __enter__(self) -> Timer:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu

    def __str__(self) -> str:
        return f"{self.wall:.2f} s wall, {self.cpu:.2f} s CPU"


def main() -> None:
    numbers = [a for a in sys.argv[1:] if a.isdigit()]
    voters = int(numbers[0]) if numbers else 100_000
    tmp = Path(tempfile.mkdtemp(prefix="bench-walk-"))
    services = create_chapter(tmp / "c.db", "Bench")
    make_roll(tmp / "roll.txt", voters)
    start = time.perf_counter()
    services.imports.run(tmp / "roll.txt", "voters", ImportOptions())
    print(f"roll of {voters:,} voters imported in {time.perf_counter() - start:.1f} s (setup); "
          f"load average {os.getloadavg()[0]:.1f}")
    with Timer() as took:
        result = services.walklists.build(WalkFilters(), 60, "All", Outputs(tmp / "all.xlsx"))
    print(f"every precinct: {result.turfs:,} turfs, {result.doors:,} doors, {result.people:,} people, "
          f"xlsx written: {took}")
    with Timer() as took:
        one = services.walklists.build(WalkFilters(precincts=("00-00",)), 60, "One", Outputs(tmp / "one.xlsx"))
    print(f"one precinct: {one.people:,} voters, {one.doors:,} doors, {one.turfs} turfs, xlsx: {took}")
    with Timer() as took:
        services.walklists.export(one.list_id, Outputs(pdf=tmp / "one.pdf"))
    print(f"one precinct as PDF: {took}")
    if "--all-pdf" in sys.argv:
        with Timer() as took:
            services.walklists.export(result.list_id, Outputs(pdf=tmp / "all.pdf"))
        print(f"every precinct as PDF: {took}")
    print(f"load average {os.getloadavg()[0]:.1f}")
    services.close()


if __name__ == "__main__":
    main()
