"""What every PDF the core writes shares (fpdf2, no Qt): a Unicode font when the system has one, text the
chosen font can draw, and saving the document whole or not at all."""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from fpdf import FPDF

from organizer.files.output import check_target, write_bytes

PDF_SUFFIXES = (".pdf",)
CORE_FONT = "Helvetica"
# Regular and bold faces, most compact first; the first pair found is used.
FONT_FILES = (
    ("/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf",
     "/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf"),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
     "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
    ("/Library/Fonts/Arial Unicode.ttf", ""),
    ("/System/Library/Fonts/Supplemental/Arial Unicode.ttf", ""),
    ("C:/Windows/Fonts/arial.ttf", "C:/Windows/Fonts/arialbd.ttf"),
)
logging.getLogger("fontTools").setLevel(logging.WARNING)  # its font subsetting chatters at INFO


def add_text_font(pdf: FPDF, family: str, *, bold_face: bool = True) -> str:
    """Register a Unicode font (regular and bold) as ``family`` and return it; else the PDF's own Helvetica.
    Without ``bold_face`` the regular face serves for bold too (a layout that draws headings larger)."""
    for regular, bold in FONT_FILES:
        if not Path(regular).is_file():
            continue
        try:
            pdf.add_font(family, "", regular)
            pdf.add_font(family, "B", bold if bold_face and bold and Path(bold).is_file() else regular)
        except (OSError, RuntimeError, ValueError):
            continue
        return family
    return CORE_FONT


def drawable(text: str, family: str) -> str:
    """``text`` without control characters, in letters the font can draw (Helvetica: Latin-1, accents
    dropped from the letters it lacks, "?" for the rest)."""
    clean = "".join(ch if ch.isprintable() else " " for ch in text)
    if family != CORE_FONT:
        return clean
    out = []
    for ch in clean:
        try:
            ch.encode("latin-1")
            out.append(ch)
        except UnicodeEncodeError:
            bare = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1")
            out.append(bare or "?")
    return "".join(out)


def save_pdf(pdf: FPDF, path: Path, *, force: bool = False, protect: Iterable[Path] = ()) -> None:
    """Write the document whole or not at all (never over a database; an existing file only with ``force``)."""
    path = Path(path)
    check_target(path, PDF_SUFFIXES, force=force, protect=protect)
    write_bytes(path, bytes(pdf.output()), force=force)


__all__ = ["CORE_FONT", "PDF_SUFFIXES", "add_text_font", "drawable", "save_pdf"]
