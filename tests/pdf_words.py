"""The words a PDF shows, read back with pypdf (tests check what a reader sees, not the file's bytes)."""

from __future__ import annotations

import io

from pypdf import PdfReader


def pdf_words(data: bytes) -> set[str]:
    """Every whitespace-separated word on every page."""
    reader = PdfReader(io.BytesIO(data))
    return {word for page in reader.pages for word in page.extract_text().split()}


def pdf_pages(data: bytes) -> int:
    """How many pages the document has."""
    return len(PdfReader(io.BytesIO(data)).pages)
