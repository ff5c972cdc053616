"""Text that cannot attack: controls removed on the way in, invisible text is no text, exports round-trip."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from organizer.cli.output import json_text, shown
from organizer.domain.safe_text import (
    control_names,
    csv_cell,
    for_terminal,
    is_blank,
    strip_invisible,
    unescape_cell,
    without_controls,
    xlsx_cell,
)
from organizer.domain.text import fold, name_key
from organizer.files.reading.api import read_workbook
from organizer.files.reading.errors import FileProblem
from organizer.files.writing import write_table
from organizer.services.importing.cell_values import without_control_cells
from organizer.services.importing.cleaning import Column, RowCleaner
from organizer.services.importing.layout import unique_headers

CONTROLS = [chr(c) for c in (*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0))]


@pytest.mark.parametrize(("raw", "clean"), [
    ("Ana\x00 Silva", "Ana Silva"),
    ("\x1b[31mRed\x1b[0m", "[31mRed[0m"),
    ("bell\x07", "bell"),
    ("line\x0bbreak", "line\nbreak"),  # FileMaker writes a vertical tab for a line break in a field
    ("page\x0cbreak", "page\nbreak"),
    ("crlf\r\nline", "crlf\nline"),
    ("del\x7f c1\x9b", "del c1"),
    ("tab\tand\nnewline stay", "tab\tand\nnewline stay"),
    ("Zoë 𝕊 \u200b", "Zoë 𝕊 \u200b"),
])
def test_controls_are_removed_or_become_line_breaks(raw: str, clean: str) -> None:
    assert without_controls(raw) == clean


@pytest.mark.parametrize("control", CONTROLS)
def test_no_control_character_survives(control: str) -> None:
    cleaned = without_controls(f"a{control}b")
    assert not any(c in cleaned for c in CONTROLS)
    assert control_names(f"a{control}b") == ("" if control == "\r" else f"U+{ord(control):04X}")


@pytest.mark.parametrize("value", ["", " ", "\u200b", "\u200b \ufeff\u00ad\u2060\u200c\u200d", "\u3000\u200b"])
def test_zero_width_only_is_blank(value: str) -> None:
    assert is_blank(value) and strip_invisible(value) == ""
    assert name_key(value, value) == ""


def test_zero_width_characters_never_defeat_matching_or_search() -> None:
    assert fold("Jo\u200bhn Sm\u00adith\ufeff") == "john smith"
    assert name_key("Jo\u200dhn", "Sm\u2060ith") == name_key("John", "Smith")
    assert strip_invisible("\ufeff Ana \u200b") == "Ana"
    assert strip_invisible("Ana\u200dBel") == "Ana\u200dBel"  # inside a value they stay (scripts need joiners)


def test_a_row_of_control_characters_is_cleaned_and_each_is_warned_about() -> None:
    cells, issues = without_control_cells(7, ["Ana\x1b[2J", "ok", "x\x07", "extra\x00"], ["Name", "Email", "Notes"])
    assert cells == ["Ana[2J", "ok", "x", "extra"]
    assert [(i.row, i.column, i.value) for i in issues] == [
        (7, "Name", "Ana\x1b[2J"), (7, "Notes", "x\x07"), (7, "Column D", "extra\x00")]
    assert "U+001B" in issues[0].reason
    same = ["plain", "text"]
    assert without_control_cells(1, same, ["A", "B"]) == (same, [])


@pytest.mark.parametrize("value", ["\x1b[31mred", "a\x07b", "\u202eevil", "x\u2066y", "a\tb\nc", "\x9b2J", "\udcff"])
def test_terminal_output_escapes_what_a_terminal_would_act_on(value: str) -> None:
    printed = for_terminal(value)
    assert printed.isprintable() and "\\" in printed
    assert shown(value) == printed
    assert for_terminal("Zoë O'Brien 🙂") == "Zoë O'Brien 🙂"


@pytest.mark.parametrize("value", ["\x1b[31mred", "\u202eevil", "\x9b2J", "\x7f", "a\u2028b"])
def test_json_output_stays_json_and_carries_nothing_a_terminal_acts_on(value: str) -> None:
    import json

    text = json_text({"name": value, value: [value]})
    assert text.isprintable()
    assert json.loads(text) == {"name": value, value: [value]}


@pytest.mark.parametrize(("value", "in_csv", "in_xlsx"), [
    ("'", "'", "'"),
    ("'quoted'", "'quoted'", "'quoted'"),
    ("'Bama", "'Bama", "'Bama"),
    ("'90s club", "'90s club", "'90s club"),
    ("''twice", "'''twice", "'''twice"),
    ("'=1+1", "''=1+1", "''=1+1"),
    ("=1+1", "'=1+1", "=1+1"),
    ("-5", "'-5", "-5"),
    ("plain", "plain", "plain"),
])
def test_an_apostrophe_is_added_only_where_the_import_takes_one_off(value: str, in_csv: str, in_xlsx: str) -> None:
    assert csv_cell(value) == in_csv and xlsx_cell(value) == in_xlsx
    assert unescape_cell(in_csv) == value and unescape_cell(in_xlsx) == value


# Values as the app stores them: no control characters, nothing invisible at either end.
STORED = st.text(st.characters(blacklist_categories=("Cs", "Cn", "Cc")), min_size=1, max_size=30).filter(
    lambda v: strip_invisible(v) == v)
HEADER = STORED.filter(lambda v: " ".join(v.split()) == v and not v.casefold().startswith("custom:"))


def _read_back(path: Path) -> tuple[str, str]:
    """The header and the value of a one-column file, as the import takes them."""
    [sheet] = read_workbook(path, delimiter="," if path.suffix == ".csv" else None)
    header_cells, value_cells = sheet.rows[0], sheet.rows[1]
    [header] = unique_headers(header_cells)
    candidate, warnings = RowCleaner([Column(0, header, "custom")], "US").clean(2, value_cells)
    assert not warnings
    return header, candidate.custom[header]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=HEADER, value=STORED)
def test_any_text_round_trips_through_csv(tmp_path_factory: pytest.TempPathFactory, header: str, value: str) -> None:
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    write_table(path, [header], [[value]])
    assert _read_back(path) == (header, value)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=HEADER, value=STORED)
def test_any_text_round_trips_through_xlsx(tmp_path_factory: pytest.TempPathFactory, header: str, value: str) -> None:
    path = tmp_path_factory.mktemp("xlsx") / "t.xlsx"
    write_table(path, [header], [[value]])
    assert _read_back(path) == (header, value)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("value", ["'", "''", "'apostrophe first", "'=not a formula", "'+1", "=SUM(A1)", "@x",
                                   "'Bama", "'90s club", "'''"])
def test_values_beginning_with_an_apostrophe_come_back_unchanged(tmp_path: Path, suffix: str, value: str) -> None:
    path = tmp_path / f"t{suffix}"
    write_table(path, [value], [[value]])
    assert _read_back(path) == (value, value)


def test_exports_never_carry_control_characters(tmp_path: Path) -> None:
    value = "Ana\x00\x1b[2J\x07\x0b\x7f\x9b"
    write_table(tmp_path / "t.csv", [value], [[value]])
    with (tmp_path / "t.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows == [["Ana[2J\n"], ["Ana[2J\n"]]
    write_table(tmp_path / "t.xlsx", [value], [[value]])
    [sheet] = read_workbook(tmp_path / "t.xlsx")
    assert sheet.rows == [["Ana[2J\n"], ["Ana[2J\n"]]


@pytest.mark.parametrize(("text", "refused"), [
    ('{"people": [{"name": "Ana Silva"}]}\n', True),
    ('[\n  {\n    "name": "Ana Silva"\n  }\n]\n', True),
    ("{\n{\n", False),  # a one-column sheet whose header and value are braces
    ("{\n}\n", False),
    ("[\nSilva\n", False),
])
def test_only_a_file_that_is_json_is_refused_as_json(tmp_path: Path, text: str, refused: bool) -> None:
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    if refused:
        with pytest.raises(FileProblem, match="JSON"):
            read_workbook(path, delimiter=",")
    else:
        [sheet] = read_workbook(path, delimiter=",")
        assert sheet.rows[0] == [text.split("\n")[0]]
