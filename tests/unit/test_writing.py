"""The writer: several sheets, typed cells, never a formula, atomic, one plain line when it cannot write."""

from __future__ import annotations

import csv
import datetime as dt
import errno
import os
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from organizer.cli import main
from organizer.errors import UserError
from organizer.files.reading import read_workbook
from organizer.files.writing import OutputRefused, SheetSpec, WriteProblem, sheet_names, write_table, write_workbook

RISKY = ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"http://x\",\"y\")"]


def load(path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(path)


def test_typed_cells_read_back_as_their_types(tmp_path: Path) -> None:
    path = tmp_path / "share.xlsx"
    joined = dt.date(2024, 3, 5)
    changed = dt.datetime(2024, 3, 5, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    write_workbook(path, [
        SheetSpec("People", ["Id", "Zip", "Phone", "Joined", "Changed", "Dues", "Count", "Active", "Note"],
                  [["007", "02134", "+19195550101", joined, changed, 12.5, 3, True, None],
                   ["008", "00501", "0612345678", None, None, Decimal("0.10"), -4, False, "=1+1"]]),
        SheetSpec("Events", ["Title", "Starts"], [["Canvass", dt.datetime(2024, 5, 1, 10, 0)]]),
    ])
    book = load(path)
    assert book.sheetnames == ["People", "Events"]
    people = book["People"]
    first, second = ([c for c in row] for row in people.iter_rows(min_row=2, max_row=3))
    assert [c.value for c in first[:3]] == ["007", "02134", "+19195550101"]
    assert all(c.data_type == "s" for c in first[:3])
    assert first[3].is_date and first[3].value == dt.datetime(2024, 3, 5)
    assert first[4].is_date and first[4].value == dt.datetime(2024, 3, 5, 19, 30)  # UTC
    assert first[5].value == 12.5 and first[5].data_type == "n" and first[6].value == 3
    assert first[7].value is True and first[8].value is None
    assert second[1].value == "00501" and second[2].value == "0612345678"
    assert second[5].value == pytest.approx(0.1) and second[6].value == -4 and second[7].value is False
    assert second[8].value == "=1+1" and second[8].data_type == "s"
    assert book["Events"]["B2"].is_date


def test_times_of_day_and_decimals_are_real_times_and_numbers(tmp_path: Path) -> None:
    path = tmp_path / "shifts.xlsx"
    starts = dt.time(18, 30, 15)
    write_table(path, ["Starts", "Dues", "Odd"], [[starts, Decimal("12.50"), Decimal("NaN")],
                                                  [dt.time(0, 0), Decimal("-3"), float("inf")]])
    ws = load(path).active
    assert ws is not None
    assert ws["A2"].is_date and ws["A2"].value == starts and ws["A2"].number_format == "hh:mm:ss"
    assert ws["A3"].value == dt.time(0, 0)
    assert ws["B2"].data_type == "n" and ws["B2"].value == 12.5 and ws["B3"].value == -3
    assert (ws["C2"].value, ws["C3"].value) == ("NaN", "inf")  # not a number Excel can hold: its text


def test_header_frozen_filters_on_widths_fitted(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    write_table(path, ["Id", "A rather long header name", "Notes"],
                [["1", "x", "Met at the March rally; wants to canvass"], ["2", "y", ""]], sheet="People")
    ws = load(path)["People"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:C3"
    widths = [ws.column_dimensions[c].width for c in "ABC"]
    assert widths[0] < widths[1] < widths[2] <= 60
    assert ws["A1"].font.bold


@pytest.mark.parametrize("value", RISKY)
def test_text_is_never_a_formula_in_xlsx(tmp_path: Path, value: str) -> None:
    path = tmp_path / "t.xlsx"
    write_table(path, [value], [[value]])
    ws = load(path).active
    assert ws is not None
    for cell in (ws["A1"], ws["A2"]):  # a carriage return is written as a character reference: it stays
        assert cell.data_type == "s" and cell.value == value


def test_text_is_never_a_formula_in_csv_but_numbers_stay_numbers(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    write_table(path, ["=Header", "Number", "Date", "Flag"],
                [[v, -5, dt.date(2024, 3, 5), True] for v in RISKY])
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["'=Header", "Number", "Date", "Flag"]
    assert [r[0] for r in rows[1:]] == ["'" + v for v in RISKY]
    assert rows[1][1:] == ["-5", "2024-03-05", "TRUE"]


def test_control_characters_xlsx_cannot_hold_are_dropped_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    write_table(path, ["Notes"], [["line\x0bbreak\x00"]])
    ws = load(path).active
    assert ws is not None and ws["A2"].value == "line\nbreak"  # a vertical tab is a line break (FileMaker)


def test_the_reader_reads_every_written_sheet(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    write_workbook(path, [SheetSpec("People", ["Zip"], [["02134"]]), SheetSpec("Tags", ["Name"], [["Door knocker"]])])
    sheets = read_workbook(path)
    assert [(s.name, s.rows) for s in sheets] == [("People", [["Zip"], ["02134"]]), ("Tags", [["Name"], ["Door knocker"]])]


def test_sheet_names_are_made_acceptable_and_unique() -> None:
    assert sheet_names(["People", "people", "a/b:c", "", "x" * 40, "x" * 40]) == [
        "People", "people (2)", "a-b-c", "Sheet", "x" * 31, "x" * 27 + " (2)"]


def test_csv_holds_one_sheet(tmp_path: Path) -> None:
    with pytest.raises(OutputRefused, match=r"written as \.xlsx only"):  # refused before any work
        write_workbook(tmp_path / "t.csv", [SheetSpec("A", ["x"], []), SheetSpec("B", ["y"], [])])
    assert list(tmp_path.iterdir()) == []


# --- atomic ---------------------------------------------------------------------------------------


def failing_rows(good: int) -> Iterator[list[str]]:
    for i in range(good):
        yield [f"row {i}"]
    raise RuntimeError("the database went away mid-export")


@pytest.mark.parametrize("name", ["out.xlsx", "out.csv"])
def test_a_failure_midway_leaves_the_earlier_file_intact(tmp_path: Path, name: str,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # where openpyxl keeps the rows while writing
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / name
    write_table(path, ["Name"], [["first version"]])
    before = path.read_bytes()
    with pytest.raises(RuntimeError, match="mid-export"):
        write_table(path, ["Name"], failing_rows(500), force=True)
    assert path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == [name]  # no temporary file left behind
    assert list(scratch.iterdir()) == []  # nor any of the rows written before the failure


def test_a_full_disk_is_one_plain_line_and_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(UserError) as info:
        write_table(tmp_path / "out.xlsx", ["Name"], [["x"]])
    assert "disk is full" in str(info.value) and "\n" not in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_a_disk_filling_up_while_a_sheet_is_written_is_one_plain_line_and_leaves_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import zipfile

    real = zipfile._ZipWriteFile.write  # type: ignore[attr-defined]
    calls: list[int] = []

    def filling(self: object, data: bytes) -> int:
        calls.append(len(data))
        if len(calls) > 3:  # the sheet's rows are written by a second thread: it fails there
            raise OSError(errno.ENOSPC, "No space left on device")
        return int(real(self, data))

    monkeypatch.setattr(zipfile._ZipWriteFile, "write", filling)  # type: ignore[attr-defined]
    with pytest.raises(UserError) as info:
        write_table(tmp_path / "out.xlsx", ["Name"], [[f"person {i}"] for i in range(20_000)])
    assert "disk is full" in str(info.value) and "\n" not in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_the_new_file_replaces_the_old_one_readable_by_the_user_only(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write_table(path, ["Name"], [["old"]])
    path.chmod(0o644)
    write_table(path, ["Name"], [["new"]], force=True)
    ws = load(path).active
    assert ws is not None and ws["A2"].value == "new"
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600


def test_a_folder_as_target_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WriteProblem, match="is a folder"):
        write_table(tmp_path, ["x"], [])


@pytest.mark.parametrize(("code", "words"), [
    (errno.EACCES, "permission denied"), (errno.EROFS, "read-only disk"), (errno.EIO, "choose another place")])
def test_folder_errors_are_one_plain_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          code: int, words: str) -> None:
    def refuse(*_args: object, **_kwargs: object) -> int:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(WriteProblem) as info:
        write_table(tmp_path / "out.xlsx", ["x"], [])
    assert words in str(info.value) and "\n" not in str(info.value)


# --- through the command line ---------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def chapter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    db = str(tmp_path / "c.db")
    assert run(capsys, "--db", db, "init", "--chapter", "Riverside")[0] == 0
    assert run(capsys, "--db", db, "people", "add", "--given", "Ana", "--zip", "02134")[0] == 0
    return db


def test_export_to_a_missing_folder_is_exit_2_and_no_file(chapter: str, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "no" / "such" / "dir" / "out.xlsx"
    code, out, err = run(capsys, "--db", chapter, "people", "export", str(target))
    assert code == 2 and out == ""
    assert err.startswith("error: The folder") and "does not exist" in err and err.count("\n") == 1
    assert "Traceback" not in err and not (tmp_path / "no").exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into read-only folders")
def test_export_to_a_read_only_folder_is_exit_2_and_no_file(chapter: str, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        code, _out, err = run(capsys, "--db", chapter, "people", "export", str(folder / "out.xlsx"))
        assert code == 2 and err.startswith("error:") and err.count("\n") == 1
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_export_to_a_read_only_folder_simulated(chapter: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """The same through the CLI where the tests run as root (who may write anywhere)."""
    real_open = os.open

    def read_only(path: object, flags: int, *args: object) -> int:
        if str(path).startswith(str(tmp_path / "locked")):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    (tmp_path / "locked").mkdir()
    monkeypatch.setattr(os, "open", read_only)
    code, _out, err = run(capsys, "--db", chapter, "people", "export", str(tmp_path / "locked" / "out.csv"))
    assert code == 2 and "permission denied" in err and err.count("\n") == 1
    assert list((tmp_path / "locked").iterdir()) == []


def test_export_keeps_zip_codes_as_text(chapter: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "people.xlsx"
    assert run(capsys, "--db", chapter, "people", "export", str(path))[0] == 0
    ws = load(path)["People"]
    zip_column = [c.value for c in ws[1]].index("Zip") + 1
    assert ws.cell(row=2, column=zip_column).value == "02134"
    assert ws.freeze_panes == "A2"
