"""read_workbook: every sheet of a workbook in one call, through the same sandbox and checks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from organizer.files.reading import FileProblem, Sheet, inspect_file, iter_rows, read_workbook, stream_workbook
from organizer.files.reading.worker import packed_rows, unpacked_rows

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "ods"])
def test_every_sheet_in_order_like_iter_rows(suffix: str) -> None:
    path = FIXTURES / f"multisheet_libreoffice.{suffix}"
    sheets = read_workbook(path)
    assert [s.name for s in sheets] == ["Notes", "Empty", "Members"]
    for sheet in sheets:
        expected = list(iter_rows(inspect_file(path, sheet=sheet.name))) if sheet.rows else []
        assert sheet.rows == expected
    assert sheets[1].rows == [] and sheets[2].rows[0] == ["First", "Last", "Phone", "Joined"]
    if suffix == "ods":  # the only one of the three that keeps the hidden flag
        assert [s.visible for s in sheets] == [False, True, True]


def test_typed_cells_read_as_text_on_every_sheet(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    people = wb.active
    assert people is not None
    people.title = "People"
    people.append(["Zip", "Joined", "Dues"])
    people.append(["02134", dt.date(2024, 3, 5), 12.5])
    events = wb.create_sheet("Events")
    events.append(["Title", "Starts"])
    events.append(["Canvass", dt.datetime(2024, 5, 1, 10, 30)])
    wb.create_sheet("Chart data").sheet_state = "hidden"
    wb.save(tmp_path / "share.xlsx")
    assert read_workbook(tmp_path / "share.xlsx") == [
        Sheet("People", [["Zip", "Joined", "Dues"], ["02134", "2024-03-05", "12.5"]]),
        Sheet("Events", [["Title", "Starts"], ["Canvass", "2024-05-01 10:30:00"]]),
        Sheet("Chart data", [], visible=False),
    ]


def test_a_sheet_over_the_limits_is_refused_by_name(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    first = wb.active
    assert first is not None
    first.append(["fine"])
    wide = wb.create_sheet("Wide")
    wide.cell(row=1, column=1500, value="too far")
    wb.save(tmp_path / "wide.xlsx")
    with pytest.raises(FileProblem, match="The sheet \u201cWide\u201d claims 1,500 columns"):
        read_workbook(tmp_path / "wide.xlsx")


def test_streaming_refuses_a_sheet_over_the_limits_by_name_before_parsing_it(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    first = wb.active
    assert first is not None
    first.title = "Fine"
    first.append(["fine"])
    wide = wb.create_sheet("Wide")
    wide.cell(row=1, column=1500, value="too far")
    wb.save(tmp_path / "wide.xlsx")
    names, stream = stream_workbook(tmp_path / "wide.xlsx")
    assert names == ["Fine", "Wide"]
    assert list(stream(["Fine"])) == [("Fine", []), ("Fine", [["fine"]])]
    seen = []
    with pytest.raises(FileProblem, match="The sheet \u201cWide\u201d claims 1,500 columns"):
        for name, rows in stream(["Fine", "Wide"]):
            seen.append((name, rows))
    assert seen == [("Fine", []), ("Fine", [["fine"]])]  # the sheets before it come first, as they are parsed


def test_a_text_file_is_one_sheet_named_after_it() -> None:
    [sheet] = read_workbook(FIXTURES / "signin.csv")
    assert sheet.name == "signin"
    assert sheet.rows == list(iter_rows(inspect_file(FIXTURES / "signin.csv")))


def test_cancel_returns_nothing() -> None:
    assert read_workbook(FIXTURES / "multisheet_libreoffice.xlsx", cancel=lambda: True) == []


def test_not_a_spreadsheet_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.xlsx").write_bytes(b"%PDF-1.4 not a workbook")
    with pytest.raises(FileProblem, match="not a spreadsheet"):
        read_workbook(tmp_path / "x.xlsx")


@pytest.mark.parametrize("batch", [
    [["a", "b"], [], ["", "x", "ç 日本"], ["only"]],
    [[]],
    [["", "2"]],
])
def test_a_packed_batch_of_rows_comes_back_as_it_was(batch: list[list[str]]) -> None:
    packed = packed_rows(batch)
    assert packed is not None and unpacked_rows(packed) == batch


@pytest.mark.parametrize("cell", ["a\x1fb", "a\x1eb", "\x1e"])
def test_a_batch_with_a_separator_in_a_cell_goes_as_json(cell: str) -> None:
    assert packed_rows([["x", cell], ["y"]]) is None
