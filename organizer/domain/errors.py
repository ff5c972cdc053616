"""Errors raised by the pure domain rules."""

from organizer.errors import UserError


class InvalidValue(UserError, ValueError):
    """A value that fails validation; str(exc) is a plain reason for a chapter lead.

    Still a ValueError, so code that treats it as one keeps working.
    """
