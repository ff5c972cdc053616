"""The Qt binding keeps Python's reference counts: a call returning nothing must not use up None."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = """
import sys
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
widget = QWidget()
before = sys.getrefcount(None)
for _ in range(500):
    widget.update()
print(sys.getrefcount(None) - before)
"""


def test_calls_that_return_nothing_leave_none_alone() -> None:
    """PySide6-Essentials 6.12.0 lost one reference to None per such call, and the app aborted after a few
    thousand repaints; the probe runs in a child so a broken binding cannot take the test run down."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-500:]
    assert abs(int(done.stdout.split()[-1])) < 50, done.stdout
