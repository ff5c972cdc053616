#!/usr/bin/env python3
"""Set up the project's .venv and start the app or run every check.

    python3 make.py start    set up .venv and start the desktop app
    python3 make.py test     set up .venv (with test tools) and run lint, types and the test suite
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def sh(*args: str | Path, env: dict[str, str] | None = None) -> int:
    print("+", " ".join(str(a) for a in args), flush=True)
    return subprocess.call([str(a) for a in args], cwd=ROOT, env=env)


def setup(extras: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - a friendly message on an old Python
        sys.exit("Chapter Organizer needs Python 3.11 or newer.")
    if not PYTHON.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    spec = f".[{extras}]" if extras else "."
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + spec.encode()).hexdigest()
    stamp = VENV / f".installed-{extras or 'app'}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    if sh(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip") != 0:
        sys.exit("Could not upgrade pip in .venv.")
    if sh(PYTHON, "-m", "pip", "install", "--quiet", "-e", spec) != 0:
        sys.exit("Could not install Chapter Organizer into .venv.")
    stamp.write_text(digest)


def start(args: list[str]) -> int:
    setup("")
    return sh(BIN / "organizer", *args)


def test(args: list[str]) -> int:
    setup("test")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    steps = [
        [BIN / "ruff", "check", "organizer", "ui", "launcher", "tests", "make.py"],
        [BIN / "mypy"],
        [PYTHON, "-m", "pytest", "-q", *args],
    ]
    failed = [" ".join(str(a) for a in step[:2]) for step in steps if sh(*step, env=env) != 0]
    if failed:
        print("FAILED: " + "; ".join(failed))
        return 1
    return 0


def main() -> int:
    command, rest = (sys.argv[1], sys.argv[2:]) if len(sys.argv) > 1 else ("", [])
    if command == "start":
        return start(rest)
    if command == "test":
        return test(rest)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
