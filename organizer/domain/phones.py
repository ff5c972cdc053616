"""Phone numbers to E.164 (phonenumbers), with a fast path for North American shapes."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumber, PhoneNumberFormat, ValidationResult
from phonenumbers.phonemetadata import PhoneMetadata

from organizer.domain.errors import InvalidValue

# Valid means phonenumbers.is_valid_number, with no special cases. NANPA keeps 555-0100..0199
# for fiction, but phonenumbers' metadata treats 555 like any other exchange, so the numbers
# demo data and acceptance files use ("(919) 555-0101") are valid; the tests pin that down.


@dataclass(frozen=True, slots=True)
class Phone:
    """A phone number in E.164 form ("+19195550101") and its extension, if any."""

    e164: str
    extension: str = ""


NOT_VALID = "not a valid phone number"
_FAST_REGIONS = frozenset({"US", "CA"})
# 10 digits, or 11 starting with 1, with the usual punctuation and an optional extension.
_NANP_SHAPE = re.compile(
    r"\s*(?:\+?1[ .-]?)?(?:\(([2-9][0-9]{2})\)|([2-9][0-9]{2}))[ .-]?([0-9]{3})[ .-]?([0-9]{4})"
    r"(?:\s*(?:x|ext\.?|extension|#)\s*([0-9]{1,6}))?\s*",
    re.IGNORECASE | re.ASCII,
)
_SCIENTIFIC = re.compile(r"[0-9](?:[.,][0-9]+)?E\+?[0-9]+", re.IGNORECASE)
# "cell: 919-555-0101", "919-555-0101 (home)": a label is not a reason to reject the number.
_LABEL = re.compile(
    r"^(?:cell|mobile|home|work|office|main)\s*:?\s*|\s*\(?(?:cell|mobile|home|work|office|main)\)?$",
    re.IGNORECASE,
)
_EXTENSION_TAIL = re.compile(
    r"[\s,;]*(?:e?xt(?:ension|n)?\.?|x|#|;ext=)\s*:?\s*[0-9]+\s*#?\s*$", re.IGNORECASE
)
_PARSE_REASONS = {
    NumberParseException.INVALID_COUNTRY_CODE: "has an unknown country code",
    NumberParseException.NOT_A_NUMBER: "not a phone number",
    NumberParseException.TOO_SHORT_AFTER_IDD: "too short after the international prefix",
    NumberParseException.TOO_LONG: "too long for a phone number",
}
_REGION_NAMES = {"GB": "UK"}


def normalize_phone(raw: str | int | float, region: str = "US") -> Phone:
    """A valid phone number as E.164 plus extension; raises InvalidValue with a plain reason."""
    text = raw if type(raw) is str else _as_text(raw)
    if region not in _FAST_REGIONS:
        region = (region or "US").upper()
    if region in _FAST_REGIONS:
        phone = _fast_normalize_phone(text)
        if phone is not None:
            return phone
    return _parse_phone(text, region)


def _slow_normalize_phone(raw: str | int | float, region: str = "US") -> Phone:
    """The same answer as normalize_phone, always through phonenumbers.parse (tests, benchmarks)."""
    return _parse_phone(_as_text(raw), (region or "US").upper())


def _as_text(raw: str | int | float) -> str:
    """Spreadsheet cells arrive as numbers too: 9195550101.0 is "9195550101"."""
    if isinstance(raw, bool):
        raise InvalidValue("not a phone number")
    if isinstance(raw, float):
        if math.isnan(raw):
            raise InvalidValue("is empty")
        if math.isinf(raw):
            raise InvalidValue("not a phone number")
        return str(int(raw)) if raw.is_integer() else str(raw)
    return str(raw)


def _fast_normalize_phone(text: str) -> Phone | None:
    """The common North American shapes without phonenumbers.parse; None for any other shape."""
    match = _NANP_SHAPE.fullmatch(text)
    if match is None:
        return None
    area, bare_area, exchange, line, extension = match.groups()
    national = (area or bare_area) + exchange + line
    if not _nanp_valid(national):
        raise InvalidValue(NOT_VALID)
    return Phone("+1" + national, extension or "")


def _parse_phone(text: str, region: str) -> Phone:
    """Any shape, through phonenumbers; labels and an extension are the only letters allowed."""
    stripped = text.strip()
    if not stripped:
        raise InvalidValue("is empty")
    if _SCIENTIFIC.fullmatch(stripped):
        raise InvalidValue(f"was shortened by a spreadsheet to {stripped}; the digits are lost")
    body = _LABEL.sub("", stripped)
    tail = _EXTENSION_TAIL.search(body)
    core = body[: tail.start()] if tail else body
    if any(ch.isalpha() for ch in core):
        raise InvalidValue("has letters")
    try:
        number = phonenumbers.parse(body, region)
    except NumberParseException as exc:
        reason = _PARSE_REASONS.get(exc.error_type, f"too short for a {_region_name(region)} number")
        raise InvalidValue(reason) from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidValue(_invalid_reason(number, region))
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    return Phone(e164, number.extension or "")


def _region_name(region: str) -> str:
    return _REGION_NAMES.get(region, region) if len(region) == 2 and region != "ZZ" else "phone"


def _invalid_reason(number: PhoneNumber, region: str) -> str:
    country_code = number.country_code or 0
    if phonenumbers.country_code_for_region(region) != country_code:
        region = phonenumbers.region_code_for_country_code(country_code)
    name = _region_name(region)
    result = phonenumbers.is_possible_number_with_reason(number)
    if result == ValidationResult.TOO_SHORT:
        return f"too short for a {name} number"
    if result == ValidationResult.TOO_LONG:
        return f"too long for a {name} number"
    if result == ValidationResult.INVALID_LENGTH:
        return f"has the wrong number of digits for a {name} number"
    if result == ValidationResult.IS_POSSIBLE_LOCAL_ONLY:
        return f"too short for a {name} number (is the area code missing?)"
    if result == ValidationResult.INVALID_COUNTRY_CODE:
        return "has an unknown country code"
    return NOT_VALID


_NANP_E164 = re.compile(r"\+1([2-9][0-9]{2})([0-9]{3})([0-9]{4})")
"""A North American number phonenumbers formats as "(919) 555-0101" at home and "+1 919-555-0101" abroad."""


@lru_cache(maxsize=65536)
def format_phone(e164: str, region: str = "US", extension: str = "") -> str:
    """National format for the region's own numbers ("(919) 555-0101"), international otherwise."""
    north_american = None if extension else _NANP_E164.fullmatch(e164)
    if north_american:  # the common case, as phonenumbers would write it (a test compares), without its parse
        area, exchange, line = north_american.groups()
        if _calling_code(region) == 1:
            return f"({area}) {exchange}-{line}"
        return f"+1 {area}-{exchange}-{line}"
    try:
        number = phonenumbers.parse(e164, None)
    except NumberParseException:
        return f"{e164} ext. {extension}" if extension else e164
    if extension:
        number.extension = extension
    own = number.country_code == _calling_code(region)
    style = PhoneNumberFormat.NATIONAL if own else PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, style)


@lru_cache(maxsize=256)
def _calling_code(region: str) -> int:
    return int(phonenumbers.country_code_for_region((region or "US").upper()))


# --- North American validity without parse -------------------------------------------------
#
# Which 10-digit numbers are valid depends, per phonenumbers' metadata, on their first six
# digits (area code + exchange) except in a few island prefixes that look at a seventh. The
# metadata regexes are read once and expanded into per-position digit sets to find those
# "deep" six-digit prefixes; for every other prefix one exact answer serves all 10,000
# numbers under it. The exact answer is always phonenumbers.is_valid_number itself.

_ALL_DIGITS = 0x3FF
_PREFIX_LENGTH = 6
_NSN_LENGTH = 10
_MAX_SEQUENCES = 50_000
_MAX_CACHED_PREFIXES = 200_000
_PREFIX_VALIDITY: dict[str, bool] = {}
_Sequence = tuple[int, ...]


class _TooComplex(Exception):
    """A metadata pattern outside the small regex subset the analysis understands."""


def _nanp_valid(national: str) -> bool:
    prefix = national[:_PREFIX_LENGTH]
    known = _PREFIX_VALIDITY.get(prefix)
    if known is not None:
        return known
    valid = _exact_nanp_valid(national)
    deep = _deep_prefixes()
    if deep is not None and prefix not in deep:
        if len(_PREFIX_VALIDITY) >= _MAX_CACHED_PREFIXES:
            _PREFIX_VALIDITY.clear()
        _PREFIX_VALIDITY[prefix] = valid
    return valid


@lru_cache(maxsize=65536)
def _exact_nanp_valid(national: str) -> bool:
    return bool(phonenumbers.is_valid_number(PhoneNumber(country_code=1, national_number=int(national))))


def _nanp_patterns() -> list[tuple[str, bool]]:
    """Every pattern is_valid_number consults for +1 numbers, and whether it must match whole."""
    patterns: list[tuple[str, bool]] = []
    for region in phonenumbers.COUNTRY_CODE_TO_REGION_CODE[1]:
        metadata = PhoneMetadata.metadata_for_region(region)
        if metadata is None:
            continue
        if metadata.leading_digits:
            patterns.append((metadata.leading_digits, False))
        for value in vars(metadata).values():
            pattern = getattr(value, "national_number_pattern", None)
            if isinstance(pattern, str):
                patterns.append((pattern, True))
    return patterns


@lru_cache(maxsize=1)
def _deep_prefixes() -> frozenset[str] | None:
    """Six-digit prefixes whose validity depends on later digits; None if the analysis fails."""
    deep: set[str] = set()
    try:
        for pattern, whole in _nanp_patterns():
            for sequence in _expand_pattern(pattern):
                if whole and len(sequence) != _NSN_LENGTH:
                    continue
                if any(mask != _ALL_DIGITS for mask in sequence[_PREFIX_LENGTH:]):
                    deep.update(_heads(sequence[:_PREFIX_LENGTH]))
    except _TooComplex:
        return None
    return frozenset(deep)


def _heads(masks: _Sequence) -> list[str]:
    heads = [""]
    for mask in masks:
        heads = [h + str(d) for h in heads for d in range(10) if mask >> d & 1]
        if len(heads) > _MAX_SEQUENCES:
            raise _TooComplex(masks)
    return heads


def _expand_pattern(pattern: str) -> list[_Sequence]:
    """The strings a digit regex matches, as sequences of per-position digit bitmasks."""
    sequences, end = _parse_alternation(pattern, 0)
    if end != len(pattern):
        raise _TooComplex(pattern)
    return sequences


def _parse_alternation(p: str, i: int) -> tuple[list[_Sequence], int]:
    result, i = _parse_sequence(p, i)
    while i < len(p) and p[i] == "|":
        more, i = _parse_sequence(p, i + 1)
        result = result + more
    return result, i


def _parse_sequence(p: str, i: int) -> tuple[list[_Sequence], int]:
    result: list[_Sequence] = [()]
    while i < len(p) and p[i] not in "|)":
        atom, i = _parse_atom(p, i)
        low, high, i = _parse_quantifier(p, i)
        options = [s for n in range(low, high + 1) for s in _repeat(atom, n)]
        result = [a + b for a in result for b in options if len(a) + len(b) <= _NSN_LENGTH]
        if len(result) > _MAX_SEQUENCES:
            raise _TooComplex(p)
    return result, i


def _repeat(atom: list[_Sequence], n: int) -> list[_Sequence]:
    out: list[_Sequence] = [()]
    for _ in range(n):
        out = [a + b for a in out for b in atom if len(a) + len(b) <= _NSN_LENGTH]
    return out


def _parse_atom(p: str, i: int) -> tuple[list[_Sequence], int]:
    ch = p[i]
    if ch.isdigit() and ch.isascii():
        return [(1 << int(ch),)], i + 1
    if p.startswith("\\d", i):
        return [(_ALL_DIGITS,)], i + 2
    if ch == "[":
        end = p.index("]", i)
        return [(_class_mask(p[i + 1 : end]),)], end + 1
    if ch == "(":
        start = i + 3 if p.startswith("(?:", i) else i + 1
        inner, j = _parse_alternation(p, start)
        if j >= len(p) or p[j] != ")":
            raise _TooComplex(p)
        return inner, j + 1
    raise _TooComplex(p)


def _class_mask(body: str) -> int:
    if not re.fullmatch(r"(?:[0-9](?:-[0-9])?)+", body):
        raise _TooComplex(body)
    mask = 0
    for low, high in re.findall(r"([0-9])(?:-([0-9]))?", body):
        for d in range(int(low), int(high or low) + 1):
            mask |= 1 << d
    return mask


def _parse_quantifier(p: str, i: int) -> tuple[int, int, int]:
    if i < len(p) and p[i] == "?":
        return 0, 1, i + 1
    match = re.compile(r"\{([0-9]+)(?:,([0-9]+))?\}").match(p, i)
    if match is None:
        return 1, 1, i
    low = int(match.group(1))
    return low, int(match.group(2) or low), match.end()
