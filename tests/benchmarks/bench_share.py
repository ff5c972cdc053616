"""Export and re-import of a share workbook of a chapter with many people (prints figures).

Run: .venv/bin/python tests/benchmarks/bench_share.py [PEOPLE]   (default 10,000)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    from organizer.services.container import create_chapter
    from organizer.services.imports import ImportOptions
    from organizer.services.sharing.options import ShareRequest

    people = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    folder = Path(tempfile.mkdtemp(prefix="bench-share-"))
    source = folder / "people.csv"
    with source.open("w", encoding="utf-8") as fh:
        fh.write("First Name,Last Name,Email,Phone,Street,City,Zip,Tags\n")
        for i in range(people):
            fh.write(f"Ana{i % 500},Silva{i // 3},p{i}@example.org,919555{i % 10000:04d},{i} Main St,"
                     f"Raleigh,27{i % 1000:03d},Door knocker\n")
    a = create_chapter(folder / "a.db", "Chapter A", "US")
    a.imports.run(source, "people", ImportOptions())
    out = folder / "share.xlsx"
    start = time.perf_counter()
    result = a.sharing.export(ShareRequest(out))
    exported = time.perf_counter() - start
    b = create_chapter(folder / "b.db", "Chapter B", "US")
    start = time.perf_counter()
    first = b.sharing.import_share(out)
    imported = time.perf_counter() - start
    start = time.perf_counter()
    again = b.sharing.import_share(out)
    reimported = time.perf_counter() - start
    rows = sum(result.sheets.values())
    print(f"{people:,} people, {rows:,} rows in the workbook ({out.stat().st_size / 1e6:.1f} MB)")
    print(f"export:                 {exported:6.1f} s")
    print(f"import into empty:      {imported:6.1f} s ({first.result.created:,} created)")
    print(f"re-import (unchanged):  {reimported:6.1f} s ({again.result.unchanged:,} unchanged)")
    a.close()
    b.close()


if __name__ == "__main__":
    main()
