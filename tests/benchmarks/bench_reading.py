"""Benchmark: rows/s and peak memory reading a 100,000-row xlsx and a 1,000,000-row CSV.

Run: .venv/bin/python tests/benchmarks/bench_reading.py [--keep DIR]
Each file is read in a fresh process so peak RSS belongs to that read alone; "child" is the
sandboxed workbook parser (RUSAGE_CHILDREN), "parent" the process consuming the rows.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

XLSX_ROWS = 100_000
CSV_ROWS = 1_000_000
HEADER = ["First", "Last", "Phone", "Email", "Zip", "Joined", "Dues", "Active", "Notes", "Id"]


def _row(i: int) -> list[object]:
    return [
        f"First{i}",
        f"Last{i % 977}",
        9195550000 + i,
        f"person{i}@example.org",
        f"{27500 + i % 400:05d}",
        dt.date(2020, 1, 1) + dt.timedelta(days=i % 1500),
        round(i % 5000 / 100, 2),
        i % 3 == 0,
        "Met at the March rally; wants to canvass" if i % 7 == 0 else "",
        i,
    ]


def write_xlsx(path: Path, rows: int) -> None:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Members")
    ws.append(HEADER)
    for i in range(rows):
        ws.append(_row(i))
    wb.save(path)


def write_csv(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        for i in range(rows):
            writer.writerow(_row(i))


def measure(path: Path) -> dict[str, float]:
    """Read every row of ``path`` and report speed and peak memory (call in a fresh process)."""
    import resource

    from organizer.files.reading import inspect_file, iter_rows

    start = time.perf_counter()
    source = inspect_file(path)
    inspected = time.perf_counter()
    count = sum(1 for _ in iter_rows(source))
    elapsed = time.perf_counter() - start
    parent_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "rows": count,
        "seconds": round(elapsed, 2),
        "inspect_seconds": round(inspected - start, 2),
        "rows_per_second": round(count / elapsed),
        "parent_peak_rss_mb": round(parent_kb / 1024, 1),
        "child_peak_rss_mb": round(child_kb / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", type=Path, help="directory to write the generated files into")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        sys.stdout.write(json.dumps(measure(args.measure)) + "\n")
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        jobs = [
            (folder / "bench_100k.xlsx", write_xlsx, XLSX_ROWS),
            (folder / "bench_1m.csv", write_csv, CSV_ROWS),
        ]
        for path, writer, rows in jobs:
            if not path.exists():
                writer(path, rows)
            size_mb = path.stat().st_size / 1e6
            out = subprocess.run(
                [sys.executable, __file__, "--measure", str(path)], check=True, capture_output=True, text=True
            ).stdout
            sys.stdout.write(f"{path.name} ({size_mb:.1f} MB): {out}")


if __name__ == "__main__":
    main()
