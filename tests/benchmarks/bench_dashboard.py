"""Dashboard and pipeline benchmark: every panel, the board's load and the reminders, over many people.

    .venv/bin/python tests/benchmarks/bench_dashboard.py [PEOPLE] [PROSPECTS]
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_search import fill, timed  # noqa: E402

from organizer.domain.codes import ProspectStage  # noqa: E402
from organizer.services.container import create_chapter  # noqa: E402
from organizer.services.dashboard import PANELS  # noqa: E402
from organizer.services.prospects_rows import ProspectInput  # noqa: E402


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    prospects = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    folder = Path(tempfile.mkdtemp(prefix="bench-dashboard-"))
    services = create_chapter(folder / "c.db", "Bench", "US")
    fill(services, count)
    stages = list(ProspectStage)
    for i in range(1, prospects + 1):
        due = date.today() + timedelta(days=i % 40 - 10)
        row = services.prospects.add(i, ProspectInput(office=f"Office {i % 9}", district=f"District {i % 5}",
                                                      next_step="Call", next_step_due=due))
        services.prospects.move(row.id, stages[i % len(stages)].value)
    print(f"{count:,} people, {prospects:,} prospects")
    print(f"dashboard, every panel: {timed(services.dashboard.build):8.1f} ms")
    for key, _title, _query in PANELS:
        print(f"  {key:<10} {timed(lambda k=key: services.dashboard.panel(k)):8.1f} ms")
    print(f"pipeline rows:          {timed(services.prospects.rows):8.1f} ms")
    print(f"reminders:              {timed(services.prospects.reminders):8.1f} ms")
    services.close()


if __name__ == "__main__":
    main()
