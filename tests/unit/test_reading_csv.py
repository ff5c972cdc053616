"""Reading delimited text files: encodings, delimiters, quoting, caps, streaming."""

from __future__ import annotations

import codecs
import csv
import tracemalloc
from pathlib import Path

import pytest

from organizer.files.reading import FileProblem, TableSource, inspect_file, iter_rows, read_preview
from organizer.files.reading.csvfile import choose_delimiter
from organizer.files.reading.limits import MAX_FIELD_CHARS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

TABLE = [
    ["First", "Last", "Phone", "Email"],
    ["Ana", "Núñez", "9195550101", "ana@example.org"],
    ["Bob", "O'Brien", "9195550102", ""],
    ["Zoë", "Smith", "", "zoe@example.org"],
]
EXPECTED = [row[:3] if row[3] == "" else row for row in TABLE]  # trailing empty cells are trimmed


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def table_text(rows: list[list[str]], delimiter: str = ",", newline: str = "\r\n") -> str:
    return newline.join(delimiter.join(row) for row in rows) + newline


def read_all(path: Path, **kwargs: str) -> tuple[TableSource, list[list[str]]]:
    source = inspect_file(path, **kwargs)
    return source, list(iter_rows(source))


def problem(path: Path, **kwargs: str) -> str:
    with pytest.raises(FileProblem) as info:
        read_all(path, **kwargs)
    text = str(info.value)
    assert "\n" not in text
    return text


# --- encodings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoded", "expected_encoding"),
    [
        (lambda t: t.encode("utf-8"), "utf-8"),
        (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8-sig"),
        (lambda t: t.encode("utf-16"), "utf-16"),  # BOM, native (little-endian) order
        (lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf-16"),
        (lambda t: t.encode("utf-16-le"), "utf-16-le"),
        (lambda t: t.encode("utf-16-be"), "utf-16-be"),
        (lambda t: t.encode("cp1252"), "cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16-le-bom", "utf16-be-bom", "utf16-le-nobom", "utf16-be-nobom", "cp1252"],
)
def test_encodings_are_detected(tmp_path: Path, encoded, expected_encoding: str) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, "people.csv", encoded(table_text(TABLE)))
    source, rows = read_all(path)
    assert source.kind == "csv"
    assert source.encoding == expected_encoding
    assert source.delimiter == ","
    assert rows == EXPECTED
    assert source.sheet is None and source.sheets == ()


def test_excel_unicode_text_is_utf16_with_tabs(tmp_path: Path) -> None:
    """Excel's "Unicode Text" export: UTF-16 LE with BOM, tab-delimited, CRLF."""
    path = write(tmp_path, "export.txt", table_text(TABLE, "\t").encode("utf-16"))
    source, rows = read_all(path)
    assert (source.encoding, source.delimiter) == ("utf-16", "\t")
    assert rows[1] == ["Ana", "Núñez", "9195550101", "ana@example.org"]


def test_cp1252_detected_even_when_the_first_bad_byte_is_far_down(tmp_path: Path) -> None:
    lines = [f"Person{i},Smith,{9195550000 + i}" for i in range(4_999)]
    lines.append("René,Müller,9195559999")  # row 5,000
    lines += [f"Later{i},Jones,1" for i in range(100)]
    path = write(tmp_path, "late.csv", ("\n".join(lines) + "\n").encode("cp1252"))
    source, rows = read_all(path)
    assert source.encoding == "cp1252"
    assert len(rows) == 5_100
    assert rows[4_999] == ["René", "Müller", "9195559999"]
    assert rows[0] == ["Person0", "Smith", "9195550000"]


def test_cp1252_undefined_bytes_do_not_fail(tmp_path: Path) -> None:
    path = write(tmp_path, "odd.csv", b"a,b\r\nx\x81y,caf\xe9\r\n")
    source, rows = read_all(path)
    assert source.encoding == "cp1252"
    assert rows == [["a", "b"], ["x\x81y", "café"]]


def test_explicit_encoding_wins(tmp_path: Path) -> None:
    path = write(tmp_path, "latin.csv", "name,city\nJosé,Málaga\n".encode("latin-1"))
    source, rows = read_all(path, encoding="latin-1")
    assert source.encoding == "latin-1"
    assert rows[1] == ["José", "Málaga"]


def test_explicit_utf8_on_a_bom_file_drops_the_bom(tmp_path: Path) -> None:
    path = write(tmp_path, "bom.csv", codecs.BOM_UTF8 + b"name,city\nAna,Durham\n")
    source, rows = read_all(path, encoding="utf-8")
    assert source.encoding == "utf-8-sig"
    assert rows[0] == ["name", "city"]


def test_wrong_explicit_encoding_names_a_line(tmp_path: Path) -> None:
    data = b"name,city\n" * 3 + "José,Málaga\n".encode("cp1252")
    path = write(tmp_path, "latin.csv", data)
    message = problem(path, encoding="utf-8")
    assert message.startswith("The text near line ")
    assert "utf-8" in message


def test_unknown_encoding(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", b"a,b\n1,2\n")
    assert "not a text encoding" in problem(path, encoding="klingon-8")


# --- delimiters and quoting --------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters_are_detected(tmp_path: Path, delimiter: str) -> None:
    rows = [["Name", "Street", "City"], ["Ana", "1 Main St", "Durham"], ["Bob", "2 Oak Ave", "Cary"]]
    path = write(tmp_path, "d.csv", table_text(rows, delimiter).encode())
    source, got = read_all(path)
    assert source.delimiter == delimiter
    assert got == rows


def test_semicolon_file_with_decimal_commas(tmp_path: Path) -> None:
    text = "Name;Dues;Paid\nAna;12,50;ja\nBob;7,25;nein\nCé;3,00;ja\n"
    source, rows = read_all(write(tmp_path, "eu.csv", text.encode()))
    assert source.delimiter == ";"
    assert rows[1] == ["Ana", "12,50", "ja"]


def test_tab_file_whose_cells_contain_commas(tmp_path: Path) -> None:
    text = "Name\tPhone\nSmith, John\t555\nDoe, Jane\t556\n"
    source, _rows = read_all(write(tmp_path, "t.tsv", text.encode()))
    assert source.delimiter == "\t"


def test_title_rows_do_not_confuse_detection(tmp_path: Path) -> None:
    text = "Sign-in sheet\nMarch 5 meeting\n\nFirst;Last;Phone\nAna;Núñez;919\nBob;Lee;920\n"
    source, rows = read_all(write(tmp_path, "signin.csv", text.encode()))
    assert source.delimiter == ";"
    assert rows[:4] == [["Sign-in sheet"], ["March 5 meeting"], [], ["First", "Last", "Phone"]]


def test_quoted_fields_with_delimiters_and_newlines(tmp_path: Path) -> None:
    text = 'Name,Address,Note\r\n"Lee, Ann","1 Main St\r\nApt 4",plain\r\nBob,"He said ""hi""",x\r\nCé,z,y\r\n'
    source, rows = read_all(write(tmp_path, "q.csv", text.encode()))
    assert source.delimiter == ","
    assert rows == [
        ["Name", "Address", "Note"],
        ["Lee, Ann", "1 Main St\r\nApt 4", "plain"],
        ["Bob", 'He said "hi"', "x"],
        ["Cé", "z", "y"],
    ]


def test_excel_sep_line_sets_the_delimiter_and_is_not_a_row(tmp_path: Path) -> None:
    text = "sep=;\r\nName;Note\r\nAna;a,b,c\r\n"
    source, rows = read_all(write(tmp_path, "sep.csv", text.encode()))
    assert source.delimiter == ";"
    assert rows == [["Name", "Note"], ["Ana", "a,b,c"]]


def test_single_column_file(tmp_path: Path) -> None:
    source, rows = read_all(write(tmp_path, "emails.txt", b"Email\na@example.org\nb@example.org\n"))
    assert source.delimiter == ","
    assert rows == [["Email"], ["a@example.org"], ["b@example.org"]]


def test_explicit_delimiter_wins(tmp_path: Path) -> None:
    source, rows = read_all(write(tmp_path, "a.csv", b"a;b,c\n1;2,3\n"), delimiter=";")
    assert source.delimiter == ";"
    assert rows == [["a", "b,c"], ["1", "2,3"]]


def test_bad_delimiter_argument(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        inspect_file(write(tmp_path, "a.csv", b"a,b\n"), delimiter='"')


def test_choose_delimiter_prefers_consistency() -> None:
    sample = "Name,Note\nAna,x; y\nBob,z\nCé,w; v; u\n"
    assert choose_delimiter(sample, at_eof=True) == ","


# --- row numbering, blanks, trimming ----------------------------------------------------------------


def test_blank_rows_are_kept_and_trailing_empties_trimmed(tmp_path: Path) -> None:
    text = "First,Last,Phone,,\n\nAna,Lee,,,\n,,,,\n,Bob,\n"
    _source, rows = read_all(write(tmp_path, "b.csv", text.encode()))
    assert rows == [["First", "Last", "Phone"], [], ["Ana", "Lee"], [], ["", "Bob"]]


def test_row_numbers_follow_records_not_lines(tmp_path: Path) -> None:
    text = 'Name,Note\n"Ann","two\nlines"\nBob,x\n'
    _source, rows = read_all(write(tmp_path, "n.csv", text.encode()))
    assert rows[2] == ["Bob", "x"]  # row 3 as a spreadsheet shows it, though it is text line 4


@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"])
def test_line_endings(tmp_path: Path, newline: str) -> None:
    _source, rows = read_all(write(tmp_path, "e.csv", table_text(TABLE, ",", newline).encode()))
    assert rows == EXPECTED


def test_fixture_signin_csv() -> None:
    source, rows = read_preview(FIXTURES / "signin.csv")
    assert source.delimiter == "," and source.encoding == "utf-8"
    assert rows[3] == ["First", "Last", "Phone", "Email", "Date"]
    assert rows[5] == ["Bob", "O'Brien, Jr.", "9195550102", "bob@example.org", "2024-03-05"]
    assert rows[6] == []


# --- problems ----------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"   \r\n\t\n", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\n\n"])
def test_empty_files(tmp_path: Path, data: bytes) -> None:
    assert problem(write(tmp_path, "e.csv", data)) == "This file is empty."


def test_file_of_only_delimiters_is_empty(tmp_path: Path) -> None:
    assert problem(write(tmp_path, "e.csv", b",,,\n,,,\n")) == "This file is empty."


def test_unterminated_quote_at_end(tmp_path: Path) -> None:
    text = 'Name,Note\nAna,x\nBob,"never closed\nCé,y\n'
    message = problem(write(tmp_path, "u.csv", text.encode()))
    assert message.startswith("Line 3 has an unterminated quote")


def test_unterminated_quote_in_a_long_file_names_its_line(tmp_path: Path) -> None:
    good = "".join(f"P{i},x\n" for i in range(10))
    rest = "".join(f"Q{i},filler text that goes on\n" for i in range(60_000))  # > 1 MB inside the quote
    path = write(tmp_path, "u.csv", (good + 'Bad,"oops\n' + rest).encode())
    message = problem(path)
    assert message.startswith("Line 11 has an unterminated quote")


def test_misplaced_quote(tmp_path: Path) -> None:
    text = 'Name,Note\nAna,"quoted" trailing\n'
    assert problem(write(tmp_path, "m.csv", text.encode())).startswith("Line 2 has a quotation mark")


def test_field_over_one_megabyte_is_refused(tmp_path: Path) -> None:
    text = "Name,Note\nAna," + "x" * (MAX_FIELD_CHARS + 10) + "\n"
    message = problem(write(tmp_path, "big.csv", text.encode()))
    assert message.startswith("Line 2 has a cell longer than")


def test_field_at_the_cap_is_kept_whole(tmp_path: Path) -> None:
    text = "Name,Note\nAna," + "x" * (MAX_FIELD_CHARS - 1) + "\n"
    _source, rows = read_all(write(tmp_path, "big.csv", text.encode()))
    assert len(rows[1][1]) == MAX_FIELD_CHARS - 1


def test_too_many_columns(tmp_path: Path) -> None:
    text = "a,b\n" + ",".join(["x"] * 16_385) + "\n"
    assert problem(write(tmp_path, "wide.csv", text.encode())) == (
        "Line 2 has more than 16,384 cells, too many to import."
    )


def test_nul_in_the_first_bytes(tmp_path: Path) -> None:
    message = problem(write(tmp_path, "n.csv", b"a,b\nc,d\x00e\n" + b"x,y\n" * 200))
    assert message.startswith("Line 2 contains a NUL character")


def test_nul_far_down_a_utf8_file(tmp_path: Path) -> None:
    data = b"a,b\n" * 50_000 + b"c,\x00\n"
    message = problem(write(tmp_path, "n.csv", data))
    assert message.startswith("Line 50001 contains a NUL character")


def test_nul_far_down_a_cp1252_file(tmp_path: Path) -> None:
    data = "é,b\n".encode("cp1252") * 300_000 + b"c,\x00\n"  # NUL beyond the first scanned megabyte
    path = write(tmp_path, "n.csv", data)
    source = inspect_file(path)
    assert source.encoding == "cp1252"
    with pytest.raises(FileProblem, match=r"^Line 300001 contains a NUL"):
        list(iter_rows(source))


def test_html_saved_as_xls_is_named(tmp_path: Path) -> None:
    data = b"<html><body><table><tr><td>Ana</td></tr></table></body></html>"
    assert "web page" in problem(write(tmp_path, "report.xls", data))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileProblem, match="could not be opened"):
        inspect_file(tmp_path / "gone.csv")


# --- streaming -----------------------------------------------------------------------------------


def test_cancel_stops_iteration(tmp_path: Path) -> None:
    path = write(tmp_path, "c.csv", b"a,b\n" * 10_000)
    calls = 0

    def cancel() -> bool:
        nonlocal calls
        calls += 1
        return calls > 2

    rows = list(iter_rows(inspect_file(path), cancel=cancel))
    assert 0 < len(rows) < 10_000


def test_memory_stays_flat_on_a_large_csv(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        for i in range(200_000):
            writer.writerow([f"First{i}", f"Last{i}", 9195550000 + i, f"p{i}@example.org", "Durham"])
    assert path.stat().st_size > 10_000_000
    tracemalloc.start()
    try:
        count = sum(1 for _ in iter_rows(inspect_file(path)))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 200_000
    assert peak < 4_000_000


def test_read_preview_limits_rows(tmp_path: Path) -> None:
    path = write(tmp_path, "p.csv", b"a,b\n" * 500)
    source, rows = read_preview(path, limit=7)
    assert source.delimiter == ","
    assert rows == [["a", "b"]] * 7


def test_csv_named_xlsx_is_read_as_text(tmp_path: Path) -> None:
    source, rows = read_all(write(tmp_path, "really_text.xlsx", table_text(TABLE).encode()))
    assert source.kind == "csv"
    assert rows == EXPECTED
