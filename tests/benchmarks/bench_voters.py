"""Voter-roll benchmark: a county file of a million rows (tab-delimited) imported, then refreshed.

Prints the time, rows/second and peak memory; the point is that memory stays flat.

    .venv/bin/python tests/benchmarks/bench_voters.py [ROWS]
"""

from __future__ import annotations

import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from organizer.services.container import create_chapter  # noqa: E402

HEADER = ["voter_reg_num", "last_name", "first_name", "middle_name", "res_street_address", "res_city_desc",
          "zip_code", "precinct_abbrv", "party_cd", "voter_status_desc", "birth_year"]
STREETS = ["N MAIN ST", "ELM ST", "OAK AVE", "MARTIN LUTHER KING JR BLVD", "LAKEVIEW DR", "CHURCH RD", "PINE LN"]
NAMES = ["SMITH", "JOHNSON", "WILLIAMS", "BROWN", "JONES", "GARCIA", "MILLER", "DAVIS", "RODRIGUEZ", "MARTINEZ"]
GIVEN = ["JAMES", "MARY", "ROBERT", "PATRICIA", "JOHN", "JENNIFER", "MICHAEL", "LINDA", "DAVID", "MARIA"]


def write_roll(path: Path, rows: int, seed: int) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        fh.write("\t".join(HEADER) + "\n")
        for i in range(rows):
            unit = f" APT {rng.randint(1, 40)}" if i % 9 == 0 else ""
            fh.write("\t".join([
                f"NC{i:09d}", rng.choice(NAMES), rng.choice(GIVEN), rng.choice(GIVEN)[:1],
                f"{rng.randint(1, 9999)} {rng.choice(STREETS)}{unit}", "RALEIGH", f"276{rng.randint(0, 99):02d}",
                f"{rng.randint(1, 40):02d}-{rng.randint(1, 9):02d}", rng.choice(["DEM", "REP", "UNA", "LIB"]),
                "ACTIVE" if rng.random() < 0.9 else "INACTIVE", str(rng.randint(1930, 2006)),
            ]) + "\n")


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    folder = Path(tempfile.mkdtemp(prefix="bench-voters-"))
    roll = folder / "county.txt"
    write_roll(roll, rows, seed=1)
    services = create_chapter(folder / "c.db", "Bench", "US")
    print(f"{rows:,} voters, file {roll.stat().st_size / 1e6:.0f} MB")
    for label in ("first load", "same file again"):
        start = time.perf_counter()
        report = services.imports.run(roll, "voters")
        elapsed = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{label}: {elapsed:.1f} s ({rows / elapsed:,.0f} rows/s), created {report.created:,}, "
              f"updated {report.updated:,}, unchanged {report.unchanged:,}; peak memory so far {peak:.0f} MB")
    services.close()


if __name__ == "__main__":
    main()
