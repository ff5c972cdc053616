"""Decides what a file is from its content (magic bytes), not from its name."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from . import errors
from .errors import FileProblem
from .limits import SNIFF_BYTES
from .ole2 import MAGIC as OLE2_MAGIC
from .ole2 import Ole2Error, stream_names

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_OTHER_BINARY: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF"),
    (b"\x89PNG", "an image"),
    (b"\xff\xd8\xff", "an image"),
    (b"GIF8", "an image"),
    (b"\x1f\x8b", "a compressed (.gz) file"),
    (b"7z\xbc\xaf", "a compressed archive"),
    (b"Rar!", "a compressed archive"),
    (b"{\\rtf", "a rich-text (RTF) document"),
)
_WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
ZIP_FAILURES = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,  # also UnicodeError
    NotImplementedError,
    RuntimeError,  # e.g. "File is encrypted"
    KeyError,
    IndexError,
    OverflowError,
    struct.error,
)
"""What zipfile and zlib raise on damaged or hostile archives."""


def container_suffix(path: Path, default: str) -> str:
    """The file's own suffix when it names a workbook, else ``default``; used in messages."""
    suffix = path.suffix.lower()
    return suffix if suffix in _WORKBOOK_SUFFIXES else default


def os_problem(exc: OSError) -> FileProblem:
    """A FileProblem for an operating-system error (the message never includes the path)."""
    if isinstance(exc, FileNotFoundError):
        return FileProblem(errors.cannot_open("it may have been moved or deleted"))
    if isinstance(exc, IsADirectoryError):
        return FileProblem(errors.cannot_open("it is a folder, not a file"))
    if isinstance(exc, PermissionError):
        return FileProblem(errors.cannot_open("permission was denied"))
    return FileProblem(errors.cannot_open("the computer could not read it"))


@contextmanager
def open_binary(path: Path) -> Iterator[BinaryIO]:
    """Open a file for reading, turning operating-system errors into FileProblem."""
    try:
        f = path.open("rb")
    except OSError as exc:
        raise os_problem(exc) from None
    with f:
        try:
            yield f
        except OSError as exc:
            raise os_problem(exc) from None


def read_head(path: Path, size: int = SNIFF_BYTES) -> bytes:
    with open_binary(path) as f:
        return f.read(size)


def detect_kind(path: Path) -> tuple[str, bytes]:
    """Return ("xlsx" | "ods" | "xls" | "csv" | "encrypted", first bytes) or raise FileProblem.

    "encrypted" is an Office-encrypted package (a password-protected .xlsx): see ``decrypted_kind``.
    """
    head = read_head(path)
    if not head:
        raise FileProblem(errors.EMPTY)
    if head.startswith(_ZIP_MAGIC):
        return _zip_kind(path), head
    if head.startswith(OLE2_MAGIC):
        return _ole2_kind(path), head
    stripped = head.lstrip()
    for magic, looks_like in _OTHER_BINARY:
        if stripped.startswith(magic):
            raise FileProblem(errors.not_spreadsheet(looks_like))
    return "csv", head


def decrypted_kind(data: bytes, path: Path) -> str:
    """What a decrypted Office package holds ("xlsx"), or FileProblem; ``path`` is the encrypted file."""
    if not data.startswith(_ZIP_MAGIC):
        raise FileProblem(errors.damaged(container_suffix(path, ".xlsx")))
    return _zip_kind(path, io.BytesIO(data))


def _zip_kind(path: Path, content: BinaryIO | None = None) -> str:
    try:
        with zipfile.ZipFile(content if content is not None else path) as zf:
            names = set(zf.namelist())
            mimetype = _small_member(zf, "mimetype") if "mimetype" in names else b""
    except ZIP_FAILURES:
        raise FileProblem(errors.damaged(container_suffix(path, ".xlsx"))) from None
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        raise FileProblem(errors.XLSB)
    if "content.xml" in names and (not mimetype or b"spreadsheet" in mimetype):
        return "ods"
    if "word/document.xml" in names or b"text" in mimetype:
        raise FileProblem(errors.not_spreadsheet("a word-processing document"))
    if "ppt/presentation.xml" in names or b"presentation" in mimetype:
        raise FileProblem(errors.not_spreadsheet("a presentation"))
    raise FileProblem(errors.not_spreadsheet("a zip archive"))


def _small_member(zf: zipfile.ZipFile, name: str) -> bytes:
    with zf.open(name) as member:
        return member.read(256)


def _ole2_kind(path: Path) -> str:
    try:
        with open_binary(path) as f:
            names = stream_names(f)
    except Ole2Error:
        raise FileProblem(errors.damaged(container_suffix(path, ".xls"))) from None
    if names & {"encryptedpackage", "encryptioninfo"}:
        return "encrypted"
    if names & {"workbook", "book"}:
        return "xls"
    if "worddocument" in names:
        raise FileProblem(errors.not_spreadsheet("a Word document"))
    if "powerpoint document" in names:
        raise FileProblem(errors.not_spreadsheet("a PowerPoint presentation"))
    raise FileProblem(errors.not_spreadsheet("an Office file of another kind"))
