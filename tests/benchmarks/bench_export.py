"""Export benchmark: a chapter of N people (imported from bench_import's messy rows), exported in full to
.csv and .xlsx, then imported into an empty chapter and exported again (the round trip must match).

Prints the time, CPU time and people/second for each export and for the round trip's import, and whether the two exports agree.

    .venv/bin/python tests/benchmarks/bench_export.py [PEOPLE]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))

from bench_import import write_files  # noqa: E402

from organizer.files.reading.api import read_workbook  # noqa: E402
from organizer.services.container import create_chapter  # noqa: E402
from organizer.services.people_export import ExportRequest  # noqa: E402


def cells(path: Path) -> list[list[str]]:
    """Every cell of a written export, as text."""
    return [list(row) for sheet in read_workbook(path) for row in sheet.rows]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    folder = Path(tempfile.mkdtemp(prefix="bench-export-"))
    _xlsx, source_csv = write_files(folder, count)
    source = create_chapter(folder / "source.db", "Source", "US")
    source.imports.run(source_csv, "people")
    people = source.people.count()
    for suffix in (".csv", ".xlsx"):
        first = folder / f"first{suffix}"
        started, cpu = time.perf_counter(), time.process_time()
        source.exports.people(ExportRequest(first))
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(f"export {suffix:5}  {people:,} people in {seconds:.2f} s, {cpu:.2f} s CPU  "
              f"({people / seconds:,.0f} people/s)")
        target = create_chapter(folder / f"target{suffix}.db", "Target", "US")
        started = time.perf_counter()
        report = target.imports.run(first, "people")
        seconds = time.perf_counter() - started
        print(f"import {suffix:5}  {report.created:,} created in {seconds:.2f} s  ({report.created / seconds:,.0f}/s)")
        second = folder / f"second{suffix}"
        target.exports.people(ExportRequest(second))
        same = cells(first) == cells(second)
        print(f"round trip {suffix}: {'the same cells' if same else 'DIFFERS'}")
        target.close()
    source.close()


if __name__ == "__main__":
    main()
