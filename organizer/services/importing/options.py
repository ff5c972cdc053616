"""Choices for reading and importing a file (light: no reader or cleaning code loaded)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class SourceOptions:
    """How to read the file: which sheet, (for text files) encoding and delimiter, and the
    password of a password-protected workbook (never shown in repr or logs)."""

    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    password: str | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """Choices for one import; the defaults are what a chapter lead gets without asking."""

    source: SourceOptions = field(default_factory=SourceOptions)
    header_row: int | None = None
    overrides: dict[str, str] = field(default_factory=dict)
    dry_run: bool = False
    flags: frozenset[str] = frozenset()  # the kind's own options turned on, by key (KindOption.key)
    target: str = ""  # the petition or event the rows go into, for a kind that imports into one
    layout: str | None = None  # a known layout picked by hand (LayoutPreset.name); None: recognised
    wait_s: float = 300.0  # how long to wait for another import into the chapter to finish (0: give up at once)
