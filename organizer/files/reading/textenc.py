"""Text encoding detection and sanity checks for delimited text files."""

from __future__ import annotations

import codecs
import json
import re
from pathlib import Path

from . import errors
from .errors import FileProblem
from .limits import SCAN_CHUNK_BYTES
from .sniff import open_binary

CP1252_ERRORS = "organizer-cp1252"
"""Error handler that maps the five bytes cp1252 leaves undefined to U+0081 etc., as Windows does."""

_CONTROL = frozenset(chr(c) for c in (*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F))
_MAX_CONTROL_SHARE = 0.01
_UTF16_NAMES = ("utf-16", "utf-16-le", "utf-16-be", "utf16", "utf_16", "utf_16_le", "utf_16_be")


def _c1_passthrough(exc: UnicodeError) -> tuple[str, int]:
    if isinstance(exc, UnicodeDecodeError):
        bad = exc.object[exc.start : exc.end]
        return "".join(chr(b) for b in bad), exc.end
    raise exc


codecs.register_error(CP1252_ERRORS, _c1_passthrough)


def error_handler(encoding: str) -> str:
    """The decode error handler to use with ``encoding``."""
    return CP1252_ERRORS if codecs.lookup(encoding).name == "cp1252" else "strict"


def resolve_encoding(path: Path, head: bytes, encoding: str | None) -> str:
    """The caller's encoding (checked, adjusted for a BOM) or one detected from the content."""
    if encoding is not None:
        return _checked_choice(head, encoding)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    guess = _utf16_by_nul_pattern(head)
    if guess is not None:
        return guess
    _check_binary_bytes(head)
    return "utf-8" if _is_utf8_throughout(path) else "cp1252"


def _checked_choice(head: bytes, encoding: str) -> str:
    try:
        name = codecs.lookup(encoding).name
        "".encode(encoding)  # refuses codecs that are not text encodings ("hex", "rot13")
    except LookupError:
        raise FileProblem(errors.unknown_encoding(encoding)) from None
    if name == "utf-8" and head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if encoding.lower() in _UTF16_NAMES and head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return encoding


def _utf16_by_nul_pattern(head: bytes) -> str | None:
    """UTF-16 without a BOM: mostly-ASCII text has a NUL in every other byte."""
    n = len(head) // 2 * 2
    if n < 4:
        return None
    half = n // 2
    even, odd = head[0:n:2].count(0), head[1:n:2].count(0)
    if odd > 0.3 * half and even < 0.02 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.02 * half:
        return "utf-16-be"
    return None


def _check_binary_bytes(head: bytes) -> None:
    controls = sum(head.count(bytes([c])) for c in (*range(0x00, 0x09), *range(0x0E, 0x20)))
    if controls > _MAX_CONTROL_SHARE * len(head):
        raise FileProblem(errors.BINARY)
    nul = head.find(b"\x00")
    if nul >= 0:
        line = head.count(b"\n", 0, nul) + 1
        raise FileProblem(errors.nul_in_text(line), line=line)


def _is_utf8_throughout(path: Path) -> bool:
    """Stream the whole file through a UTF-8 decoder; also refuses NUL bytes."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines_before = 0
    with open_binary(path) as f:
        while chunk := f.read(SCAN_CHUNK_BYTES):
            nul = chunk.find(b"\x00")
            if nul >= 0:
                line = lines_before + chunk.count(b"\n", 0, nul) + 1
                raise FileProblem(errors.nul_in_text(line), line=line)
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                return False
            lines_before += chunk.count(b"\n")
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


_JSON_START = re.compile(r'[{\[]\s*["{\[\]}]')
"""An object or a list of objects, strings or lists: how JSON data starts."""
_JSON_KEY = re.compile(r'(\[\s*)?\{\s*"[^"\n]*"\s*:')
"""An object's first key (`{"name":` or `[{"name":`): what no header row of a sheet looks like."""


def _looks_like_json(start: str, whole: str | None) -> bool:
    """JSON data: a whole file that parses to a non-empty object or list, or a sample that opens with a key.

    A one-column sheet whose header is `{` is still a sheet: only a file that is itself JSON is refused.
    """
    if not _JSON_START.match(start):
        return False
    if whole is None:
        return bool(_JSON_KEY.match(start))
    try:
        data = json.loads(whole)
    except ValueError:
        return False
    return isinstance(data, dict | list) and bool(data)


def check_sample(sample: str, whole_file: bool) -> None:
    """Refuse text that is empty, binary, or a web page / XML document in disguise."""
    text = sample.lstrip("\ufeff")
    stripped = text.strip()
    if not stripped:
        if whole_file:
            raise FileProblem(errors.EMPTY)
        return
    controls = sum(1 for ch in text if ch in _CONTROL)
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise FileProblem(errors.BINARY)
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise FileProblem(errors.nul_in_text(line), line=line)
    _check_markup(stripped[:2048].lower(), stripped if whole_file else None)


def _check_markup(start: str, whole: str | None) -> None:
    if start.startswith("<?xml"):
        if "urn:schemas-microsoft-com:office:spreadsheet" in start:
            raise FileProblem(errors.XML_2003)
        if "<html" in start:
            raise FileProblem(errors.HTML)
        raise FileProblem(errors.not_spreadsheet("an XML document"))
    if start.startswith(("<!doctype html", "<html", "<table", "<head", "<body", "<meta")):
        raise FileProblem(errors.HTML)
    if start.startswith("<svg"):
        raise FileProblem(errors.not_spreadsheet("an SVG image"))
    if _looks_like_json(start, whole):
        raise FileProblem(errors.not_spreadsheet("JSON data"))
