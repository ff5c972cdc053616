"""Errors a chapter lead can act on, kept apart from bugs."""


class UserError(Exception):
    """Something the user or the environment did; str(exc) is one plain line saying what to do."""


class DatabaseProblem(UserError):
    """The database cannot be opened or used (missing, locked, read-only, not ours, too new)."""


class NotFound(UserError):
    """A record the user named does not exist."""


class ValidationFailed(UserError):
    """A form or command had invalid values; `problems` maps each field to a plain reason."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = dict(problems)
        first = next(iter(self.problems.items()), ("", "invalid value"))
        super().__init__(f"{first[0]}: {first[1]}" if first[0] else first[1])
