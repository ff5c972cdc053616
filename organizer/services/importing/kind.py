"""What an import kind declares: its fields and header synonyms, how its rows are prepared, run and undone.

A kind module (see kinds/) builds one `KindSpec` and the registry lists it; the runner, the
command line, the wizard and undo then offer it without knowing it. Kind modules stay light: the
reading child process loads them to prepare rows, so their heavy machinery is imported on use.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from organizer.services.import_rows import Field, KindOption, KindRow, ReportCount, RowIssue

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from organizer.progress import CancelToken, Progress
    from organizer.services.importing.layout import Layout
    from organizer.services.importing.preset import LayoutPreset
    from organizer.services.importing.report import ImportReport
    from organizer.storage.models import ImportBatch

NumberedRows = Iterator[tuple[int, list[str]]]  # every physical row of the sheet, numbered from 1
# (layout, phone region, rows, warn) -> prepared chunks; `warn` takes issues found while preparing in process
Prepare = Callable[["Layout", str, NumberedRows, Callable[[RowIssue], object]], Iterator[Any]]


@dataclass(frozen=True, slots=True)
class RunContext:
    """What a kind's run is given: the open write session, its batch, the layout and the chapter's region."""

    session: Session
    batch_id: int
    layout: Layout
    region: str
    file_name: str
    flags: frozenset[str] = frozenset()  # the kind's own options the user turned on (see KindSpec.options)
    target: str = ""  # the petition or event the rows go into (ImportOptions.target)


# (context, prepared chunks, report, estimated rows, progress, cancel): write the rows, count outcomes in the report
Run = Callable[[RunContext, Iterator[Any], "ImportReport", int, "Progress", "CancelToken"], None]
# (session, batch): reverse the batch's changes (refusing when a later import depends on them) -> counts
Undo = Callable[["Session", "ImportBatch"], dict[str, int]]


@dataclass(frozen=True, slots=True)
class ChunkCodec:
    """How a kind's prepared chunks cross from the reading child process: JSON both ways, never pickle.

    ``from_json`` raises ValueError, TypeError or KeyError on anything ``to_json`` did not make.
    """

    to_json: Callable[[Any], dict[str, Any]]
    from_json: Callable[[dict[str, Any]], Any]


@dataclass(frozen=True, slots=True)
class KindSpec:
    """One kind of file the app imports."""

    name: str  # the command: `organizer import NAME`; stored on each batch
    label: str  # "Voter roll"
    description: str  # what such a file holds, for the wizard: "from the county or state"
    command_help: str  # the command line's help for `organizer import NAME`
    nouns: tuple[str, str]  # ("voter", "voters")
    fields: tuple[Field, ...]
    synonyms: Mapping[str, tuple[str, ...]]  # field -> headers that name it (normalized as headers are)
    identifying: frozenset[str]  # the fields that identify a record
    identity: str  # those in words, after "No column holds …": "the voter id"
    prepare: Prepare
    run: Run
    undo: Undo
    codec: ChunkCodec | None = None  # set: the reading child process prepares the rows (a second core)
    numbered: frozenset[str] = frozenset()  # fields a numbered header still names ("Email 3", "Phone2")
    yes_no_tags: bool = False  # a yes/no column typed by hand becomes a tag
    grouped: bool = False  # "Email 2 status", "Phone 2 type", "Address 2 city" name parts of a person's n-th value
    counts: tuple[ReportCount, ...] = ()  # counts the kind adds to its report
    options: tuple[KindOption, ...] = ()  # yes/no options only this kind has (`--allow-mass-inactive`)
    presets: tuple[LayoutPreset, ...] = ()  # known layouts (`--layout`); with any, a file of no known shape is refused
    touches: frozenset[str] = frozenset()  # the change kinds (organizer.services.changes) its import and undo touch

    def field_keys(self) -> frozenset[str]:
        """The keys a column of this kind may map to."""
        return frozenset(f.key for f in self.fields)

    def is_multi(self, key: str) -> bool:
        """Whether several columns may map to this field."""
        return any(f.key == key and f.multi for f in self.fields)

    def row(self) -> KindRow:
        """The kind as screens see it."""
        return KindRow(self.name, self.label, self.description, self.nouns, self.fields, self.identifying,
                       self.identity, self.command_help, self.counts, self.options,
                       tuple((p.name, p.label) for p in self.presets))
