"""Check-in benchmark: the door's type-ahead over 100,000 people (each keystroke's search), and one check-in.

    .venv/bin/python tests/benchmarks/bench_checkin.py [PEOPLE]

Prints the median time of each search as typed a letter at a time, for common names, a rare one, an
email, phone digits and a word nobody has (the worst case: every person's search text is scanned).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from organizer.services.container import create_chapter  # noqa: E402
from organizer.services.events import EventInput, WalkIn  # noqa: E402
from tests.benchmarks.bench_search import fill, timed  # noqa: E402

TYPED = ["m", "ma", "mar", "mari", "maria", "maria lop", "zo", "zoë nov", "maria5", "9192001234", "qqqq"]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as folder:
        services = create_chapter(Path(folder) / "bench.db", "Bench", "US")
        start = time.perf_counter()
        fill(services, count)
        print(f"filled {count:,} people in {time.perf_counter() - start:.1f} s")
        event = services.events.create(EventInput(title="Monthly meeting", start="2027-03-09 19:00",
                                                  time_zone="America/New_York"))[0].id
        for pid in range(1, 201):  # 200 RSVPs: they are searched first
            services.attendance.set_rsvp(event, pid, "registered")
        worst = 0.0
        for text in TYPED:
            found = services.attendance.find_for_kiosk(event, text)
            ms = timed(lambda t=text: services.attendance.find_for_kiosk(event, t))
            worst = max(worst, ms)
            print(f"search {text!r:>14}: {ms:7.1f} ms median, {len(found)} shown")
        print(f"slowest keystroke: {worst:.1f} ms")
        ms = timed(lambda: services.attendance.check_in(event, 500), repeat=5)
        print(f"check-in of a known person (then 'already checked in'): {ms:.1f} ms median")
        walk = [0]

        def walk_in() -> None:
            walk[0] += 1
            services.attendance.walk_in(event, WalkIn("New", f"Person{walk[0]}", f"new{walk[0]}@example.org"))

        print(f"walk-in check-in (a new person): {timed(walk_in, repeat=5):.1f} ms median")
        services.close()


if __name__ == "__main__":
    main()
