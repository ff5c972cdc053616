"""Progress that matters, reasons per sheet and per circulator, and the exports for the clerk."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from organizer.domain.petition_rules import reason_text
from organizer.domain.petition_sample import Progress, progress
from organizer.files.writing import CellValue, SheetSpec
from organizer.services.petitions import records as rec
from organizer.services.petitions.rows import ReasonTally, SheetRow, SignatureRow

FINAL = {"valid", "not_registered", "outside_district", "wrong_party", "inactive", "duplicate", "illegible"}


@dataclass(frozen=True, slots=True)
class PetitionProgress:
    """The petition's progress and its sheets by status."""

    figures: Progress
    at_risk: int
    needs_review: int
    sheets_by_status: dict[str, int]


def petition_progress(session: Session, petition_id: int, today: date) -> PetitionProgress:
    """Raw, checked, validity so far, projected valid, gaps, maximum, days left and sheets by status."""
    petition = rec.load_petition(session, petition_id)
    lines = rec.signature_rows(session, petition_id)
    checked = sum(1 for r in lines if r.status in FINAL)
    valid = sum(1 for r in lines if r.status == "valid")
    at_risk = sum(1 for r in lines if r.at_risk)
    figures = progress(len(lines), checked, valid, at_risk, len(lines) - checked, petition.required_signatures,
                       petition.target_buffer, petition.max_signatures, petition.deadline, today)
    sheets = rec.sheet_rows(session, petition_id)
    return PetitionProgress(figures, at_risk, sum(1 for r in lines if r.status == "needs_review"),
                            dict(Counter(s.status for s in sheets)))


def tallies(lines: Sequence[SignatureRow], sheets: Sequence[SheetRow], by: str) -> list[ReasonTally]:
    """Lines not valid by reason, per sheet (``by="sheet"``) or per circulator (``by="circulator"``)."""
    sheet_of = {s.number: s for s in sheets}

    def key(line: SignatureRow) -> str:
        sheet = sheet_of.get(line.sheet) if line.sheet is not None else None
        if by == "sheet":
            return f"Sheet {line.sheet}" if line.sheet is not None else "No sheet"
        return (sheet.circulator or "No circulator named") if sheet is not None else "No sheet"

    groups: dict[str, list[SignatureRow]] = {}
    for line in lines:
        groups.setdefault(key(line), []).append(line)
    out = []
    for name, members in groups.items():
        numbers = {m.sheet for m in members if m.sheet is not None}
        problems = Counter(p for n in numbers for p in sheet_of[n].problems) if numbers else Counter()
        reasons = Counter(m.reason for m in members if m.reason)
        out.append(ReasonTally(name, len(numbers), len(members), sum(1 for m in members if m.status == "valid"),
                               dict(reasons.most_common()), dict(problems)))
    return sorted(out, key=lambda t: (-(t.lines - t.valid), t.key))


SIGNATURE_HEADERS = ("Sheet", "Line", "Printed name", "Address", "ZIP", "Date signed", "Status", "Reason",
                     "Reason in words", "Voter ID", "At risk", "Decided by a person")
AS_TYPED_SUFFIX = " (as typed)"


def signature_sheet(lines: Sequence[SignatureRow]) -> SheetSpec:
    """The signature list with statuses, for the clerk or a challenge.

    After the fixed columns (scripts read them by position), one column per header the lines kept as typed
    (email, phone, city, circulator, any other column of an imported file), in the order first met, as text.
    """
    typed = as_typed_headers(lines)
    rows: list[Sequence[CellValue]] = [
        (r.sheet, r.line, r.printed_name, r.address, r.postal_code, r.date_signed, r.status, r.reason,
         reason_text(r.reason), r.voter_id or "", "yes" if r.at_risk else "", "yes" if r.decided else "",
         *(_text(r.as_typed.get(h)) for h in typed))
        for r in lines]
    return SheetSpec("Signatures", (*SIGNATURE_HEADERS, *_column_names(typed)), rows)


def as_typed_headers(lines: Sequence[SignatureRow]) -> list[str]:
    """Every header the lines kept values under, in the order first met."""
    return list(dict.fromkeys(h for r in lines for h in r.as_typed))


def _column_names(typed: Sequence[str]) -> list[str]:
    # A kept header that reads like a fixed column ("Date Signed" holding a date that could not be read) is
    # told apart from it, so no two columns look alike.
    fixed = {h.casefold() for h in SIGNATURE_HEADERS}
    return [f"{h}{AS_TYPED_SUFFIX}" if h.casefold() in fixed else h for h in typed]


def _text(value: object) -> str | None:
    return None if value is None else str(value)  # as typed: text, never read again as a number or date


def circulator_sheet(found: Sequence[ReasonTally]) -> SheetSpec:
    """One row per circulator: sheets, lines, valid, validity and the reasons lines failed."""
    rows: list[Sequence[CellValue]] = [
        (t.key, t.sheets, t.lines, t.valid, round(t.valid / t.lines, 3) if t.lines else None,
         "; ".join(f"{reason_text(k)}: {n}" for k, n in t.reasons.items()),
         "; ".join(f"{reason_text(k)}: {n} sheets" for k, n in t.sheet_problems.items()))
        for t in found]
    return SheetSpec("Circulators", ("Circulator", "Sheets", "Lines", "Valid", "Validity", "Reasons not valid",
                                     "Sheet problems"), rows)
