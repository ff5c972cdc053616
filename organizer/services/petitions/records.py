"""Reading and writing petitions, sheets and lines inside a session (the service wraps these in transactions)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from organizer.domain.codes import PetitionKind, SheetStatus
from organizer.domain.petition_rules import sheet_problems
from organizer.errors import NotFound, UserError, ValidationFailed
from organizer.services.petitions.rows import (
    PetitionInput,
    PetitionRow,
    SheetInput,
    SheetRow,
    SignatureInput,
    SignatureRow,
)
from organizer.storage.models import Person, Petition, PetitionSheet, Signature, Voter


def petition_problems(data: PetitionInput) -> dict[str, str]:
    """What is wrong with a petition as typed (empty: nothing)."""
    problems: dict[str, str] = {}
    if not data.title.strip():
        problems["title"] = "A petition needs a title."
    if data.kind not in {k.value for k in PetitionKind}:
        problems["kind"] = f"the kind is one of: {', '.join(k.value for k in PetitionKind)}"
    if data.required < 0:
        problems["required"] = "the number of signatures required cannot be negative"
    if data.maximum is not None and data.maximum < data.required:
        problems["maximum"] = "the maximum allowed cannot be below the number required"
    if not 1.0 <= data.buffer <= 5.0:
        problems["buffer"] = "the buffer goal is a factor from 1.0 to 5.0 (1.4: gather 140% of the requirement)"
    if data.opens_on and data.deadline and data.opens_on > data.deadline:
        problems["opens_on"] = "the petition cannot open after its deadline"
    return problems


def apply_petition(petition: Petition, data: PetitionInput) -> None:
    """Write a checked petition onto its model."""
    petition.title, petition.kind, petition.text = " ".join(data.title.split()), data.kind, data.text.strip()
    petition.jurisdiction, petition.district = data.jurisdiction.strip(), data.district.strip()
    petition.party, petition.required_signatures = data.party.strip(), data.required
    petition.max_signatures, petition.deadline, petition.target_buffer = data.maximum, data.deadline, data.buffer
    petition.opens_on, petition.notary_required = data.opens_on, data.notary_required


def petition_rows(session: Session, ids: Sequence[int] | None = None) -> list[PetitionRow]:
    """Petitions (all, or these) with their raw and valid counts, newest first."""
    raw = dict(session.execute(select(Signature.petition_id, func.count()).group_by(Signature.petition_id)).all())
    valid = dict(session.execute(select(Signature.petition_id, func.count()).where(Signature.status == "valid")
                                 .group_by(Signature.petition_id)).all())
    stmt = select(Petition).order_by(Petition.id.desc())
    if ids is not None:
        stmt = stmt.where(Petition.id.in_(list(ids)))
    return [PetitionRow(p.id, p.uuid, p.title, p.kind, p.text, p.jurisdiction, p.district, p.party,
                        p.required_signatures, p.max_signatures, p.deadline, p.target_buffer, p.opens_on,
                        p.notary_required, raw.get(p.id, 0), valid.get(p.id, 0)) for p in session.scalars(stmt)]


def load_petition(session: Session, petition_id: int) -> Petition:
    """The petition, or NotFound in one line."""
    petition = session.get(Petition, petition_id)
    if petition is None:
        raise NotFound(f"There is no petition with number {petition_id}: see 'organizer petition list'.")
    return petition


def circulator_rules(session: Session, petition_id: int) -> tuple[bool, bool]:
    """Whether circulator rules apply (ballot access only) and whether statements must be notarized."""
    row = session.execute(select(Petition.kind, Petition.notary_required).where(Petition.id == petition_id)).first()
    return (row is not None and row.kind == PetitionKind.BALLOT_ACCESS.value, bool(row and row.notary_required))


def _problems(applies: bool, complete: bool, notarized: bool, notary: bool) -> tuple[str, ...]:
    return sheet_problems(complete, notarized, notary) if applies else ()


def sheet_rows(session: Session, petition_id: int) -> list[SheetRow]:
    """The petition's sheets in number order, with their circulators, line counts and what puts them at risk."""
    applies, notary = circulator_rules(session, petition_id)
    counts: dict[tuple[int | None, str], int] = {
        (sheet, status): n for sheet, status, n in session.execute(
            select(Signature.sheet_id, Signature.status, func.count()).where(Signature.petition_id == petition_id)
            .group_by(Signature.sheet_id, Signature.status))}
    rows = session.execute(select(PetitionSheet, Person.given_name, Person.family_name)
                           .outerjoin(Person, Person.id == PetitionSheet.circulator_id)
                           .where(PetitionSheet.petition_id == petition_id).order_by(PetitionSheet.sheet_number))
    out = []
    for s, given, family in rows:
        lines = sum(n for (sheet, _status), n in counts.items() if sheet == s.id)
        out.append(SheetRow(s.id, petition_id, s.sheet_number, s.circulator_id, " ".join(filter(None, (given, family))),
                            s.started_on, s.finished_on, s.filed_on, s.circulator_statement_complete, s.notarized,
                            s.status, s.district, s.notes, lines, counts.get((s.id, "valid"), 0),
                            _problems(applies, s.circulator_statement_complete, s.notarized, notary)))
    return out


def sheet_problems_of(data: SheetInput) -> dict[str, str]:
    """What is wrong with a sheet as typed."""
    problems: dict[str, str] = {}
    if data.number < 1:
        problems["number"] = "sheet numbers start at 1"
    if data.status not in {k.value for k in SheetStatus}:
        problems["status"] = f"the status is one of: {', '.join(k.value for k in SheetStatus)}"
    if data.started_on and data.finished_on and data.started_on > data.finished_on:
        problems["finished_on"] = "a sheet cannot be finished before it was started"
    return problems


def apply_sheet(sheet: PetitionSheet, data: SheetInput) -> None:
    """Write a checked sheet onto its model."""
    sheet.sheet_number, sheet.circulator_id = data.number, data.circulator_id
    sheet.started_on, sheet.finished_on, sheet.filed_on = data.started_on, data.finished_on, data.filed_on
    sheet.circulator_statement_complete, sheet.notarized = data.statement_complete, data.notarized
    sheet.status, sheet.district, sheet.notes = data.status, data.district.strip(), data.notes.strip()


def sheet_by_number(session: Session, petition_id: int, number: int, create: bool) -> PetitionSheet | None:
    """The petition's sheet with this number, made (collected, no circulator yet) when asked and missing."""
    sheet = session.scalar(select(PetitionSheet).where(PetitionSheet.petition_id == petition_id,
                                                       PetitionSheet.sheet_number == number))
    if sheet is None and create:
        sheet = PetitionSheet(petition_id=petition_id, sheet_number=number)
        session.add(sheet)
        session.flush()
    return sheet


def signature_problems(data: SignatureInput) -> dict[str, str]:
    """What is wrong with a line as keyed."""
    problems: dict[str, str] = {}
    if not (data.given_name.strip() or data.family_name.strip()):
        problems["family_name"] = "a line needs the signer's printed name"
    if data.line is not None and data.line < 1:
        problems["line"] = "line numbers start at 1"
    if data.sheet is not None and data.sheet < 1:
        problems["sheet"] = "sheet numbers start at 1"
    if data.date_signed and data.date_signed > date.today():
        problems["date_signed"] = "the date signed is in the future"
    return problems


class LineTaken(UserError):
    """A line number used twice on the same sheet."""

    def __init__(self, sheet: int, line: int) -> None:
        super().__init__(f"Line {line} of sheet {sheet} is already entered: check the sheet and line numbers.")


def line_taken(session: Session, sheet_id: int, line: int, except_id: int | None = None) -> bool:
    """Whether this line of this sheet is already entered."""
    stmt = select(Signature.id).where(Signature.sheet_id == sheet_id, Signature.line == line)
    if except_id is not None:
        stmt = stmt.where(Signature.id != except_id)
    return session.scalar(stmt.limit(1)) is not None


def printed_name(given: str, family: str) -> str:
    """The name as a line shows it."""
    return " ".join(" ".join((given, family)).split())


def signature_rows(session: Session, petition_id: int, status: str | None = None,
                   ids: Sequence[int] | None = None) -> list[SignatureRow]:
    """The petition's lines in sheet and line order, with their matched voters' ids."""
    s = Signature
    stmt: Any = (select(s, PetitionSheet.sheet_number, PetitionSheet.circulator_statement_complete,
                        PetitionSheet.notarized, Voter.voter_id)
                 .outerjoin(PetitionSheet, PetitionSheet.id == s.sheet_id)
                 .outerjoin(Voter, Voter.id == s.voter_row_id).where(s.petition_id == petition_id))
    if status:
        stmt = stmt.where(s.status == status)
    if ids is not None:
        stmt = stmt.where(s.id.in_(list(ids)))
    applies, notary = circulator_rules(session, petition_id)
    stmt = stmt.order_by(PetitionSheet.sheet_number.is_(None), PetitionSheet.sheet_number, s.line, s.id)
    out = []
    for sig, number, complete, notarized, voter_id in session.execute(stmt):
        at_risk = (sig.status == "valid" and number is not None
                   and bool(_problems(applies, bool(complete), bool(notarized), notary)))
        out.append(SignatureRow(sig.id, number, sig.line, sig.printed_name, sig.given_name, sig.family_name,
                                sig.address_as_written, sig.postal_code, sig.date_signed, sig.status, sig.reason,
                                voter_id, sig.voter_row_id, sig.person_id, sig.match_score, sig.decided, at_risk,
                                dict(sig.as_typed or {})))
    return out


def require_fields(problems: dict[str, str]) -> None:
    """Raise ValidationFailed when there are problems."""
    if problems:
        raise ValidationFailed(problems)
