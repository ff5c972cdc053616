"""The printable sign-in sheet (PDF) for when the laptop at the door dies: expected people, then blank lines.

Written without Qt (fpdf2). Knows no database: the caller gives the lines. Pre-filled lines carry a
name and a box to tick, never anyone's email or phone (the sheet lies on a table for all to read);
blank lines take a walk-in's name, email or phone, ZIP and whether they want to volunteer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

from organizer.files.output import check_output
from organizer.files.pdf_common import PDF_SUFFIXES, add_text_font, drawable, save_pdf

# Columns: (heading, width in mm) on a US Letter page, portrait, 12 mm margins: 191.9 mm of room.
COLUMNS = (("No.", 11.0), ("Name", 58.0), ("Email or phone", 62.0), ("ZIP", 19.0), ("Volunteer?", 21.0),
           ("Here", 20.9))
ROW_HEIGHT = 9.0


@dataclass(frozen=True, slots=True)
class SigninSheet:
    """What the sheet says: the event, the expected people's names in order, how many blank lines."""

    chapter: str
    title: str
    when: str  # "Tuesday 9 March 2027, 7:00 pm (America/New_York)"
    place: str
    names: Sequence[str]
    blank_lines: int = 20
    note: str = ""  # how to key it back in


def write_signin_sheet(path: Path, sheet: SigninSheet, *, force: bool = False, protect: Iterable[Path] = ()) -> int:
    """Write the sheet as a PDF (whole or not at all, never over a database); returns its page count."""
    path = Path(path)
    check_output(path, PDF_SUFFIXES, force=force, protect=protect)
    pdf = _render(sheet)
    save_pdf(pdf, path, force=force, protect=protect)
    return int(pdf.pages_count)


def _render(sheet: SigninSheet) -> _SheetPdf:
    pdf = _SheetPdf(sheet)
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(True, margin=14)
    pdf.alias_nb_pages()
    pdf.font_name = add_text_font(pdf, "SheetSans")
    pdf.add_page()
    for number, name in enumerate(sheet.names, start=1):
        pdf.line_row(number, name)
    for offset in range(sheet.blank_lines):
        pdf.line_row(len(sheet.names) + offset + 1, "")
    if sheet.note:
        pdf.ln(4)
        pdf.set_font(pdf.font_name, size=8)
        pdf.multi_cell(0, 4, pdf.safe(sheet.note))
    return pdf


class _SheetPdf(FPDF):
    """A page with the event's heading and the table's header row on every page, numbered."""

    font_name = "Helvetica"

    def __init__(self, sheet: SigninSheet) -> None:
        super().__init__(orientation="P", unit="mm", format="Letter")
        self.sheet = sheet

    def safe(self, value: str) -> str:
        """Text the chosen font can draw, without control characters."""
        return drawable(value, self.font_name)

    def header(self) -> None:
        s = self.sheet
        self.set_font(self.font_name, size=15)
        self.cell(0, 8, self.safe(f"Sign-in: {s.title}"), new_x="LMARGIN", new_y="NEXT")
        self.set_font(self.font_name, size=10)
        details = " · ".join(p for p in (s.when, s.place) if p)
        self.cell(0, 5, self.safe(details), new_x="LMARGIN", new_y="NEXT")
        self.cell(0, 5, self.safe(f"{s.chapter} — please print clearly; tick Here if your name is listed, "
                                  "or write yours on a blank line"), new_x="LMARGIN", new_y="NEXT")
        self.ln(2)
        self.set_font(self.font_name, size=9)
        self.set_fill_color(225, 225, 225)
        for heading, width in COLUMNS:
            self.cell(width, 7, heading, border=1, fill=True)
        self.ln(7)

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font(self.font_name, size=8)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="C")

    def line_row(self, number: int, name: str) -> None:
        """One line: its number, the expected person's name (or blank), and boxes to fill."""
        if self.will_page_break(ROW_HEIGHT):
            self.add_page()
        self.set_font(self.font_name, size=11)
        cells = (str(number), self.safe(name)[:40], "", "", "", "")
        for (_heading, width), value in zip(COLUMNS, cells, strict=True):
            self.cell(width, ROW_HEIGHT, value, border=1)
        self.ln(ROW_HEIGHT)


__all__ = ["PDF_SUFFIXES", "SigninSheet", "write_signin_sheet"]
