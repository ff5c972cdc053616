"""Email addresses: lowercased and checked, with a fast path for the common shape."""

from __future__ import annotations

import re

from email_validator import SPECIAL_USE_DOMAIN_NAMES, EmailNotValidError, validate_email

from organizer.domain.errors import InvalidValue

_PREFIX = "not a valid email address"
# Plain ASCII dot-atoms that email_validator accepts as they are (a test holds it to that).
_COMMON_SHAPE = re.compile(
    r"[a-z0-9_%+'=-]+(?:\.[a-z0-9_%+'=-]+)*@(?:[a-z0-9]+(?:-[a-z0-9]+)*\.)+[a-z]{2,24}",
    re.ASCII,
)
_DISPLAY_NAME = re.compile(r"[^<>]*<([^<>]*)>\s*")
_SEPARATORS = re.compile(r"[\s,;]+")
_SPECIAL_TLDS = frozenset(SPECIAL_USE_DOMAIN_NAMES)
_MAX_LENGTH = 254
_MAX_LOCAL = 64
_MAX_LABEL = 63


def normalize_email(raw: str) -> str:
    """A checked, lowercased email address; raises InvalidValue ("not a valid email address: missing @")."""
    text = _unwrap(str(raw))
    address = text.lower()
    if _is_common(address):
        return address
    return _slow_normalize_email(text)


def _unwrap(text: str) -> str:
    """Strip spaces, "mailto:", a display name and angle brackets: "Ana <ana@x.org>" → "ana@x.org"."""
    text = text.strip()
    if "<" in text:
        match = _DISPLAY_NAME.fullmatch(text)
        if match:
            text = match.group(1).strip()
    if text[:1] in ("m", "M") and text[:7].lower() == "mailto:":
        text = text[7:].strip()
    return text


def _is_common(address: str) -> bool:
    if len(address) > _MAX_LENGTH or not _COMMON_SHAPE.fullmatch(address):
        return False
    at = address.index("@")
    if at > _MAX_LOCAL:
        return False
    if len(address) - at - 1 > _MAX_LABEL and max(map(len, address[at + 1 :].split("."))) > _MAX_LABEL:
        return False
    return address[address.rindex(".") + 1 :] not in _SPECIAL_TLDS


def _slow_normalize_email(raw: str) -> str:
    """email_validator's verdict (no network), lowercased; the reference for the fast path."""
    text = _unwrap(raw)
    if not text:
        raise InvalidValue("is empty")
    if "@" not in text:
        raise InvalidValue(f"{_PREFIX}: missing @")
    if text.count("@") > 1:
        parts = [p for p in _SEPARATORS.split(text) if p]
        if len(parts) > 1 and all("@" in p for p in parts):
            raise InvalidValue("holds more than one email address")
        raise InvalidValue(f"{_PREFIX}: more than one @")
    if any(ch.isspace() for ch in text):
        raise InvalidValue(f"{_PREFIX}: has a space")
    local, _, domain = text.partition("@")
    if not local.strip():
        raise InvalidValue(f"{_PREFIX}: nothing before the @")
    if "." not in domain:
        raise InvalidValue(f"{_PREFIX}: the part after @ needs a dot, like example.org")
    try:
        result = validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidValue(f"{_PREFIX}: {_plain(str(exc))}") from None
    return str(result.normalized).lower()


def _plain(message: str) -> str:
    """email_validator's sentence as a clause: first letter lowercased, final period dropped."""
    message = message.strip().rstrip(".")
    return message[:1].lower() + message[1:]
