"""Hostile and broken files: each must end in one plain FileProblem, never a crash or a hang."""

from __future__ import annotations

import io
import random
import struct
import sys
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from organizer.files.reading import FileProblem, inspect_file, iter_rows, read_preview
from organizer.files.reading import errors as msg
from organizer.files.reading.sandbox import iter_sheet_rows

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<workbook xmlns="{NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    f'<sst xmlns="{NS}" count="1" uniqueCount="1"><si><t>&lol3;</t></si></sst>'
)


def sheet_xml(cells: list[tuple[str, str | None]], dimension: str | None = None) -> str:
    """Cells as (ref, value); a None value writes a styled empty cell."""
    rows: dict[int, list[str]] = {}
    for ref, value in cells:
        row = int("".join(ch for ch in ref if ch.isdigit()))
        cell = f'<c r="{ref}" s="1"/>' if value is None else f'<c r="{ref}"><v>{value}</v></c>'
        rows.setdefault(row, []).append(cell)
    body = "".join(f'<row r="{r}">{"".join(cs)}</row>' for r, cs in sorted(rows.items()))
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}">{dim}<sheetData>{body}</sheetData></worksheet>'


def xlsx_bytes(sheet: str | bytes, **parts: str | bytes) -> bytes:
    """A minimal hand-built xlsx; keyword parts add or replace members (use "__" for "/")."""
    members: dict[str, str | bytes] = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": sheet,
    }
    members.update({name.replace("__", "/"): data for name, data in parts.items()})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def problem_of(path: Path, **kwargs: str) -> str:
    with pytest.raises(FileProblem) as info:
        source = inspect_file(path, **kwargs)
        list(iter_rows(source))
    text = str(info.value)
    assert text and "\n" not in text
    return text


# --- absurd sheet extents (python-calamine would abort or allocate gigabytes) --------------------


def test_cell_at_xfd1048576_is_refused_before_parsing(tmp_path: Path) -> None:
    path = write(tmp_path, "xfd.xlsx", xlsx_bytes(sheet_xml([("A1", "1"), ("XFD1048576", "2")])))
    assert path.stat().st_size < 5_000
    assert problem_of(path).startswith("This sheet claims 16,384 columns; at most 1,000 can be imported")


def test_lone_cell_at_xfd1048576(tmp_path: Path) -> None:
    path = write(tmp_path, "xfd.xlsx", xlsx_bytes(sheet_xml([("XFD1048576", "2")])))
    assert problem_of(path).startswith("This sheet claims 16,384 columns")


def test_cell_at_aaa100000_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "aaa.xlsx", xlsx_bytes(sheet_xml([("A1", "1"), ("AAA100000", "2")])))
    assert problem_of(path).startswith("This sheet claims 100,000 rows by 703 columns, too large")


def test_row_beyond_excel_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "tall.xlsx", xlsx_bytes(sheet_xml([("A1", "1"), ("B2000000", "2")])))
    assert problem_of(path).startswith("This sheet claims 2,000,000 rows")


def test_lying_dimension_alone_is_harmless(tmp_path: Path) -> None:
    path = write(tmp_path, "dim.xlsx", xlsx_bytes(sheet_xml([("A1", "7")], dimension="A1:XFD1048576")))
    assert list(iter_rows(inspect_file(path))) == [["7"]]


def test_styled_empty_cell_far_away_is_ignored(tmp_path: Path) -> None:
    path = write(tmp_path, "styled.xlsx", xlsx_bytes(sheet_xml([("A1", "7"), ("XFD1048576", None)])))
    assert list(iter_rows(inspect_file(path))) == [["7"]]


def test_cells_without_references_are_counted(tmp_path: Path) -> None:
    cells = "".join(f"<c><v>{i}</v></c>" for i in range(1_001))
    xml = f'<worksheet xmlns="{NS}"><sheetData><row>{cells}</row></sheetData></worksheet>'
    assert problem_of(write(tmp_path, "noref.xlsx", xlsx_bytes(xml))).startswith(
        "This sheet claims 1,001 columns"
    )


def test_namespace_prefixed_cells_are_scanned(tmp_path: Path) -> None:
    xml = (
        f'<x:worksheet xmlns:x="{NS}"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c>'
        '<x:c r="XFD1"><x:v>2</x:v></x:c></x:row></x:sheetData></x:worksheet>'
    )
    assert problem_of(write(tmp_path, "prefixed.xlsx", xlsx_bytes(xml))).startswith(
        "This sheet claims 16,384 columns"
    )


def test_reader_crash_becomes_a_file_problem(tmp_path: Path) -> None:
    """Bypass the preflight: the parser aborts the child (Rust panic), and this process lives on."""
    path = write(tmp_path, "xfd.xlsx", xlsx_bytes(sheet_xml([("A1", "1"), ("XFD1048576", "2")])))
    with pytest.raises(FileProblem) as info:
        list(iter_sheet_rows(path, "xlsx", "Sheet1", None))
    assert str(info.value) == msg.CRASHED


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="memory limit uses RLIMIT_AS")
def test_memory_limit_stops_a_runaway_parse(tmp_path: Path) -> None:
    """Bypass the preflight: parsing AAA100000 needs ~2 GB; the child's 1.5 GB limit stops it."""
    path = write(tmp_path, "aaa.xlsx", xlsx_bytes(sheet_xml([("A1", "1"), ("AAA100000", "2")])))
    with pytest.raises(FileProblem) as info:
        list(iter_sheet_rows(path, "xlsx", "Sheet1", None))
    assert str(info.value) in (msg.CRASHED, msg.CHILD_PROBLEMS["memory"])


# --- zip containers --------------------------------------------------------------------------------


def test_zip_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        base = zipfile.ZipFile(io.BytesIO(xlsx_bytes(sheet_xml([("A1", "1")]))))
        for info in base.infolist():
            zf.writestr(info.filename, base.read(info))
        with zf.open("xl/media/zeros.bin", "w", force_zip64=True) as member:
            block = bytes(1 << 20)
            for _ in range(200):
                member.write(block)
    assert path.stat().st_size < 1_000_000
    assert problem_of(path) == msg.ZIP_BOMB


def test_declared_size_over_one_gigabyte(tmp_path: Path) -> None:
    data = bytearray(xlsx_bytes(sheet_xml([("A1", "1")]), xl__media__big_bin=b"x" * 100))
    central = data.rfind(b"PK\x01\x02")  # the last entry's central directory record
    struct.pack_into("<I", data, central + 24, 0xFFFFFFF0)  # claims ~4 GB uncompressed
    assert problem_of(write(tmp_path, "huge.xlsx", bytes(data))) == msg.TOO_LARGE


def test_too_many_parts(tmp_path: Path) -> None:
    extra = {f"xl__media__p{i}_xml": b"" for i in range(10_001)}
    path = write(tmp_path, "parts.xlsx", xlsx_bytes(sheet_xml([("A1", "1")]), **extra))  # type: ignore[arg-type]
    assert problem_of(path) == msg.TOO_MANY_PARTS


def test_billion_laughs_in_shared_strings(tmp_path: Path) -> None:
    sheet = f'<worksheet xmlns="{NS}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>'
    path = write(tmp_path, "lol.xlsx", xlsx_bytes(sheet, xl__sharedStrings_xml=BILLION_LAUGHS))
    assert problem_of(path) == msg.XML_FEATURES
    assert "XML features that are not allowed" in msg.XML_FEATURES


@pytest.mark.parametrize(
    "part",
    [
        BILLION_LAUGHS.encode("utf-16"),  # the same declaration, UTF-16 encoded
        ("<?xml version='1.0'?><!-- " + "x" * 70_000 + ' --><!DOCTYPE sst><sst xmlns="x"/>').encode(),
        b'<?xml version="1.0"?><!ENTITY e "x"><sst/>',
        b'<?xml version="1.0"?>\n<!doctype sst SYSTEM "http://example.org/x.dtd"><sst/>',
    ],
    ids=["utf16", "long-prolog", "entity-only", "external-dtd"],
)
def test_declarations_are_refused_in_every_form(tmp_path: Path, part: bytes) -> None:
    path = write(tmp_path, "decl.xlsx", xlsx_bytes(sheet_xml([("A1", "1")]), xl__sharedStrings_xml=part))
    assert problem_of(path) == msg.XML_FEATURES


def test_declaration_in_workbook_xml(tmp_path: Path) -> None:
    workbook = WORKBOOK.replace("?>", '?><!DOCTYPE workbook [<!ENTITY x "y">]>', 1)
    path = write(tmp_path, "wb.xlsx", xlsx_bytes(sheet_xml([("A1", "1")]), xl__workbook_xml=workbook))
    assert problem_of(path) == msg.XML_FEATURES


def test_declaration_deep_inside_a_sheet(tmp_path: Path) -> None:
    cells = [(f"A{i}", str(i)) for i in range(1, 60_000)]
    sheet = sheet_xml(cells).replace('<row r="50000">', '<!DOCTYPE x><row r="50000">')
    path = write(tmp_path, "deep.xlsx", xlsx_bytes(sheet))
    assert problem_of(path) == msg.XML_FEATURES


def good_xlsx(tmp_path: Path) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for i in range(200):
        ws.append([f"Person {i}", i, "some text to make the file bigger"])
    path = tmp_path / "good.xlsx"
    wb.save(path)
    return path.read_bytes()


def test_truncated_xlsx(tmp_path: Path) -> None:
    data = good_xlsx(tmp_path)
    path = write(tmp_path, "cut.xlsx", data[: len(data) // 2])
    assert problem_of(path) == (
        "This .xlsx file is damaged or incomplete: open it in Excel or LibreOffice and save it again."
    )


def test_missing_workbook_relationships(tmp_path: Path) -> None:
    data = xlsx_bytes(sheet_xml([("A1", "1")]))
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            if info.filename != "xl/_rels/workbook.xml.rels":
                dst.writestr(info.filename, src.read(info))
    assert problem_of(write(tmp_path, "norels.xlsx", buf.getvalue())) == msg.damaged(".xlsx")


def test_duplicate_part_names(tmp_path: Path) -> None:
    data = xlsx_bytes(sheet_xml([("A1", "1")]))
    buf = io.BytesIO(data)
    with pytest.warns(UserWarning), zipfile.ZipFile(buf, "a") as zf:
        zf.writestr("xl/worksheets/sheet1.xml", sheet_xml([("XFD1", "2")]))
    assert problem_of(write(tmp_path, "dup.xlsx", buf.getvalue())) == msg.damaged(".xlsx")


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        ({"xl/workbook.bin": b"\x00"}, msg.XLSB),
        ({"word/document.xml": b"<w/>"}, msg.not_spreadsheet("a word-processing document")),
        ({"photo.jpg": b"\xff\xd8\xff"}, msg.not_spreadsheet("a zip archive")),
    ],
)
def test_other_zip_files(tmp_path: Path, members: dict[str, bytes], expected: str) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    assert problem_of(write(tmp_path, "other.xlsx", buf.getvalue())) == expected


# --- ods -------------------------------------------------------------------------------------------


def ods_bytes(table_body: str, prolog: str = "") -> bytes:
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Sheet1">{table_body}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        zf.writestr("content.xml", content)
        zf.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
    return buf.getvalue()


VALUE_CELL = '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'


def test_ods_repeated_columns_with_a_value(tmp_path: Path) -> None:
    body = f'<table:table-row><table:table-cell table:number-columns-repeated="5000" {VALUE_CELL[18:]}</table:table-row>'
    assert problem_of(write(tmp_path, "wide.ods", ods_bytes(body))).startswith("This sheet claims 5,000 columns")


def test_ods_repeated_rows_with_a_value(tmp_path: Path) -> None:
    body = f'<table:table-row table:number-rows-repeated="3000000">{VALUE_CELL}</table:table-row>'
    assert problem_of(write(tmp_path, "tall.ods", ods_bytes(body))).startswith("This sheet claims 3,000,000 rows")


def test_ods_repeated_empty_cells_are_normal(tmp_path: Path) -> None:
    body = (
        f'<table:table-row>{VALUE_CELL}<table:table-cell table:number-columns-repeated="16383"/></table:table-row>'
        '<table:table-row table:number-rows-repeated="1048575"><table:table-cell '
        'table:number-columns-repeated="16384"/></table:table-row>'
    )
    assert list(iter_rows(inspect_file(write(tmp_path, "lo.ods", ods_bytes(body))))) == [["x"]]


def test_ods_declaration(tmp_path: Path) -> None:
    path = write(tmp_path, "decl.ods", ods_bytes(VALUE_CELL, prolog='<!DOCTYPE x [<!ENTITY a "b">]>'))
    assert problem_of(path) == msg.XML_FEATURES


# --- not spreadsheets at all -------------------------------------------------------------------------


def ole2_bytes(*streams: str) -> bytes:
    """A minimal compound file (the container of .xls and of encrypted .xlsx) holding empty streams."""
    free, end, fat_sector = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIII", header, 0x2C, 1, 1, 0, 4096, end, 0, end)
    struct.pack_into("<I", header, 0x48, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *([free] * 108))
    fat = struct.pack("<128I", fat_sector, end, *([free] * 126))
    entries = [("Root Entry", 5)] + [(name, 2) for name in streams]
    directory = bytearray(512)
    for index, (name, kind) in enumerate(entries):
        raw = (name + "\0").encode("utf-16-le")
        entry = bytearray(128)
        entry[: len(raw)] = raw
        child = 1 if kind == 5 and streams else free
        right = index + 1 if 0 < index < len(entries) - 1 else free
        struct.pack_into("<HBBIII", entry, 0x40, len(raw), kind, 1, free, right, child)
        struct.pack_into("<IQ", entry, 0x74, end, 0)
        directory[index * 128 : (index + 1) * 128] = entry
    return bytes(header) + fat + bytes(directory)


def test_encrypted_xlsx_in_an_ole2_container(tmp_path: Path) -> None:
    data = ole2_bytes("EncryptionInfo", "EncryptedPackage", "\x06DataSpaces")
    assert problem_of(write(tmp_path, "locked.xlsx", data)) == msg.PASSWORD
    assert problem_of(write(tmp_path, "locked.csv", data)) == msg.PASSWORD


def test_word_document_in_an_ole2_container(tmp_path: Path) -> None:
    data = ole2_bytes("WordDocument", "1Table")
    assert problem_of(write(tmp_path, "letter.xls", data)) == msg.not_spreadsheet("a Word document")


def test_broken_ole2_container(tmp_path: Path) -> None:
    data = ole2_bytes("Workbook")[:700]
    assert problem_of(write(tmp_path, "broken.xls", data)) == msg.damaged(".xls")


def test_random_bytes_named_xlsx(tmp_path: Path) -> None:
    data = random.Random(7).randbytes(4096)
    assert problem_of(write(tmp_path, "noise.xlsx", data)) == msg.BINARY


def test_pdf_named_csv(tmp_path: Path) -> None:
    data = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
    assert problem_of(write(tmp_path, "members.csv", data)) == "This file is not a spreadsheet (it looks like a PDF)."


def test_png_named_xls(tmp_path: Path) -> None:
    data = b"\x89PNG\r\n\x1a\n" + bytes(100)
    assert problem_of(write(tmp_path, "members.xls", data)) == msg.not_spreadsheet("an image")


def test_spreadsheetml_2003(tmp_path: Path) -> None:
    data = b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>'
    assert problem_of(write(tmp_path, "old.xls", data)) == msg.XML_2003


def test_folder_instead_of_file(tmp_path: Path) -> None:
    assert "could not be opened" in problem_of(tmp_path)


# --- fuzzing -----------------------------------------------------------------------------------------


def _try_read(data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            read_preview(path, limit=20)
        except FileProblem as exc:
            assert str(exc) and "\n" not in str(exc)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=4096), name=st.sampled_from(["f.csv", "f.xlsx", "f.ods", "f.xls", "f.txt"]))
def test_random_bytes_only_ever_raise_file_problem(data: bytes, name: str) -> None:
    _try_read(data, name)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=2000), encoding=st.sampled_from(["utf-8", "utf-16", "cp1252", "utf-16-le"]))
def test_random_text_only_ever_raises_file_problem(text: str, encoding: str) -> None:
    _try_read(text.encode(encoding, "replace"), "f.csv")


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEEDS = ["signin_libreoffice.xlsx", "signin_libreoffice.ods", "signin_libreoffice.xls", "multisheet_libreoffice.xlsx"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.sampled_from(SEEDS),
    flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), min_size=1, max_size=8),
    cut=st.one_of(st.none(), st.integers(min_value=0)),
    name=st.sampled_from(["m.xlsx", "m.ods", "m.xls", "m.csv"]),
)
def test_mutated_workbooks_only_ever_raise_file_problem(
    seed: str, flips: list[tuple[int, int]], cut: int | None, name: str
) -> None:
    """Corrupt real workbooks: whatever reaches the parser, the child absorbs any crash."""
    data = bytearray((FIXTURES / seed).read_bytes())
    for position, value in flips:
        data[position % len(data)] = value
    if cut is not None:
        data = data[: cut % len(data)]
    _try_read(bytes(data), name)
