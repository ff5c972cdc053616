"""Preparing a voter file's rows: each row cleaned into a voter's stored values, with no database.

It runs in the reading child process (see prepare_child), which sends each chunk as JSON while the
import's own process matches and writes the chunk before. Names, ZIP codes, statuses and years
repeat down a voter file, so each distinct value is cleaned once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from organizer.domain.addresses import normalize_postal_code, parse_street_and_key
from organizer.domain.errors import InvalidValue
from organizer.domain.names import split_full_name
from organizer.domain.text import family_key, name_key, tidy_name
from organizer.domain.voter_search import voter_search_key
from organizer.services.importing.layout import Layout
from organizer.services.importing.prepare import DataRow, data_rows, outcome_json
from organizer.services.importing.report import RowIssue

CHUNK = 2000
NO_VOTER_ID = "no voter id in this row"
NO_NAME = "no name in this row (the file has no voter ids, so a voter is known by name and address)"
TEXT_FIELDS = ("given_name", "family_name", "additional_name", "suffix", "street_address", "street_number",
               "street_name", "unit", "street_key", "locality", "region", "postal_code", "precinct", "ward",
               "district", "party", "status", "phone")
# Every value a cleaned voter has, in the order a prepared chunk lists them.
VOTER_FIELDS = ("voter_id", *TEXT_FIELDS, "street_number_value", "birth_year", "name_key", "family_key",
                "search_key", "extra")
DIRECT = {"precinct": "precinct", "ward": "ward", "district": "district", "party": "party",
          "locality": "locality", "region": "region", "phone": "phone"}
# NC (status_cd, voter_status_desc), OH (VOTER_STATUS), FL (ACT, INA, PRE), NY (A, AM, AF, AP, AU, I, P, 17).
ACTIVE = {"a", "active", "act", "activo", "am", "af", "ap", "au", "temporary", "s"}
INACTIVE = {"i", "inactive", "inact", "ina", "removed", "denied", "r", "d", "p", "purged", "cancelled", "canceled",
            "confirmation", "pre", "preregistered", "17"}
# Columns whose values join, in column order, into one street line or one unit ("123 1/2 N MAIN ST E", "APT 4").
STREET_PARTS = ("street_number", "street_name", "street_part")
UNIT_PARTS = ("address_line2", "unit_part")
CACHED_MAX = 100_000  # distinct values remembered per kind of value (a cache past this starts again)

Setter = Callable[[dict[str, Any], str, str], None]


@dataclass(slots=True)
class VoterChunk:
    """Up to CHUNK data rows, prepared: voters to write (with their row numbers), rejected rows and warnings."""

    rows: int = 0
    warnings: list[RowIssue] = field(default_factory=list)
    rejected: list[tuple[RowIssue, tuple[str, ...]]] = field(default_factory=list)
    voters: list[list[Any]] = field(default_factory=list)  # [row number, *values in VOTER_FIELDS order]


def prepare_voters(layout: Layout, region: str, rows: Iterator[tuple[int, list[str]]],
                   _warn: Callable[[RowIssue], object]) -> Iterator[VoterChunk]:
    """Every physical row (numbered from 1) in, prepared chunks out (their warnings travel in them)."""
    cleaner = VoterCleaner(layout, region)
    skipped: list[RowIssue] = []
    data = data_rows(rows, layout, skipped.append)
    while batch := list(islice(data, CHUNK)):
        chunk = VoterChunk(rows=len(batch), warnings=skipped[:])  # skipped while gathering this batch
        skipped.clear()
        for row in batch:
            cleaner.clean(row, chunk)
        yield chunk
    if skipped:
        yield VoterChunk(warnings=skipped)


class VoterCleaner:
    """Cleans the rows of one voter file, for one layout and region."""

    def __init__(self, layout: Layout, region: str) -> None:
        columns = [c for c in layout.columns if c.field != "ignore"]
        # A roll without a voter id column (some published extracts): ids are made from name and address.
        self.derive_ids = not any(c.field == "voter_id" for c in columns)
        self.country = "US" if region == "US" else region
        self._setters = [(c.index, c.header, self._setter(c.field)) for c in columns]
        self._names: dict[str, str] = {}
        self._cached: dict[tuple[str, str], Any] = {}

    def clean(self, row: DataRow, chunk: VoterChunk) -> None:
        """Add the row's voter to the chunk, or its rejection; its warnings either way."""
        values: dict[str, Any] = {"extra": {}}
        cells, width = row.cells, len(row.cells)
        for index, header, setter in self._setters:
            raw = cells[index].strip() if index < width else ""
            if raw:
                try:
                    setter(values, header, raw)
                except InvalidValue as exc:
                    chunk.warnings.append(RowIssue(row.number, header, raw, str(exc)))
                    values["extra"][header] = raw
        if not values.get("voter_id") and not self.derive_ids:
            _rejected(row, chunk, NO_VOTER_ID)
            return
        voter = _voter_row(values, self.derive_ids)
        if voter is None:
            _rejected(row, chunk, NO_NAME)
            return
        chunk.voters.append([row.number, *voter])

    def _setter(self, key: str) -> Setter:
        if key == "voter_id":
            return _set_voter_id
        if key in ("given_name", "family_name", "additional_name"):
            return lambda values, _header, raw: values.__setitem__(key, self._name(raw))
        if key == "honorific_suffix":
            return _set_suffix
        if key == "full_name":
            return _set_full_name
        if key == "street":
            return _set_street
        if key in STREET_PARTS:
            return _add_street_part
        if key in UNIT_PARTS:
            return _add_unit_part
        if key == "postal_code":
            return lambda values, _header, raw: values.__setitem__("postal_code", self._postal_code(raw))
        if key == "voter_status":
            return lambda values, _header, raw: values.__setitem__("status", self._once("status", raw, _status))
        if key in ("birth_year", "birthdate"):
            return lambda values, _header, raw: values.__setitem__("birth_year", self._once("year", raw, _year))
        if key in DIRECT:
            column = DIRECT[key]
            return lambda values, _header, raw: values.__setitem__(column, raw)
        return _set_extra

    def _name(self, raw: str) -> str:
        tidy = self._names.get(raw)
        if tidy is None:
            if len(self._names) >= CACHED_MAX:
                self._names.clear()
            tidy = self._names[raw] = tidy_name(raw)
        return tidy

    def _postal_code(self, raw: str) -> str:
        return self._once("zip", raw, lambda text: normalize_postal_code(text, self.country))  # type: ignore[no-any-return]

    def _once(self, kind: str, raw: str, clean: Callable[[str], Any]) -> Any:
        """`clean(raw)`, remembered (a refusal is not: it raises again, as it would)."""
        key = (kind, raw)
        if key in self._cached:
            return self._cached[key]
        value = clean(raw)
        if len(self._cached) >= CACHED_MAX:
            self._cached.clear()
        self._cached[key] = value
        return value


def _set_voter_id(values: dict[str, Any], _header: str, raw: str) -> None:
    values["voter_id"] = raw


def _set_suffix(values: dict[str, Any], _header: str, raw: str) -> None:
    values["suffix"] = raw


def _set_full_name(values: dict[str, Any], _header: str, raw: str) -> None:
    values["_full_name"] = raw


def _set_street(values: dict[str, Any], _header: str, raw: str) -> None:
    values["street_address"] = " ".join(raw.split())


def _add_street_part(values: dict[str, Any], _header: str, raw: str) -> None:
    values.setdefault("_street_parts", []).append(raw)


def _add_unit_part(values: dict[str, Any], _header: str, raw: str) -> None:
    values.setdefault("_unit_parts", []).append(raw)


def _set_extra(values: dict[str, Any], header: str, raw: str) -> None:
    values["extra"][header] = raw


def _voter_row(values: dict[str, Any], derive_id: bool) -> list[Any] | None:
    """The voter's values in VOTER_FIELDS order, from what the row's cells set; None when an id is to be
    derived from a name and the row has none."""
    get = values.get
    given, family, additional = get("given_name", ""), get("family_name", ""), get("additional_name", "")
    full = get("_full_name", "")
    if full and not (given or family):
        parts = split_full_name(full)
        given, family, additional = parts.given, parts.family, parts.additional
    unit = " ".join(get("_unit_parts", ()))
    street = get("street_address", "") or " ".join(" ".join(get("_street_parts", ())).split())
    number, number_value, street_name, key = "", None, "", ""
    if street:
        where, key = parse_street_and_key(f"{street} {unit}".strip())
        number, number_value, street_name, unit = where.number, where.number_value, where.street, where.unit
    names = name_key(given, family)
    suffix, postal_code, voter_id = get("suffix", ""), get("postal_code", ""), get("voter_id", "")
    if derive_id:
        if not names:
            return None
        voter_id = derived_id(names, suffix, key, postal_code)
    found_by = voter_search_key(family, given, additional, suffix, street, unit, voter_id)
    return [voter_id, given, family, additional, suffix, street, number, street_name, unit, key,
            get("locality", ""), get("region", ""), postal_code, get("precinct", ""), get("ward", ""),
            get("district", ""), get("party", ""), get("status") or "active", get("phone", ""), number_value,
            get("birth_year"), names, family_key(family), found_by, values["extra"]]


def _rejected(row: DataRow, chunk: VoterChunk, reason: str) -> None:
    first = next((c.strip() for c in row.cells if c.strip()), "")
    chunk.rejected.append((RowIssue(row.number, "", first, reason), tuple(row.cells)))


def derived_id(names: str, suffix: str, street_key: str, postal_code: str) -> str:
    """A stable id for a voter in a file without voter ids: from the name key, suffix, street key and ZIP."""
    basis = "|".join((names, suffix.casefold(), street_key, postal_code))
    return "N" + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:15].upper()


def search_key(values: dict[str, Any]) -> str:
    """The voter's search key from its stored values."""
    return voter_search_key(values["family_name"], values["given_name"], values["additional_name"],
                            values["suffix"], values["street_address"], values["unit"], values["voter_id"])


def _status(raw: str) -> str:
    text = raw.strip().casefold()
    if text in ACTIVE:
        return "active"
    if text in INACTIVE:
        return "inactive"
    raise InvalidValue("not a registration status this app knows (expected active or inactive)")


def _year(raw: str) -> int:
    digits = raw.strip()[:4] if raw.strip()[:4].isdigit() else raw.strip()[-4:]
    if not digits.isdigit() or not 1880 <= int(digits) <= 2100:
        raise InvalidValue("not a year of birth")
    return int(digits)


# Where the values of each kind are in a prepared voter ([row, *values in VOTER_FIELDS order]).
_TEXT_AT = frozenset(1 + VOTER_FIELDS.index(k) for k in ("voter_id", *TEXT_FIELDS, "name_key", "family_key",
                                                          "search_key"))
_NUMBER_AT = frozenset(1 + VOTER_FIELDS.index(k) for k in ("street_number_value", "birth_year"))
_EXTRA_AT = 1 + VOTER_FIELDS.index("extra")
_WIDTH = 1 + len(VOTER_FIELDS)
_NUMBER_TYPES = frozenset({int, type(None)})


def chunk_to_json(chunk: VoterChunk) -> dict[str, Any]:
    """A prepared chunk as JSON-ready lists."""
    return {**outcome_json(chunk.rows, chunk.warnings, chunk.rejected), "voters": chunk.voters}


def chunk_from_json(message: dict[str, Any]) -> VoterChunk:
    """The chunk ``chunk_to_json`` made; raises ValueError (or TypeError, KeyError) on anything else."""
    chunk = VoterChunk(rows=int(message["rows"]))
    chunk.warnings = [RowIssue(int(r), str(c), str(v), str(why)) for r, c, v, why in message["warnings"]]
    chunk.rejected = [(RowIssue(int(r), "", str(v), str(why)), tuple(map(str, cells)))
                      for r, v, why, cells in message["rejected"]]
    voters = message["voters"]
    if not isinstance(voters, list) or not _well_formed(voters):
        raise ValueError("a prepared voter is malformed")
    chunk.voters = voters
    return chunk


def _well_formed(voters: list[Any]) -> bool:
    """Whether every voter is a list of the values a prepared voter holds, each of its kind (checked a column
    at a time: a million voters come this way)."""
    if not voters:
        return True
    if set(map(type, voters)) != {list} or set(map(len, voters)) != {_WIDTH}:
        return False
    for at, column in enumerate(zip(*voters, strict=True)):
        kinds = set(map(type, column))
        if at in _TEXT_AT:
            ok = kinds == {str}
        elif at in _NUMBER_AT:
            ok = kinds <= _NUMBER_TYPES
        else:
            ok = kinds == ({int} if at == 0 else {dict} if at == _EXTRA_AT else set())
        if not ok:
            return False
    return True


__all__ = ["CHUNK", "VOTER_FIELDS", "VoterChunk", "VoterCleaner", "chunk_from_json", "chunk_to_json",
           "derived_id", "prepare_voters", "search_key"]
