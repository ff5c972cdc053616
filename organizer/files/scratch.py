"""The app's private folder for temporary files, never the shared temporary folder.

A file being written (an export before it is published, a share workbook before it is encrypted)
holds names and phones; in the shared temporary folder a killed export would leave them for anyone
to read. Each process gets its own
folder under ``<data folder>/scratch`` (0700), held by a lock while the process lives; ``sweep``
(cheap, run at start) removes the folders of processes that are gone, and the files they were writing
beside targets on other disks (a memory stick), which each process notes in its folder.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import sys
from pathlib import Path

from organizer.paths import data_dir, private_folder

SCRATCH = "scratch"
_LOCK = ".lock"
_BESIDE = "beside-"  # a note of a temporary file being written beside its target, outside this folder
_mine: dict[Path, tuple[Path, int]] = {}  # scratch root -> (this process's folder, its held lock)


def scratch_root() -> Path:
    """The folder that holds every process's scratch folder."""
    return data_dir() / SCRATCH


def scratch_dir() -> Path:
    """This process's private scratch folder (made on first use; readable by the user only)."""
    root = scratch_root()
    held = _mine.get(root)
    if held is not None and held[0].is_dir():
        return held[0]
    private_folder(root)
    name = f"{os.getpid()}-{secrets.token_hex(4)}"
    lock = os.open(root / (name + _LOCK), os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    _hold(lock)  # first the lock, then the folder: a sweep never sees a folder whose owner is unknown
    folder = root / name
    private_folder(folder)
    _mine[root] = (folder, lock)
    return folder


def note_beside(temp: Path) -> Path | None:
    """Note a temporary file being written beside its target (on another disk than this folder), so that a
    sweep after this process was killed removes it; the note, to remove once the file is placed or gone."""
    try:
        note = scratch_dir() / f"{_BESIDE}{secrets.token_hex(6)}"
        fd = os.open(note, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(os.fsencode(temp.resolve()))
        return note
    except OSError:
        return None  # nothing noted: the file is removed as before, unless the process is killed


def _remove_noted(folder: str) -> None:
    """Remove the temporary files a gone process noted as being written beside their targets."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if entry.name.startswith(_BESIDE) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError), open(entry.path, "rb") as fh:
                    temp = Path(os.fsdecode(fh.read(4096)))
                    if temp.name.startswith(".") and temp.name.endswith(".tmp"):  # only what the app names so
                        temp.unlink()


def sweep() -> int:
    """Remove the scratch folders of processes that are gone; how many. Cheap when there are none."""
    root = scratch_root()
    try:
        entries = list(os.scandir(root))
    except OSError:
        return 0
    names = {e.name for e in entries}
    ours = {held[0].name for held in _mine.values()}
    removed = 0
    for entry in entries:
        if entry.name.endswith(_LOCK):
            owner = entry.name[: -len(_LOCK)]
            if owner not in names and owner not in ours and _claim(Path(entry.path)):
                with contextlib.suppress(OSError):  # a lock whose folder was never made or is gone
                    os.unlink(entry.path)
            continue
        if entry.name in ours:
            continue
        lock = root / (entry.name + _LOCK)
        if entry.name + _LOCK in names and not _claim(lock):
            continue  # its process is still running
        if entry.is_dir(follow_symlinks=False):
            _remove_noted(entry.path)
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
        with contextlib.suppress(OSError):
            lock.unlink()
        removed += 1
    return removed


if sys.platform == "win32":

    def _hold(fd: int) -> None:
        """On Windows an open file cannot be removed: keeping it open is the lock."""

    def _claim(lock: Path) -> bool:
        """Whether the lock's process is gone: its lock file can be removed only then."""
        try:
            lock.unlink()
        except FileNotFoundError:
            return True
        except OSError:
            return False
        return True

else:
    import fcntl

    def _hold(fd: int) -> None:
        """Hold the lock for as long as this process lives (the system drops it when the process ends)."""
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _claim(lock: Path) -> bool:
        """Whether the lock's process is gone (its lock can be taken)."""
        try:
            fd = os.open(lock, os.O_RDWR)
        except FileNotFoundError:
            return True
        except OSError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        finally:
            os.close(fd)
        return True
