"""Chapter settings, import batches with their row changes, and the review queues."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from organizer.domain.codes import DuplicateStatus, RecordKind
from organizer.storage.checks import code_check
from organizer.storage.models.base import Base, utcnow


class Setting(Base):
    """A chapter preference the core needs (name, default phone region...)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class ImportBatch(Base):
    """One imported file: what it was, what it did, and whether it was undone."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    file_name: Mapped[str] = mapped_column(String(500))
    file_hash: Mapped[str] = mapped_column(String(64), index=True)
    sheet: Mapped[str] = mapped_column(String(200), default="")
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    rows: Mapped[int] = mapped_column(default=0)
    created: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)
    rejected: Mapped[int] = mapped_column(default=0)
    mapping: Mapped[dict[str, Any]] = mapped_column(default=dict)
    report: Mapped[dict[str, Any]] = mapped_column(default=dict)
    undone_at: Mapped[datetime | None]


class ImportChange(Base):
    """Which row of a batch created or changed which record, with what it replaced."""

    __tablename__ = "import_changes"
    __table_args__ = (Index("ix_import_changes_batch_entity", "batch_id", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int]  # an import batch (no foreign key: see HasProvenance)
    row: Mapped[int]
    entity: Mapped[str] = mapped_column(String(30))  # person | voter | attendance | signature ...
    entity_id: Mapped[int]
    action: Mapped[str] = mapped_column(String(20))  # created | updated
    before: Mapped[dict[str, Any]] = mapped_column(default=dict)


class MergeConflict(Base):
    """A value an import could not place without overwriting: kept here for review."""

    __tablename__ = "merge_conflicts"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(100))
    existing_value: Mapped[str] = mapped_column(Text, default="")
    incoming_value: Mapped[str] = mapped_column(Text, default="")
    batch_id: Mapped[int | None] = mapped_column(index=True)  # an import batch
    row: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]


class PossibleDuplicate(Base):
    """Two people who look alike (same name, similar spelling) for a person to review."""

    __tablename__ = "possible_duplicates"
    __table_args__ = (code_check("status", DuplicateStatus),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    other_person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(200), default="")
    score: Mapped[float] = mapped_column(default=0.0)
    batch_id: Mapped[int | None] = mapped_column(index=True)  # an import batch
    status: Mapped[str] = mapped_column(String(20), default=DuplicateStatus.OPEN.value)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ColumnMapping(Base):
    """A remembered header-to-field mapping for files with the same headers."""

    __tablename__ = "column_mappings"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    headers_key: Mapped[str] = mapped_column(String(64), unique=True)
    mapping: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Tombstone(Base):
    """A deleted shareable record: its uuid, kind and when, so a later share file can carry the deletion."""

    __tablename__ = "tombstones"
    __table_args__ = (code_check("kind", RecordKind),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    deleted_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
