"""Petitions, their paper sheets, and the signatures on them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from organizer.domain.codes import PetitionKind, RecordKind, SheetStatus, SignatureStatus
from organizer.storage.checks import code_check
from organizer.storage.models.base import Base, Shareable


class Petition(Base, Shareable):
    """An issue petition or a ballot-access petition with its targets."""

    __tablename__ = "petitions"
    record_kind = RecordKind.PETITION.value
    __table_args__ = (code_check("kind", PetitionKind),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(20), default="issue")
    jurisdiction: Mapped[str] = mapped_column(String(200), default="")
    district: Mapped[str] = mapped_column(String(100), default="")
    party: Mapped[str] = mapped_column(String(50), default="")
    required_signatures: Mapped[int] = mapped_column(default=0)
    max_signatures: Mapped[int | None]
    deadline: Mapped[date | None]
    target_buffer: Mapped[float] = mapped_column(Float, default=1.4)
    # The clerk's rules: the signing window opens here; circulator statements must be notarized.
    opens_on: Mapped[date | None]
    notary_required: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class PetitionSheet(Base, Shareable):
    """One paper sheet of a ballot-access petition and its circulator."""

    __tablename__ = "petition_sheets"
    record_kind = RecordKind.PETITION_SHEET.value
    __table_args__ = (UniqueConstraint("petition_id", "sheet_number"), code_check("status", SheetStatus))

    id: Mapped[int] = mapped_column(primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id", ondelete="CASCADE"))
    sheet_number: Mapped[int]
    circulator_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    started_on: Mapped[date | None]
    finished_on: Mapped[date | None]
    circulator_statement_complete: Mapped[bool] = mapped_column(Boolean, default=False)
    notarized: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default="collected")
    notes: Mapped[str] = mapped_column(Text, default="")
    # The county or district the sheet's header names (empty: the petition's); when it was filed.
    district: Mapped[str] = mapped_column(String(100), default="", server_default="")
    filed_on: Mapped[date | None]


class Signature(Base, Shareable):
    """A line on a petition sheet: what was written and what the check found."""

    __tablename__ = "signatures"
    record_kind = RecordKind.SIGNATURE.value
    __table_args__ = (Index("ix_signatures_petition_status", "petition_id", "status"),
                      code_check("status", SignatureStatus))

    id: Mapped[int] = mapped_column(primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id", ondelete="CASCADE"))
    sheet_id: Mapped[int | None] = mapped_column(ForeignKey("petition_sheets.id", ondelete="SET NULL"))
    line: Mapped[int | None]
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    printed_name: Mapped[str] = mapped_column(String(300), default="")
    address_as_written: Mapped[str] = mapped_column(String(400), default="")
    postal_code: Mapped[str] = mapped_column(String(20), default="")
    date_signed: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20), default="unchecked")
    # The voter row's id (not the county's voter-id text, Voter.voter_id).
    voter_row_id: Mapped[int | None] = mapped_column(ForeignKey("voters.id", ondelete="SET NULL"), index=True)
    # The county's voter id a share file gave for this record when this chapter's voter roll lacks that voter
    # (voter_row_id is then empty): kept so the record travels on whole ("" otherwise; not a column of its own
    # in a share file, where it fills the voter_id cell).
    unmatched_voter_id: Mapped[str] = mapped_column(String(50), default="", server_default="")
    match_score: Mapped[float | None] = mapped_column(Float)
    review_note: Mapped[str] = mapped_column(Text, default="")
    checked_at: Mapped[datetime | None]
    given_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    family_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # A short code saying why the line is not valid ("" when valid or unchecked): organizer.domain.petition_rules.
    reason: Mapped[str] = mapped_column(String(40), default="", server_default="")
    # A person decided this line (the status and voter are theirs): a re-check never changes it.
    decided: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # What the line carried beyond the fields above, as typed, by the column it came from: the signer's email,
    # phone and city, the circulator, a date that could not be read, any other column of an imported file.
    as_typed: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default="{}")
