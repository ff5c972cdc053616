"""Voters side by side for a line in review, a person's decision, and the look-up at the table."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from organizer.domain.codes import SignatureStatus
from organizer.domain.petition_rules import Places, Standing, voter_status
from organizer.domain.signer_match import MatchKeys, by_family, decide, graded, signer_keys, voter_keys
from organizer.domain.text import family_key
from organizer.errors import NotFound, UserError
from organizer.services.petitions.checking import VOTER_COLUMNS
from organizer.services.petitions.rows import VoterCandidate
from organizer.storage.models import Petition, PetitionSheet, Signature, Voter
from organizer.storage.models.base import utcnow

SHOWN = 8


def candidates_for(session: Session, keys: MatchKeys, limit: int = SHOWN, prefix: bool = False) -> list[VoterCandidate]:
    """Voters who may be this signer, best first: by family name (or its start, as typed) and house number.

    A family name with no given name (a look-up just begun, a line without one) lists the voters of that
    family name, those at the house typed first."""
    conditions = []
    if keys.family:  # the whole family name first: a common start ("sm") must not crowd out the name ("smith")
        conditions.append(Voter.family_key == keys.family)
        if prefix:
            conditions.append(Voter.family_key.between(keys.family, keys.family + "\uffff"))
    rows: dict[int, Any] = {}
    for condition in conditions:
        for row in session.execute(select(*VOTER_COLUMNS).where(condition).order_by(Voter.id).limit(500)):
            rows[row.id] = row
    if keys.number is not None:
        stmt = select(*VOTER_COLUMNS).where(Voter.street_number_value == keys.number)
        if keys.postal:
            stmt = stmt.where(Voter.postal_code.in_([keys.postal, ""]))
        for row in session.execute(stmt.order_by(Voter.id).limit(500)):
            rows[row.id] = row
    pool = [(r, voter_keys(r.given_name, r.family_name, r.street_number_value, r.street_number, r.street_name,
                           r.unit, r.postal_code)) for r in rows.values()]
    if keys.family and not keys.given:
        return [_candidate(g.voter, g.score, g.grade.value) for g in by_family(keys, pool, prefix)[:limit]]
    outcome = decide(keys, pool)
    shown = outcome.candidates or tuple(g for g in graded(keys, pool) if g.score >= 40)
    return [_candidate(g.voter, g.score, g.grade.value) for g in shown[:limit]]


def _candidate(row: Any, score: int, grade: str) -> VoterCandidate:
    address = " ".join(filter(None, (row.street_number, row.street_name, f"# {row.unit}" if row.unit else "")))
    return VoterCandidate(row.id, row.voter_id, " ".join(filter(None, (row.given_name, row.family_name))), address,
                          row.postal_code, row.status, row.party, row.district, score, grade)


def line_candidates(session: Session, signature_id: int) -> list[VoterCandidate]:
    """The voters a person compares with a line in review (the matched one first, if any)."""
    line = session.get(Signature, signature_id)
    if line is None:
        raise NotFound(f"There is no signature with number {signature_id}.")
    keys = signer_keys(line.given_name, line.family_name, line.address_as_written, line.postal_code)
    return candidates_for(session, keys)


def decide_line(session: Session, signature_id: int, voter_row_id: int | None) -> int:
    """A person's decision: this voter (its standing gives the status) or none (not registered). Kept for good.

    Returns the line's petition."""
    line = session.get(Signature, signature_id)
    if line is None:
        raise NotFound(f"There is no signature with number {signature_id}.")
    if voter_row_id is None:
        line.status, line.reason, line.voter_row_id = SignatureStatus.NOT_REGISTERED.value, "decided", None
    else:
        voter = session.get(Voter, voter_row_id)
        if voter is None:
            raise UserError(f"There is no voter with row number {voter_row_id} on the roll.")
        petition = session.get(Petition, line.petition_id)
        assert petition is not None
        district = petition.district
        if line.sheet_id is not None:
            sheet = session.get(PetitionSheet, line.sheet_id)
            district = (sheet.district if sheet is not None else "") or district
        places = Places(voter.district, voter.locality, voter.ward, voter.precinct)
        standing = Standing(voter.status == "active", places, voter.party)
        status, reason = voter_status(standing, district, petition.party)
        taken = session.scalar(select(Signature.id).where(
            Signature.petition_id == line.petition_id, Signature.voter_row_id == voter_row_id,
            Signature.id != line.id, Signature.status != SignatureStatus.DUPLICATE.value).limit(1))
        if taken is not None:
            status, reason = SignatureStatus.DUPLICATE, "signed_twice"
        line.status, line.reason, line.voter_row_id = status.value, reason, voter_row_id
    line.decided, line.checked_at, line.review_note = True, utcnow(), "decided by a person"
    return line.petition_id


def undecide_line(session: Session, signature_id: int) -> None:
    """Give a line back to the check (its next run decides it again)."""
    line = session.get(Signature, signature_id)
    if line is None:
        raise NotFound(f"There is no signature with number {signature_id}.")
    line.decided, line.review_note = False, ""


def table_lookup(session: Session, given: str, family: str, address: str, postal: str) -> list[VoterCandidate]:
    """While a signer is at the table: voters by the name and street typed so far, best first."""
    if len(family_key(family)) < 2 and not address.strip():
        return []
    return candidates_for(session, signer_keys(given, family, address, postal), prefix=True)
