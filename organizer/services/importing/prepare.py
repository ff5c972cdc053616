"""Preparing a file's rows for a people import: everything that needs no database.

Blank rows, repeated headers and footer notes are skipped; each data row is cleaned into a
candidate with its street key and search text, or rejected when nothing in it identifies a person.
The same code runs in the import's own process or in the reader's child process, which then
sends each prepared chunk as JSON (see ``chunk_to_json``), so the two cores share the work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from operator import attrgetter
from typing import Any

from organizer.domain.person_keys import derive_keys
from organizer.services.importing.cell_values import address_lines, has_address, without_control_cells
from organizer.services.importing.cleaning import NAME_FIELDS, Candidate, RowCleaner
from organizer.services.importing.layout import Layout, column_letter, is_footer
from organizer.services.importing.lengths import overlong
from organizer.services.importing.report import RowIssue

CHUNK = 2000
NOBODY = "nothing identifies a person in this row: no name, no valid email and no valid phone"


@dataclass(frozen=True, slots=True)
class DataRow:
    """A non-blank row under the header."""

    number: int
    cells: list[str]


@dataclass(slots=True)
class PreparedChunk:
    """Up to CHUNK data rows, prepared: people to place, rejected rows and warnings (row order)."""

    rows: int = 0
    warnings: list[RowIssue] = field(default_factory=list)
    rejected: list[tuple[RowIssue, tuple[str, ...]]] = field(default_factory=list)
    people: list[tuple[Candidate, str]] = field(default_factory=list)  # (candidate, street key)


class Preparer:
    """Prepares the rows of one file for one layout and phone region."""

    def __init__(self, layout: Layout, region: str) -> None:
        self.layout = layout
        self.cleaner = RowCleaner(layout.columns, region)
        self.width = len(layout.headers)

    def chunks(self, rows: Iterator[tuple[int, list[str]]]) -> Iterator[PreparedChunk]:
        """Every physical row (numbered from 1) in, prepared chunks out."""
        skipped: list[RowIssue] = []
        data = data_rows(rows, self.layout, skipped.append)
        while batch := list(islice(data, CHUNK)):
            chunk = PreparedChunk(rows=len(batch), warnings=skipped[:])  # skipped while gathering this batch
            skipped.clear()
            for row in batch:
                self._prepare(row.number, row.cells, chunk)
            yield chunk
        if skipped:
            yield PreparedChunk(warnings=skipped)

    def _prepare(self, number: int, cells: list[str], chunk: PreparedChunk) -> None:
        candidate, warnings = self.cleaner.clean(number, cells)
        for i in range(self.width, len(cells)):
            if cells[i].strip():
                candidate.custom[f"Column {column_letter(i)}"] = cells[i].strip()
        if warnings:
            chunk.warnings.extend(warnings)
        if not candidate.identifies_someone():
            value = next((c.strip() for c in cells if c.strip()), "")
            chunk.rejected.append((RowIssue(number, "", value, NOBODY), tuple(cells)))
            return
        street = set_keys(candidate)
        too_long = overlong(candidate, street)
        if too_long is not None:
            chunk.rejected.append((RowIssue(number, "", "", too_long), tuple(cells)))
            return
        chunk.people.append((candidate, street))


def set_keys(candidate: Candidate) -> str:
    """Set a candidate's matching keys and search text as the person it creates will have them;
    returns its address's street key ("" without an address)."""
    names, address = candidate.names, candidate.address
    # The writer stores an address only with one of these (not for a second line alone).
    addressed = has_address(address)
    places = [(address_lines(a), a.get("postal_code", "")) for a in ([address] if addressed else [])
              + candidate.addresses] if addressed or candidate.addresses else []
    phones = candidate.phones
    keys = derive_keys(names.get("given_name"), names.get("family_name"), names.get("additional_name"),
                       candidate.emails, [p[0] for p in phones] if phones else [], places, candidate.custom)
    candidate.name_key, candidate.family_key, candidate.search_text = keys.name_key, keys.family_key, keys.search_text
    return keys.street_keys[0] if keys.street_keys and addressed else ""


def data_rows(rows: Iterator[tuple[int, list[str]]], layout: Layout,
              skip: Callable[[RowIssue], object]) -> Iterator[DataRow]:
    """Rows under the header: blank rows skipped; repeated headers and footer notes skipped and told to ``skip``."""
    header_cells = [h.casefold() for h in layout.headers]
    for number, cells in rows:
        if number <= layout.header_row or not any(c.strip() for c in cells):
            continue
        if _repeats_header(cells, header_cells):
            skip(RowIssue(number, "", "", "a repeat of the header row; skipped"))
            continue
        if is_footer(cells):
            value = next(c for c in cells if c.strip())
            skip(RowIssue(number, "", value, "a note below the table, not a person; skipped"))
            continue
        if '="' in "".join(cells):
            cells = [_excel_text(c) for c in cells]
        cells, removed = without_control_cells(number, cells, layout.headers)  # each told to ``skip`` as a warning
        for issue in removed:
            skip(issue)
        yield DataRow(number, cells)


def _excel_text(cell: str) -> str:
    """A cell as Excel shows it when written ="02134" (how CSV exports keep a ZIP's or a phone's leading zeros):
    the text inside, its doubled quotes single; any other cell as it is."""
    text = cell.strip()
    if len(text) >= 3 and text.startswith('="') and text.endswith('"') and '"' not in text[2:-1].replace('""', ""):
        return text[2:-1].replace('""', '"')
    return cell


def _repeats_header(cells: list[str], header_cells: list[str]) -> bool:
    if not header_cells or not cells or " ".join(cells[0].split()).casefold() != header_cells[0]:
        return False
    return [" ".join(c.split()).casefold() for c in cells[: len(header_cells)]] == header_cells


# The JSON form a child process sends: compact lists, dicts kept in their order.
_CANDIDATE_FIELDS = ("row", "names", "emails", "phones", "address", "tags", "volunteer", "flags", "notes", "pronouns",
                     "birthdate", "languages", "uuid", "custom", "name_key", "family_key", "search_text",
                     "email_status", "phone_sms", "phone_dnc", "addresses", "profile")


def chunk_to_json(chunk: PreparedChunk) -> dict[str, Any]:
    """A prepared chunk as JSON-ready lists."""
    return {**outcome_json(chunk.rows, chunk.warnings, chunk.rejected),
            "people": [_person_json(c, street) for c, street in chunk.people]}


def outcome_json(rows: int, warnings: list[RowIssue], rejected: list[tuple[RowIssue, tuple[str, ...]]]
                 ) -> dict[str, Any]:
    """What every prepared chunk carries, whatever its kind: its row count, warnings and rejected rows."""
    return {
        "t": "prepared",
        "rows": rows,
        "warnings": [[w.row, w.column, w.value, w.reason] for w in warnings],
        "rejected": [[i.row, i.value, i.reason, list(cells)] for i, cells in rejected],
    }


_FIELD_VALUES = attrgetter(*_CANDIDATE_FIELDS)
_FLAGS, _BIRTHDATE = _CANDIDATE_FIELDS.index("flags"), _CANDIDATE_FIELDS.index("birthdate")


def _person_json(c: Candidate, street: str) -> list[Any]:
    """A candidate's fields in _CANDIDATE_FIELDS order, then its street key: all JSON-ready as they are
    but the flags (a set) and the birthdate (a date)."""
    values = list(_FIELD_VALUES(c))
    values[_FLAGS] = sorted(c.flags)
    if c.birthdate is not None:
        values[_BIRTHDATE] = c.birthdate.isoformat()
    values.append(street)
    return values


def chunk_from_json(message: dict[str, Any]) -> PreparedChunk:
    """The chunk ``chunk_to_json`` made; raises ValueError (or TypeError, KeyError) on anything else."""
    chunk = PreparedChunk(rows=int(message["rows"]))
    chunk.warnings = [RowIssue(int(r), str(c), str(v), str(why)) for r, c, v, why in message["warnings"]]
    chunk.rejected = [(RowIssue(int(r), "", str(v), str(why)), tuple(map(str, cells)))
                      for r, v, why, cells in message["rejected"]]
    chunk.people = [_candidate(values) for values in message["people"]]
    return chunk


def _candidate(values: Sequence[Any]) -> tuple[Candidate, str]:
    (row, names, emails, phones, address, tags, volunteer, flags, notes, pronouns, birthdate, languages, uuid,
     custom, nkey, fkey, text, statuses, sms, dnc, addresses, profile, street) = values
    # One chained test of exact types per person (no generator, no copies): a hundred thousand people
    # come this way, and JSON gives each value as the child wrote it or the message is not one of ours.
    if not (type(names) is dict and type(address) is dict and type(custom) is dict and type(statuses) is dict
            and type(sms) is dict and type(profile) is dict and type(emails) is list and type(phones) is list
            and type(tags) is list and type(flags) is list and type(notes) is list and type(languages) is list
            and type(dnc) is list and type(addresses) is list and type(row) is int and type(volunteer) is bool
            and type(pronouns) is str and type(uuid) is str and type(nkey) is str and type(fkey) is str
            and type(text) is str and type(street) is str and _NAME_KEYS.issuperset(names)):
        raise ValueError("a prepared person is malformed")
    if addresses and not all(type(a) is dict for a in addresses):
        raise ValueError("a prepared person is malformed")
    candidate = Candidate(
        row, names, emails, [(str(n), str(x), str(k)) for n, x, k in phones] if phones else phones, address, tags,
        volunteer, set(flags), notes, pronouns, date.fromisoformat(birthdate) if birthdate else None, languages,
        uuid, custom, nkey, fkey, text, statuses,
        {str(k): (None if v is None else bool(v)) for k, v in sms.items()} if sms else sms,
        [str(n) for n in dnc] if dnc else dnc, addresses, profile)
    return candidate, street


_NAME_KEYS = frozenset(NAME_FIELDS)


__all__ = ["CHUNK", "NOBODY", "DataRow", "PreparedChunk", "Preparer", "address_lines", "chunk_from_json",
           "chunk_to_json", "data_rows", "set_keys"]
