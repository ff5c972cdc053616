"""Walk-list result codes as printed in the sheet's key, and reading one back as typed (short code or name)."""

from __future__ import annotations

from organizer.domain.codes import ContactChannel, DoorResult, PhoneResult
from organizer.domain.errors import InvalidValue

DOOR_KEY: tuple[tuple[str, DoorResult], ...] = (
    ("C", DoorResult.CANVASSED), ("NH", DoorResult.NOT_HOME), ("R", DoorResult.REFUSED), ("M", DoorResult.MOVED),
    ("D", DoorResult.DECEASED), ("I", DoorResult.INACCESSIBLE), ("LB", DoorResult.LANGUAGE_BARRIER),
    ("DNW", DoorResult.DO_NOT_WALK), ("CB", DoorResult.COME_BACK),
)
"""The printed key: short code and result, in the order of the sheet's tick-box columns."""
PHONE_KEY: tuple[tuple[str, PhoneResult], ...] = (
    ("LM", PhoneResult.LEFT_MESSAGE), ("WN", PhoneResult.WRONG_NUMBER), ("DC", PhoneResult.DISCONNECTED),
    ("DNC", PhoneResult.DO_NOT_CALL),
)
REACHED = frozenset({DoorResult.CANVASSED.value, DoorResult.REFUSED.value, DoorResult.COME_BACK.value})
"""Results that mean someone came to the door: the voter becomes (or is matched to) a person."""
SUPPORT_LEVELS = {1: "strong yes", 2: "lean yes", 3: "undecided", 4: "lean no", 5: "strong no"}
_LEVEL_BY_WORDS = {words: level for level, words in SUPPORT_LEVELS.items()}


def parse_result(raw: str) -> tuple[str, str]:
    """(channel, result code) for a result as typed: "nh", "NOT HOME", "Not home", "wrong number".

    Raises InvalidValue naming the codes there are.
    """
    text = " ".join(str(raw).replace("_", " ").replace("-", " ").split()).casefold()
    for short, door in DOOR_KEY:
        if text in (short.casefold(), door.value.replace("_", " "), door.label.casefold()):
            return ContactChannel.DOOR.value, door.value
    for short, phone in PHONE_KEY:
        if text in (short.casefold(), phone.value.replace("_", " "), phone.label.casefold()):
            return ContactChannel.PHONE.value, phone.value
    codes = ", ".join(short for short, _ in DOOR_KEY)
    raise InvalidValue(f"not a result code (the key: {codes}, or the result's name)")


def parse_support(raw: str) -> int | None:
    """A support level 1 (strong yes) … 5 (strong no), as a number or in the key's words ("Strong yes",
    "1 - strong yes"); "" is none. Raises InvalidValue."""
    text = " ".join(str(raw).replace("-", " ").replace("_", " ").split()).casefold()
    if not text:
        return None
    number, _space, words = text.partition(" ")
    level = _LEVEL_BY_WORDS.get(text) or (_LEVEL_BY_WORDS.get(words) if number.isdigit() else None)
    if level is not None and (not number.isdigit() or int(number) == level):
        return level
    try:
        level = int(float(text))
    except (ValueError, OverflowError):  # OverflowError: "inf"
        level = 0
    if level not in SUPPORT_LEVELS:
        raise InvalidValue("not a support level (1 strong yes … 5 strong no)")
    return level


def result_label(code: str) -> str:
    """ "Not home" for "not_home" (door or phone)."""
    for _short, result in (*DOOR_KEY, *PHONE_KEY):
        if result.value == code:
            return result.label
    return code.replace("_", " ").capitalize()


def short_code(code: str) -> str:
    """ "NH" for "not_home"."""
    for short, result in (*DOOR_KEY, *PHONE_KEY):
        if result.value == code:
            return short
    return code.upper()
