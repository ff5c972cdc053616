"""Email addresses: lowercased, checked, and the fast path agreeing with email_validator."""

from __future__ import annotations

import re

import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import example, given, settings
from hypothesis import strategies as st

from organizer.domain import emails
from organizer.domain.emails import _slow_normalize_email, normalize_email
from organizer.domain.errors import InvalidValue


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("maria@example.org", "maria@example.org"),
        ("  Maria.Lopez@Example.ORG ", "maria.lopez@example.org"),
        ("mailto:ana@example.org", "ana@example.org"),
        ("MAILTO: ana@example.org", "ana@example.org"),
        ("<ana@example.org>", "ana@example.org"),
        ("Ana Lopez <Ana@Example.org>", "ana@example.org"),
        ("maria.lopez+chapter@gmail.com", "maria.lopez+chapter@gmail.com"),
        ("o'brien@example.ie", "o'brien@example.ie"),
        ("first_last@mail.example.co.uk", "first_last@mail.example.co.uk"),
        ("ana@sub-domain.example.org", "ana@sub-domain.example.org"),
        ("ana@x.c", "ana@x.c"),
        ("josé@example.org", "josé@example.org"),
        ("ana@bücher.example", "ana@bücher.example"),
    ],
)
def test_normalize_email(raw: str, expected: str) -> None:
    assert normalize_email(raw) == expected
    assert _slow_normalize_email(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "is empty"),
        ("   ", "is empty"),
        ("mailto:", "is empty"),
        ("maria.example.org", "not a valid email address: missing @"),
        ("maria@@example.org", "not a valid email address: more than one @"),
        ("a@example.org; b@example.org", "holds more than one email address"),
        ("a@example.org b@example.org", "holds more than one email address"),
        ("@example.org", "not a valid email address: nothing before the @"),
        ("maria@example", "not a valid email address: the part after @ needs a dot"),
        ("maria lopez@example.org", "not a valid email address: has a space"),
        ("maria@example.org.", "not a valid email address: an email address cannot end with a period"),
        ("maria..lopez@example.org", "not a valid email address: an email address cannot have two periods"),
        ("maria@example.test", "not a valid email address: the part after the @-sign is a special-use"),
        ("maria@localhost.localhost", "not a valid email address"),
        ("maria@exa_mple.org", "not a valid email address"),
        ("maria@example.123", "not a valid email address"),
    ],
)
def test_normalize_email_rejects_with_a_plain_reason(raw: str, reason: str) -> None:
    for normalize in (normalize_email, _slow_normalize_email):
        with pytest.raises(InvalidValue, match=re.escape(reason)):
            normalize(raw)


LOCAL = st.text(alphabet="abcxyzABZ0189_%+'=.-", min_size=1, max_size=20)
LABEL = st.text(alphabet="abcxyzABZ0189-", min_size=1, max_size=12)
TLD = st.sampled_from(["org", "com", "net", "io", "c", "COOP", "test", "local", "localhost", "arpa", "x1", "onion"])


@st.composite
def email_shaped(draw: st.DrawFn) -> str:
    """Strings close to the common address shape, many of them just outside it."""
    labels = draw(st.lists(LABEL, min_size=0, max_size=3))
    return draw(LOCAL) + "@" + ".".join([*labels, draw(TLD)])


@settings(max_examples=1000)
@given(email_shaped())
@example("a" * 64 + "@example.org")
@example("a" * 65 + "@example.org")
@example("a@" + "b" * 63 + ".org")
@example("a@" + "b" * 64 + ".org")
def test_fast_path_accepts_only_what_email_validator_accepts(raw: str) -> None:
    address = raw.lower()
    if emails._is_common(address):
        result = validate_email(raw, check_deliverability=False)
        assert str(result.normalized).lower() == address


@settings(max_examples=1000)
@given(st.one_of(email_shaped(), st.text(max_size=40)))
def test_fast_and_slow_paths_agree(raw: str) -> None:
    try:
        fast: object = normalize_email(raw)
    except InvalidValue as exc:
        fast = ("invalid", str(exc))
    try:
        slow: object = _slow_normalize_email(raw)
    except InvalidValue as exc:
        slow = ("invalid", str(exc))
    assert fast == slow


@given(st.text(max_size=60))
def test_normalize_email_only_raises_invalid_value(raw: str) -> None:
    try:
        address = normalize_email(raw)
    except InvalidValue as exc:
        assert str(exc)
    else:
        assert address == address.lower()
        assert "@" in address
        try:
            validate_email(address, check_deliverability=False)
        except EmailNotValidError as exc:  # pragma: no cover - the assertion explains
            raise AssertionError(f"{address!r} was accepted but email_validator says: {exc}") from exc
