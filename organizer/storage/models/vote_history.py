"""Vote history read from a separate file (North Carolina's ncvhis): one row per voter per election."""

from __future__ import annotations

from datetime import date

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from organizer.domain.vote_history import ElectionKind
from organizer.storage.checks import code_check
from organizer.storage.models.base import Base


class VoteRecord(Base):
    """A voter voted in an election; keyed by the voter file's id (``ncid``), so it may arrive before the roll.

    Histories kept inside the roll itself (Ohio's per-election columns, New York's VOTERHISTORY)
    stay with the voter's row and are read from there.
    """

    __tablename__ = "vote_history"
    __table_args__ = (
        UniqueConstraint("voter_key", "held_on", "kind"),
        code_check("kind", ElectionKind),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    voter_key: Mapped[str] = mapped_column(String(50))
    county_key: Mapped[str] = mapped_column(String(50), default="", index=True)  # NC's voter_reg_num
    held_on: Mapped[date]
    kind: Mapped[str] = mapped_column(String(20))
    mark: Mapped[str] = mapped_column(String(20), default="")  # the party voted, or "X"
    method: Mapped[str] = mapped_column(String(50), default="")
    import_batch_id: Mapped[int | None] = mapped_column(index=True)  # no foreign key: see HasProvenance
