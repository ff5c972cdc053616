"""Startup benchmark: time from launching the app to its main window shown (demo database).

Each run is a fresh process (interpreter start and imports included); the window is on
Qt's offscreen platform. Prints every run and the median.

    .venv/bin/python tests/benchmarks/bench_startup.py [RUNS]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHILD = """
import sys, time
from PySide6.QtCore import QTimer
from ui.app import AppController, make_application
app = make_application(sys.argv)
controller = AppController(sys.argv[1])
def shown():
    print(f"shown {time.time():.6f} rows {controller.window is not None}", flush=True)
    app.quit()
controller.main_shown.connect(lambda: QTimer.singleShot(0, shown))  # opened behind the opening window
assert controller.start(), "the main window did not open"
app.exec()
controller.shutdown()
"""


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    folder = Path(tempfile.mkdtemp(prefix="bench-startup-"))
    db = folder / "demo.db"
    organizer = Path(sys.executable).with_name("organizer")
    subprocess.run([str(organizer), "--db", str(db), "demo"], check=True, capture_output=True)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(folder))
    times = []
    for _ in range(runs):
        start = time.time()
        out = subprocess.run([sys.executable, "-c", CHILD, str(db)], cwd=ROOT, env=env, capture_output=True,
                             text=True, check=True).stdout
        shown = float(out.split()[1])
        times.append(shown - start)
        print(f"launch to main window shown: {times[-1]:.2f} s")
    print(f"median of {runs}: {statistics.median(times):.2f} s (target 1.5 s)")


if __name__ == "__main__":
    main()
