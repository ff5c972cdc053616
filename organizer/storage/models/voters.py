"""The voter roll, contact attempts, and walk lists cut from them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from organizer.domain.codes import ContactChannel, RecordKind, VoterStatus, WalkListSource
from organizer.storage.checks import code_check
from organizer.storage.models.base import Base, Shareable


class Voter(Base):
    """One row of the county or state voter file: reference data, replaced on refresh."""

    __tablename__ = "voters"
    __table_args__ = (
        Index("ix_voters_walk", "precinct", "street_name", "street_number_value"),
        # The Voters list scans this alone (name order, search text and filters in one index).
        Index("ix_voters_search", "search_key", "party", "status", "precinct"),
        # Petition signers are looked up by house number (and ZIP) when their name is misspelt.
        Index("ix_voters_number", "street_number_value", "postal_code"),
        code_check("status", VoterStatus),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    voter_id: Mapped[str] = mapped_column(String(50), unique=True)
    given_name: Mapped[str] = mapped_column(String(200), default="")
    family_name: Mapped[str] = mapped_column(String(200), default="")
    additional_name: Mapped[str] = mapped_column(String(200), default="")
    suffix: Mapped[str] = mapped_column(String(20), default="")
    street_address: Mapped[str] = mapped_column(String(300), default="")
    street_number: Mapped[str] = mapped_column(String(20), default="")
    street_number_value: Mapped[int | None]
    street_name: Mapped[str] = mapped_column(String(200), default="")
    unit: Mapped[str] = mapped_column(String(50), default="")
    street_key: Mapped[str] = mapped_column(String(300), default="")
    locality: Mapped[str] = mapped_column(String(200), default="")
    region: Mapped[str] = mapped_column(String(50), default="")
    postal_code: Mapped[str] = mapped_column(String(20), default="")
    precinct: Mapped[str] = mapped_column(String(50), default="")
    ward: Mapped[str] = mapped_column(String(50), default="")
    district: Mapped[str] = mapped_column(String(100), default="")
    party: Mapped[str] = mapped_column(String(50), default="")
    status: Mapped[str] = mapped_column(String(20), default="active")
    birth_year: Mapped[int | None]
    phone: Mapped[str] = mapped_column(String(32), default="")
    name_key: Mapped[str] = mapped_column(String(400), default="", index=True)
    family_key: Mapped[str] = mapped_column(String(200), default="", index=True)
    search_key: Mapped[str] = mapped_column(String(600), default="")  # organizer.domain.voter_search
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    import_batch_id: Mapped[int | None]  # no foreign key: see HasProvenance
    last_seen_batch_id: Mapped[int | None]


class ContactAttempt(Base, Shareable):
    """One knock, call or text and what came of it."""

    __tablename__ = "contact_attempts"
    record_kind = RecordKind.CONTACT_ATTEMPT.value
    __table_args__ = (code_check("channel", ContactChannel),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    # The voter row's id (not the county's voter-id text, Voter.voter_id).
    voter_row_id: Mapped[int | None] = mapped_column(ForeignKey("voters.id", ondelete="SET NULL"), index=True)
    # The county's voter id a share file gave for this record when this chapter's voter roll lacks that voter
    # (voter_row_id is then empty): kept so the record travels on whole ("" otherwise; not a column of its own
    # in a share file, where it fills the voter_id cell).
    unmatched_voter_id: Mapped[str] = mapped_column(String(50), default="", server_default="")
    attempted_at: Mapped[datetime]
    channel: Mapped[str] = mapped_column(String(10), default="door")
    result_code: Mapped[str] = mapped_column(String(30), default="")
    support_level: Mapped[int | None]
    survey_answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    canvasser_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    walk_list_id: Mapped[int | None] = mapped_column(ForeignKey("walk_lists.id", ondelete="SET NULL"))
    notes: Mapped[str] = mapped_column(Text, default="")


class WalkList(Base, Shareable):
    """A printed set of turfs cut for a canvass."""

    __tablename__ = "walk_lists"
    record_kind = RecordKind.WALK_LIST.value
    __table_args__ = (code_check("source", WalkListSource),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(20), default=WalkListSource.VOTERS.value)
    criteria: Mapped[dict[str, Any]] = mapped_column(default=dict)
    script: Mapped[str] = mapped_column(Text, default="")
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))


class Turf(Base, Shareable):
    """One part of a walk list, handed to one canvasser ("04-03 part 2 of 5")."""

    __tablename__ = "turfs"
    record_kind = RecordKind.TURF.value

    id: Mapped[int] = mapped_column(primary_key=True)
    walk_list_id: Mapped[int] = mapped_column(ForeignKey("walk_lists.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    part: Mapped[int] = mapped_column(default=1)
    parts: Mapped[int] = mapped_column(default=1)
    doors: Mapped[int] = mapped_column(default=0)
    people: Mapped[int] = mapped_column(default=0)
    canvasser_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)


class WalkListEntry(Base):
    """One person at one door on a turf, in walking order, with a short id for keying back."""

    __tablename__ = "walk_list_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    turf_id: Mapped[int] = mapped_column(ForeignKey("turfs.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    door: Mapped[int]
    short_code: Mapped[str] = mapped_column(String(20), index=True)
    # The voter row's id (not the county's voter-id text, Voter.voter_id).
    voter_row_id: Mapped[int | None] = mapped_column(ForeignKey("voters.id", ondelete="SET NULL"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
