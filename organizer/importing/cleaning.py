"""Turning one spreadsheet row into a clean candidate person, keeping every value somewhere."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from organizer.domain.addresses import normalize_postal_code
from organizer.domain.emails import normalize_email
from organizer.domain.errors import InvalidValue
from organizer.domain.names import split_full_name
from organizer.domain.phones import normalize_phone
from organizer.domain.text import family_key, name_key, tidy_name
from organizer.importing.fields import IGNORE, TAG
from organizer.importing.headers import NO, YES
from organizer.importing.report import RowIssue

PHONE_TYPES = {"phone": "other", "mobile_phone": "mobile", "home_phone": "home", "work_phone": "work"}
FLAG_FIELDS = ("do_not_call", "do_not_text", "do_not_email", "do_not_walk")
NAME_FIELDS = ("given_name", "family_name", "additional_name", "honorific_prefix", "honorific_suffix")
_LIST_SPLIT = re.compile(r"\s*[,;|]\s*")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%m/%d/%Y", "%m/%d/%y", "%d.%m.%Y", "%Y/%m/%d")


@dataclass(slots=True)
class Candidate:
    """A person as one row describes them, cleaned."""

    row: int
    names: dict[str, str] = field(default_factory=dict)
    emails: list[str] = field(default_factory=list)
    phones: list[tuple[str, str, str]] = field(default_factory=list)  # (e164, extension, type)
    address: dict[str, str] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    volunteer: bool = False
    flags: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    pronouns: str = ""
    birthdate: date | None = None
    languages: list[str] = field(default_factory=list)
    uuid: str = ""
    custom: dict[str, str] = field(default_factory=dict)
    name_key: str = ""
    family_key: str = ""

    def identifies_someone(self) -> bool:
        """A row is kept when it has a name, a valid email or a valid phone."""
        has_name = bool(self.names.get("given_name") or self.names.get("family_name"))
        return has_name or bool(self.emails) or bool(self.phones)


@dataclass(frozen=True, slots=True)
class Column:
    """One mapped column: its index, the header as shown (unique), and its field."""

    index: int
    header: str
    field: str


class RowCleaner:
    """Cleans rows for one import: the chapter's region and the column mapping."""

    def __init__(self, columns: Sequence[Column], region: str) -> None:
        self.columns = [c for c in columns if c.field != IGNORE]
        self.region = region

    def clean(self, row_number: int, cells: Sequence[str]) -> tuple[Candidate, list[RowIssue]]:
        """A candidate and the warnings about values that could not be used as typed."""
        candidate = Candidate(row=row_number)
        warnings: list[RowIssue] = []
        full_name = ""
        for column in self.columns:
            raw = cells[column.index].strip() if column.index < len(cells) else ""
            if not raw:
                continue
            if column.field == "full_name":
                full_name = raw
                continue
            problem = self._apply(candidate, column, raw)
            if problem is not None:
                warnings.append(RowIssue(row_number, column.header, raw, problem))
                candidate.custom[column.header] = raw
        if full_name:
            self._apply_full_name(candidate, full_name)
        candidate.name_key = name_key(candidate.names.get("given_name"), candidate.names.get("family_name"))
        candidate.family_key = family_key(candidate.names.get("family_name"))
        return candidate, warnings

    def _apply(self, c: Candidate, column: Column, raw: str) -> str | None:
        """Put one value on the candidate; returns a reason when it could not be used."""
        key = column.field
        try:
            if key in NAME_FIELDS:
                c.names.setdefault(key, tidy_name(raw))
            elif key == "email":
                c.emails.extend(e for e in (normalize_email(v) for v in _split_multi(raw)) if e not in c.emails)
            elif key in PHONE_TYPES:
                phone = normalize_phone(raw, self.region)
                if all(p[0] != phone.e164 for p in c.phones):
                    c.phones.append((phone.e164, phone.extension, PHONE_TYPES[key]))
            elif key == "postal_code":
                c.address["postal_code"] = normalize_postal_code(raw, self._country(c))
            elif key in ("street", "address_line2", "locality", "region", "country"):
                c.address[key] = " ".join(raw.split())
            else:
                return self._apply_other(c, column, raw)
        except InvalidValue as exc:
            return str(exc)
        return None

    def _apply_other(self, c: Candidate, column: Column, raw: str) -> str | None:
        key = column.field
        if key == "tags":
            c.tags.extend(t for t in _LIST_SPLIT.split(raw) if t and t not in c.tags)
        elif key in (TAG, "volunteer", *FLAG_FIELDS):
            return self._apply_mark(c, column, raw)
        elif key == "notes":
            c.notes.append(raw)
        elif key == "gender_pronouns":
            c.pronouns = raw
        elif key == "languages":
            c.languages.extend(v for v in _LIST_SPLIT.split(raw) if v and v not in c.languages)
        elif key == "birthdate":
            c.birthdate = parse_date(raw)
        elif key == "uuid":
            if not _UUID.match(raw.lower()):
                return "not a Chapter Organizer id (uuid)"
            c.uuid = raw.lower()
        else:
            c.custom[column.header] = raw
        return None

    @staticmethod
    def _apply_mark(c: Candidate, column: Column, raw: str) -> str | None:
        mark = raw.strip().casefold()
        if mark not in YES:
            return None if mark in NO else "not a yes/no value"
        if column.field == TAG:
            name = tag_name_from_header(column.header)
            if name not in c.tags:
                c.tags.append(name)
        elif column.field == "volunteer":
            c.volunteer = True
        else:
            c.flags.add(column.field)
        return None

    def _apply_full_name(self, c: Candidate, raw: str) -> None:
        parts = split_full_name(raw)
        for key, value in (("given_name", parts.given), ("family_name", parts.family),
                           ("additional_name", parts.additional), ("honorific_prefix", parts.prefix),
                           ("honorific_suffix", parts.suffix)):
            if value and not c.names.get(key):
                c.names[key] = value

    def _country(self, c: Candidate) -> str:
        country = c.address.get("country", "").strip().upper()
        if country in {"US", "USA", "UNITED STATES", "UNITED STATES OF AMERICA"}:
            return "US"
        return country if len(country) == 2 else self.region


def _split_multi(raw: str) -> list[str]:
    return [v for v in re.split(r"[;,\s]+", raw) if v] if ("@" in raw and raw.count("@") > 1) else [raw]


def tag_name_from_header(header: str) -> str:
    """ "Spanish speaker? (Y/N)" → "Spanish speaker"."""
    text = re.sub(r"\((y/n|yes/no|x)\)", "", header, flags=re.IGNORECASE)
    return " ".join(text.replace("?", " ").split()) or header.strip()


def parse_date(raw: str) -> date:
    """A date in the shapes spreadsheets write; raises InvalidValue."""
    text = raw.strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise InvalidValue("not a date (use YYYY-MM-DD or MM/DD/YYYY)")
