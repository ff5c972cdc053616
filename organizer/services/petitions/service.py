"""Petitions as use cases: petitions, sheets and lines; checking, review, the sample and progress."""

from __future__ import annotations

import builtins
import logging
from collections import Counter
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from organizer.domain.codes import SignatureStatus
from organizer.domain.petition_rules import CHECKED_STATUSES
from organizer.domain.petition_sample import Line, SampleOutcome, simulate
from organizer.errors import NotFound, UserError
from organizer.files.output import check_output
from organizer.files.writing import SheetSpec
from organizer.progress import NEVER, NO_PROGRESS, CancelToken, Progress
from organizer.services.changes import IMPORTS, PEOPLE, PETITIONS, TAGS, VOTERS, Change, ChangeHub
from organizer.services.petitions import records as rec
from organizer.services.petitions.checking import NoVoterRoll, check_petition
from organizer.services.petitions.reports import (
    PetitionProgress,
    circulator_sheet,
    petition_progress,
    signature_sheet,
    tallies,
)
from organizer.services.petitions.review import decide_line, line_candidates, table_lookup, undecide_line
from organizer.services.petitions.rows import (
    CheckResult,
    PetitionInput,
    PetitionRow,
    ReasonTally,
    SheetInput,
    SheetRow,
    SignatureInput,
    SignatureRow,
    VoterCandidate,
)
from organizer.services.petitions.signers import Signer, SignerPeople
from organizer.storage.database import Database
from organizer.storage.models import Petition, PetitionSheet, Signature

log = logging.getLogger(__name__)


class PetitionService:
    """Use cases on petitions; every method is one short transaction."""

    def __init__(self, db: Database, changes: ChangeHub) -> None:
        self._db = db
        self._changes = changes
        changes.subscribe(self._on_change)

    # Petitions -------------------------------------------------------------------------------------

    def create(self, data: PetitionInput) -> PetitionRow:
        """A new petition; raises ValidationFailed naming each bad field."""
        rec.require_fields(rec.petition_problems(data))
        with self._db.write() as session:
            petition = Petition(title="")
            rec.apply_petition(petition, data)
            session.add(petition)
            session.flush()
            row = rec.petition_rows(session, [petition.id])[0]
        self._changes.publish(Change.of(PETITIONS))
        return row

    def update(self, petition_id: int, data: PetitionInput) -> PetitionRow:
        """Replace a petition's fields."""
        rec.require_fields(rec.petition_problems(data))
        with self._db.write() as session:
            rec.apply_petition(rec.load_petition(session, petition_id), data)
            session.flush()
            row = rec.petition_rows(session, [petition_id])[0]
        self._changes.publish(Change.of(PETITIONS))
        return row

    def list(self) -> builtins.list[PetitionRow]:
        """Every petition, newest first, with raw and valid counts."""
        with self._db.read() as session:
            return rec.petition_rows(session)

    def get(self, petition_id: int) -> PetitionRow:
        """One petition; NotFound when there is none."""
        with self._db.read() as session:
            rec.load_petition(session, petition_id)
            return rec.petition_rows(session, [petition_id])[0]

    # Sheets ----------------------------------------------------------------------------------------

    def sheets(self, petition_id: int) -> builtins.list[SheetRow]:
        """The petition's sheets, their circulators, line counts and what puts them at risk."""
        with self._db.read() as session:
            rec.load_petition(session, petition_id)
            return rec.sheet_rows(session, petition_id)

    def save_sheet(self, petition_id: int, data: SheetInput, sheet_id: int | None = None) -> SheetRow:
        """Add a sheet (no id) or change one; sheet numbers are unique within a petition."""
        rec.require_fields(rec.sheet_problems_of(data))
        with self._db.write() as session:
            rec.load_petition(session, petition_id)
            other = rec.sheet_by_number(session, petition_id, data.number, create=False)
            if other is not None and other.id != sheet_id:
                raise UserError(f"Sheet {data.number} is already entered for this petition.")
            sheet = session.get(PetitionSheet, sheet_id) if sheet_id is not None else PetitionSheet(
                petition_id=petition_id)
            if sheet is None or sheet.petition_id != petition_id:
                raise NotFound(f"There is no sheet with number {sheet_id} on this petition.")
            rec.apply_sheet(sheet, data)
            session.add(sheet)
            session.flush()
            row = next(r for r in rec.sheet_rows(session, petition_id) if r.id == sheet.id)
        self._changes.publish(Change.of(PETITIONS))
        return row

    # Lines -----------------------------------------------------------------------------------------

    def add_signature(self, petition_id: int, data: SignatureInput) -> SignatureRow:
        """Enter one line (from paper or at the table); the signer becomes or matches a person, tagged.

        A line number already used on that sheet is refused (LineTaken), and nothing is saved.
        """
        rec.require_fields(rec.signature_problems(data))
        with self._db.write() as session:
            petition = rec.load_petition(session, petition_id)
            sheet = rec.sheet_by_number(session, petition_id, data.sheet, create=True) if data.sheet else None
            if sheet is not None and data.line is not None and rec.line_taken(session, sheet.id, data.line):
                raise rec.LineTaken(sheet.sheet_number, data.line)
            signer = Signer(data.given_name.strip(), data.family_name.strip(), data.address.strip(),
                            data.postal_code.strip())
            person = SignerPeople(session, petition.title).people_for([signer])[0]
            line = Signature(petition_id=petition_id, sheet_id=sheet.id if sheet else None, line=data.line,
                             person_id=person, given_name=signer.given, family_name=signer.family,
                             printed_name=rec.printed_name(signer.given, signer.family),
                             address_as_written=signer.address, postal_code=signer.postal,
                             date_signed=data.date_signed)
            session.add(line)
            session.flush()
            row = rec.signature_rows(session, petition_id, ids=[line.id])[0]
        self._changes.publish(Change.of(PETITIONS, PEOPLE, TAGS, ids=[person] if person else []))
        return row

    def delete_signature(self, signature_id: int) -> None:
        """Take a line off (keyed by mistake); it leaves a tombstone."""
        with self._db.write() as session:
            line = session.get(Signature, signature_id)
            if line is None:
                raise NotFound(f"There is no signature with number {signature_id}.")
            session.delete(line)
        self._changes.publish(Change.of(PETITIONS))

    def signatures(self, petition_id: int, status: str | None = None) -> builtins.list[SignatureRow]:
        """The petition's lines in sheet and line order (only those of one status, when given)."""
        with self._db.read() as session:
            rec.load_petition(session, petition_id)
            return rec.signature_rows(session, petition_id, status)

    # Checking --------------------------------------------------------------------------------------

    def check(self, petition_id: int, progress: Progress = NO_PROGRESS, cancel: CancelToken = NEVER) -> CheckResult:
        """Check every line against the voter roll (a person's decisions are kept); the counts add up.

        With no voter roll loaded it raises NoVoterRoll and changes nothing.
        """
        with self._db.write() as session:
            rec.load_petition(session, petition_id)
            lines = check_petition(session, petition_id, progress, cancel)
            result = self._result(session, petition_id, [(ln.status, ln.reason, ln.decided) for ln in lines])
        self._changes.publish(Change.of(PETITIONS))
        return result

    def counts(self, petition_id: int) -> CheckResult:
        """The counts as last checked, without checking again."""
        with self._db.read() as session:
            rec.load_petition(session, petition_id)
            rows = session.execute(select(Signature.status, Signature.reason, Signature.decided)
                                   .where(Signature.petition_id == petition_id)).all()
            return self._result(session, petition_id, [(r[0], r[1], bool(r[2])) for r in rows])

    @staticmethod
    def _result(session: Session, petition_id: int, lines: builtins.list[tuple[str, str, bool]]) -> CheckResult:
        counts = {s.value: 0 for s in CHECKED_STATUSES}
        for status, _reason, _decided in lines:
            key = status if status in counts else SignatureStatus.NEEDS_REVIEW.value  # unchecked: still to look at
            counts[key] += 1
        reasons = Counter(reason for _s, reason, _d in lines if reason)
        at_risk = sum(1 for r in rec.signature_rows(session, petition_id, "valid") if r.at_risk)
        final = len(lines) - counts["needs_review"]
        rate = counts["valid"] / final if final else 0.0
        projected = round(counts["valid"] - at_risk + counts["needs_review"] * rate)
        return CheckResult(len(lines), counts, max(0, projected), at_risk,
                           sum(1 for _s, _r, d in lines if d), dict(reasons.most_common()))

    def recheck_all(self) -> int:
        """Check again every petition that was checked before (a new voter roll was loaded); how many."""
        with self._db.read() as session:
            ids = builtins.list(session.scalars(select(Signature.petition_id).where(
                Signature.checked_at.is_not(None)).distinct().order_by(Signature.petition_id)))
        for petition_id in ids:
            self.check(petition_id)
        return len(ids)

    def _on_change(self, change: Change) -> None:
        if change.touches(IMPORTS) and change.touches(VOTERS):
            try:
                count = self.recheck_all()
            except NoVoterRoll:  # the last roll's import was undone: the lines keep what they were found
                log.info("The voter roll is empty: no petition checked again")
                return
            log.info("A new voter roll: %d petitions checked again", count)

    # The sample ------------------------------------------------------------------------------------

    def sample(self, petition_id: int, rate: float = 0.03, minimum: int = 500, seed: int | None = None,
               ) -> SampleOutcome:
        """Simulate the clerk's random sample on the checked lines; needs a check first."""
        if not 0 < rate <= 1 or minimum < 0:
            raise UserError("The sample rate is a fraction from 0 to 1 (0.03 is 3%), the minimum a whole number.")
        with self._db.read() as session:
            petition = rec.load_petition(session, petition_id)
            rows = session.execute(select(Signature.status, Signature.voter_row_id)
                                   .where(Signature.petition_id == petition_id).order_by(Signature.id)).all()
            valid_voters = set(session.scalars(select(Signature.voter_row_id).where(
                Signature.petition_id == petition_id, Signature.status == "valid")))
            required = petition.required_signatures
        if any(status == SignatureStatus.UNCHECKED.value for status, _v in rows):
            raise UserError("Some signatures are not checked yet: run the check first "
                            f"('organizer petition check {petition_id}').")
        lines = [Line(status == "valid" or (status == "duplicate" and voter in valid_voters), voter)
                 for status, voter in rows]
        return simulate(lines, required, rate, minimum, seed)

    # Review, the table, progress and exports ------------------------------------------------------

    def candidates(self, signature_id: int) -> builtins.list[VoterCandidate]:
        """The voters a person compares with a line, best first."""
        with self._db.read() as session:
            return line_candidates(session, signature_id)

    def decide(self, signature_id: int, voter_row_id: int | None) -> SignatureRow:
        """A person's decision on a line: this voter, or none (not registered); a re-check keeps it."""
        with self._db.write() as session:
            petition_id = decide_line(session, signature_id, voter_row_id)
            session.flush()
            row = rec.signature_rows(session, petition_id, ids=[signature_id])[0]
        self._changes.publish(Change.of(PETITIONS))
        return row

    def undecide(self, signature_id: int) -> None:
        """Give a line back to the check."""
        with self._db.write() as session:
            undecide_line(session, signature_id)
        self._changes.publish(Change.of(PETITIONS))

    def lookup(self, given: str, family: str, address: str = "", postal: str = "") -> builtins.list[VoterCandidate]:
        """At the table: registered voters by the name and street typed so far, best first."""
        with self._db.read() as session:
            return table_lookup(session, given, family, address, postal)

    def progress(self, petition_id: int) -> PetitionProgress:
        """Raw, checked, validity, projected valid, gaps, maximum, days left and sheets by status."""
        with self._db.read() as session:
            return petition_progress(session, petition_id, self.today())

    def tallies(self, petition_id: int, by: str = "circulator") -> builtins.list[ReasonTally]:
        """Lines not valid by reason, per sheet or per circulator."""
        with self._db.read() as session:
            rec.load_petition(session, petition_id)
            return tallies(rec.signature_rows(session, petition_id),
                           rec.sheet_rows(session, petition_id), by)

    def export(self, petition_id: int, path: Path, what: str = "signatures", *, force: bool = False) -> int:
        """Write the signature list (``what="signatures"``) or the per-circulator summary; how many rows.

        The output guard comes first: an existing file only with ``force``, never a database.
        """
        from organizer.files.writing import write_workbook

        check_output(path, (".xlsx", ".csv"), force=force, protect=self._protected())
        if what == "signatures":
            spec = signature_sheet(self.signatures(petition_id))
        else:
            spec = circulator_sheet(self.tallies(petition_id, "circulator"))
        rows = builtins.list(spec.rows)
        write_workbook(path, [SheetSpec(spec.name, spec.headers, rows)], force=force, protect=self._protected())
        return len(rows)

    def person_for_uuid(self, uuid: str) -> int:
        """The person with this uuid (a merged one's survivor); NotFound when there is none."""
        from organizer.storage.identity import person_id_for_uuid

        with self._db.read() as session:
            person = person_id_for_uuid(session, uuid.strip())
        if person is None:
            raise NotFound(f"There is no person with uuid {uuid}: see 'organizer people list'.")
        return person

    def voter_row_for(self, voter_id: str) -> int:
        """The voter row of a voter id as written in the voter file; NotFound when the roll has none."""
        from organizer.storage.models import Voter

        with self._db.read() as session:
            row = session.scalar(select(Voter.id).where(Voter.voter_id == voter_id.strip()))
        if row is None:
            raise NotFound(f"There is no voter with id {voter_id} on the roll.")
        return row

    def _protected(self) -> tuple[Path, ...]:
        return (self._db.path,) if self._db.path is not None else ()

    def today(self) -> date:
        """Today, for the days to a deadline (a method so tests and screens agree)."""
        return date.today()
