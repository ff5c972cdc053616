"""The fields of two people side by side, and which value a merge keeps for each."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from organizer.errors import UserError

SURVIVOR, OTHER = "survivor", "other"
# (column, label) of every field a merge chooses, in the order a form shows them.
FIELDS: tuple[tuple[str, str], ...] = (
    ("honorific_prefix", "Title"), ("given_name", "Given name"), ("additional_name", "Other names"),
    ("family_name", "Family name"), ("honorific_suffix", "Suffix"), ("gender_pronouns", "Pronouns"),
    ("birthdate", "Birthdate"), ("languages_spoken", "Languages"), ("custom_fields", "Custom fields"),
    ("notes", "Notes"), ("source", "Source"), ("do_not_walk", "Do not walk"), ("do_not_call", "Do not call"),
    ("do_not_text", "Do not text"), ("do_not_email", "Do not email"), ("deceased", "Deceased"),
    ("moved", "Moved"),
)
FIELD_NAMES = tuple(name for name, _label in FIELDS)
LABELS = dict(FIELDS)


@dataclass(frozen=True, slots=True)
class FieldChoice:
    """One field of the two people: both values as read, and what the merge keeps unless told otherwise."""

    field: str
    label: str
    survivor: str
    other: str
    default: str  # SURVIVOR or OTHER: the side whose value a merge keeps unless told otherwise

    @property
    def differs(self) -> bool:
        """Whether there is anything to choose."""
        return self.survivor != self.other


def present(value: Any) -> bool:
    """Whether a field holds a value (a flag that is on, a non-empty text, list or mapping)."""
    return value not in (None, "", False) and value != [] and value != {}


def default_side(survivor: Any, other: Any) -> str:
    """The survivor's value where present, else the other's."""
    return SURVIVOR if present(survivor) or not present(other) else OTHER


def shown(value: Any) -> str:
    """A field's value as a person reads it."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return "" if value is None else str(value)


def choices_for(survivor: Mapping[str, Any], other: Mapping[str, Any]) -> list[FieldChoice]:
    """Every field of the two people side by side."""
    out = []
    for name, label in FIELDS:
        s, o = survivor.get(name), other.get(name)
        out.append(FieldChoice(name, label, shown(s), shown(o), default_side(s, o)))
    return out


def check_choices(choices: Mapping[str, str]) -> None:
    """Refuse a choice for a field a merge does not choose, or a side that is neither."""
    for name, side in choices.items():
        if name not in LABELS:
            raise UserError(f"{name!r} is not a field a merge chooses: choose among {', '.join(FIELD_NAMES)}.")
        if side not in (SURVIVOR, OTHER):
            raise UserError(f"Choose {SURVIVOR!r} or {OTHER!r} for {name}, not {side!r}.")


def merged_value(name: str, survivor: Any, other: Any, side: str | None) -> Any:
    """The value a merge keeps: the chosen side's exactly, or by default the survivor's where present,
    else the other's (lists and custom fields: both, the survivor's first and winning)."""
    if side == SURVIVOR:
        return survivor
    if side == OTHER:
        return other
    if isinstance(survivor, list) or isinstance(other, list):
        kept = list(survivor or [])
        return kept + [v for v in other or [] if v not in kept]
    if isinstance(survivor, dict) or isinstance(other, dict):
        both = dict(other or {})
        both.update({k: v for k, v in (survivor or {}).items() if present(v) or k not in both})
        return both
    return survivor if default_side(survivor, other) == SURVIVOR else other
