"""The registry of import kinds: every kind of file the app imports, listed once.

To add a kind, write a module under kinds/ that builds a `KindSpec` and add it to `KINDS`; the
command line, the wizard, the runner and undo then offer it. Light: no database or reader code.
"""

from __future__ import annotations

from organizer.errors import UserError
from organizer.services.importing.kind import KindSpec
from organizer.services.importing.kinds import (
    attendance,
    people,
    share,
    signatures,
    suppressions,
    vote_history,
    voters,
    walk_results,
)

KINDS: tuple[KindSpec, ...] = (people.KIND, voters.KIND, attendance.KIND, vote_history.KIND, signatures.KIND,
                               suppressions.KIND)
# Kinds recorded by commands and dialogs of their own (a whole workbook, not one sheet: a share file, a walk
# list's results), never offered as `import NAME`, yet listed and undone like the rest.
OWN_KINDS: tuple[KindSpec, ...] = (share.KIND, walk_results.KIND)

_BY_NAME: dict[str, KindSpec] = {kind.name: kind for kind in (*KINDS, *OWN_KINDS)}
if len(_BY_NAME) != len(KINDS) + len(OWN_KINDS):
    raise RuntimeError("two import kinds share a name")


class UnknownImportKind(UserError):
    """An import kind this version of the app does not know."""


def kind_names() -> tuple[str, ...]:
    """The names of the kinds offered (by `organizer import KIND` and the wizard), in order."""
    return tuple(kind.name for kind in KINDS)


def kind_named(name: str) -> KindSpec:
    """The kind called `name`; raises UnknownImportKind with the kinds there are."""
    kind = _BY_NAME.get(name)
    if kind is None:
        raise UnknownImportKind(f"There is no import of kind {name!r}; the kinds are: {', '.join(kind_names())}.")
    return kind
