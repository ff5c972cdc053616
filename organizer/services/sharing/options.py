"""What a user chose to share, and the share workbook's format constants."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

FORMAT_NAME = "Chapter Organizer share"
FORMAT_VERSION = 1
ABOUT = "About"
ALIASES = "person_aliases"  # merged people's old uuids: (uuid, person_uuid)
DELETIONS = "deletions"  # tombstones: (uuid, kind, deleted_at)
ALIAS_HEADERS = ("uuid", "person_uuid")
DELETION_HEADERS = ("uuid", "kind", "deleted_at")


@dataclass(frozen=True, slots=True)
class ShareChoice:
    """Which records go into a share workbook, and what is left out of them.

    ``sections`` empty means every section. ``tags`` and ``lists`` narrow the people (those with any
    of the tags, or on any of the lists); what hangs off a person goes only with that person.
    """

    sections: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    lists: tuple[str, ...] = ()
    no_contact_details: bool = False  # no emails, phones or addresses (nor addresses written on signatures)
    no_notes: bool = False  # notes and comments left empty
    no_custom_fields: bool = False
    no_do_not_contact: bool = False  # leave out people flagged do-not-contact (for outreach)

    @property
    def narrows_people(self) -> bool:
        """Whether only some people go."""
        return bool(self.tags or self.lists or self.no_do_not_contact)

    def described(self) -> str:
        """What was chosen, in words, for the About sheet."""
        parts = [f"sections: {', '.join(self.sections) or 'all'}"]
        if self.tags:
            parts.append(f"people tagged: {', '.join(self.tags)}")
        if self.lists:
            parts.append(f"people on the lists: {', '.join(self.lists)}")
        left_out = [name for name, on in (("contact details", self.no_contact_details), ("notes", self.no_notes),
                                          ("custom fields", self.no_custom_fields),
                                          ("people not to be contacted", self.no_do_not_contact)) if on]
        if left_out:
            parts.append(f"left out: {', '.join(left_out)}")
        return "; ".join(parts)


@dataclass(frozen=True, slots=True)
class ShareRequest:
    """Where to write, what to share, and how."""

    path: Path
    choice: ShareChoice = field(default_factory=ShareChoice)
    password: str | None = field(default=None, repr=False)
    summary_only: bool = False  # counts only, no personal data: for reporting up
    force: bool = False


@dataclass(frozen=True, slots=True)
class ShareExportResult:
    """What a share export wrote: rows per sheet."""

    path: Path
    sheets: dict[str, int]
    encrypted: bool
    summary_only: bool = False

    def to_json(self) -> dict[str, object]:
        """The shape `export share --json` prints."""
        return {"file": str(self.path), "sheets": dict(self.sheets), "rows": sum(self.sheets.values()),
                "encrypted": self.encrypted, "summary_only": self.summary_only}
