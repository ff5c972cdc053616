"""The one guard every file the app writes passes, and writing it whole or not at all.

Every output (reports, exports, walk lists, share files) is checked before any work: it never
replaces a database, replaces an existing file only when the user said so, and has the extension
of what is written into it. It is then written to a temporary file (in the app's private scratch
folder when that is on the target's disk, otherwise hidden beside the target and noted there, so the
start-up sweep removes what a killed process left), flushed and synced, and put in place by a rename.
Knows no database: the caller names the files to protect.
"""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from organizer.errors import UserError
from organizer.paths import create_private_file

SQLITE_HEADER = b"SQLite format 3\x00"
WAL_MAGICS = (bytes.fromhex("377f0682"), bytes.fromhex("377f0683"))
JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")
"""The files SQLite keeps beside a database; replacing one damages the database."""
FORCE_HINT = "pass --force to replace it"
"""How the command line says to replace a file (the app's save dialog asks, then passes force)."""


class WriteProblem(UserError):
    """A file could not be written (missing or read-only folder, full disk, ...): one plain line."""


class OutputRefused(UserError):
    """The app will not write this output there: it exists, is a database, or has the wrong extension."""


@dataclass(frozen=True, slots=True)
class OutputRequest:
    """Where the user asked for a file, and whether they said an existing one may be replaced."""

    path: Path
    force: bool = False


def check_output(path: Path, suffixes: Sequence[str], *, force: bool = False, protect: Iterable[Path] = (),
                 reading: Iterable[Path] = ()) -> None:
    """Refuse, before any work, an output that could not or must not be written at ``path``.

    ``suffixes`` are the extensions the writer can produce (".xlsx", ".csv"); ``protect`` names the
    open chapter database (its -wal, -shm and -journal are protected with it); ``reading`` the files
    the command reads (an import's own file). Any SQLite database, and a file being read, is refused
    even with ``force``. The folder is tried by creating (and removing) a temporary
    file in it. Raises OutputRefused or WriteProblem, one plain line each.
    """
    check_target(path, suffixes, force=force, protect=protect, reading=reading)
    TempFile.create(Path(path), beside=True).discard()


def check_target(path: Path, suffixes: Sequence[str], *, force: bool = False, protect: Iterable[Path] = (),
                 reading: Iterable[Path] = ()) -> None:
    """``check_output`` without trying the folder (the writer that follows tries it anyway)."""
    path = Path(path)
    if _is_database(path, protect):
        raise OutputRefused(f"{path} is a database: an output never replaces a database; choose another name.")
    if any(_same(path) == _same(Path(source)) or _is_same_file(path, Path(source)) for source in reading):
        raise OutputRefused(f"{path} is the file being read: an output never replaces it; choose another name.")
    if path.is_dir():
        raise WriteProblem(f"{path} is a folder: choose a file name.")
    if not path.parent.is_dir():
        raise write_problem(path, FileNotFoundError(errno.ENOENT, "No such file or directory"))
    wanted = [s.lower() for s in suffixes]
    if path.suffix.lower() not in wanted:
        ending = f"ends in {path.suffix}" if path.suffix else "has no extension"
        raise OutputRefused(f"{path.name} {ending}, and this is written as {' or '.join(wanted)} only: "
                            f"choose a name ending in {' or '.join(wanted)}.")
    if not force and os.path.lexists(path):
        raise OutputRefused(f"{path} already exists: choose another name, or {FORCE_HINT}.")


def _is_database(path: Path, protect: Iterable[Path]) -> bool:
    # A chapter on a server has no file to protect (its location is not a path).
    bases = [Path(p) for p in protect if isinstance(p, str | os.PathLike)]
    protected = {_same(p) for base in bases for p in _with_side_files(base)}
    if _same(path) in protected or any(_is_same_file(path, p) for p in bases):
        return True
    if _starts_like_sqlite(path):
        return True
    name = path.name.lower()
    for side in SIDE_SUFFIXES:
        if name.endswith(side) and _starts_like_sqlite(path.with_name(path.name[: -len(side)])):
            return True
    return False


def _with_side_files(path: Path) -> list[Path]:
    return [path, *(path.with_name(path.name + side) for side in SIDE_SUFFIXES)]


def _same(path: Path) -> str:
    return os.path.normcase(os.path.abspath(Path(path).expanduser().resolve()))


def _is_same_file(path: Path, other: Path) -> bool:
    try:
        return os.path.samefile(path, other)
    except OSError:
        return False


def _starts_like_sqlite(path: Path) -> bool:
    """Whether an existing file begins as a SQLite database, write-ahead log or rollback journal does."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return False
    except OSError as exc:
        raise OutputRefused(f"{path} exists and could not be read ({exc.strerror or 'refused'}), so it is not "
                            "replaced: choose another name.") from exc
    return head == SQLITE_HEADER or head[:4] in WAL_MAGICS or head[:8] == JOURNAL_MAGIC


class TempFile:
    """A new file, readable by the user only, that becomes the target on ``publish``.

    It is made in the app's private scratch folder when that is on the target's disk (a process
    killed while writing then leaves nothing beside the target, and the start-up sweep removes
    the rest), otherwise as a hidden name beside the target, noted in the scratch folder so that the
    sweep removes it too if the process is killed; either way it is renamed into place. A file that
    is never put in place (``private``: a plain workbook before it is encrypted) is always made in
    the scratch folder.
    """

    def __init__(self, target: Path, fd: int, named: Path | None, note: Path | None = None) -> None:
        self.target = target
        self.named = named
        self.note = note
        self.file: IO[bytes] = os.fdopen(fd, "wb")

    @classmethod
    def create(cls, target: Path, *, beside: bool = False, private: bool = False) -> TempFile:
        """A temporary file for ``target``; raises WriteProblem when the folder refuses it."""
        from organizer.files.scratch import note_beside, scratch_dir

        try:
            folder = scratch_dir() if private else None if beside else _scratch_on_same_disk(target.parent)
            fd, temp = _named(target, folder)
        except OSError as exc:
            raise write_problem(target, exc) from exc
        note = note_beside(temp) if folder is None and not beside else None
        return cls(target, fd, temp, note)

    def finish(self) -> None:
        """Flush the written bytes to the disk (the file is whole after this)."""
        try:
            self.file.flush()
            os.fsync(self.file.fileno())
        except OSError as exc:
            self.discard()
            raise write_problem(self.target, exc) from exc

    def publish(self, force: bool) -> None:
        """Put the finished file at the target (replacing an existing one only with ``force``)."""
        try:
            if self.named is None:
                raise FileNotFoundError(errno.ENOENT, "discarded", str(self.target))
            if force:
                os.replace(self.named, self.target)
            else:
                _place_new(self.named, self.target)
        except FileExistsError as exc:
            self.discard()
            raise OutputRefused(f"{self.target} appeared while it was being written: choose another name, "
                                f"or {FORCE_HINT}.") from exc
        except OSError as exc:
            self.discard()
            raise write_problem(self.target, exc) from exc
        self.discard()  # closes the file; its temporary name (if still there) goes
        sync_folder(self.target.parent)

    def discard(self) -> None:
        """Close and remove the temporary file (nothing to remove once published)."""
        with suppress(OSError):
            self.file.close()
        if self.named is not None:
            with suppress(OSError):
                self.named.unlink()
            self.named = None
        if self.note is not None:
            with suppress(OSError):
                self.note.unlink()
            self.note = None


def _scratch_on_same_disk(folder: Path) -> Path | None:
    """The private scratch folder, if a file there can be renamed into ``folder``."""
    from organizer.files.scratch import scratch_dir

    try:
        scratch = scratch_dir()
        return scratch if os.stat(scratch).st_dev == os.stat(folder).st_dev else None
    except OSError:
        return None


def _place_new(source: Path, target: Path) -> None:
    """Give ``source``'s file the name ``target`` only if no file has it (``source`` is removed later)."""
    try:
        os.link(source, target)  # fails if the target exists: never replaces it
    except FileExistsError:
        raise
    except OSError:  # a file system without links (a FAT memory stick): check, then rename
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, "File exists", str(target)) from None
        os.replace(source, target)


def _named(target: Path, folder: Path | None) -> tuple[int, Path]:
    while True:
        temp = _free_name(target, folder)
        try:
            return create_private_file(temp), temp  # it holds names and phones: the user's alone
        except FileExistsError:
            continue


NAME_MAX = 255
"""The longest file name most file systems take, in bytes (the temporary name must fit too)."""


def _free_name(target: Path, folder: Path | None = None) -> Path:
    tail = f".{secrets.token_hex(4)}.tmp"
    name = target.name
    while len(os.fsencode(name)) > NAME_MAX - 1 - len(tail):  # a long name is cut to leave room for the tail
        name = name[:-1]
    return (folder or target.parent) / f".{name}{tail}"


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable, where the platform allows it."""
    with suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def write_bytes(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write ``data`` as the file at ``path``, whole or not at all (an existing file only replaced with
    ``force``); the caller has checked the target (``check_output``)."""
    staged_bytes(path, data).publish(force)


def staged_bytes(path: Path, data: bytes) -> TempFile:
    """``data`` written whole to a temporary file for ``path``, to put in place with ``publish``."""
    temp = TempFile.create(Path(path))
    try:
        temp.file.write(data)
    except OSError as exc:
        temp.discard()
        raise write_problem(Path(path), exc) from exc
    temp.finish()
    return temp


def write_problem(path: Path, exc: OSError) -> WriteProblem:
    """What the user can do about a file that could not be written, in one line."""
    folder = path.parent
    code = exc.errno
    if code == errno.ENOENT:
        message = f"The folder {folder} does not exist: choose another place, or create it first."
    elif code == errno.ENOTDIR:
        message = f"{folder} is not a folder: choose another place."
    elif code in (errno.EACCES, errno.EPERM):
        message = (f"{path} could not be written (permission denied; is the folder read-only, or the file "
                   "open in another program?): choose another place.")
    elif code == errno.EROFS:
        message = f"The folder {folder} is on a read-only disk: choose another place."
    elif code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        message = f"The disk is full, so {path.name} was not written: free some space or choose another place."
    else:
        message = f"{path} could not be written ({exc.strerror or 'the computer refused'}): choose another place."
    return WriteProblem(message)
