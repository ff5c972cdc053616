"""Text encoding detection and sanity checks for delimited text files."""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import errors
from .errors import FileProblem
from .limits import MAX_LINE_CHARS, SCAN_CHUNK_BYTES
from .sniff import open_binary

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

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

UTF8_CP1252 = "utf-8-cp1252"
"""UTF-8, with any bytes that are not UTF-8 read as Windows-1252: a UTF-8 file with a line or two saved by a
Windows program (see ``resolve_encoding``). A text encoding like any other (``--encoding utf-8-cp1252``)."""
_FALLBACK_ERRORS = "organizer-utf8-cp1252"
MIXED_SHARE = 10
"""A file that is not UTF-8 throughout is read as UTF8_CP1252 when its lines with UTF-8 text that is not ASCII
number at least one for every MIXED_SHARE lines that are not UTF-8; otherwise as Windows-1252 throughout."""
LINES_NAMED = 5
"""How many of the lines read as Windows-1252 are kept to name (the rest are counted)."""


def _cp1252_bytes(exc: UnicodeError) -> tuple[str, int]:
    """Bytes a UTF-8 decoder refuses, read as Windows-1252 (its five undefined bytes as Windows reads them)."""
    if isinstance(exc, UnicodeDecodeError):
        return exc.object[exc.start : exc.end].decode("cp1252", CP1252_ERRORS), exc.end
    raise exc


codecs.register_error(_FALLBACK_ERRORS, _cp1252_bytes)


class _Utf8Cp1252Decoder(codecs.BufferedIncrementalDecoder):
    def _buffer_decode(self, data: ReadableBuffer, errors: str, final: bool) -> tuple[str, int]:
        return codecs.utf_8_decode(data, _FALLBACK_ERRORS, final)  # ``errors``: this codec's own, always


def _utf8_cp1252(name: str) -> codecs.CodecInfo | None:
    if name not in ("utf_8_cp1252", "utf8_cp1252"):
        return None
    return codecs.CodecInfo(
        name=UTF8_CP1252,
        encode=codecs.utf_8_encode,
        decode=lambda data, errors="strict": codecs.utf_8_decode(data, _FALLBACK_ERRORS, True),
        incrementalencoder=codecs.getincrementalencoder("utf-8"),
        incrementaldecoder=_Utf8Cp1252Decoder,
    )


codecs.register(_utf8_cp1252)


@dataclass(frozen=True, slots=True)
class Encoding:
    """The encoding a text file is read in; for UTF8_CP1252, the first lines that are not UTF-8 (up to
    LINES_NAMED) and how many there are."""

    name: str
    odd_lines: tuple[int, ...] = ()
    odd_count: int = 0


def error_handler(encoding: str) -> str:
    """The decode error handler to use with ``encoding``."""
    return CP1252_ERRORS if codecs.lookup(encoding).name == "cp1252" else "strict"


def resolve_encoding(path: Path, head: bytes, encoding: str | None) -> Encoding:
    """The caller's encoding (checked, adjusted for a BOM) or one detected from the content.

    A file that is not UTF-8 throughout is Windows-1252, unless it holds UTF-8 text that is not ASCII (which
    a Windows-1252 file almost never does by chance) on enough lines (MIXED_SHARE): then it is a UTF-8 file
    with some lines saved by a Windows program, read as UTF8_CP1252 so that neither kind of line is garbled.
    """
    if encoding is not None:
        return Encoding(_checked_choice(head, encoding))
    if head.startswith(codecs.BOM_UTF8):
        return Encoding("utf-8-sig")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Encoding("utf-16")
    guess = _utf16_by_nul_pattern(head)
    if guess is not None:
        return Encoding(guess)
    _check_binary_bytes(head)
    if _is_utf8_throughout(path):
        return Encoding("utf-8")
    odd: list[int] = []
    good = odd_count = 0
    for number, line in _byte_lines(path):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            odd_count += 1
            if len(odd) < LINES_NAMED:
                odd.append(number)
        else:
            good += 1
    if good and good * MIXED_SHARE >= odd_count:
        return Encoding(UTF8_CP1252, tuple(odd), odd_count)
    return Encoding("cp1252")


def _byte_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """The file's lines (split at "\\n", which is never part of a UTF-8 character) with their numbers."""
    number, rest = 0, b""
    with open_binary(path) as f:
        while chunk := f.read(SCAN_CHUNK_BYTES):
            lines = (rest + chunk).split(b"\n")
            rest = lines.pop()
            for line in lines:
                number += 1
                yield number, line
            if len(rest) > 4 * MAX_LINE_CHARS:  # refused as too long when read: nothing more to judge
                return
    if rest:
        yield number + 1, rest


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
