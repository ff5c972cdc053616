"""Phone numbers: E.164, plain reasons, display format, and the fast path's equivalence."""

from __future__ import annotations

import re

import phonenumbers
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from organizer.domain import phones
from organizer.domain.errors import InvalidValue
from organizer.domain.phones import Phone, _slow_normalize_phone, format_phone, normalize_phone

RALEIGH = Phone("+19195550101")


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("(919) 555-0101", "US", RALEIGH),
        ("919.555.0101", "US", RALEIGH),
        ("919-555-0101", "US", RALEIGH),
        ("+1 919 555 0101", "US", RALEIGH),
        ("1-919-555-0101", "US", RALEIGH),
        ("1 (919) 555-0101", "US", RALEIGH),
        ("9195550101", "US", RALEIGH),
        ("  9195550101  ", "US", RALEIGH),
        (9195550101, "US", RALEIGH),
        (9195550101.0, "US", RALEIGH),
        (19195550101.0, "US", RALEIGH),
        ("919 - 555 - 0101", "US", RALEIGH),
        ("919/555-0101", "US", RALEIGH),
        ("cell: 919-555-0101", "US", RALEIGH),
        ("919-555-0101 (home)", "US", RALEIGH),
        ("919-555-0101 x23", "US", Phone("+19195550101", "23")),
        ("919-555-0101 ext. 23", "US", Phone("+19195550101", "23")),
        ("919-555-0101 Ext 23", "US", Phone("+19195550101", "23")),
        ("919-555-0101 extension 23", "US", Phone("+19195550101", "23")),
        ("919-555-0101, ext 23", "US", Phone("+19195550101", "23")),
        ("(919) 555-0101 #23", "US", Phone("+19195550101", "23")),
        ("800-555-0101", "US", Phone("+18005550101")),
        ("(416) 555-0101", "US", Phone("+14165550101")),
        ("(416) 555-0101", "CA", Phone("+14165550101")),
        ("+44 20 7946 0958", "US", Phone("+442079460958")),
        ("011 44 20 7946 0958", "US", Phone("+442079460958")),
        ("020 7946 0958", "GB", Phone("+442079460958")),
        ("06 12 34 56 78", "FR", Phone("+33612345678")),
        ("+1 268 464 1234", "US", Phone("+12684641234")),
        ("９１９５５５０１０１", "US", RALEIGH),
    ],
)
def test_normalize_phone(raw: str | int | float, region: str, expected: Phone) -> None:
    assert normalize_phone(raw, region) == expected
    assert _slow_normalize_phone(raw, region) == expected


@pytest.mark.parametrize(
    ("raw", "region", "reason"),
    [
        ("555-12", "US", "too short for a US number"),
        ("919555010", "US", "too short for a US number"),
        ("91955501011", "US", "too long for a US number"),
        ("555-0101", "US", "too short for a US number (is the area code missing?)"),
        ("(919) 123-4567", "US", "not a valid phone number"),
        ("(555) 555-0101", "US", "not a valid phone number"),
        ("1-800-FLOWERS", "US", "has letters"),
        ("n/a", "US", "has letters"),
        ("919 555 0101 call evenings", "US", "has letters"),
        ("9.19555E+09", "US", "was shortened by a spreadsheet"),
        ("", "US", "is empty"),
        ("   ", "US", "is empty"),
        (float("nan"), "US", "is empty"),
        ("---", "US", "not a phone number"),
        ("+999 1234 5678", "US", "has an unknown country code"),
        ("02", "GB", "too short for a UK number"),
        ("+44 20", "US", "too short for a UK number"),
    ],
)
def test_normalize_phone_rejects_with_a_plain_reason(raw: str | float, region: str, reason: str) -> None:
    for normalize in (normalize_phone, _slow_normalize_phone):
        with pytest.raises(InvalidValue, match=re.escape(reason)):
            normalize(raw, region)


def test_bool_is_not_a_phone_number() -> None:
    with pytest.raises(InvalidValue):
        normalize_phone(True)


@pytest.mark.parametrize(
    "raw",
    ["(919) 555-0101", "919.555.0101", "919-555-0101", "+1 919 555 0101", "1-919-555-0101", "9195550101",
     "919-555-0101 x23", "919-555-0101 ext. 23", "(919)555-0101", "+1-919-555-0101", 9195550101.0],
)
def test_common_shapes_never_reach_phonenumbers_parse(raw: str | float, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(phonenumbers, "parse", _no_parse)
    assert normalize_phone(raw).e164 == "+19195550101"
    with pytest.raises(InvalidValue, match="not a valid phone number"):
        normalize_phone("(919) 123-4567")


def _no_parse(*args: object) -> None:
    raise AssertionError(f"phonenumbers.parse called with {args}")


@pytest.mark.parametrize(
    ("e164", "region", "extension", "expected"),
    [
        ("+19195550101", "US", "", "(919) 555-0101"),
        ("+19195550101", "US", "23", "(919) 555-0101 ext. 23"),
        ("+14165550101", "CA", "", "(416) 555-0101"),
        ("+19195550101", "GB", "", "+1 919-555-0101"),
        ("+442079460958", "US", "", "+44 20 7946 0958"),
        ("+442079460958", "GB", "", "020 7946 0958"),
        ("not a number", "US", "", "not a number"),
        ("", "US", "", ""),
    ],
)
def test_format_phone(e164: str, region: str, extension: str, expected: str) -> None:
    assert format_phone(e164, region, extension) == expected


def test_validity_analysis_found_the_deep_prefixes() -> None:
    deep = phones._deep_prefixes()
    assert deep is not None
    assert len(deep) < 1000


# --- the fast path must give exactly phonenumbers' answers --------------------------------

AREA_CODES = ["919", "984", "212", "416", "800", "900", "246", "876", "268", "441", "684", "555", "123", "011"]
DEEP = ["246521", "246522", "876606"]
DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=1)


def _digits(n: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=n, max_size=n)


@st.composite
def nanp_shaped(draw: st.DrawFn) -> str:
    """Strings shaped like North American numbers, valid or not, with the usual punctuation."""
    if draw(st.booleans()):
        national = draw(st.sampled_from(DEEP)) + draw(_digits(4))
    else:
        area = draw(st.one_of(st.sampled_from(AREA_CODES), _digits(3)))
        national = area + draw(_digits(7))
    area, exchange, line = national[:3], national[3:6], national[6:]
    sep = st.sampled_from(["", " ", "-", ".", "  ", "/"])
    lead = draw(st.sampled_from(["", "1", "1 ", "1-", "+1", "+1 ", "+1-", "+1.", "+", "11 ", "0"]))
    area_text = f"({area})" if draw(st.booleans()) else area
    ext = ""
    if draw(st.integers(0, 3)) == 0:
        label = draw(st.sampled_from(["x", " x", " X", " ext. ", " ext ", " Ext.", " extension ", " #", "#", ", ext "]))
        ext = label + draw(st.text(alphabet="0123456789", min_size=1, max_size=8))
    pad = st.sampled_from(["", " ", "\t"])
    return draw(pad) + lead + area_text + draw(sep) + exchange + draw(sep) + line + ext + draw(pad)


def _outcome(fn: object, raw: str, region: str) -> object:
    assert callable(fn)
    try:
        return fn(raw, region)
    except InvalidValue as exc:
        return ("invalid", str(exc))


@settings(max_examples=1000, deadline=None)
@given(nanp_shaped(), st.sampled_from(["US", "CA"]))
@example("(919) 555-0101", "US")
@example("246 521 0123", "US")
@example("876 606 1234", "CA")
def test_fast_path_matches_phonenumbers(raw: str, region: str) -> None:
    assert _outcome(normalize_phone, raw, region) == _outcome(_slow_normalize_phone, raw, region)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.sampled_from(AREA_CODES), _digits(3)), _digits(3), _digits(4), _digits(4))
def test_validity_under_a_shallow_prefix_does_not_depend_on_the_last_four_digits(
    area: str, exchange: str, line_a: str, line_b: str
) -> None:
    prefix = area + exchange
    deep = phones._deep_prefixes()
    assert deep is not None
    if prefix not in deep:
        assert phones._exact_nanp_valid(prefix + line_a) == phones._exact_nanp_valid(prefix + line_b)


@st.composite
def pattern_and_digits(draw: st.DrawFn) -> tuple[str, bool, str]:
    """A metadata pattern and ten digits, half of them built to match one of its expansions."""
    pattern, whole = draw(st.sampled_from(phones._nanp_patterns()))
    digits = draw(_digits(10))
    if draw(st.booleans()):
        sequence = draw(st.sampled_from(phones._expand_pattern(pattern)))
        chosen = [draw(st.sampled_from([d for d in range(10) if mask >> d & 1])) for mask in sequence]
        digits = ("".join(map(str, chosen)) + digits)[:10]
    return pattern, whole, digits


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pattern_and_digits())
def test_pattern_expansion_matches_the_regex(case: tuple[str, bool, str]) -> None:
    pattern, whole, digits = case
    regex = re.compile(pattern)
    expected = (regex.fullmatch(digits) if whole else regex.match(digits)) is not None
    found = any(
        (len(seq) == len(digits) or not whole) and all(mask >> int(d) & 1 for mask, d in zip(seq, digits, strict=False))
        for seq in phones._expand_pattern(pattern)
    )
    assert found == expected


@settings(deadline=None)
@given(st.text(max_size=30), st.sampled_from(["US", "CA", "GB", "DE", "us", ""]))
def test_normalize_phone_only_raises_invalid_value(raw: str, region: str) -> None:
    try:
        phone = normalize_phone(raw, region)
    except InvalidValue as exc:
        assert str(exc)
    else:
        assert phone.e164.startswith("+")
        assert phone.e164[1:].isdigit()


@settings(max_examples=3000, deadline=None)
@given(number=st.from_regex(r"\A\+1[0-9]{10}\Z"), region=st.sampled_from(["US", "CA", "PR", "GB", "MX", "DE", ""]),
       extension=st.sampled_from(["", "12"]))
@example(number="+12015550123", region="US", extension="")
@example(number="+11235550123", region="US", extension="")
def test_north_american_numbers_are_formatted_as_phonenumbers_formats_them(number: str, region: str,
                                                                          extension: str) -> None:
    parsed = phonenumbers.parse(number, None)
    if extension:
        parsed.extension = extension
    own = phonenumbers.country_code_for_region(region or "US") == 1
    style = phonenumbers.PhoneNumberFormat.NATIONAL if own else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    assert format_phone(number, region, extension) == phonenumbers.format_number(parsed, style)
