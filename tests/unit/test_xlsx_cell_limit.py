"""A text longer than a spreadsheet cell holds: every .xlsx export refuses it in one line and writes nothing."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from organizer.cli.main import main
from organizer.files import fastxlsx
from organizer.files.fastxlsx import LONGEST, CellTooLong, PrintSheet, Styled
from organizer.files.output import TempFile
from organizer.files.scratch import scratch_dir
from organizer.files.writing import SheetSpec, write_table, write_workbook
from organizer.services.container import open_chapter
from organizer.services.person_input import PersonInput

LONG = "A" * 40_000 + "END"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def leftovers(folder: Path, *keep: str) -> list[str]:
    """Files in ``folder`` and in the scratch folder other than ``keep``: temporary files left behind."""
    here = [p.name for p in folder.iterdir() if p.name not in keep]
    return here + [p.name for p in scratch_dir().iterdir()]


def test_a_value_longer_than_a_cell_is_refused_saying_where(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    with pytest.raises(CellTooLong) as info:
        write_table(path, ["Name", "Notes"], [["Ana", "short"], ["Bo", LONG]], sheet="People")
    message = str(info.value)
    assert "“Notes” (column B)" in message and "row 3 " in message and "“People”" in message
    assert "40,003 characters" in message and ".csv" in message and "\n" not in message
    assert not path.exists() and leftovers(tmp_path) == []


def test_the_file_it_would_replace_is_kept_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write_table(path, ["Notes"], [["old"]])
    before = path.read_bytes()
    with pytest.raises(CellTooLong):
        write_table(path, ["Notes"], [["x"]] * 1_000 + [[LONG]], force=True)
    assert path.read_bytes() == before and leftovers(tmp_path, "out.xlsx") == []


def test_a_value_of_exactly_the_longest_length_is_written_whole(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    value = "é" * (LONGEST - 3) + "END"
    write_table(path, ["Notes"], [[value]])
    ws = openpyxl.load_workbook(path).active
    assert ws is not None and ws["A2"].value == value


def test_a_long_header_or_a_long_cell_of_a_print_sheet_is_refused_too(tmp_path: Path) -> None:
    with pytest.raises(CellTooLong, match=r"column B cell in row 1 of the sheet “Second”") as info:
        write_workbook(tmp_path / "a.xlsx", [SheetSpec("First", ["A"], [["x"]]), SheetSpec("Second", ["A", LONG], [])])
    assert ".csv" not in str(info.value)  # a workbook of several sheets has no .csv to suggest
    temp = TempFile.create(tmp_path / "b.xlsx")
    try:
        with pytest.raises(CellTooLong, match=r"column C cell in row 2 of the sheet “Turf 1”"):
            fastxlsx.write_xlsx(temp.file, [PrintSheet("Turf 1", [["Head"], ["1", "Ana", Styled(LONG, 0)]])])
    finally:
        temp.discard()
    assert leftovers(tmp_path) == []


def test_the_csv_of_the_same_people_keeps_the_whole_value(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    write_table(path, ["Notes"], [[LONG]])
    assert path.read_text(encoding="utf-8-sig").splitlines()[1] == LONG


@pytest.fixture
def chapter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    db = tmp_path / "c.db"
    assert run(capsys, "--db", str(db), "init", "--chapter", "Riverside")[0] == 0
    services = open_chapter(db)
    try:
        services.people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["ana.silva.de.la.cruz@example.org"],
                                        notes=LONG))
        services.people.add(PersonInput(given_name="Bo", family_name="Chen", emails=["bo@example.org"]))
    finally:
        services.close()
    return str(db)


def test_people_export_to_xlsx_is_exit_2_one_line_and_no_file(chapter: str, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    code, stdout, err = run(capsys, "--db", chapter, "people", "export", str(out / "p.xlsx"))
    assert code == 2 and stdout == "" and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("error: The “Notes” (column ") and "“People”" in err and ".csv" in err
    assert leftovers(out) == []
    assert run(capsys, "--db", chapter, "people", "export", str(out / "p.csv"))[0] == 0
    assert LONG in (out / "p.csv").read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("preset", ["nationbuilder", "actionnetwork"])
def test_a_preset_export_to_xlsx_is_refused_too(chapter: str, tmp_path: Path, preset: str,
                                                capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastxlsx, "LONGEST", 25)  # longer than any header, shorter than the email
    out = tmp_path / "out"
    out.mkdir()
    code, _stdout, err = run(capsys, "--db", chapter, "export", "people", str(out / "p.xlsx"), "--format", preset)
    assert code == 2 and err.count("\n") == 1 and "“email” (column C)" in err and "row 2 " in err
    assert leftovers(out) == []


def test_a_share_workbook_is_refused_with_a_share_advice(chapter: str, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    code, _stdout, err = run(capsys, "--db", chapter, "export", "share", str(out / "s.xlsx"))
    assert code == 2 and err.count("\n") == 1 and "“notes” (column " in err and ".csv" not in err
    assert "shorten that value" in err
    assert leftovers(out) == []
