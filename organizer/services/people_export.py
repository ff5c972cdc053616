"""Exporting people to .xlsx or .csv in a shape the import reads back without loss."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from organizer.services.people import PeopleQuery, PeopleService
from organizer.services.people_rows import PersonRow

BASE_HEADERS = ["Chapter Organizer id", "First Name", "Middle Name", "Last Name"]
EXPORT_SUFFIXES = (".xlsx", ".csv")
TAIL_HEADERS = ["Street", "City", "State", "Zip", "Tags", "Pronouns", "Notes"]


def _numbered(label: str, count: int) -> list[str]:
    return [label if i == 0 else f"{label} {i + 1}" for i in range(count)]


def export_people(people: PeopleService, path: Path, query: PeopleQuery | None = None, *, force: bool = False,
                  protect: Iterable[Path] = ()) -> int:
    """Write the people matching `query` (everyone by default); returns how many.

    An existing file is replaced only with ``force``; a database (``protect`` names the open one)
    never. The file appears whole or not at all (organizer.files.writing).

    Phones are written as E.164 text, ZIP codes as text, and every custom field as its own
    column; text cells are never formulas (formula injection), in xlsx or CSV.
    """
    from organizer.files.writing import write_table

    ids = people.search_ids(query or PeopleQuery())
    emails = phones = 1
    custom: dict[str, None] = {}
    for row in _rows(people, ids):
        emails, phones = max(emails, len(row.emails)), max(phones, len(row.phones))
        custom.update(dict.fromkeys(row.custom_fields))
    headers = [*BASE_HEADERS, *_numbered("Email", emails), *_numbered("Phone", phones), *TAIL_HEADERS,
               *(_custom_header(key) for key in custom)]
    lines = (_line(row, emails, phones, list(custom)) for row in _rows(people, ids))
    write_table(path, headers, lines, sheet="People", force=force, protect=protect)
    return len(ids)


def _custom_header(key: str) -> str:
    """A custom field's column header; prefixed when the name alone would read as a known field."""
    from organizer.services.importing.headers import CUSTOM_PREFIX, field_for_header

    plain = field_for_header("people", key) is None and not key.casefold().startswith(CUSTOM_PREFIX.casefold())
    return key if plain and key not in BASE_HEADERS + TAIL_HEADERS else f"{CUSTOM_PREFIX}{key}"


def _rows(people: PeopleService, ids: list[int]) -> Iterator[PersonRow]:
    for start in range(0, len(ids), 1000):
        yield from people.rows(ids[start : start + 1000])


def _line(row: PersonRow, emails: int, phones: int, custom: list[str]) -> list[str]:
    def padded(values: tuple[str, ...], width: int) -> list[str]:
        return list(values) + [""] * (width - len(values))

    return [
        row.uuid, row.given_name, row.additional_name, row.family_name,
        *padded(row.emails, emails), *padded(row.phones, phones),
        row.street, row.locality, row.region, row.postal_code, ", ".join(row.tags), row.gender_pronouns,
        row.notes, *(str(row.custom_fields.get(key, "")) for key in custom),
    ]
