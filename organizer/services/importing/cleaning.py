"""Turning one spreadsheet row into a clean candidate person, keeping every value somewhere."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from organizer.domain.addresses import normalize_postal_code
from organizer.domain.codes import EmailStatus, EngagementLevel, PhoneType, VolunteerStatus
from organizer.domain.emails import normalize_email
from organizer.domain.errors import InvalidValue
from organizer.domain.names import split_full_name
from organizer.domain.phones import Phone, normalize_phone
from organizer.domain.safe_text import strip_invisible, unescape_cell
from organizer.domain.text import tidy_name
from organizer.services.importing.cell_values import custom_key, has_address, parse_date, tag_name_from_header, yes_no
from organizer.services.importing.fields import IGNORE, TAG
from organizer.services.importing.headers import NO, YES, column_group
from organizer.services.importing.report import RowIssue

PHONE_TYPES = {"phone": "other", "mobile_phone": "mobile", "home_phone": "home", "work_phone": "work"}
FLAG_FIELDS = ("do_not_call", "do_not_text", "do_not_email", "do_not_walk", "deceased", "moved")
ADDRESS_FIELDS = ("street", "address_line2", "locality", "region", "postal_code", "country", "precinct")
# Columns about one email or phone of a person ("Phone 2 type"): applied once the row's values are in.
DETAIL_FIELDS = ("email_status", "phone_type", "phone_texts", "phone_do_not_call")
PROFILE_FIELDS = ("volunteer_status", "engagement_level", "skills", "volunteer_languages", "availability",
                  "volunteer_since", "volunteer_notes", "recruited_by", "point_person")
PART_OF = {"street_part": "_street_parts", "unit_part": "_unit_parts"}  # joined in column order
NAME_FIELDS = ("given_name", "family_name", "additional_name", "honorific_prefix", "honorific_suffix")
_LIST_SPLIT = re.compile(r"\s*[,;|]\s*")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
CACHE_LIMIT = 10_000  # distinct values remembered per column (unique columns stop there)
_MISSING = object()


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
    name_key: str = ""  # the keys are set when the row is prepared (prepare.set_keys)
    family_key: str = ""
    search_text: str = ""
    email_status: dict[str, str] = field(default_factory=dict)  # email -> status, when a column gave one
    phone_sms: dict[str, bool | None] = field(default_factory=dict)  # e164 -> takes texts, when a column said
    phone_dnc: list[str] = field(default_factory=list)  # numbers not to call
    addresses: list[dict[str, str]] = field(default_factory=list)  # the second and later addresses
    profile: dict[str, Any] = field(default_factory=dict)  # volunteer profile values (dates as ISO text)

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
    """Cleans rows for one import: the chapter's region and the column mapping.

    Each column gets its handler once; values that repeat down a column (cities, ZIPs, names,
    tags) are cleaned once and remembered, which is most of the work in a big file.
    """

    def __init__(self, columns: Sequence[Column], region: str) -> None:
        self.columns = [c for c in columns if c.field != IGNORE]
        self.region = region
        self._plan = [(c, self._handler(c)) for c in self.columns if c.field != "full_name"]
        self._full_name = [c for c in self.columns if c.field == "full_name"]
        self._caches: dict[int, dict[str, Any]] = defaultdict(dict)
        self._group = {c.index: column_group(c.header) for c in self.columns}
        self._texts_groups = {self._group[c.index] for c in self.columns if c.field == "phone_texts"}
        self._row: dict[str, dict[int, Any]] = {}  # this row's values by email/phone/address number
        self._grouped = any(c.field in (*DETAIL_FIELDS, "precinct") or (c.field in ADDRESS_FIELDS and self._group[
            c.index] > 1) for c in self.columns)

    def clean(self, row_number: int, cells: Sequence[str]) -> tuple[Candidate, list[RowIssue]]:
        """A candidate and the warnings about values that could not be used as typed."""
        candidate = Candidate(row=row_number)
        warnings: list[RowIssue] = []
        width = len(cells)
        self._row = defaultdict(dict)
        for column, handler in self._plan:
            cell = cells[column.index] if column.index < width else ""
            raw = strip_invisible(cell) if cell else ""  # most files leave many cells empty
            if not raw:
                continue
            if raw[0] == "'":
                raw = unescape_cell(raw)  # the apostrophe our exports add so Excel never runs it as a formula
            try:
                handler(candidate, column, raw)
            except InvalidValue as exc:
                warnings.append(RowIssue(row_number, column.header, raw, str(exc)))
                candidate.custom[column.header] = raw
        for column in self._full_name:
            raw = strip_invisible(cells[column.index]) if column.index < width else ""
            if raw:
                self._apply_full_name(candidate, raw)
                break
        _join_parts(candidate.address)
        if self._grouped:
            self._apply_groups(candidate)
        return candidate, warnings

    def _apply_groups(self, c: Candidate) -> None:
        """Attach "Email 2 status", "Phone 2 type", ... to the email or phone of the same number,
        and gather the second and later addresses."""
        row = self._row
        for group, status in row["email_status"].items():
            if group in row["email"]:
                c.email_status[row["email"][group]] = status
        phones = row["phone"]
        for group, kind in row["phone_type"].items():
            if group in phones:
                c.phones = [(n, x, kind if n == phones[group] else t) for n, x, t in c.phones]
        for group in self._texts_groups:
            if group in phones:
                c.phone_sms[phones[group]] = row["phone_texts"].get(group)
        c.phone_dnc.extend(phones[g] for g, on in row["phone_do_not_call"].items() if on and g in phones)
        for group in sorted(row["address"]):
            address = row["address"][group]
            if has_address(address):
                c.addresses.append(address)
        if c.addresses and not has_address(c.address):
            c.address = {**c.address, **c.addresses.pop(0)}
        if c.address.get("precinct") and not has_address(c.address):
            c.custom["Precinct"] = c.address.pop("precinct")  # no address to hang it on: kept all the same

    def _cached(self, column: Column, raw: str, clean: Callable[[str], Any]) -> Any:
        cache = self._caches[column.index]
        value = cache.get(raw, _MISSING)
        if value is _MISSING:
            try:
                value = clean(raw)
            except InvalidValue as exc:
                value = exc
            if len(cache) < CACHE_LIMIT:
                cache[raw] = value
        if isinstance(value, InvalidValue):
            raise value.with_traceback(None)  # a remembered verdict; each raise starts a fresh traceback
        return value

    def _handler(self, column: Column) -> Callable[[Candidate, Column, str], None]:
        key = column.field
        handlers: dict[str, Callable[[Candidate, Column, str], None]] = {
            "email": self._email, "postal_code": self._postal, "tags": self._tags, "notes": self._notes,
            "gender_pronouns": self._pronouns, "languages": self._languages, "birthdate": self._birthdate,
            "uuid": self._uuid, "email_status": self._detail, "phone_type": self._detail,
            "phone_texts": self._detail, "phone_do_not_call": self._detail,
            "email_subscription": self._opt_out, "email_opt_in": self._opt_out,
            "sms_subscription": self._opt_out, "sms_opt_in": self._opt_out, "do_not_contact": self._opt_out,
        }
        if key in NAME_FIELDS:
            return self._name
        if key in PHONE_TYPES:
            return self._phone
        if key in ("street", "address_line2", "locality", "region", "country", "precinct"):
            return self._address
        if key in PART_OF:
            return self._address_part
        if key in (TAG, "volunteer", *FLAG_FIELDS):
            return self._mark
        if key in PROFILE_FIELDS:
            return self._profile
        return handlers.get(key, self._custom)

    def _name(self, c: Candidate, column: Column, raw: str) -> None:
        c.names.setdefault(column.field, self._cached(column, raw, tidy_name))

    def _email(self, c: Candidate, column: Column, raw: str) -> None:
        for value in _split_multi(raw) if raw.count("@") > 1 else (raw,):
            email = normalize_email(value)
            self._row["email"].setdefault(self._group[column.index], email)
            if email not in c.emails:
                c.emails.append(email)

    def _phone(self, c: Candidate, column: Column, raw: str) -> None:
        phone = self._cached(column, raw, self._phone_in_region)
        self._row["phone"][self._group[column.index]] = phone.e164
        if not c.phones or all(p[0] != phone.e164 for p in c.phones):
            c.phones.append((phone.e164, phone.extension, PHONE_TYPES[column.field]))

    def _detail(self, c: Candidate, column: Column, raw: str) -> None:
        key = column.field
        value: str | bool
        if key == "email_status":
            value = self._cached(column, raw, lambda v: EmailStatus.parse(v).value)
        elif key == "phone_type":
            value = self._cached(column, raw, lambda v: PhoneType.parse(v).value)
        else:
            value = yes_no(raw)
        self._row[key][self._group[column.index]] = value

    def _profile(self, c: Candidate, column: Column, raw: str) -> None:
        key, profile = column.field, c.profile
        if key in ("skills", "volunteer_languages"):
            values = profile.setdefault(key, [])
            values.extend(v for v in self._cached(column, raw, _split_list) if v not in values)
        elif key in ("recruited_by", "point_person"):
            if not _UUID.match(raw.lower()):
                raise InvalidValue("not a Chapter Organizer id (uuid)")
            profile[key] = raw.lower()
        elif key == "volunteer_since":
            profile[key] = self._cached(column, raw, parse_date).isoformat()
        elif key == "volunteer_status":
            profile[key] = self._cached(column, raw, lambda v: VolunteerStatus.parse(v).value)
        elif key == "engagement_level":
            profile[key] = self._cached(column, raw, lambda v: EngagementLevel.parse(v).value)
        else:
            profile[key] = raw
        c.volunteer = True

    def _phone_in_region(self, raw: str) -> Phone:
        return normalize_phone(raw, self.region)

    def _postal(self, c: Candidate, column: Column, raw: str) -> None:
        group = self._group[column.index]
        address = c.address if group == 1 else self._row["address"].setdefault(group, {})
        country = self._country(address)
        if country == self.region:
            address["postal_code"] = self._cached(column, raw, self._postal_in_region)
        else:
            address["postal_code"] = normalize_postal_code(raw, country)

    def _postal_in_region(self, raw: str) -> str:
        return normalize_postal_code(raw, self.region)

    def _address(self, c: Candidate, column: Column, raw: str) -> None:
        group = self._group[column.index]
        address = c.address if group == 1 else self._row["address"].setdefault(group, {})
        if column.field == "address_line2":  # more lines than two travel as line breaks in the second
            address[column.field] = "\n".join(v for v in map(_single_spaced, raw.splitlines()) if v)
        else:
            address[column.field] = self._cached(column, raw, _single_spaced)

    def _address_part(self, c: Candidate, column: Column, raw: str) -> None:
        key = PART_OF[column.field]
        c.address[key] = f"{c.address.get(key, '')} {_single_spaced(raw)}".lstrip()

    def _tags(self, c: Candidate, column: Column, raw: str) -> None:
        for tag in self._cached(column, raw, _split_list):
            if tag not in c.tags:
                c.tags.append(tag)

    def _notes(self, c: Candidate, column: Column, raw: str) -> None:
        c.notes.append(raw)

    def _pronouns(self, c: Candidate, column: Column, raw: str) -> None:
        c.pronouns = raw

    def _languages(self, c: Candidate, column: Column, raw: str) -> None:
        c.languages.extend(v for v in _LIST_SPLIT.split(raw) if v and v not in c.languages)

    def _birthdate(self, c: Candidate, column: Column, raw: str) -> None:
        c.birthdate = self._cached(column, raw, parse_date)

    def _uuid(self, c: Candidate, column: Column, raw: str) -> None:
        if not _UUID.match(raw.lower()):
            raise InvalidValue("not a Chapter Organizer id (uuid)")
        c.uuid = raw.lower()

    def _custom(self, c: Candidate, column: Column, raw: str) -> None:
        c.custom[custom_key(column.header)] = raw

    def _mark(self, c: Candidate, column: Column, raw: str) -> None:
        mark = raw.casefold()
        if mark not in YES:
            if mark not in NO:
                raise InvalidValue("not a yes/no value")
            return
        if column.field == TAG:
            name = tag_name_from_header(column.header)
            if name not in c.tags:
                c.tags.append(name)
        elif column.field == "volunteer":
            c.volunteer = True
        else:
            c.flags.add(column.field)

    def _opt_out(self, c: Candidate, column: Column, raw: str) -> None:
        """National tools' opt-outs: Action Network's email and text subscription statuses ("unsubscribed"),
        NationBuilder's email_opt_in and mobile_opt_in (FALSE) and do_not_contact (TRUE: every channel) become
        the do-not-contact flags."""
        mark = raw.strip().casefold()
        if column.field in ("email_subscription", "sms_subscription"):
            if mark in ("unsubscribed", "bouncing", "opted out", "opted_out", "stopped", "stop"):
                c.flags.add("do_not_email" if column.field == "email_subscription" else "do_not_text")
            elif mark not in ("subscribed", "", "opted in", "opted_in"):
                raise InvalidValue("not a subscription status (subscribed or unsubscribed)")
        elif column.field in ("email_opt_in", "sms_opt_in"):
            if not yes_no(raw):
                c.flags.add("do_not_email" if column.field == "email_opt_in" else "do_not_text")
        elif yes_no(raw):
            c.flags.update(("do_not_call", "do_not_text", "do_not_email", "do_not_walk"))

    def _apply_full_name(self, c: Candidate, raw: str) -> None:
        parts = split_full_name(raw)
        for key, value in (("given_name", parts.given), ("family_name", parts.family),
                           ("additional_name", parts.additional), ("honorific_prefix", parts.prefix),
                           ("honorific_suffix", parts.suffix)):
            if value and not c.names.get(key):
                c.names[key] = value

    def _country(self, address: dict[str, str]) -> str:
        country = address.get("country", "").strip().upper()
        if country in {"US", "USA", "UNITED STATES", "UNITED STATES OF AMERICA"}:
            return "US"
        return country if len(country) == 2 else self.region


def _join_parts(address: dict[str, str]) -> None:
    """A street or unit given in parts (VAN's StreetNo … StreetSuffix, AptType AptNo) becomes its line,
    unless a column held the whole line."""
    for part, line in (("_street_parts", "street"), ("_unit_parts", "address_line2")):
        joined = address.pop(part, "")
        if joined and not address.get(line):
            address[line] = joined


def _single_spaced(value: str) -> str:
    return " ".join(value.split())


def _split_list(value: str) -> list[str]:
    return [t for t in _LIST_SPLIT.split(value) if t]


def _split_multi(raw: str) -> list[str]:
    return [v for v in re.split(r"[;,\s]+", raw) if v] if ("@" in raw and raw.count("@") > 1) else [raw]
