"""Share workbook benchmark: export and import of a chapter with N people and their related records.

Each step runs in a child process of its own and prints its CPU time, wall time and peak memory (the
child's maximum resident set during the step, and how much that is above the process's size just before):
  export        `export share` of the whole chapter
  export+pw     the same, encrypted with a password (msoffcrypto)
  import        `import share` of that workbook into an empty chapter  (with --import)
  re-import     the same workbook again: nothing changes                 (with --import)
  people ...    `export people` in the plain, actionnetwork and nationbuilder formats, .csv and .xlsx
                                                                           (with --people)
The chapter is made once per size (tests/benchmarks/share_chapter.py) and kept under --data.

    .venv/bin/python tests/benchmarks/bench_share.py [PEOPLE ...] [--repeat N] [--import] [--people]
                                                     [--no-password] [--data DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))

PASSWORD = "correct horse battery staple"
PEOPLE_FORMATS = [(fmt, suffix) for fmt in ("plain", "actionnetwork", "nationbuilder") for suffix in (".csv", ".xlsx")]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def _reset_peak() -> None:
    """Start the peak over from the current size (Linux), so the step's own peak shows."""
    try:
        with open(f"/proc/{os.getpid()}/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        pass


def _current_mb() -> float:
    with open(f"/proc/{os.getpid()}/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _step(name: str, db: Path, out: Path, fmt: str) -> dict[str, Any]:
    """Run one step in this (child) process; what it took."""
    from organizer.services.container import open_chapter
    from organizer.services.sharing.options import ShareRequest

    services = open_chapter(db)
    before = _current_mb()
    _reset_peak()
    cpu, wall = time.process_time(), time.perf_counter()
    rows: int
    if name in ("export", "export+pw"):
        result = services.sharing.export(ShareRequest(out, password=PASSWORD if name == "export+pw" else None))
        rows = sum(result.sheets.values())
    elif name in ("import", "re-import"):
        imported = services.sharing.import_share(out)
        rows = imported.result.created if name == "import" else imported.result.unchanged
    elif fmt == "plain":
        from organizer.services.people_export import ExportRequest

        rows = services.exports.people(ExportRequest(out)).people
    else:
        rows = services.sharing.export_preset(out, fmt)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    services.close()
    return {"cpu": cpu, "wall": wall, "peak_mb": _peak_mb(), "before_mb": before, "rows": rows,
            "size_mb": out.stat().st_size / 1e6 if out.exists() else 0.0}


def _child(name: str, db: Path, out: Path, fmt: str = "") -> dict[str, Any]:
    done = subprocess.run([sys.executable, __file__, "--step", name, "--db", str(db), "--out", str(out),
                           "--format", fmt], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _measure(label: str, repeat: int, run: Any) -> None:
    results = [run(n) for n in range(repeat)]
    cpu = statistics.median(r["cpu"] for r in results)
    wall = statistics.median(r["wall"] for r in results)
    peak = max(r["peak_mb"] for r in results)
    grew = max(r["peak_mb"] - r["before_mb"] for r in results)
    last = results[-1]
    print(f"  {label:26} cpu {cpu:6.1f} s  wall {wall:6.1f} s  peak RSS {peak:6.0f} MB (+{grew:4.0f} MB)  "
          f"{last['rows']:>9,} rows  {last['size_mb']:6.1f} MB", flush=True)


def _chapter(data: Path, people: int) -> Path:
    from share_chapter import build

    db = data / f"share-bench-{people}.db"
    if not db.exists():
        started = time.perf_counter()
        partial = db.with_suffix(".partial.db")
        partial.unlink(missing_ok=True)
        build(partial, people)
        partial.rename(db)
        print(f"  (made the chapter in {time.perf_counter() - started:.0f} s)", flush=True)
    return db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("people", nargs="*", type=int, default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each step (the median is printed)")
    parser.add_argument("--import", dest="imports", action="store_true", help="measure the import too")
    parser.add_argument("--people", dest="people_formats", action="store_true", help="measure 'export people'")
    parser.add_argument("--no-password", action="store_true", help="skip the encrypted export")
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "organizer-bench-share")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--format", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(_step(args.step, args.db, args.out, args.format)))
        return
    args.data.mkdir(parents=True, exist_ok=True)
    with open("/proc/loadavg") as fh:
        print(f"load average: {' '.join(fh.read().split()[:3])}; median of {args.repeat}")
    for people in args.people:
        _bench(args, people)


def _bench(args: argparse.Namespace, people: int) -> None:
    print(f"{people:,} people:", flush=True)
    db = _chapter(args.data, people)
    work = Path(tempfile.mkdtemp(prefix="bench-share-", dir=args.data))
    share = work / "share.xlsx"

    def export(n: int, step: str = "export") -> dict[str, Any]:
        target = work / f"{step}-{n}.xlsx"
        result = _child(step, db, target)
        if step == "export" and not share.exists():
            target.rename(share)
        else:
            target.unlink()
        return result

    _measure("export share", args.repeat, export)
    if not args.no_password:
        _measure("export share --password", args.repeat, lambda n: export(n, "export+pw"))
    if args.imports:
        for n in range(args.repeat):
            empty = work / f"empty-{n}.db"
            _chapter_copy(empty)
            first = _child("import", empty, share)
            again = _child("re-import", empty, share)
            _report_import(first, again)
    if args.people_formats:
        for fmt, suffix in PEOPLE_FORMATS:
            _measure(f"export people {fmt}{suffix}", args.repeat,
                     lambda n, fmt=fmt, suffix=suffix: _people(db, work / f"people-{fmt}-{n}{suffix}", fmt))
    shutil.rmtree(work, ignore_errors=True)


def _people(db: Path, out: Path, fmt: str) -> dict[str, Any]:
    result = _child("people", db, out, fmt)
    out.unlink(missing_ok=True)
    return result


def _chapter_copy(path: Path) -> None:
    from organizer.services.container import create_chapter

    create_chapter(path, "Receiving Chapter", "US").close()


def _report_import(first: dict[str, Any], again: dict[str, Any]) -> None:
    for label, r in (("import share (empty)", first), ("import share again", again)):
        print(f"  {label:26} cpu {r['cpu']:6.1f} s  wall {r['wall']:6.1f} s  peak RSS {r['peak_mb']:6.0f} MB "
              f"(+{r['peak_mb'] - r['before_mb']:4.0f} MB)  {r['rows']:>9,} records", flush=True)


if __name__ == "__main__":
    main()
