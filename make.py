#!/usr/bin/env python3
"""Set up the project's .venv and start the app or run every check.

    python3 make.py start    set up .venv and start the desktop app
    python3 make.py test     set up .venv (with test tools) and run lint, types and the test suite; where
                             PostgreSQL's server binaries are installed, against a throwaway server too
    python3 make.py pg-start DIR   start a throwaway PostgreSQL server in DIR (a unix socket there, no
                             TCP port) and print the ORGANIZER_TEST_PG_URL that points the tests at it
    python3 make.py pg-stop DIR    stop it
"""

from __future__ import annotations

import glob
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import venv
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
PG_URL_ENV = "ORGANIZER_TEST_PG_URL"
PG_USER = "organizer"
PG_RUN_AS = "nobody"  # PostgreSQL refuses to run as root: a throwaway server runs as this user then


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
    stamp = VENV / f".installed-{extras.replace(',', '-') or 'app'}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    if sh(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip") != 0:
        sys.exit("Could not upgrade pip in .venv.")
    if sh(PYTHON, "-m", "pip", "install", "--quiet", "-e", spec) != 0:
        sys.exit("Could not install Chapter Organizer into .venv.")
    stamp.write_text(digest)


def start(args: list[str]) -> int:
    setup("server")
    return sh(BIN / "organizer", *args)


def pg_bin() -> Path | None:
    """The folder of PostgreSQL's server binaries (initdb, pg_ctl), if they are installed."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    return Path(versions[-1]).parent if versions else None


def _as_server_user(command: list[str]) -> list[str]:
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return ["runuser", "-u", PG_RUN_AS, "--", *command]
    return command


def pg_start(folder: Path) -> str:
    """Start a throwaway server in `folder` (trust auth on its unix socket only); its test URL."""
    binaries = pg_bin()
    if binaries is None:
        raise SystemExit("PostgreSQL's server binaries (initdb, pg_ctl) are not installed.")
    folder.mkdir(parents=True, exist_ok=True)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        shutil.chown(folder, PG_RUN_AS)
    data, log = folder / "data", folder / "server.log"
    quiet = {"stdout": subprocess.DEVNULL, "cwd": folder}
    subprocess.run(_as_server_user([str(binaries / "initdb"), "-D", str(data), "-U", PG_USER, "--auth=trust",
                                    "-E", "UTF8", "--locale=C.UTF-8"]), check=True, **quiet)
    options = (f"-k {folder} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
               "-c full_page_writes=off -c max_connections=200")
    subprocess.run(_as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options,
                                    "-w", "start"]), check=True, **quiet)
    return f"postgresql://{PG_USER}@/postgres?host={folder}"


def pg_stop(folder: Path) -> None:
    """Stop a throwaway server started by pg_start and remove its folder."""
    binaries = pg_bin()
    if binaries is not None and (folder / "data").is_dir():
        subprocess.run(_as_server_user([str(binaries / "pg_ctl"), "-D", str(folder / "data"), "-m", "immediate",
                                        "stop"]), stdout=subprocess.DEVNULL, cwd=folder, check=False)
    shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def test_server() -> Iterator[str | None]:
    """ORGANIZER_TEST_PG_URL as given, or a throwaway server for the run, or None (said plainly)."""
    given = os.environ.get(PG_URL_ENV, "").strip()
    if given:
        yield given
        return
    if pg_bin() is None:
        print("PostgreSQL's server binaries (initdb, pg_ctl) are not installed: SKIPPING the server suite "
              "(only SQLite is tested). Install them (Debian: apt-get install postgresql) to test both.")
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix="organizer-pg-"))
    try:
        url = pg_start(folder)
        print(f"Testing against SQLite and a throwaway PostgreSQL server ({PG_URL_ENV}={url})", flush=True)
        yield url
    finally:
        pg_stop(folder)


def test(args: list[str]) -> int:
    setup("test,server")
    with test_server() as url:
        return _checks(args, url)


def _checks(args: list[str], pg_url: str | None) -> int:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    if pg_url:
        env[PG_URL_ENV] = pg_url
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
    if command == "pg-start" and len(rest) == 1:
        print(pg_start(Path(rest[0]).resolve()))
        return 0
    if command == "pg-stop" and len(rest) == 1:
        pg_stop(Path(rest[0]).resolve())
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
