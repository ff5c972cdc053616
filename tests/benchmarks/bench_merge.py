"""Merge benchmark: two people with hundreds of records each (emails, phones, events, signatures,
prospects, contact attempts) merged, then the merge undone. Prints the time of each.

    .venv/bin/python tests/benchmarks/bench_merge.py [RECORDS_PER_KIND]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from organizer.services.container import create_chapter  # noqa: E402
from tests.service.merge_helpers import count, two_people  # noqa: E402

TABLES = ("email_addresses", "phone_numbers", "attendances", "signatures", "prospects", "contact_attempts")


def main() -> None:
    per_kind = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    folder = Path(tempfile.mkdtemp(prefix="bench-merge-"))
    services = create_chapter(folder / "c.db", "Bench", "US")
    ana, other = two_people(services, records=per_kind)
    records = sum(count(services, f"SELECT count(*) FROM {t} WHERE person_id = :p", p=other) for t in TABLES)
    print(f"{per_kind} records of each of {len(TABLES)} kinds a person: {records:,} records on the one merged in")
    for label, job in (("merge", lambda: services.review.merge(ana, other)),
                       ("undo", lambda: services.review.undo_merge(1))):
        start = time.perf_counter()
        job()
        print(f"{label}: {(time.perf_counter() - start) * 1000:.0f} ms")
    services.close()


if __name__ == "__main__":
    main()
