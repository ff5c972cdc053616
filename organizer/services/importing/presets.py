"""Reading a file as a known layout: recognised by its headers or by its shape, or picked by hand.

A kind with presets (voter files) refuses a file it cannot read safely: no header row it recognises
and a shape no headerless layout has. It asks for the layout or a mapping by column letter instead of
guessing which column holds what.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from organizer.errors import UserError
from organizer.services.import_rows import column_letter
from organizer.services.importing.cleaning import Column
from organizer.services.importing.fields import CUSTOM
from organizer.services.importing.headers import field_for_header
from organizer.services.importing.kind import KindSpec
from organizer.services.importing.layout import Layout, apply_overrides
from organizer.services.importing.options import ImportOptions
from organizer.services.importing.preset import Columns, LayoutPreset

SAMPLE_ROWS = 20
HEADER_SCAN = 30


class NeedsMapping(UserError):
    """A file with no header row the app recognises and a shape no known layout has."""


def preset_named(spec: KindSpec, name: str) -> LayoutPreset:
    """The kind's layout called `name`; a plain error lists the layouts there are."""
    for preset in spec.presets:
        if preset.name == name:
            return preset
    names = ", ".join(p.name for p in spec.presets) or "none"
    raise UserError(f"There is no {spec.nouns[0]} file layout called {name!r}; the layouts are: {names}.")


def headerless_layout(spec: KindSpec, head: Sequence[Sequence[str]], options: ImportOptions) -> Layout | None:
    """The layout of a file without a header row, or None when the file's header row is to be used.

    Raises NeedsMapping for a file of a kind with presets that has neither a recognised header nor a known shape
    (and no mapping by column letter), and UserError for a picked layout the file does not fit.
    """
    chosen = preset_named(spec, options.layout) if options.layout else None
    if (chosen is not None and not chosen.headerless) or options.header_row not in (None, 0):
        return None
    if chosen is None and options.header_row is None and not spec.presets:
        return None
    rows = _sample(head)
    width = Counter(len(r) for r in rows).most_common(1)[0][0] if rows else 0
    if chosen is not None:
        columns = chosen.by_width.get(width)
        if columns is None:
            raise UserError(f"This file has {width} columns, but the {chosen.label} has {chosen.widths()}: "
                            "check that it is that file, or leave out --layout.")
        return _positional(spec, columns, chosen.label, options)
    if options.header_row is None and has_header(spec, head):
        return None
    for preset in spec.presets:
        if preset.headerless and preset.fits(rows):
            return _positional(spec, preset.by_width[width], preset.label, options)
    if options.header_row is None:
        if options.overrides and not _by_letter(options.overrides):
            return None  # columns named by the first row's values: that row is the header
        if not options.overrides:
            raise NeedsMapping(_ask(spec, width))
    generic = tuple((f"Column {column_letter(i)}", CUSTOM) for i in range(width))
    return _positional(spec, generic, "", options)


def header_preset(spec: KindSpec, headers: Sequence[str], name: str | None) -> LayoutPreset | None:
    """The headered layout picked by hand, or the one whose headers these are."""
    if name:
        preset = preset_named(spec, name)
        if not preset.fields_for(headers):
            raise UserError(f"None of this file's headers are those of the {preset.label}: check that it is that "
                            "file, or leave out --layout.")
        return preset
    return next((p for p in spec.presets if p.recognises(headers)), None)


def has_header(spec: KindSpec, head: Sequence[Sequence[str]]) -> bool:
    """Whether one of the first rows names at least two of the kind's fields."""
    for row in head[:HEADER_SCAN]:
        if sum(1 for cell in row if cell.strip() and field_for_header(spec.name, cell)) >= 2:
            return True
    return False


def _sample(head: Sequence[Sequence[str]]) -> list[Sequence[str]]:
    return [row for row in head if any(c.strip() for c in row)][:SAMPLE_ROWS]


def _by_letter(overrides: dict[str, str]) -> bool:
    return all(h.strip().casefold().startswith("column ") for h in overrides)


def _positional(spec: KindSpec, columns: Columns, label: str, options: ImportOptions) -> Layout:
    headers = [header for header, _ in columns]
    fields = [key for _, key in columns]
    if options.overrides:
        apply_overrides(spec.name, headers, fields, options.overrides)
    return Layout(0, headers, [Column(i, h, f) for i, (h, f) in enumerate(zip(headers, fields, strict=True))], label)


def _ask(spec: KindSpec, width: int) -> str:
    known = "; ".join(f"{p.name}: {p.widths()}" for p in spec.presets if p.headerless)
    layouts = "|".join(p.name for p in spec.presets if p.headerless)
    return (f"This file has no header row the app recognises, and its {width} columns match no {spec.nouns[0]} file "
            f"layout it knows without one ({known} columns): if it is one of those, give --layout {layouts}; "
            "otherwise map its columns by letter, e.g. --map \"Column A=voter_id\" --map \"Column B=family_name\" "
            "(or give --header-row N if row N holds its headers).")
