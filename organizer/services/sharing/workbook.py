"""Putting a share workbook on disk: whole or not at all, and encrypted with a password when one is given."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from organizer.files.fastxlsx import write_xlsx
from organizer.files.output import TempFile, WriteProblem, check_output, write_problem
from organizer.files.writing import SheetSpec


def write_share_workbook(path: Path, sheets: Sequence[SheetSpec], *, force: bool, protect: Iterable[Path],
                         password: str | None) -> None:
    """Write the sheets to ``path`` (.xlsx); with a password, in the standard Office encryption
    (Excel and LibreOffice ask for it). The plain workbook exists only in the app's private scratch
    folder while it is encrypted, and is removed then."""
    staged = _staged(path, sheets, force=force, protect=protect, private=bool(password))
    if not password:
        staged.publish(force)
        return
    try:
        encrypted = _encrypted(staged, path, password)
    finally:
        staged.discard()
    encrypted.publish(force)


def _staged(path: Path, sheets: Sequence[SheetSpec], *, force: bool, protect: Iterable[Path],
            private: bool) -> TempFile:
    """The workbook written whole to a temporary file (see organizer.files.output.TempFile), not yet in place;
    ``private``: in the app's scratch folder, whatever the target's disk (it is to be encrypted, never placed)."""
    check_output(path, (".xlsx",), force=force, protect=protect)
    temp = TempFile.create(path, private=private)
    try:
        write_xlsx(temp.file, sheets)
    except BaseException as exc:
        temp.discard()
        if isinstance(exc, OSError):
            raise write_problem(path, exc) from exc
        raise
    temp.finish()
    return temp


def _encrypted(staged: TempFile, path: Path, password: str) -> TempFile:
    from organizer.services.sharing.encryption import encrypt_workbook

    if staged.named is None:
        raise WriteProblem(f"{path} could not be written: try again.")
    out = TempFile.create(path)
    try:
        with staged.named.open("rb") as plain:
            encrypt_workbook(plain, staged.named.stat().st_size, out.file, password)
    except BaseException as exc:
        out.discard()
        if isinstance(exc, OSError):
            raise write_problem(path, exc) from exc
        raise
    out.finish()
    return out
