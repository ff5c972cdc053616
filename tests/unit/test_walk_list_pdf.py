"""The walk-list PDF: every person line drawn, pages broken with the column heads repeated, any font."""

from __future__ import annotations

import re
import zlib
from datetime import date
from pathlib import Path

import pytest

from organizer.files import pdf_common
from organizer.files.walk_list_pdf import write_walk_list_pdf
from organizer.files.walk_list_sheet import SheetDoor, SheetPerson, SheetTurf, WalkSheets


def _sheets(doors: int) -> WalkSheets:
    turf = SheetTurf(1, "04-03 · part 1 of 2", tuple(
        SheetDoor(n, f"{n} N MAIN ST" if n % 7 else "Lot 5 Shady Acres Mobile Home Park Road, far end " * 3,
                  tuple(SheetPerson(f"3-{n}{i}", f"V{n}{i}", "Núñez, Zoë" if i else "SILVA, ANA", "DEM · 40")
                        for i in range(1 + n % 3)))
        for n in range(1, doors + 1)))
    return WalkSheets(3, "Spring", date(2026, 5, 1), "Voter ID", (turf,), (("C", "Canvassed"), ("NH", "Not home")),
                      script="Hi", questions=("Sign?",))


def _pages(path: Path) -> list[bytes]:
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S)
    pages = []
    for raw in streams:
        try:
            pages.append(zlib.decompress(raw))
        except zlib.error:
            continue
    return [p for p in pages if b" re" in p]  # the pages' content: their tick boxes


@pytest.mark.parametrize("font", ["system", "core"])
def test_every_line_is_drawn_across_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, font: str) -> None:
    if font == "core":
        monkeypatch.setattr(pdf_common, "FONT_FILES", (("/nonexistent/font.ttf", ""),))
    path = tmp_path / "walk.pdf"
    sheets = _sheets(80)
    write_walk_list_pdf(path, sheets)
    pages = _pages(path)
    assert len(pages) >= 3
    boxes = sum(p.count(b" re S") + p.count(b" re\nS") for p in pages)
    lines = sum(len(d.people) for d in sheets.turfs[0].doors)
    assert boxes >= lines * len(sheets.result_key)  # two tick boxes on every person line
