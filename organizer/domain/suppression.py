"""Suppression lists: which channel an address or number must not be contacted on."""

from __future__ import annotations

from organizer.domain.codes import Code


class SuppressionChannel(Code):
    """How someone must not be contacted: by email, by phone call, by text."""

    EMAIL = "email"
    CALL = "call"
    TEXT = "text"


class DeletionOutcome(Code):
    """What became of a deletion another chapter's share file offered."""

    OPEN = "open"
    DELETED = "deleted"
    KEPT = "kept"
