"""A walk list as a print-ready workbook: one sheet per turf, landscape, header rows on every page, fit to width."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from organizer.files.fastxlsx import HEAD, PAGE, PAGES, TITLE, PageSetup, PrintSheet, Styled, write_xlsx
from organizer.files.output import TempFile, check_output, write_problem
from organizer.files.walk_list_sheet import (
    ADDRESS,
    DETAILS,
    DOOR,
    KNOCKED,
    NAME,
    NOTES,
    RESULT,
    SHORT_ID,
    SUPPORT,
    SheetTurf,
    WalkSheets,
)
from organizer.files.writing import sheet_names

SUFFIXES = (".xlsx",)
_WIDTHS = {KNOCKED: 11, DOOR: 5, ADDRESS: 26, NAME: 24, DETAILS: 10, RESULT: 9, SUPPORT: 8, NOTES: 30, SHORT_ID: 9}


def write_walk_list_xlsx(path: Path, sheets: WalkSheets, *, force: bool = False,
                         protect: Iterable[Path] = ()) -> None:
    """Write the workbook whole or not at all (an existing file only replaced with ``force``)."""
    stage_walk_list_xlsx(path, sheets, force=force, protect=protect).publish(force)


def stage_walk_list_xlsx(path: Path, sheets: WalkSheets, *, force: bool = False,
                         protect: Iterable[Path] = ()) -> TempFile:
    """The workbook written whole to a temporary file, to put in place with ``publish`` (or ``discard``)."""
    path = Path(path)
    check_output(path, SUFFIXES, force=force, protect=protect)
    names = sheet_names([f"{t.number} {t.name.replace(' · part ', ' p').replace(' of ', '-')}"
                         for t in sheets.turfs] or ["Empty"])
    pages = [turf_sheet(name, sheets, turf) for name, turf in zip(names, sheets.turfs, strict=False)]
    if not sheets.turfs:
        pages.append(PrintSheet(names[0], [["No doors: nothing to walk."]]))
    temp = TempFile.create(path)
    try:
        write_xlsx(temp.file, pages)
    except BaseException as exc:
        temp.discard()
        if isinstance(exc, OSError):
            raise write_problem(path, exc) from exc
        raise
    temp.finish()
    return temp


def turf_sheet(name: str, sheets: WalkSheets, turf: SheetTurf) -> PrintSheet:
    """One turf's sheet: the header block, the column heads (repeated on every printed page), a line per person."""
    head = header_block(sheets, turf)
    head_row = len(head) + 1
    columns = sheets.columns()
    page = PageSetup(landscape=True, fit_to_width=True, grid_lines=True,  # grid lines: the lines to write in
                     title_rows=(head_row, head_row), header=("", "", turf.name),
                     footer=(f"List {sheets.list_id} · turf {turf.number}", f"Page {PAGE} of {PAGES}", ""))
    widths = [_WIDTHS.get(title, 5 if len(title) <= 3 else 12) for title in columns]
    rows = _rows(head, [Styled(title, HEAD) for title in columns], sheets, turf)
    return PrintSheet(name, rows, widths, page, frozen_rows=head_row)


def header_block(sheets: WalkSheets, turf: SheetTurf) -> list[list[str | Styled]]:
    """The rows above the column heads: title, counts and canvasser, result key, script and questions, a gap."""
    s = sheets
    key = "    ".join(f"{short} = {label}" for short, label in s.result_key)
    lines: list[list[str | Styled]] = [
        [Styled(s.title(turf), TITLE)],
        [f"Doors: {len(turf.doors)}    People: {turf.people}    Date: {s.printed_on:%Y-%m-%d}    "
         f"Canvasser: {turf.canvasser or '______________________'}"],
        [f"Result key: {key}    Support: 1 strong yes … 5 strong no"]]
    if s.reprint:
        lines.append(["Reprint: the Knocked column shows the result already recorded, and when."])
    if s.criteria:
        lines.append([f"Chosen: {s.criteria}"])
    if s.script:
        lines.append([f"Script: {s.script}"])
    lines.extend([f"Q{number}: {question}"] for number, question in enumerate(s.questions, start=1))
    lines.append([])
    return lines


def _rows(head: list[list[str | Styled]], columns: list[Styled], sheets: WalkSheets,
          turf: SheetTurf) -> Iterator[Sequence[str | Styled]]:
    yield from head
    yield list(columns)
    values = sheets.values
    for door in turf.doors:
        first = True
        for person in door.people:
            yield values(door, person, first, "")  # tick boxes: the printed grid's empty cells
            first = False
