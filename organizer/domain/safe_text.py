"""Text that cannot attack: control characters removed, invisible ones ignored, exports escaped.

A control character in a cell (NUL, ESC, BEL, vertical tab, ... and the C1 range) is never a name,
an email or a note: it is removed, or turned into the line break it stood for, before a value is
stored. Zero-width characters are kept as typed (scripts and emoji need the joiners) but a value
made only of them is empty, and matching keys and search text drop them. Terminal output escapes
all of these and the bidirectional overrides (`for_terminal`).

A CSV cell a spreadsheet would run as a formula gets a leading apostrophe (`csv_cell`); an xlsx cell is
typed text and needs none. The import takes one leading apostrophe off only before such text or before a
second apostrophe (`unescape_cell`), so exports add one to a value that begins with an apostrophe only
there ("'=x", "''x"): "'Bama" and "'90s club" are written, shown and read back as they are.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and the C1 range.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Controls other programs write for a line break inside a cell: kept as a line break.
_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85]")
_EXPORT_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_OTHER_LINE_BREAKS = re.compile("[\x0b\x0c\x85]")
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
"""Zero-width space, non-joiner, joiner, word joiner, byte order mark and soft hyphen."""
DROP_ZERO_WIDTH = dict.fromkeys(map(ord, ZERO_WIDTH))
"""A `str.translate` table removing the zero-width characters."""
_EDGES = "".join(chr(c) for c in range(0x3001) if chr(c).isspace()) + ZERO_WIDTH
# What a terminal would act on: controls (tab and newline too, in one value), bidi controls and marks.
# Lone surrogates (bytes that were not text, kept by Python) cannot be printed: escaped too.
_TERMINAL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet program read a cell as a formula."""
_ESCAPED_STARTS = (*FORMULA_STARTS, "'")


def csv_cell(value: str) -> str:
    """A CSV cell Excel will not run as a formula: a leading apostrophe before risky text, and before a value
    the import would otherwise take an apostrophe off (see `xlsx_cell`)."""
    return "'" + value if value.startswith(FORMULA_STARTS) or _would_lose_apostrophe(value) else value


def xlsx_cell(value: str) -> str:
    """An xlsx text cell (never a formula there): as it is, but for a value `unescape_cell` would shorten
    ("'=x", "''x"), which gets one more apostrophe; "'Bama" stays "'Bama"."""
    return "'" + value if _would_lose_apostrophe(value) else value


def _would_lose_apostrophe(value: str) -> bool:
    return value[:1] == "'" and value[1:2] != "" and value[1:2] in _ESCAPED_STARTS


def unescape_cell(value: str) -> str:
    """The value `csv_cell` or `xlsx_cell` escaped: one leading apostrophe removed before risky text or "'"."""
    if value[:1] == "'" and value[1:2] and value[1:2] in _ESCAPED_STARTS:
        return value[1:]
    return value


def has_controls(text: str) -> bool:
    """True when ``text`` holds a character `without_controls` would change."""
    return not text.isprintable() and _CONTROL.search(text) is not None


def without_controls(text: str) -> str:
    """``text`` with line-break controls (CR, CRLF, VT, FF, NEL) as "\\n" and other controls removed."""
    if text.isprintable() or _CONTROL.search(text) is None:
        return text
    return _CONTROL.sub("", _LINE_BREAKS.sub("\n", text))


def for_export(text: str) -> str:
    """``text`` as an export writes it: `without_controls`, but carriage returns (line breaks there) kept."""
    if text.isprintable() or _EXPORT_CONTROL.search(text) is None:
        return text
    return _EXPORT_CONTROL.sub("", _OTHER_LINE_BREAKS.sub("\n", text))


def control_names(text: str) -> str:
    """The control characters in ``text`` other than carriage returns, by code ("U+0000, U+001B"), or ""."""
    found = dict.fromkeys(f"U+{ord(ch):04X}" for ch in _CONTROL.findall(text) if ch != "\r")
    return ", ".join(found)


def strip_invisible(text: str) -> str:
    """``text`` without whitespace or zero-width characters at either end ("\\u200b" → "")."""
    text = text.strip()
    return text if text.isascii() else text.strip(_EDGES)


def is_blank(text: str | None) -> bool:
    """True when ``text`` has nothing visible: empty, whitespace or zero-width characters only."""
    return not text or not strip_invisible(text)


def for_terminal(text: str) -> str:
    """``text`` with everything a terminal would interpret shown as an escape ("\\x1b", "\\u202e")."""
    if text.isprintable():
        return text
    return _TERMINAL.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


__all__ = [
    "DROP_ZERO_WIDTH",
    "FORMULA_STARTS",
    "ZERO_WIDTH",
    "control_names",
    "csv_cell",
    "for_export",
    "for_terminal",
    "has_controls",
    "is_blank",
    "strip_invisible",
    "unescape_cell",
    "without_controls",
    "xlsx_cell",
]
