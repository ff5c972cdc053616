"""Results keyed back in from a filled-in walk-list workbook: contact attempts, people, flags; undoable.

Lines map back by the id column (Voter ID or Person ID) of the list the sheet names; a line not on
that list is reported, never guessed. Importing the same results again changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from organizer.domain.codes import ContactChannel, DoorResult, PhoneResult
from organizer.domain.errors import InvalidValue
from organizer.domain.safe_text import unescape_cell
from organizer.domain.walk_results import DOOR_KEY, REACHED, parse_result, parse_support
from organizer.errors import UserError
from organizer.files.walk_list_sheet import ID_HEADERS, NOTES, RESULT, SHORT_ID, SUPPORT
from organizer.services.changes import IMPORTS, PEOPLE, WALKLISTS, Change
from organizer.services.import_rows import ImportResult
from organizer.services.importing.reimport import earlier_imports, imported_before_notice
from organizer.services.importing.report import ImportReport, RowIssue
from organizer.services.importing.source import file_hash
from organizer.services.walklists.people_link import PersonLinker
from organizer.storage.backup_files import BEFORE_IMPORT
from organizer.storage.models import ContactAttempt, ImportBatch, ImportChange, Turf, Voter, WalkList, WalkListEntry

if TYPE_CHECKING:
    from organizer.services.container import Services

KIND = "walk-results"
_LIST = re.compile(r"Walk list (\d+)")
_DATE = re.compile(r"Date: (\d{4}-\d{2}-\d{2})")
_TICKS = {short for short, _result in DOOR_KEY}
_EMPTY_TICKS = {"", "☐", "□"}
FLAGS = {DoorResult.MOVED.value: "moved", DoorResult.DECEASED.value: "deceased",
         DoorResult.DO_NOT_WALK.value: "do_not_walk", PhoneResult.WRONG_NUMBER.value: "do_not_call",
         PhoneResult.DO_NOT_CALL.value: "do_not_call"}


@dataclass(slots=True)
class _Line:
    sheet: str
    row: int
    ident: str
    result: str
    support: str
    notes: str
    answers: dict[str, str] = field(default_factory=dict)
    cells: tuple[str, ...] = ()


def import_results(services: Services, path: Path, *, dry_run: bool = False) -> ImportResult:
    """Read every turf sheet of the workbook and record its results as one undoable import."""
    from organizer.files.reading import read_workbook

    path = Path(path)
    if not path.is_file():
        raise UserError(f"{path} is not a file: give the walk list's workbook.")
    sheets = read_workbook(path)
    list_id, day, lines, headers = _read(sheets, path.name)
    report = ImportReport(batch=None, kind=KIND, file_name=path.name, sheet=None, encoding=None, header_row=0,
                          headers=headers, mapping={})
    with services.db.write(commit=not dry_run, backup=None if dry_run else BEFORE_IMPORT) as session:
        walk_list = session.get(WalkList, list_id)
        if walk_list is None:
            raise UserError(f"The workbook is walk list {list_id}, which this chapter does not have: "
                            "key it into the chapter that printed it.")
        digest = file_hash(path)
        earlier = earlier_imports(session, digest, KIND, "")
        if earlier:  # re-importing is safe (nothing counted twice), but say so
            report.imported_before = [number for number, _when in earlier]
            report.notices.append(imported_before_notice(earlier))
        batch = ImportBatch(kind=KIND, file_name=path.name, file_hash=digest, sheet="", mapping={}, report={})
        session.add(batch)
        session.flush()
        _Recorder(session, batch.id, walk_list, day).run(lines, report)
        report.batch = None if dry_run else batch.id
        from organizer.services.importing.runner import _backup, _record

        report.backup = _backup(session)
        result = report.result()
        _record(batch, result)
    if not dry_run:
        services.changes.publish(Change.of(WALKLISTS, PEOPLE, IMPORTS))
    return result


def _read(sheets: list[Any], name: str) -> tuple[int, date, list[_Line], list[str]]:
    """(list id, canvass day, the lines with anything filled in, the headers) from every turf sheet."""
    list_ids: set[int] = set()
    day: date | None = None
    lines: list[_Line] = []
    headers: list[str] = []
    for sheet in sheets:
        head = next((i for i, row in enumerate(sheet.rows) if SHORT_ID in row and set(ID_HEADERS) & set(row)), None)
        if head is None:
            continue
        for row in sheet.rows[:head]:
            text = " ".join(row)
            if (found := _LIST.search(text)) is not None:
                list_ids.add(int(found.group(1)))
            if day is None and (when := _DATE.search(text)) is not None:
                day = date.fromisoformat(when.group(1))
        headers = sheet.rows[head]
        lines.extend(_lines(sheet.name, sheet.rows, head))
    if not list_ids:
        raise UserError(f"“{name}” is not a walk list workbook (no sheet has the Short id and Voter ID columns "
                        "under a “Walk list N” title): key in the workbook the list was printed as.")
    if len(list_ids) > 1:
        raise UserError(f"“{name}” holds sheets of walk lists {', '.join(map(str, sorted(list_ids)))}: "
                        "key each list's workbook in on its own.")
    return list_ids.pop(), day or date.today(), lines, headers


def _lines(sheet: str, rows: list[list[str]], head: int) -> list[_Line]:
    header = rows[head]
    where = {h: i for i, h in enumerate(header) if h}
    ident_col = where.get(ID_HEADERS[0], where.get(ID_HEADERS[1], -1))
    questions = [h for h in header if re.fullmatch(r"Q\d+", h)]
    out = []
    for number, row in enumerate(rows[head + 1 :], start=head + 2):
        def cell(title: str, row: list[str] = row) -> str:
            i = where.get(title, -1)
            return unescape_cell(row[i].strip()) if 0 <= i < len(row) else ""
        ticked = [h for h in header if h in _TICKS and cell(h) not in _EMPTY_TICKS]
        result = cell(RESULT) or " ".join(ticked)
        answers = {q: cell(q) for q in questions if cell(q)}
        if not (result or cell(SUPPORT) or cell(NOTES) or answers):
            continue  # not knocked yet
        ident = row[ident_col].strip() if 0 <= ident_col < len(row) else ""
        out.append(_Line(sheet, number, ident, result, cell(SUPPORT), cell(NOTES), answers, tuple(row)))
    return out


class _Recorder:
    """Writes the lines of one workbook as contact attempts, with change records for undo."""

    def __init__(self, session: Any, batch_id: int, walk_list: WalkList, day: date) -> None:
        self.session, self.batch_id, self.walk_list = session, batch_id, walk_list
        self.when = datetime.combine(day, time(12), tzinfo=UTC)
        self.people = PersonLinker(session, batch_id, f"Walk list {walk_list.id}")
        self.seen: set[str] = set()

    def run(self, lines: list[_Line], report: ImportReport) -> None:
        targets = self._targets()
        for line in lines:
            report.rows += 1
            problem = self._problem(line, targets)
            if problem:
                report.reject(RowIssue(line.row, line.sheet, line.ident, problem), line.cells)
                continue
            try:
                channel, code = parse_result(line.result) if line.result else (ContactChannel.DOOR.value, "")
            except InvalidValue as exc:
                report.reject(RowIssue(line.row, f"{line.sheet}: result", line.result, str(exc)), line.cells)
                continue
            try:
                support = parse_support(line.support)
            except InvalidValue as exc:
                report.reject(RowIssue(line.row, f"{line.sheet}: support", line.support, str(exc)), line.cells)
                continue
            if not code:
                if support is None and not line.answers:
                    report.reject(RowIssue(line.row, line.sheet, line.ident, "no result: write a code from the key"),
                                  line.cells)
                    continue
                code = DoorResult.CANVASSED.value
            self._record(line, targets[line.ident], channel, code, support, report)

    def _problem(self, line: _Line, targets: dict[str, tuple[int | None, int | None]]) -> str:
        if not line.ident:
            return "no Voter ID or Person ID on this line"
        if line.ident not in targets:
            return f"not on walk list {self.walk_list.id}: the line was left alone"
        if line.ident in self.seen:
            return "this id appears twice in the workbook: the first line was used"
        if " " in line.result.strip() and all(p in _TICKS for p in line.result.split()):
            return "more than one result ticked"
        self.seen.add(line.ident)
        return ""

    def _targets(self) -> dict[str, tuple[int | None, int | None]]:
        """The list's lines by the id printed on them: (voter row id, person id)."""
        base = select(WalkListEntry.voter_row_id, WalkListEntry.person_id).join(
            Turf, Turf.id == WalkListEntry.turf_id).where(Turf.walk_list_id == self.walk_list.id)
        out: dict[str, tuple[int | None, int | None]] = {}
        voters = base.add_columns(Voter.voter_id, Voter.person_id).join(Voter, Voter.id == WalkListEntry.voter_row_id)
        for voter_row, _p, voter_id, linked in self.session.execute(voters):
            out[voter_id] = (voter_row, linked)
        from organizer.storage.models import Person

        people = base.add_columns(Person.uuid).join(Person, Person.id == WalkListEntry.person_id)
        for _v, person_id, uuid in self.session.execute(people):
            out[uuid] = (None, person_id)
        return out

    def _record(self, line: _Line, target: tuple[int | None, int | None], channel: str, code: str,
                support: int | None, report: ImportReport) -> None:
        voter_row, person_id = target
        if code in REACHED and voter_row is not None:
            person_id = self.people.person_for_voter(voter_row, line.row)
        if person_id is not None and code in FLAGS:
            self.people.flag(person_id, FLAGS[code], line.row)
        if person_id is not None and code in REACHED:
            self.people.contacted(person_id, self.when, line.row)
        values = {"channel": channel, "result_code": code, "support_level": support,
                  "survey_answers": self._answers(line.answers), "notes": line.notes, "person_id": person_id}
        key = ContactAttempt.voter_row_id == voter_row if voter_row is not None else (
            ContactAttempt.person_id == person_id)
        existing = self.session.scalar(select(ContactAttempt).where(
            ContactAttempt.walk_list_id == self.walk_list.id, key, ContactAttempt.attempted_at == self.when))
        if existing is None:
            attempt = ContactAttempt(voter_row_id=voter_row, walk_list_id=self.walk_list.id, attempted_at=self.when,
                                     import_batch_id=self.batch_id, imported_at=datetime.now(UTC), **values)
            self.session.add(attempt)
            self.session.flush()
            self._change(line.row, attempt.id, "created", {})
            report.created += 1
            return
        before = {k: getattr(existing, k) for k, v in values.items() if getattr(existing, k) != v}
        if not before:
            report.unchanged += 1
            return
        for k in before:
            setattr(existing, k, values[k])
        self._change(line.row, existing.id, "updated", before)
        report.updated += 1

    def _answers(self, answers: dict[str, str]) -> dict[str, str]:
        """ "Q2" → the question printed as Q2 on this list (kept as "Q2" if the list has no such question)."""
        asked = [str(q) for q in (self.walk_list.criteria or {}).get("questions", [])]
        out = {}
        for key, value in answers.items():
            number = int(key[1:]) if key[1:].isdigit() else 0
            out[asked[number - 1] if 0 < number <= len(asked) else key] = value
        return out

    def _change(self, row: int, attempt_id: int, action: str, before: dict[str, Any]) -> None:
        self.session.add(ImportChange(batch_id=self.batch_id, row=row, entity="contact_attempt", entity_id=attempt_id,
                                      action=action, before=before))


@dataclass(frozen=True, slots=True)
class EnteredResult:
    """One line keyed in the results grid: the short id printed on the sheet, then the code."""

    short_id: str
    result: str
    support: str = ""
    notes: str = ""


def record_entries(services: Services, list_id: int, entries: list[EnteredResult],
                   day: date | None = None) -> ImportResult:
    """Results keyed in by short id, recorded as one undoable import (like a workbook)."""
    lines: list[_Line] = []
    with services.db.read() as session:
        if session.get(WalkList, list_id) is None:
            raise UserError(f"There is no walk list {list_id}.")
        codes = [e.short_id.strip() for e in entries]
        idents = _idents_by_short_code(session, list_id, codes)
    for number, entry in enumerate(entries, start=1):
        ident = idents.get(entry.short_id.strip(), entry.short_id.strip() or "")
        lines.append(_Line("grid", number, ident, entry.result.strip(), entry.support.strip(), entry.notes.strip(),
                           {}, (entry.short_id, entry.result, entry.support, entry.notes)))
    report = ImportReport(batch=None, kind=KIND, file_name=f"keyed in: walk list {list_id}", sheet=None,
                          encoding=None, header_row=0, headers=["Short id", "Result", "Support", "Notes"], mapping={})
    with services.db.write(backup=BEFORE_IMPORT) as session:
        walk_list = session.get(WalkList, list_id)
        assert walk_list is not None
        batch = ImportBatch(kind=KIND, file_name=report.file_name, file_hash="", sheet="", mapping={}, report={})
        session.add(batch)
        session.flush()
        _Recorder(session, batch.id, walk_list, day or date.today()).run(lines, report)
        report.batch = batch.id
        from organizer.services.importing.runner import _backup, _record

        report.backup = _backup(session)
        result = report.result()
        _record(batch, result)
    services.changes.publish(Change.of(WALKLISTS, PEOPLE, IMPORTS))
    return result


def _idents_by_short_code(session: Any, list_id: int, codes: list[str]) -> dict[str, str]:
    from organizer.storage.models import Person

    query = (select(WalkListEntry.short_code, Voter.voter_id, Person.uuid)
             .join(Turf, Turf.id == WalkListEntry.turf_id)
             .outerjoin(Voter, Voter.id == WalkListEntry.voter_row_id)
             .outerjoin(Person, Person.id == WalkListEntry.person_id)
             .where(Turf.walk_list_id == list_id, WalkListEntry.short_code.in_(codes)))
    return {code: voter_id or uuid or "" for code, voter_id, uuid in session.execute(query)}
