"""Table models of the Petitions section: rows the petition service returned, never the database."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from organizer.domain.petition_rules import reason_text
from organizer.services.petitions import PetitionRow, SheetRow, SignatureRow, VoterCandidate
from ui.shared.rows_model import RowsModel

ModelIndex = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class _Table(RowsModel[Any]):
    headers: tuple[str, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.column_count = len(self.headers)

    def cells(self, row: Any) -> tuple[Any, ...]:
        raise NotImplementedError

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_for(index)
        if row is None:
            return None
        value = self.cells(row)[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value or "")
        if role == SORT_ROLE:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return None


class PetitionsModel(_Table):
    """Petitions with raw and valid counts against the requirement."""

    headers = ("Petition", "Kind", "Raw", "Valid", "Required", "Deadline")

    def cells(self, row: PetitionRow) -> tuple[Any, ...]:
        kind = "Ballot access" if row.kind == "ballot_access" else "Issue"
        return (row.title, kind, row.raw, row.valid, row.required, row.deadline.isoformat() if row.deadline else "")


class SheetsModel(_Table):
    """Sheets, circulators, status and what puts their lines at risk."""

    headers = ("Sheet", "Circulator", "Status", "Lines", "Valid", "Statement", "At risk because")

    def cells(self, row: SheetRow) -> tuple[Any, ...]:
        statement = ("complete" if row.statement_complete else "incomplete") + (", notarized" if row.notarized else "")
        return (row.number, row.circulator or "—", row.status, row.lines, row.valid, statement,
                "; ".join(reason_text(p) for p in row.problems))


class SignaturesModel(_Table):
    """Lines with what the check found, the reason in words, and what the line kept as typed."""

    headers = ("Sheet", "Line", "Printed name", "Address", "Status", "Reason", "Voter id", "Kept as typed")

    def cells(self, row: SignatureRow) -> tuple[Any, ...]:
        status = row.status.replace("_", " ") + (" (at risk)" if row.at_risk else "") + (" ✓" if row.decided else "")
        return (row.sheet or "", row.line or "", row.printed_name, row.address, status, reason_text(row.reason),
                row.voter_id or "", kept_text(row.as_typed))


def kept_text(as_typed: Mapping[str, object]) -> str:
    """What an imported line kept with no field of its own, on one line: "Email: ana@example.org · City: Cary"."""
    # Spaces that do not break keep a header with its value and a dot at the end of a wrapped line.
    return "\N{NO-BREAK SPACE}· ".join(f"{header}:\N{NO-BREAK SPACE}{value}" for header, value in as_typed.items())


class CandidatesModel(_Table):
    """Voters side by side: who may this signer be?"""

    headers = ("Registered name", "Address", "ZIP", "Status", "Party", "Voter id", "Fit")

    def cells(self, row: VoterCandidate) -> tuple[Any, ...]:
        return (row.name, row.address, row.postal_code, row.status, row.party, row.voter_id, row.score)
