"""Errors raised by the pure domain rules."""


class InvalidValue(ValueError):
    """A value that fails validation; str(exc) is a plain reason for a chapter lead."""
