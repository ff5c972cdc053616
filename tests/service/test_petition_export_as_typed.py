"""The petition's signature list keeps what each line kept as typed: one text column per header, after the rest."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from organizer.services.container import Services
from organizer.services.imports import ImportOptions
from organizer.services.petitions import PetitionInput, SignatureInput
from organizer.services.petitions.reports import SIGNATURE_HEADERS
from tests.service.importing_helpers import write_csv

ROWS = [["Sheet", "Line", "Printed Name", "Address", "ZIP", "Email", "Phone", "Date Signed", "Notes"],
        ["1", "1", "Ana Silva", "12 Elm St", "27601", "ana@example.org", "0919555111", "3/4/2025", ""],
        ["1", "2", "Bo Li", "5 Oak Ave", "27603", "", "", "4 Mar 2025", "=1+1"]]


def _petition_with_lines(services: Services, tmp_path: Path) -> int:
    pid = services.petitions.create(PetitionInput("Ballot")).id
    services.imports.run(write_csv(tmp_path / "sig.csv", ROWS), "signatures", ImportOptions(target=str(pid)))
    services.petitions.add_signature(pid, SignatureInput("Cy", "Doe", "7 Pine Rd", "27603", 1, 3))  # keyed: none
    return pid


def test_the_export_adds_a_text_column_per_kept_header_after_the_fixed_ones(services: Services,
                                                                           tmp_path: Path) -> None:
    pid = _petition_with_lines(services, tmp_path)
    out = tmp_path / "lines.xlsx"
    assert services.petitions.export(pid, out) == 3
    sheet = load_workbook(out).active
    assert sheet is not None
    rows = list(sheet.iter_rows())
    headers = [c.value for c in rows[0]]
    assert headers == [*SIGNATURE_HEADERS, "Email", "Phone", "Notes", "Date Signed (as typed)"]
    assert [[c.value for c in row[:3]] for row in rows[1:]] == [[1, 1, "Ana Silva"], [1, 2, "Bo Li"], [1, 3, "Cy Doe"]]
    kept = [[(c.value, c.data_type) for c in row[len(SIGNATURE_HEADERS):]] for row in rows[1:]]
    assert kept == [
        [("ana@example.org", "s"), ("0919555111", "s"), (None, "n"), (None, "n")],
        [(None, "n"), (None, "n"), ("=1+1", "s"), ("4 Mar 2025", "s")],  # text, never a formula
        [(None, "n")] * 4]


def test_the_csv_export_keeps_them_too(services: Services, tmp_path: Path) -> None:
    pid = _petition_with_lines(services, tmp_path)
    out = tmp_path / "lines.csv"
    services.petitions.export(pid, out)
    header, first, *_rest = out.read_text(encoding="utf-8-sig").splitlines()
    assert header.endswith(",Decided by a person,Email,Phone,Notes,Date Signed (as typed)")
    assert first.endswith(",ana@example.org,0919555111,,")
