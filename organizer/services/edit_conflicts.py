"""Edits that cross: a person changed by someone else since a form opened them is never silently overwritten."""

from __future__ import annotations

from organizer.errors import UserError
from organizer.services.people_rows import PersonRow


class EditConflict(UserError):
    """Saving a person someone else changed since you opened them (another window, another user, a command).

    `theirs` is the person as stored now; `your_version` the version you opened, `their_version` theirs.
    """

    def __init__(self, theirs: PersonRow, your_version: int, their_version: int) -> None:
        self.theirs = theirs
        self.your_version = your_version
        self.their_version = their_version
        super().__init__(
            "This person was changed by someone else since you opened them "
            f"(you opened version {your_version}, it is now version {their_version}): "
            "look at their version and make your change again."
        )
