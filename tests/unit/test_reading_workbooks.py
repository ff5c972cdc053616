"""Reading workbooks (xlsx, xls, ods) through the sandboxed parser: values, sheets, streaming."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import shutil
import time
import tracemalloc
from pathlib import Path

import openpyxl
import pytest

from organizer.files.reading import (
    FileProblem,
    SheetInfo,
    ensure_safe_xml,
    inspect_file,
    iter_rows,
    read_preview,
)
from organizer.files.reading import api as reading_api
from organizer.files.reading.cells import cell_text, row_texts

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SIGNIN = [
    ["Sign-in sheet"],
    ["March meeting"],
    [],
    ["First", "Last", "Phone", "Email", "Date"],
    ["Ana", "Núñez", "9195550101", "ana@example.org", "2024-03-05"],
    ["Bob", "O'Brien, Jr.", "9195550102", "bob@example.org", "2024-03-05"],
    [],
    ["Cé", "Zhao", "9195550103", "", "2024-03-06"],
    ["Dee", "Smith", "0.1", "dee@example.org", "2024-03-06 14:30:00"],
]


def save(wb: openpyxl.Workbook, path: Path) -> Path:
    wb.save(path)
    return path


def no_children_left() -> bool:
    deadline = time.monotonic() + 5
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    return not multiprocessing.active_children()


def read_all(path: Path, sheet: str | None = None) -> list[list[str]]:
    return list(iter_rows(inspect_file(path, sheet=sheet)))


def test_values_become_lossless_text(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Zip", "Phone", "Ratio", "Joined", "Seen", "Active", "Lapsed", "At", "Empty", "Neg", "Text"])
    ws.append(
        [
            2134,
            9195550101.0,
            0.1,
            dt.date(2024, 3, 5),
            dt.datetime(2024, 3, 5, 14, 30),
            True,
            False,
            dt.time(9, 15),
            None,
            -3.5,
            "02134",
        ]
    )
    rows = read_all(save(wb, tmp_path / "values.xlsx"))
    assert rows[1] == [
        "2134",
        "9195550101",
        "0.1",
        "2024-03-05",
        "2024-03-05 14:30:00",
        "TRUE",
        "FALSE",
        "09:15:00",
        "",
        "-3.5",
        "02134",
    ]


def test_positions_are_kept_true(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws["C3"] = "first"
    ws["D3"] = ""
    ws["B6"] = "later"
    ws["F6"] = None
    rows = read_all(save(wb, tmp_path / "pos.xlsx"))
    assert rows == [[], [], ["", "", "first"], [], [], ["", "later"]]


def multi_sheet_workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    hidden = wb.active
    assert hidden is not None
    hidden.title = "Notes"
    hidden["A1"] = "secret notes"
    hidden.sheet_state = "hidden"
    wb.create_sheet("Blank")
    data = wb.create_sheet("Members")
    for i in range(1, 6):
        data.append([f"Person {i}", i])
    other = wb.create_sheet("Events")
    other.append(["Rally", dt.date(2024, 5, 1)])
    return save(wb, path)


def test_sheet_none_picks_the_first_visible_sheet_with_data(tmp_path: Path) -> None:
    path = multi_sheet_workbook(tmp_path / "multi.xlsx")
    source = inspect_file(path)
    assert source.kind == "xlsx"
    assert source.sheet == "Members"
    assert source.sheets == ("Notes", "Blank", "Members", "Events")
    assert source.encoding is None and source.delimiter is None
    infos = {info.name: info for info in source.sheet_infos}
    assert infos["Members"] == SheetInfo("Members", 5, True)
    assert infos["Notes"].visible is False
    assert list(iter_rows(source))[4] == ["Person 5", "5"]


def test_named_sheet(tmp_path: Path) -> None:
    path = multi_sheet_workbook(tmp_path / "multi.xlsx")
    assert read_all(path, sheet="Events") == [["Rally", "2024-05-01"]]
    assert read_all(path, sheet="Notes") == [["secret notes"]]  # hidden, but asked for by name


def test_unknown_sheet_lists_the_names(tmp_path: Path) -> None:
    path = multi_sheet_workbook(tmp_path / "multi.xlsx")
    with pytest.raises(FileProblem) as info:
        inspect_file(path, sheet="Sheet9")
    assert str(info.value) == (
        "This workbook has no sheet named \u201cSheet9\u201d; its sheets are: "
        "\u201cNotes\u201d, \u201cBlank\u201d, \u201cMembers\u201d, \u201cEvents\u201d."
    )


def test_named_empty_sheet(tmp_path: Path) -> None:
    path = multi_sheet_workbook(tmp_path / "multi.xlsx")
    with pytest.raises(FileProblem, match=r"^The sheet \u201cBlank\u201d is empty\.$"):
        inspect_file(path, sheet="Blank")


def test_workbook_without_data(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.create_sheet("Other")
    with pytest.raises(FileProblem, match="no data on any visible sheet"):
        inspect_file(save(wb, tmp_path / "empty.xlsx"))


def test_workbook_with_data_only_on_hidden_sheets(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"] = "x"
    ws.sheet_state = "hidden"
    wb.create_sheet("Shown")
    with pytest.raises(FileProblem, match="only hidden sheets have data"):
        inspect_file(save(wb, tmp_path / "hidden.xlsx"))


@pytest.mark.parametrize("name", ["data.csv", "data.xlsm", "data.txt", "data"])
def test_xlsx_under_another_name_is_still_read(tmp_path: Path, name: str) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["a", 1])
    source = inspect_file(save(wb, tmp_path / name))
    assert source.kind == "xlsx"
    assert list(iter_rows(source)) == [["a", "1"]]


@pytest.mark.parametrize("suffix", ["xlsx", "ods", "xls"])
def test_libreoffice_signin_fixtures(suffix: str) -> None:
    source, rows = read_preview(FIXTURES / f"signin_libreoffice.{suffix}")
    assert source.kind == suffix
    assert source.sheet == "signin"
    assert rows == SIGNIN


@pytest.mark.parametrize("suffix", ["xlsx", "ods", "xls"])
def test_libreoffice_multisheet_fixtures(suffix: str) -> None:
    path = FIXTURES / f"multisheet_libreoffice.{suffix}"
    source = inspect_file(path, sheet="Members")
    assert source.sheets == ("Notes", "Empty", "Members")
    assert list(iter_rows(source)) == [
        ["First", "Last", "Phone", "Joined"],
        ["Ana", "Núñez", "9195550101", "2024-03-05"],
        ["Bob", "O'Brien", "9195550102", "2024-03-06"],
        [],
        ["", "after a blank row"],
    ]


def test_libreoffice_ods_hidden_sheet_is_skipped() -> None:
    source = inspect_file(FIXTURES / "multisheet_libreoffice.ods")
    assert source.sheet == "Members"
    assert [i.visible for i in source.sheet_infos] == [False, True, True]


@pytest.mark.parametrize("suffix", ["ods", "xls"])
def test_libreoffice_password_protected(suffix: str) -> None:
    with pytest.raises(FileProblem, match="password-protected"):
        inspect_file(FIXTURES / f"encrypted_libreoffice.{suffix}")


def test_fixture_under_a_wrong_suffix(tmp_path: Path) -> None:
    path = tmp_path / "signin.csv"
    shutil.copy(FIXTURES / "signin_libreoffice.ods", path)
    source, rows = read_preview(path)
    assert source.kind == "ods" and rows == SIGNIN


def big_workbook(path: Path, rows: int) -> Path:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Data")
    for i in range(rows):
        ws.append([f"Person {i}", 9195550000 + i, f"p{i}@example.org", i % 2 == 0])
    wb.save(path)
    return path


def test_read_preview_stops_the_parser(tmp_path: Path) -> None:
    path = big_workbook(tmp_path / "big.xlsx", 5_000)
    source, rows = read_preview(path, limit=3)
    assert source.sheet == "Data"
    assert rows == [
        ["Person 0", "9195550000", "p0@example.org", "TRUE"],
        ["Person 1", "9195550001", "p1@example.org", "FALSE"],
        ["Person 2", "9195550002", "p2@example.org", "TRUE"],
    ]
    assert no_children_left()


def test_consumer_stopping_early_kills_the_child(tmp_path: Path) -> None:
    path = big_workbook(tmp_path / "big.xlsx", 20_000)
    rows = iter_rows(inspect_file(path))
    assert next(rows)[0] == "Person 0"
    rows.close()  # type: ignore[attr-defined]
    assert no_children_left()


def test_cancel_stops_and_kills_the_child(tmp_path: Path) -> None:
    path = big_workbook(tmp_path / "big.xlsx", 20_000)
    seen = 0

    def cancel() -> bool:
        return seen >= 100

    for _row in iter_rows(inspect_file(path), cancel=cancel):
        seen += 1
    assert 100 <= seen < 20_000
    assert no_children_left()


def test_cancel_while_the_parser_is_still_loading(tmp_path: Path) -> None:
    path = big_workbook(tmp_path / "big.xlsx", 20_000)
    assert list(iter_rows(inspect_file(path), cancel=lambda: True)) == []
    assert no_children_left()


def test_every_row_arrives_with_flat_parent_memory(tmp_path: Path) -> None:
    path = big_workbook(tmp_path / "big.xlsx", 30_000)
    source = inspect_file(path)
    tracemalloc.start()
    try:
        count = 0
        for row in iter_rows(source):
            count += 1
            last = row
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 30_000
    assert last == ["Person 29999", "9195579999", "p29999@example.org", "FALSE"]
    assert peak < 15_000_000  # a few batches of 2,000 rows, never the sheet


def test_ensure_safe_xml(monkeypatch: pytest.MonkeyPatch) -> None:
    ensure_safe_xml()
    monkeypatch.setattr(reading_api, "_safe_xml_checked", False)
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    with pytest.raises(RuntimeError, match="defusedxml"):
        ensure_safe_xml()


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("", ""),
        (" x ", " x "),
        (True, "TRUE"),
        (False, "FALSE"),
        (2134, "2134"),
        (2134.0, "2134"),
        (9195550101.0, "9195550101"),
        (-0.0, "0"),
        (0.1, "0.1"),
        (1 / 3, "0.3333333333333333"),
        (1e-05, "1e-05"),
        (1e22, "1e+22"),
        (dt.date(2024, 3, 5), "2024-03-05"),
        (dt.datetime(2024, 3, 5, 14, 30), "2024-03-05 14:30:00"),
        (dt.datetime(2024, 3, 5, 0, 0), "2024-03-05 00:00:00"),
        (dt.time(14, 30), "14:30:00"),
        (dt.timedelta(hours=30, minutes=5), "30:05:00"),
        (dt.timedelta(minutes=-90), "-1:30:00"),
    ],
)
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text


def test_row_texts_pads_and_trims() -> None:
    assert row_texts(["a", None, ""], offset=2) == ["", "", "a"]
    assert row_texts([None, ""]) == []


def _scanned(cells: str):  # type: ignore[no-untyped-def]
    import io

    from organizer.files.reading.sheetscan import scan_xlsx_sheet

    xml = f'<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c>{cells}</row></sheetData></worksheet>'
    return scan_xlsx_sheet(io.BytesIO(xml.encode()), "damaged")


@pytest.mark.parametrize(("cells", "count", "first"), [
    ('<c r="B1"><f>UPPER("x")</f><v /></c>', 1, "B1"),  # as openpyxl writes a formula
    ('<c r="B1"><f>1+1</f></c><c r="C1"><f t="shared" si="0"/></c>', 2, "B1"),
    ('<x:c r="D1"><x:f>1+1</x:f><x:v></x:v></x:c>', 1, "D1"),  # prefixed tags, an empty number
    ('<c r="B1"><f>1+1</f><v>2</v></c>', 0, ""),  # saved by a spreadsheet program
    ('<c r="B1" t="str"><f>IF(A1="","",A1)</f><v></v></c>', 0, ""),  # a text result that is empty
    ('<c r="B1" t="inlineStr"><is><t>f&gt;</t></is></c>', 0, ""),
])
def test_the_scan_counts_formulas_whose_result_was_never_saved(cells: str, count: int, first: str) -> None:
    stats = _scanned(cells)
    assert (stats.unsaved_formulas, stats.first_unsaved) == (count, first)


def test_the_sheet_read_tells_its_unsaved_formulas(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["First", "Last", "Phone"])
    ws.append(["Ana", "Silva", "9195550101"])
    ws.append(["Bo", '=UPPER("lee")', "=9195550102"])
    source = inspect_file(save(wb, tmp_path / "formulas.xlsx"))
    info = next(i for i in source.sheet_infos if i.name == source.sheet)
    assert (info.unsaved_formulas, info.first_unsaved) == (2, "B3")
    assert list(iter_rows(source))[2] == ["Bo"]  # what the parser gives for them: nothing
