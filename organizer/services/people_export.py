"""Exporting people to .xlsx or .csv: the full export the import reads back without loss, and presets' hook."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from organizer.errors import NotFound, UserError
from organizer.files.output import FORCE_HINT, check_target
from organizer.progress import NEVER, NO_PROGRESS, CancelToken, Progress
from organizer.services.people import PeopleQuery, PeopleService
from organizer.services.people_columns import EXPORT_FIELDS, FIELD_KEYS, SINGLE, Profile, Widths, cells, headers
from organizer.services.people_export_rows import load_people
from organizer.services.settings import SettingsService
from organizer.storage.database import Database
from organizer.storage.models import EmailAddress, Person, PhoneNumber, PostalAddress, Volunteer

EXPORT_SUFFIXES = (".xlsx", ".csv")
BATCH = 1000
DO_NOT_CONTACT = ("do_not_email", "do_not_call", "do_not_text", "do_not_walk", "deceased")


@dataclass(frozen=True, slots=True)
class ExportPreset:
    """A shape of export. The plain one is everything; outreach presets (Action Network, NationBuilder)
    leave out the people who must not be contacted (`leaves_out` flags) unless the request asks for them."""

    name: str
    leaves_out: tuple[str, ...] = ()


PLAIN = ExportPreset("plain")


@dataclass(frozen=True, slots=True)
class ExportRequest:
    """Which people, which fields, where to, and whether an existing file may be replaced."""

    path: Path
    query: PeopleQuery = field(default_factory=PeopleQuery)
    uuids: tuple[str, ...] = ()  # only these people (the selected rows); empty: everyone the query finds
    person_ids: tuple[int, ...] = ()  # the same by id (the app's selected rows)
    fields: tuple[str, ...] = ()  # field keys (people_columns.FIELD_KEYS); empty: every field
    force: bool = False
    preset: ExportPreset = PLAIN
    include_do_not_contact: bool = False  # for presets that leave do-not-contact people out


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What an export wrote."""

    path: Path
    people: int
    columns: int

    def to_json(self) -> dict[str, Any]:
        """The shape `people export --json` prints."""
        return {"file": str(self.path), "people": self.people, "columns": self.columns}


def parse_fields(text: str) -> tuple[str, ...]:
    """`--fields a,b,c` as field keys in export order; an unknown name is a plain error."""
    wanted = [w.strip().casefold().replace("-", "_").replace(" ", "_") for w in text.split(",") if w.strip()]
    unknown = [w for w in wanted if w not in FIELD_KEYS]
    if unknown or not wanted:
        what = f"{', '.join(map(repr, unknown))} is not a field to export" if unknown else "No field was named"
        raise UserError(f"{what}; choose from: {', '.join(FIELD_KEYS)}.")
    return tuple(k for k in FIELD_KEYS if k in wanted)


class ExportService:
    """Writes people to spreadsheets, reading them a batch at a time."""

    def __init__(self, db: Database, settings: SettingsService, people: PeopleService) -> None:
        self._db = db
        self._settings = settings
        self._people = people

    def fields(self) -> tuple[tuple[str, str], ...]:
        """(key, label) of every field a user can choose, in export order."""
        return tuple((f.key, f.label) for f in EXPORT_FIELDS)

    def people(self, request: ExportRequest, *, protect: Iterable[Path] = (), progress: Progress = NO_PROGRESS,
               cancel: CancelToken = NEVER) -> ExportResult:
        """Write the requested people; the file appears whole or not at all.

        An existing file is replaced only with ``request.force``; a database (``protect`` names the
        open one, and the chapter's own file is always protected) never. Phones are written as people
        in the chapter's region read them; text cells never run as formulas (organizer.files.writing).
        """
        from organizer.files.writing import write_table

        fields = request.fields or FIELD_KEYS
        protect = [*protect, *([self._db.path] if self._db.path else [])]
        check_target(request.path, EXPORT_SUFFIXES, force=request.force, protect=protect)  # before any work
        ids = self._ids(request)
        region = self._settings.phone_region()
        widths = self._widths(ids, fields)
        header = headers(fields, widths, custom_header)
        rows = self._rows(ids, fields, widths, region, progress, cancel)
        write_table(request.path, header, rows, sheet="People", force=request.force, protect=protect)
        progress(len(ids), len(ids), f"{len(ids):,} people written")
        return ExportResult(request.path, len(ids), len(header))

    def _ids(self, request: ExportRequest) -> list[int]:
        ids = self._people.search_ids(request.query)
        with self._db.read() as session:
            if request.uuids or request.person_ids:
                wanted = _ids_of(session, request.uuids) if request.uuids else set(request.person_ids)
                ids = [i for i in ids if i in wanted]
            leaves_out = () if request.include_do_not_contact else request.preset.leaves_out
            if leaves_out:
                flagged = set(session.scalars(select(Person.id).where(or_(*(getattr(Person, f) for f in leaves_out)))))
                ids = [i for i in ids if i not in flagged]
        return ids

    def _widths(self, ids: list[int], fields: Sequence[str]) -> Widths:
        wanted = set(ids)
        counts = []
        with self._db.read() as session:
            for model in (EmailAddress, PhoneNumber, PostalAddress):
                per_person = session.execute(select(model.person_id, func.count()).group_by(model.person_id))
                counts.append(max((n for pid, n in per_person if pid in wanted), default=0))
            custom: dict[str, None] = {}
            if "custom_fields" in fields:
                values: dict[int, dict[str, Any]] = {
                    pid: custom for pid, custom in session.execute(select(Person.id, Person.custom_fields))}
                for pid in ids:
                    custom.update(dict.fromkeys(values.get(pid) or ()))
        return Widths(max(1, counts[0]), max(1, counts[1]), max(1, counts[2]), tuple(custom))

    def _rows(self, ids: list[int], fields: Sequence[str], widths: Widths, region: str, progress: Progress,
              cancel: CancelToken) -> Iterator[list[Any]]:
        for start in range(0, len(ids), BATCH):
            cancel.raise_if_cancelled()
            progress(start, len(ids), f"{start:,} of {len(ids):,} people written")
            batch = ids[start : start + BATCH]
            with self._db.read() as session:
                people = load_people(session, batch)
                profiles = _profiles(session, batch) if "volunteer" in fields else {}
                lines = [cells(people[i], profiles.get(i), fields, widths, region) for i in batch if i in people]
            yield from lines


def _ids_of(session: Session, uuids: Sequence[str]) -> set[int]:
    """The ids of the people with these uuids; one nobody has is a plain error."""
    found: dict[str, int] = {}
    wanted = list(dict.fromkeys(u.strip().lower() for u in uuids))
    for start in range(0, len(wanted), 500):
        found.update({uuid: pid for uuid, pid in session.execute(
            select(Person.uuid, Person.id).where(Person.uuid.in_(wanted[start : start + 500])))})
    missing = [u for u in wanted if u not in found]
    if missing:
        raise NotFound(f"No person in this chapter has the id {missing[0]}"
                       f"{f' (nor {len(missing) - 1} more)' if len(missing) > 1 else ''}: check the ids.")
    return set(found.values())


def _profiles(session: Session, ids: list[int]) -> dict[int, Profile]:
    recruiter, point = aliased(Person), aliased(Person)
    stmt = (select(Volunteer, recruiter.uuid, point.uuid).where(Volunteer.person_id.in_(ids))
            .outerjoin(recruiter, recruiter.id == Volunteer.recruited_by_id)
            .outerjoin(point, point.id == Volunteer.point_person_id))
    return {v.person_id: Profile(v, r or "", p or "") for v, r, p in session.execute(stmt)}


def custom_header(key: str) -> str:
    """A custom field's column header; prefixed when the name alone would read as a known field."""
    from organizer.services.importing.headers import CUSTOM_PREFIX, field_for_header

    plain = field_for_header("people", key) is None and not key.casefold().startswith(CUSTOM_PREFIX.casefold())
    return key if plain and key not in SINGLE.values() else f"{CUSTOM_PREFIX}{key}"


__all__ = ["DO_NOT_CONTACT", "EXPORT_SUFFIXES", "FORCE_HINT", "PLAIN", "ExportPreset", "ExportRequest", "ExportResult",
           "ExportService", "custom_header", "parse_fields"]
