"""Writing an imported file of petition lines into one petition, and undoing it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from itertools import islice
from typing import Any, cast

from sqlalchemy import Table, delete, select
from sqlalchemy.orm import Session

from organizer.domain.addresses import normalize_postal_code
from organizer.domain.codes import RecordKind
from organizer.domain.emails import normalize_email
from organizer.domain.errors import InvalidValue
from organizer.domain.names import split_full_name
from organizer.domain.numbers import storable
from organizer.domain.phones import normalize_phone
from organizer.domain.text import fold, tidy_name
from organizer.errors import UserError
from organizer.progress import NEVER, NO_PROGRESS, CancelToken, Progress
from organizer.services.importing.kind import RunContext
from organizer.services.importing.prepare import DataRow
from organizer.services.importing.report import ImportReport, RowIssue
from organizer.services.importing.undo import changes_newest_first
from organizer.services.petitions import records as rec
from organizer.services.petitions.circulators import Named, SheetCirculators, undo_circulators
from organizer.services.petitions.signature_updates import KEPT, apply_updates, restore_updated
from organizer.services.petitions.signers import Signer, SignerPeople
from organizer.storage.bulk import bulk_insert
from organizer.storage.identity import record_tombstones, remove_people
from organizer.storage.models import ImportBatch, Person, PetitionSheet, Signature, Tagging
from organizer.storage.models.base import new_uuids, utcnow

CHUNK = 1000
NO_NAME = "no signer's name in this row"
KEPT_AS_TYPED = "kept as typed on the line"
# Columns with no field of their own on a signature: every line keeps their values as typed, under the column's
# header (a new signer's person record gets the email, phone and city too; a sheet, the circulator).
AS_TYPED_FIELDS = ("email", "phone", "locality", "circulator", "custom")
_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%m-%d-%Y", "%d.%m.%Y", "%Y/%m/%d", "%b %d, %Y", "%B %d, %Y")
_NUMBER = re.compile(r"\s*([0-9]+)(?:\.0+)?\s*")
# A line as an import recognises one entered before: sheet, line, printed name and address as written.
LineKey = tuple[int | None, int | None, str, str]


class NoPetition(UserError):
    """A signatures import needs the petition it goes into."""


def parse_date(raw: str) -> date:
    """A date as spreadsheets write it; ValueError when it is none."""
    text = raw.strip()
    if len(text) >= 19 and text[10] in " T":  # a spreadsheet's date cell read as a date and time
        text = text[:10]
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(raw)


def _number(raw: str) -> int | None:
    match = _NUMBER.fullmatch(raw)
    value = int(match.group(1)) if match else 0
    return value if value > 0 and storable(value) else None


class SignatureRun:
    """One signatures import over an open write session, into the petition named by the target."""

    def __init__(self, context: RunContext) -> None:
        self.session = context.session
        self.batch_id = context.batch_id
        self.region = context.region
        self.columns = [c for c in context.layout.columns if c.field != "ignore"]
        if not context.target.strip().isdigit():
            raise NoPetition("A signatures import goes into one petition: use "
                             "'organizer petition import-signatures PETITION_ID FILE' (or the petition's screen).")
        self.petition = rec.load_petition(self.session, int(context.target))
        self.people = SignerPeople(self.session, self.petition.title, self.batch_id)
        self.circulators = SheetCirculators(self.session, self.batch_id)
        self.sheets: dict[int, int] = {n: i for i, n in self.session.execute(
            select(PetitionSheet.id, PetitionSheet.sheet_number).where(PetitionSheet.petition_id == self.petition.id))}
        self.before = _lines_before(self.session, self.petition.id)
        self.typed_updates: list[tuple[int, dict[str, Any]]] = []
        self.existing: dict[tuple[int | None, int], tuple[int, str]] = {
            (sheet, line): (line_id, name) for line_id, sheet, line, name in self.session.execute(
                select(Signature.id, Signature.sheet_id, Signature.line, Signature.printed_name)
                .where(Signature.petition_id == self.petition.id)) if line is not None}
        self.taken: set[tuple[int | None, int]] = set()  # the places this file has filled
        self.now = utcnow()

    def run(self, rows: Iterator[DataRow], report: ImportReport, total: int,
            progress: Progress = NO_PROGRESS, cancel: CancelToken = NEVER) -> None:
        """Add every row as a line; a line number used twice on a sheet is rejected, a repeat is unchanged."""
        report.extra.setdefault("people_created", 0)
        report.extra.setdefault("sheets_created", 0)
        while chunk := list(islice(rows, CHUNK)):
            cancel.raise_if_cancelled()
            self._chunk(chunk, report)
            progress(report.rows, max(total, report.rows), f"{report.rows:,} signatures read")
        report.extra["people_created"] = self.people.created
        self.circulators.apply(report)
        from organizer.services.suppressions import apply_on_file

        # Suppression lists kept on file apply to the signers this import added with an email or a phone.
        apply_on_file(self.session, self.batch_id, select(Person.id).where(Person.import_batch_id == self.batch_id))

    def _chunk(self, chunk: list[DataRow], report: ImportReport) -> None:
        accepted: list[tuple[DataRow, dict[str, Any]]] = []
        for row in chunk:
            report.rows += 1
            values = self._clean(row, report)
            if values is not None:
                accepted.append((row, values))
        signers = [Signer(v["given_name"], v["family_name"], v["address"], v["postal_code"], v["email"], v["phone"],
                          v["city"]) for _r, v in accepted]
        people = self.people.people_for(signers)
        uuids = new_uuids(len(accepted))
        inserts, updates = [], []
        for (_row, values), person, uuid in zip(accepted, people, uuids, strict=True):
            line = self._insert(values, person, uuid)
            if "update_id" in values:
                updates.append((values["update_id"], {k: v for k, v in line.items() if k in KEPT}))
            else:
                inserts.append(line)
        bulk_insert(self.session.connection(), cast(Table, Signature.__table__), inserts)
        report.created += len(inserts)
        report.updated += apply_updates(self.session, self.batch_id, updates + self.typed_updates)
        self.typed_updates = []

    def _clean(self, row: DataRow, report: ImportReport) -> dict[str, Any] | None:
        raw: dict[str, list[tuple[str, str]]] = {}
        for column in self.columns:
            cell = row.cells[column.index].strip() if column.index < len(row.cells) else ""
            if cell:
                raw.setdefault(column.field, []).append((column.header, cell))
        values = _values(raw, row.number, report, self.region)
        if not (values["given_name"] or values["family_name"]):
            first = next((c.strip() for c in row.cells if c.strip()), "")
            report.reject(RowIssue(row.number, "", first, NO_NAME), tuple(row.cells))
            return None
        return self._placed(row, values, report)

    def _placed(self, row: DataRow, values: dict[str, Any], report: ImportReport) -> dict[str, Any] | None:
        number, line = values.pop("sheet"), values["line"]
        sheet_id = self._sheet(number, report) if number is not None else None
        values["sheet_id"] = sheet_id
        written = (rec.printed_name(values["given_name"], values["family_name"]), values["address"])
        if (sheet_id, line, *written) in self.before:
            self._repeated(row, (sheet_id, line, *written), values, report)
            return None
        if line is None:
            self._note_circulator(row, values, report)
            return values
        earlier = self.existing.get((sheet_id, line))
        if (sheet_id, line) in self.taken or (earlier is not None and fold(earlier[1]) != fold(written[0])):
            reason = f"line {line} of sheet {number} is already entered (a line number used twice)"
            report.reject(RowIssue(row.number, "", str(line), reason), tuple(row.cells))
            return None
        self.taken.add((sheet_id, line))
        self._note_circulator(row, values, report)
        if earlier is not None:
            values["update_id"] = earlier[0]  # the same signer on the same line, written differently: a correction
        return values

    def _repeated(self, row: DataRow, key: LineKey, values: dict[str, Any], report: ImportReport) -> None:
        """The same line imported (or keyed) before: unchanged, unless the file brings as-typed values it lacks.

        Those (a column added since, or a value that differs from the one kept) are written on the line as an
        update, undoable; the line's check and everything else stay as they are.
        """
        earlier = self.before[key]
        merged = {**earlier[1], **values["as_typed"]} if earlier is not None else {}
        if earlier is None or merged == earlier[1]:
            report.unchanged += 1
            return
        self.before[key] = (earlier[0], merged)  # the same line again in this file is unchanged
        self.typed_updates.append((earlier[0], {"as_typed": merged}))
        self._note_circulator(row, values, report)

    def _note_circulator(self, row: DataRow, values: dict[str, Any], report: ImportReport) -> None:
        named = values.pop("circulator")
        if named is not None and values["sheet_id"] is not None:
            self.circulators.note(values["sheet_id"], Named(row.number, *named), report)

    def _sheet(self, number: int, report: ImportReport) -> int:
        sheet_id = self.sheets.get(number)
        if sheet_id is None:
            sheet = PetitionSheet(petition_id=self.petition.id, sheet_number=number, import_batch_id=self.batch_id,
                                  imported_at=self.now)
            self.session.add(sheet)
            self.session.flush()
            sheet_id = self.sheets[number] = sheet.id
            report.extra["sheets_created"] = report.extra.get("sheets_created", 0) + 1
        return sheet_id

    def _insert(self, values: dict[str, Any], person: int | None, uuid: str) -> dict[str, Any]:
        return {"uuid": uuid, "petition_id": self.petition.id, "sheet_id": values["sheet_id"], "line": values["line"],
                "person_id": person, "given_name": values["given_name"], "family_name": values["family_name"],
                "printed_name": rec.printed_name(values["given_name"], values["family_name"]),
                "address_as_written": values["address"], "postal_code": values["postal_code"],
                "date_signed": values["date_signed"], "status": "unchecked", "reason": "", "decided": False,
                "voter_row_id": None, "match_score": None, "checked_at": None,
                "review_note": "", "as_typed": values["as_typed"], "created_at": self.now, "modified_at": self.now,
                "import_batch_id": self.batch_id, "imported_at": self.now,
                "origin_chapter_uuid": "", "origin_chapter_name": ""}


def _lines_before(session: Session, petition_id: int) -> dict[LineKey, tuple[int, dict[str, Any]] | None]:
    """The petition's lines by place and signer as written: id and what each kept as typed (None: several)."""
    found: dict[LineKey, tuple[int, dict[str, Any]] | None] = {}
    for line_id, sheet, line, name, address, typed in session.execute(
            select(Signature.id, Signature.sheet_id, Signature.line, Signature.printed_name,
                   Signature.address_as_written, Signature.as_typed).where(Signature.petition_id == petition_id)):
        key = (sheet, line, name, address)
        found[key] = None if key in found else (line_id, dict(typed or {}))
    return found


def _values(raw: dict[str, list[tuple[str, str]]], number: int, report: ImportReport,
            region: str = "US") -> dict[str, Any]:
    def one(field: str) -> str:
        return raw[field][0][1] if field in raw else ""

    given, family = tidy_name(one("given_name")), tidy_name(one("family_name"))
    if not (given or family) and one("full_name"):
        parts = split_full_name(one("full_name"))
        given, family = parts.given, parts.family
    street = one("street") or " ".join(" ".join(v for _h, v in raw.get("street_part", [])).split())
    address = " ".join(filter(None, (street, one("address_line2"))))
    values: dict[str, Any] = {"given_name": given, "family_name": family, "address": address,
                              "postal_code": one("postal_code"), "date_signed": None, "sheet": None, "line": None,
                              "as_typed": _as_typed(raw), "city": one("locality"),
                              "circulator": raw["circulator"][0] if "circulator" in raw else None}
    if values["postal_code"]:  # a ZIP a spreadsheet kept as a number lost its leading zero: put back
        try:
            values["postal_code"] = normalize_postal_code(values["postal_code"], region)
        except InvalidValue as exc:
            report.warn([RowIssue(number, raw["postal_code"][0][0], one("postal_code"), f"{exc}; kept as typed")])
    _read_numbers_and_date(values, raw, number, report)
    values.update(_contact(raw, number, report, region))
    return values


def _as_typed(raw: dict[str, list[tuple[str, str]]]) -> dict[str, str]:
    """The values with no field of their own on a signature, by their column's header."""
    kept: dict[str, str] = {}
    for field in AS_TYPED_FIELDS:
        for header, value in raw.get(field, ()):
            _keep(kept, header, value)
    return kept


def _keep(kept: dict[str, str], header: str, value: str) -> None:
    key, n = header or "Column", 1
    while key in kept:  # two columns of one name: both kept
        n += 1
        key = f"{header or 'Column'} ({n})"
    kept[key] = value


def _read_numbers_and_date(values: dict[str, Any], raw: dict[str, list[tuple[str, str]]], number: int,
                           report: ImportReport) -> None:
    """Sheet, line and date signed; one that cannot be read is kept as typed on the line, with a warning."""
    for field in ("sheet", "line", "date_signed"):
        if field not in raw:
            continue
        header, text = raw[field][0]
        try:
            values[field] = parse_date(text) if field == "date_signed" else _number(text)
        except ValueError:
            values[field] = None
        if values[field] is None:
            what = "a date" if field == "date_signed" else f"a {field} number"
            report.warn([RowIssue(number, header, text, f"not {what}; {KEPT_AS_TYPED}")])
            _keep(values["as_typed"], header, text)


def _contact(raw: dict[str, list[tuple[str, str]]], number: int, report: ImportReport,
             region: str) -> dict[str, Any]:
    """The signer's email and phone, checked, for a new signer's person record (kept as typed on the line too)."""
    found: dict[str, Any] = {"email": "", "phone": None}
    for field, check in (("email", normalize_email), ("phone", lambda v: normalize_phone(v, region))):
        if field in raw:
            header, text = raw[field][0]
            try:
                found[field] = check(text)
            except InvalidValue as exc:
                report.warn([RowIssue(number, header, text, f"{exc}; {KEPT_AS_TYPED}")])
    return found


def undo_signatures(session: Session, batch: ImportBatch) -> dict[str, int]:
    """Remove the batch's lines, untag the people it tagged, and remove the signers and sheets only it brought."""
    changes = changes_newest_first(session, batch.id)
    restored = restore_updated(session, changes)
    undo_circulators(session, changes)
    ids = list(session.scalars(select(Signature.id).where(Signature.import_batch_id == batch.id)))
    record_tombstones(session.connection(), Signature, RecordKind.SIGNATURE, ids)
    for start in range(0, len(ids), CHUNK):
        session.execute(delete(Signature).where(Signature.id.in_(ids[start : start + CHUNK])))
    for entity, person_id, action, before in changes:
        if entity == "tagging" and action == "tagged":
            session.execute(delete(Tagging).where(Tagging.person_id == person_id,
                                                  Tagging.tag_id == before.get("tag_id")))
    brought = list(session.scalars(select(Person.id).where(Person.import_batch_id == batch.id).where(
        ~select(Signature.id).where(Signature.person_id == Person.id).exists())))
    remove_people(session.connection(), brought)
    sheets = list(session.scalars(select(PetitionSheet.id).where(PetitionSheet.import_batch_id == batch.id).where(
        ~select(Signature.id).where(Signature.sheet_id == PetitionSheet.id).exists())))
    record_tombstones(session.connection(), PetitionSheet, RecordKind.PETITION_SHEET, sheets)
    session.execute(delete(PetitionSheet).where(PetitionSheet.id.in_(sheets)))
    return {"removed": len(ids), "people_removed": len(brought), "restored": restored}
