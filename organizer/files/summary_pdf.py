"""A one-page PDF of text lines (the chapter summary for a meeting agenda), written without Qt (fpdf2).

Knows no database: the caller gives the lines. A Unicode font of the system is used where one is
found, so names in any script keep their letters; otherwise the PDF's own Helvetica, with letters it
lacks written without their accents. What does not fit on the page ends in "…".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

from organizer.files.pdf_common import PDF_SUFFIXES, add_text_font, drawable, save_pdf

TITLE, HEADING, BODY = 18, 12, 10  # points
MARGIN = 19.0  # mm, on US Letter


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the page: its text, size in points, and whether it is bold."""

    text: str
    size: int = BODY
    bold: bool = False


def summary_pdf(lines: Sequence[Line]) -> FPDF:
    """The lines on one page; long ones wrap, and what does not fit ends in "…"."""
    pdf = FPDF(orientation="P", unit="mm", format="Letter")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(False)
    family = add_text_font(pdf, "SummarySans")
    pdf.add_page()
    bottom = pdf.h - MARGIN
    for line in lines:
        pdf.set_font(family, "B" if line.bold else "", line.size)
        height = line.size * 0.5
        text = drawable(line.text, family) or " "
        rows = pdf.multi_cell(0, height, text, dry_run=True, output="LINES")
        if pdf.get_y() + height * len(rows if isinstance(rows, list) else [text]) > bottom:
            pdf.set_font(family, "", BODY)
            pdf.cell(0, BODY * 0.5, "…" if family != "Helvetica" else "...")
            break
        pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT")
    return pdf


def write_summary_pdf(path: Path, lines: Sequence[Line], *, force: bool = False,
                      protect: Iterable[Path] = ()) -> None:
    """Write the page whole or not at all (never over a database; an existing file only with ``force``)."""
    save_pdf(summary_pdf(lines), path, force=force, protect=protect)


__all__ = ["BODY", "HEADING", "PDF_SUFFIXES", "TITLE", "Line", "summary_pdf", "write_summary_pdf"]
