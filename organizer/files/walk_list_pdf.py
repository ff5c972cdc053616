"""A walk list as a PDF, written without Qt (fpdf2): the same layout as the workbook, one run of pages per turf.

A Unicode font of the system is used where one is found (names keep their accents); otherwise
the PDF core font, with letters it lacks written without their accents.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from fpdf import FPDF

from organizer.files.output import TempFile, check_output, staged_bytes
from organizer.files.pdf_common import CORE_FONT, add_text_font
from organizer.files.walk_list_sheet import SheetDoor, SheetTurf, WalkSheets

SUFFIXES = (".pdf",)
ROW = 6.0
BOX = 3.2
_FIXED = {"Door": 9.0, "Address": 46.0, "Name": 42.0, "Party · age": 17.0, "Knocked": 18.0, "Support": 13.0,
          "Short id": 15.0}


def write_walk_list_pdf(path: Path, sheets: WalkSheets, *, force: bool = False,
                        protect: Iterable[Path] = ()) -> None:
    """Write the PDF whole or not at all (an existing file only replaced with ``force``)."""
    stage_walk_list_pdf(path, sheets, force=force, protect=protect).publish(force)


def stage_walk_list_pdf(path: Path, sheets: WalkSheets, *, force: bool = False,
                        protect: Iterable[Path] = ()) -> TempFile:
    """The PDF written whole to a temporary file, to put in place with ``publish`` (or ``discard``)."""
    path = Path(path)
    check_output(path, SUFFIXES, force=force, protect=protect)
    pdf = _WalkPdf(sheets)
    for turf in sheets.turfs:
        pdf.turf_pages(turf)
    if not sheets.turfs:
        pdf.add_page()
        pdf.cell(0, ROW, "No doors: nothing to walk.")
    return staged_bytes(path, bytes(pdf.output()))


class _WalkPdf(FPDF):
    def __init__(self, sheets: WalkSheets) -> None:
        super().__init__(orientation="L", unit="mm", format="Letter")
        self.sheets = sheets
        self.turf: SheetTurf | None = None
        self.set_margins(10, 10, 10)
        self.set_auto_page_break(True, margin=12)
        # The one face: bold headings are drawn larger instead.
        self.family = add_text_font(self, "Walk", bold_face=False)
        self.unicode = self.family != CORE_FONT
        self.set_title(self._text(f"Walk list {sheets.list_id} · {sheets.name}"))
        self.columns = self._columns()
        self.ticks = {short for short, _label in sheets.result_key}
        self.edges = list(itertools.accumulate((w for _name, w in self.columns), initial=self.l_margin))
        self.letter_widths: dict[str, float] = {}
        self.widest = 0.0
        self._table_top = 0.0

    def _columns(self) -> list[tuple[str, float]]:
        names = [c for c in self.sheets.columns() if c not in ("Result", self.sheets.id_header, "Notes")]
        widths = [_FIXED.get(c, 7.5 if len(c) <= 3 else 10.0) for c in names]
        usable = self.w - self.l_margin - self.r_margin
        notes = max(usable - sum(widths), 20.0)
        return [*zip(names, widths, strict=True), ("Notes", notes)]

    def _text(self, value: str) -> str:
        if self.unicode:
            return value
        plain = "".join(ch for ch in unicodedata.normalize("NFKD", value) if not unicodedata.combining(ch))
        plain = plain.replace("·", "-").replace("—", "-").replace("…", "...")
        return plain.encode("latin-1", "replace").decode("latin-1")

    def turf_pages(self, turf: SheetTurf) -> None:
        self.turf = turf
        self.add_page()
        self._turf_header(turf)
        for door in turf.doors:
            self._door(door)
        self._column_lines()

    def header(self) -> None:
        if self.turf is None:
            return
        self.set_font(self.family, "", 8)
        self.cell(0, 4, self._text(self.sheets.title(self.turf)), new_x="LMARGIN", new_y="NEXT")
        if self.page_no() > 1 and self.get_y() < 20 and self._continues():
            self._column_heads()

    def _continues(self) -> bool:
        return getattr(self, "_in_table", False)

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font(self.family, "", 8)
        self.cell(0, 5, self._text(f"List {self.sheets.list_id} · {self.sheets.printed_on:%Y-%m-%d} · "
                                   f"page {self.page_no()} of {{nb}}"), align="C")

    def _turf_header(self, turf: SheetTurf) -> None:
        s = self.sheets
        self._in_table = False
        self.set_font(self.family, "B", 13)
        self.multi_cell(0, 6, self._text(f"{turf.name}   (turf {turf.number} of {len(s.turfs)})"),
                        new_x="LMARGIN", new_y="NEXT")
        self.set_font(self.family, "", 9)
        lines = [f"Doors: {len(turf.doors)}    People: {turf.people}    Date: {s.printed_on:%Y-%m-%d}    "
                 f"Canvasser: {turf.canvasser or '______________________________'}",
                 "Key: " + "  ".join(f"{short} {label}" for short, label in s.result_key)
                 + "    Support: 1 strong yes … 5 strong no"]
        if s.reprint:
            lines.append("Reprint: Knocked shows the result already recorded, and when.")
        if s.criteria:
            lines.append(f"Chosen: {s.criteria}")
        if s.script:
            lines.append(f"Script: {s.script}")
        lines.extend(f"Q{i}: {q}" for i, q in enumerate(s.questions, start=1))
        for line in lines:
            self.multi_cell(0, 4.5, self._text(line), new_x="LMARGIN", new_y="NEXT")
        self.ln(2)
        self._column_heads()
        self._in_table = True
        self._table_top = self.get_y()

    def _column_heads(self) -> None:
        self.set_font(self.family, "B", 8)
        self.set_fill_color(221, 221, 221)
        for name, width in self.columns:
            self.cell(width, ROW, self._text(name), border=1, align="C", fill=True)
        self.ln(ROW)
        self.set_font(self.family, "", 8.5)
        if not self.letter_widths:  # the body font's, for printable ASCII
            self.letter_widths = {chr(c): self.get_string_width(chr(c)) for c in range(32, 127)}
            self.widest = max(self.letter_widths.values())

    def _door(self, door: SheetDoor) -> None:
        if self.get_y() + ROW * len(door.people) > self.page_break_trigger and len(door.people) <= 6:
            self._new_page()  # a household stays on one page
        for i, person in enumerate(door.people):
            first = i == 0
            values = {"Door": str(door.number) if first else "", "Address": door.address if first else "",
                      "Name": person.name, "Party · age": person.details, "Knocked": person.knocked,
                      "Short id": person.short_id}
            self._person_row([values.get(name, "") for name, _width in self.columns], first)

    def _person_row(self, texts: list[str], first: bool) -> None:
        """One line of the table, drawn as cells with borders left, right and below (above too on a door's
        first line) would draw it, in a few plain strokes: cell() costs a hundred times as much."""
        if self.get_y() + ROW > self.page_break_trigger:
            self._new_page()
        y = self.get_y()
        left, right = self.l_margin, self.edges[-1]
        if first:
            self.line(left, y, right, y)
        self.line(left, y + ROW, right, y + ROW)
        baseline = y + 0.5 * ROW + 0.3 * self.font_size
        for (name, width), x, text in zip(self.columns, self.edges, texts, strict=False):
            if name in self.ticks:
                self.rect(x + (width - BOX) / 2, y + (ROW - BOX) / 2, BOX, BOX)
            elif text:
                self.text(x + self.c_margin, baseline, self._fit(self._text(text), width))
        self.set_y(y + ROW)

    def _new_page(self) -> None:
        """A page break inside the table: its column lines drawn down the page, then the next page."""
        self._column_lines()
        self.add_page()
        self._table_top = self.get_y()

    def _column_lines(self) -> None:
        """The table's vertical lines, from its top on this page to the last line drawn."""
        top, bottom = self._table_top, self.get_y()
        if bottom > top:
            for x in self.edges:
                self.line(x, top, x, bottom)

    def _fit(self, text: str, width: float) -> str:
        if text.isascii():  # the common case, measured from a table of the letters' widths
            widths, widest = self.letter_widths, self.widest
            if sum([widths.get(ch, widest) for ch in text]) < width - 2 - 1e-6:
                return text
        if self.get_string_width(text) <= width - 2:
            return text
        mark = "…" if self.unicode else ""  # the PDF core fonts have no ellipsis (measuring one fails)
        while text and self.get_string_width(text + mark) > width - 2:
            text = text[:-1]
        return text + mark
