"""The one-page summary PDF: names keep their letters, overflow ends in "…", the file is written whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF

from organizer.errors import UserError
from organizer.files import pdf_common
from organizer.files.pdf_common import CORE_FONT, add_text_font, drawable
from organizer.files.summary_pdf import TITLE, Line, summary_pdf, write_summary_pdf
from tests.pdf_words import pdf_pages, pdf_words


def test_names_in_any_script_keep_their_letters(tmp_path: Path) -> None:
    out = tmp_path / "summary.pdf"
    write_summary_pdf(out, [Line("Nguyễn Thị Łukasz Ψυχή: summary", TITLE, True), Line("Ana Ana Ana")])
    data = out.read_bytes()
    assert {"Nguyễn", "Thị", "Łukasz", "Ψυχή:"} <= pdf_words(data) and pdf_pages(data) == 1


def test_what_does_not_fit_ends_in_an_ellipsis_on_one_page() -> None:
    lines = [Line("word " * 300), *(Line(f"line{i}") for i in range(200))]
    data = bytes(summary_pdf(lines).output())
    words = pdf_words(data)
    assert pdf_pages(data) == 1 and "line0" in words and "line199" not in words and "…" in words


def test_without_a_unicode_font_letters_lose_only_their_accents(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_common, "FONT_FILES", (("/nonexistent/font.ttf", ""),))
    assert add_text_font(FPDF(), "X") == CORE_FONT
    assert drawable("Nguyễn\tJosé 李", CORE_FONT) == "Nguyen José ?"
    data = bytes(summary_pdf([Line("Nguyễn José")]).output())
    assert {"Nguyen", "José"} <= pdf_words(data)


def test_an_existing_file_is_kept_without_force(tmp_path: Path) -> None:
    out = tmp_path / "summary.pdf"
    out.write_bytes(b"mine")
    with pytest.raises(UserError):
        write_summary_pdf(out, [Line("x")])
    assert out.read_bytes() == b"mine"
    write_summary_pdf(out, [Line("x")], force=True)
    assert out.read_bytes().startswith(b"%PDF-")
