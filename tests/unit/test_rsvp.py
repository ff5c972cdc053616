"""Reading an RSVP sheet's status column in other tools' words."""

from __future__ import annotations

import pytest

from organizer.domain.codes import AttendanceStatus
from organizer.domain.errors import InvalidValue
from organizer.domain.rsvp import RSVP_WORDS, read_rsvp


@pytest.mark.parametrize(("raw", "expected"), [
    ("CONFIRMED", ("confirmed", None)), ("Going", ("registered", None)), ("not attending", ("declined", None)),
    ("Can’t go", ("declined", None)), ("no-show", ("registered", False)), ("Checked_In", ("registered", True)),
    ("  Maybe ", ("invited", None)),
])
def test_known_words(raw: str, expected: tuple[str, bool | None]) -> None:
    assert read_rsvp(raw) == expected


@pytest.mark.parametrize("raw", ["Waitlisted", "perhaps", "=1+1", ""])
def test_an_unknown_word_is_refused_not_guessed(raw: str) -> None:
    with pytest.raises(InvalidValue, match="not a known RSVP status"):
        read_rsvp(raw)


def test_every_word_gives_a_status_the_app_has() -> None:
    codes = {member.value for member in AttendanceStatus}
    assert {status for status, _came in RSVP_WORDS.values()} <= codes
